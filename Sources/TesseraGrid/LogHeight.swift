/// The logarithmic height integer of GB/T 39409-2020: ellipsoidal height as a count of cells that grow with
/// altitude (about 1.5 cm near the ground).
///
/// Above ground, `magnitude = floor(θ0/θ * ln((H + r0) / r0) / ln(1 + θ0))` with `θ0 = π/180`,
/// `θ0/θ = 7,372,800` and `r0 = 6,378,137 m`. Below ground (`H < 0`), ``isBelowGround`` is set and the
/// magnitude uses `ln(r0 / (r0 - |H|))`. Heights are *ellipsoidal*: convert heights above a national datum
/// (such as the 1985 national height datum) before encoding.
///
/// The logarithms are computed without the C library, so the integer is the same on every platform.
public struct LogHeight: Hashable, Sendable, CustomStringConvertible {
    /// Whether the height is below the ellipsoid (the code's sign digit is 1).
    public let isBelowGround: Bool
    /// The height integer, counted away from the ellipsoid in either direction.
    public let magnitude: UInt32

    /// The reference radius `r0` in metres.
    public static let earthRadiusMeters = 6_378_137.0
    /// The largest magnitude any code here can hold (GeoSOT's 8-bit degree field, 256° - 1 unit).
    public static let maxMagnitude: UInt32 = 1_887_436_799

    /// ln(1 + π/180).
    static let logBase = 0.017302733123681066

    /// Computes the height integer of an ellipsoidal height in metres.
    ///
    /// Throws for a height that is not finite or whose magnitude exceeds ``maxMagnitude`` (about 529,000 km
    /// above or 6,302 km below the ellipsoid).
    public init(heightMeters: Double) throws(GridError) {
        let radius = LogHeight.earthRadiusMeters
        guard heightMeters.isFinite, heightMeters > -radius else {
            throw GridError(.invalidHeight, "height \(heightMeters) m is not a finite height above -\(radius) m")
        }
        let below = heightMeters < 0
        let ratio = below ? radius / (radius + heightMeters) : (heightMeters + radius) / radius
        let scaled = 7_372_800 * GridMath.log(ratio) / LogHeight.logBase
        guard scaled < Double(LogHeight.maxMagnitude) + 1 else {
            throw GridError(
                .invalidHeight, "height \(heightMeters) m is beyond the range of the logarithmic height integer")
        }
        self.init(unchecked: below, UInt32(scaled))
    }

    /// Creates a height integer from its parts; nil when the magnitude exceeds ``maxMagnitude``.
    public init?(isBelowGround: Bool, magnitude: UInt32) {
        guard magnitude <= LogHeight.maxMagnitude else { return nil }
        self.init(unchecked: isBelowGround, magnitude)
    }

    init(unchecked isBelowGround: Bool, _ magnitude: UInt32) {
        self.isBelowGround = isBelowGround
        self.magnitude = magnitude
    }

    /// The heights in metres that map to this integer.
    public var rangeMeters: ClosedRange<Double> {
        LogHeight.rangeMeters(isBelowGround: isBelowGround, magnitude: Int64(magnitude), count: 1)
    }

    /// The signed position along the height axis: the magnitude above ground, `-(magnitude + 1)` below.
    var ordinal: Int64 {
        isBelowGround ? -(Int64(magnitude) + 1) : Int64(magnitude)
    }

    /// The heights covered by `count` consecutive integers starting at `magnitude` on one side of the ellipsoid.
    static func rangeMeters(isBelowGround: Bool, magnitude: Int64, count: Int64) -> ClosedRange<Double> {
        let radius = earthRadiusMeters
        let near = Double(magnitude) * logBase / 7_372_800
        let far = Double(magnitude + count) * logBase / 7_372_800
        if isBelowGround {
            return (radius * GridMath.expm1(-far))...(radius * GridMath.expm1(-near))
        }
        return (radius * GridMath.expm1(near))...(radius * GridMath.expm1(far))
    }

    public var description: String { isBelowGround ? "\(magnitude) below ground" : "\(magnitude)" }
}
