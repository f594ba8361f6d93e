/// A cell of the 3D BeiDou grid code (the height domain of GB/T 39409-2020), levels 1-10.
///
/// The code interleaves the hemisphere letter, the height sign digit (1 below ground) and then, per level, the
/// 2D characters followed by that level's height characters: `N050J0047050340` is level 4 at height 0.
/// Height characters re-express the ``LogHeight`` integer as an angle (degrees, minutes 0-59, seconds 0-59,
/// 1/2048" fraction): level 1 writes degrees / 4 as two decimal digits, level 2 one octal digit, level 3 one
/// bit, level 4 the minutes (0-E), level 5 seconds / 4 (0-E), level 6 one bit, levels 7-10 one octal digit each.
///
/// Above about 27 km the standard's reading of the level-4 character is unverified (minutes 15 and up would need
/// the character F), so heights are accepted only while the minutes stay below 15: a height integer below
/// ``maxHeightMagnitude``, -27,530 m to +27,649 m.
public struct BeiDouCell3D: Hashable, Sendable, CustomStringConvertible {
    /// The horizontal cell.
    public let footprint: BeiDouCell
    /// Whether the cell lies below the ellipsoid (sign digit 1).
    public let isBelowGround: Bool
    /// The lowest height integer magnitude of the cell.
    @usableFromInline let heightCorner: UInt32

    /// One past the largest height integer magnitude 3D codes accept (15 minutes of the re-expressed angle).
    public static let maxHeightMagnitude: UInt32 = 1_843_200

    @inlinable
    init(footprint: BeiDouCell, isBelowGround: Bool, heightCorner: UInt32) {
        self.footprint = footprint
        self.isBelowGround = isBelowGround
        self.heightCorner = heightCorner
    }

    /// Encodes a point at an ellipsoidal height: the cell at `level` (1...10) that contains it.
    ///
    /// Throws for the reasons ``BeiDouCell/init(containing:level:)`` does, and for a height outside the range
    /// of 3D codes (-27,530 m to +27,649 m).
    @inlinable
    public init(containing point: GeoPoint, heightMeters: Double, level: Int) throws(GridError) {
        let footprint = try BeiDouCell(containing: point, level: level)
        let height = try LogHeight(heightMeters: heightMeters)
        guard height.magnitude < BeiDouCell3D.maxHeightMagnitude else {
            throw BeiDouCell3D.heightError(heightMeters)
        }
        let span = BeiDouCell3D.heightSpan(level)
        self.init(
            footprint: footprint, isBelowGround: height.isBelowGround,
            heightCorner: height.magnitude / span * span)
    }

    /// The height integers one cell spans at `level`: 4°, 32' and 16' of the re-expressed angle at levels 1-3,
    /// then the 2D widths (1', 4", 2", 1/4", ...).
    @inlinable
    static func heightSpan(_ level: Int) -> UInt32 {
        switch level {
        case 1: 29_491_200
        case 2: 3_932_160
        case 3: 1_966_080
        default: UInt32(BeiDouLayout.width(level))
        }
    }

    @usableFromInline
    static func heightError(_ heightMeters: Double) -> GridError {
        GridError(
            .invalidHeight,
            "height \(heightMeters) m is outside the range of BeiDou 3D codes (-27,530 m to +27,649 m)")
    }

    /// The level, 1...10.
    @inlinable
    public var level: Int { footprint.level }

    /// The lowest height integer in the cell.
    public var lowestHeight: LogHeight {
        LogHeight(unchecked: isBelowGround, heightCorner)
    }

    /// The ellipsoidal heights in metres the cell spans.
    public var heightRangeMeters: ClosedRange<Double> {
        LogHeight.rangeMeters(
            isBelowGround: isBelowGround, magnitude: Int64(heightCorner),
            count: Int64(BeiDouCell3D.heightSpan(level)))
    }

    /// Whether the point at the given height lies in the cell, edges included.
    public func contains(_ point: GeoPoint, heightMeters: Double) -> Bool {
        footprint.contains(point) && heightRangeMeters.contains(heightMeters)
    }

    /// The cell one level up, or nil at level 1.
    public var parent: BeiDouCell3D? {
        guard let parent = footprint.parent else { return nil }
        let span = BeiDouCell3D.heightSpan(parent.level)
        return BeiDouCell3D(footprint: parent, isBelowGround: isBelowGround, heightCorner: heightCorner / span * span)
    }

    /// The code string, such as `N050J0047050340D9011345100403410` at level 10.
    public var code: String {
        String(unsafeUninitializedCapacity: 32) { buffer in writeCode(into: buffer) }
    }

    public var description: String { code }

    /// Writes the code's ASCII bytes (at most 32) and returns how many were written.
    func writeCode(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let magnitude = Int64(heightCorner)
        let degrees = magnitude / GridUnit.perDegree
        let minutes = magnitude / GridUnit.perMinute % 60
        let seconds = magnitude / GridUnit.perSecond % 60
        let fraction = (seconds & 1) << 11 | magnitude % GridUnit.perSecond
        let sign = isBelowGround ? UInt8(ascii: "1") : UInt8(ascii: "0")
        return footprint.writeCode(into: buffer, signDigit: sign) { level, count in
            func put(_ digit: Int64) {
                buffer[count] = BeiDouCell.digitCharacter(Int(digit))
                count += 1
            }
            switch level {
            case 1:
                put(degrees >> 2 / 10)
                put(degrees >> 2 % 10)
            case 2: put((degrees & 3) << 1 | minutes >> 5)
            case 3: put(minutes >> 4 & 1)
            case 4: put(minutes & 15)
            case 5: put(seconds >> 2)
            case 6: put(seconds >> 1 & 1)
            default: put(fraction >> Int64(3 * (10 - level)) & 7)
            }
        }
    }
}
