/// A 96-bit 3D GeoSOT key: the top 64 bits in ``high``, the low 32 in ``low``; ordered as one number.
///
/// Write it as 12 big-endian bytes (`high`, then `low`) to keep byte order equal to key order.
public struct GeoSOTKey3D: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bits 95...32.
    public let high: UInt64
    /// Bits 31...0.
    public let low: UInt32

    /// The smallest key.
    public static let min = GeoSOTKey3D(high: 0, low: 0)
    /// The largest key.
    public static let max = GeoSOTKey3D(high: .max, low: .max)

    /// Creates a key from its two parts.
    @inlinable
    public init(high: UInt64, low: UInt32) {
        self.high = high
        self.low = low
    }

    /// Creates a key from the low 96 bits of `value`.
    @inlinable
    init(_ value: UInt128) {
        self.init(high: UInt64(truncatingIfNeeded: value >> 32), low: UInt32(truncatingIfNeeded: value))
    }

    /// The key as the low 96 bits of a UInt128.
    @inlinable
    var value: UInt128 { UInt128(high) << 32 | UInt128(low) }

    @inlinable
    public static func < (lhs: GeoSOTKey3D, rhs: GeoSOTKey3D) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    public var description: String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 24 - digits.count) + digits
    }
}

/// A 3D GeoSOT cell: latitude, longitude and height axes interleaved into a 96-bit key, level 0...32.
///
/// The height axis is the ``LogHeight`` integer in the same 32-bit layout as an angle (sign below ground).
/// Each octal digit is `4 * latitude bit + 2 * longitude bit + height bit` (the GGER order of GEOVIS iBEST).
/// As in 2D, a cell's descendants occupy the contiguous ``keyRange`` and cells order by key, then level.
public struct GeoSOTCell3D: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The key of the cell's first level-32 descendant: the cell's `3 * level` bits, then zeros.
    public let key: GeoSOTKey3D
    @usableFromInline let storedLevel: UInt8

    @inlinable
    init(uncheckedKey key: UInt128, level: Int) {
        self.key = GeoSOTKey3D(key)
        self.storedLevel = UInt8(truncatingIfNeeded: level)
    }

    /// Creates the cell at `level` (0...32) that contains the level-32 key `key`.
    @inlinable
    public init(key: GeoSOTKey3D, level: Int) {
        precondition(level >= 0 && level <= 32, "GeoSOT levels are 0...32")
        self.init(uncheckedKey: key.value & GeoSOTCell3D.mask(level), level: level)
    }

    /// Encodes a point at an ellipsoidal height: the cell at `level` (0...32) that contains it.
    @inlinable
    public init(containing point: GeoPoint, heightMeters: Double, level: Int = 32) throws(GridError) {
        guard level >= 0, level <= 32 else {
            throw GridError(.invalidLevel, "level \(level) does not exist in GeoSOT codes: accepted 0-32")
        }
        let key = try GeoSOTCell3D.key(for: point, heightMeters: heightMeters)
        self.init(uncheckedKey: key.value & GeoSOTCell3D.mask(level), level: level)
    }

    /// The level-32 key of a point at an ellipsoidal height: its sort key in a 3D index.
    @inlinable
    public static func key(for point: GeoPoint, heightMeters: Double) throws(GridError) -> GeoSOTKey3D {
        let flat = try GeoSOTCell.key(for: point)
        let height = try LogHeight(heightMeters: heightMeters)
        return GeoSOTKey3D(
            Morton.interleave(
                latitude: Morton.compact2(flat >> 1), longitude: Morton.compact2(flat), height: axis(height)))
    }

    /// The 32-bit height axis of a height integer.
    @inlinable
    static func axis(_ height: LogHeight) -> UInt32 {
        GeoSOTAxis.pack(negative: height.isBelowGround, magnitude: Int64(height.magnitude))
    }

    /// The key bits a level keeps (of 96).
    @inlinable
    static func mask(_ level: Int) -> UInt128 {
        let all: UInt128 = (1 << 96) - 1
        return level == 0 ? 0 : all & (all << UInt128(96 - 3 * level))
    }

    /// The level, 0...32.
    @inlinable
    public var level: Int { Int(storedLevel) }

    /// The level-32 keys of the cell and all its descendants.
    public var keyRange: ClosedRange<GeoSOTKey3D> {
        key...GeoSOTKey3D(key.value | ((1 << 96) - 1) & ~GeoSOTCell3D.mask(level))
    }

    /// Whether `other` is this cell or one of its descendants.
    public func contains(_ other: GeoSOTCell3D) -> Bool {
        other.level >= level && other.key.value & GeoSOTCell3D.mask(level) == key.value
    }

    /// The cell one level up, or nil at level 0.
    public var parent: GeoSOTCell3D? {
        level > 0 ? ancestor(atLevel: level - 1) : nil
    }

    /// The cell at `level` (0...self.level) that contains this one.
    public func ancestor(atLevel level: Int) -> GeoSOTCell3D {
        precondition(level >= 0 && level <= self.level, "an ancestor's level must be 0...\(self.level)")
        return GeoSOTCell3D(uncheckedKey: key.value & GeoSOTCell3D.mask(level), level: level)
    }

    /// The eight cells one level down in key order (octal digit 0-7); empty at level 32.
    public var children: [GeoSOTCell3D] {
        guard level < 32 else { return [] }
        let shift = UInt128(93 - 3 * level)
        return (0..<8).map { GeoSOTCell3D(uncheckedKey: key.value | UInt128($0) << shift, level: level + 1) }
    }

    /// The 2D cell at the same level (the latitude and longitude axes).
    public var footprint: GeoSOTCell {
        let axes = Morton.deinterleave3(key.value)
        let flat = Morton.interleave(latitude: axes.latitude, longitude: axes.longitude)
        return GeoSOTCell(key: flat, level: level)
    }

    /// The ellipsoidal heights in metres the cell spans, or nil for a virtual cell.
    public var heightRangeMeters: ClosedRange<Double>? {
        guard level > 0 else {
            let count = Int64(LogHeight.maxMagnitude) + 1
            let deepest = LogHeight.rangeMeters(isBelowGround: true, magnitude: 0, count: count).lowerBound
            let highest = LogHeight.rangeMeters(isBelowGround: false, magnitude: 0, count: count).upperBound
            return deepest...highest
        }
        let height = Morton.deinterleave3(key.value).height
        guard let range = GeoSOTAxis.ordinals(prefix: height, level: level, limit: Int64(LogHeight.maxMagnitude))
        else { return nil }
        let below = range.lowerBound < 0
        let magnitude = below ? -range.upperBound - 1 : range.lowerBound
        return LogHeight.rangeMeters(
            isBelowGround: below, magnitude: magnitude, count: range.upperBound - range.lowerBound + 1)
    }

    /// The code string: `GZ` and one octal digit per level.
    public var code: String {
        let value = key.value
        return GeoSOTCode.format(prefix: "GZ", digits: level, grouped: false) {
            Int(truncatingIfNeeded: value >> UInt128(93 - 3 * $0) & 7)
        }
    }

    /// Parses a code such as `GZ00262064446046062063523002211204`, or throws an error naming the first wrong
    /// character.
    public init(code: String) throws(GridError) {
        var reader = CodeReader(code, family: "GeoSOT 3D code")
        var key: UInt128 = 0
        let level = try GeoSOTCode.readDigits(&reader, prefix: "GZ", maximum: 7, grouped: false) { index, digit in
            key |= UInt128(digit) << UInt128(93 - 3 * index)
        }
        self.init(uncheckedKey: key, level: level)
    }

    public static func < (lhs: GeoSOTCell3D, rhs: GeoSOTCell3D) -> Bool {
        lhs.key != rhs.key ? lhs.key < rhs.key : lhs.storedLevel < rhs.storedLevel
    }

    public var description: String { code }
}
