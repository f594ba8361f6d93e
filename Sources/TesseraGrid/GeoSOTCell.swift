/// A 2D GeoSOT cell (GB/T 40087-2021) as a sortable integer: a Morton key and a level 0...32.
///
/// Each axis is a 32-bit integer (see ``GeoSOTCell/longitudeIndex``); level `k` keeps the top `k` bits of
/// each. The key interleaves them, latitude bit first, most significant first, and pads with zeros, so a
/// level-32 key is a point's sort key and every cell's descendants occupy the contiguous ``keyRange``.
/// Cells order by key, then level: a cell sorts just before its descendants.
public struct GeoSOTCell: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The key of the cell's first level-32 descendant: the cell's `2 * level` Morton bits, then zeros.
    public let key: UInt64
    @usableFromInline let storedLevel: UInt8

    /// The levels of GeoSOT cells.
    public static let levels: ClosedRange<Int> = 0...32

    @inlinable
    init(uncheckedKey key: UInt64, level: Int) {
        self.key = key
        self.storedLevel = UInt8(truncatingIfNeeded: level)
    }

    /// Creates the cell at `level` (0...32) that contains the level-32 key `key` (bits below the level are
    /// ignored).
    @inlinable
    public init(key: UInt64, level: Int) {
        precondition(level >= 0 && level <= 32, "GeoSOT levels are 0...32")
        self.init(uncheckedKey: key & GeoSOTCell.mask(level), level: level)
    }

    /// Encodes a point: the cell at `level` (0...32) that contains it.
    ///
    /// Throws for a level outside 0...32 or a coordinate out of range. Coordinates are floored to 1/2048" in
    /// magnitude; a point on a shared edge goes to the cell farther from 0° along each axis.
    @inlinable
    public init(containing point: GeoPoint, level: Int = 32) throws(GridError) {
        guard level >= 0, level <= 32 else {
            throw GridError(.invalidLevel, "level \(level) does not exist in GeoSOT codes: accepted 0-32")
        }
        self.init(uncheckedKey: try GeoSOTCell.key(for: point) & GeoSOTCell.mask(level), level: level)
    }

    /// The level-32 key of a point: its sort key in a spatial index.
    @inlinable
    public static func key(for point: GeoPoint) throws(GridError) -> UInt64 {
        guard point.longitude >= -180, point.longitude <= 180, point.latitude >= -90, point.latitude <= 90 else {
            throw GridCheck.geoSOTPointError(point)
        }
        return Morton.interleave(latitude: axis(point.latitude), longitude: axis(point.longitude))
    }

    /// The 32-bit axis value of a coordinate in degrees.
    @inlinable
    static func axis(_ degrees: Double) -> UInt32 {
        GeoSOTAxis.pack(negative: degrees < 0, magnitude: GridUnit.magnitude(degrees))
    }

    /// The key bits a level keeps.
    @inlinable
    static func mask(_ level: Int) -> UInt64 {
        level == 0 ? 0 : UInt64.max << UInt64(64 - 2 * level)
    }

    /// The level, 0...32.
    @inlinable
    public var level: Int { Int(storedLevel) }

    /// The level-32 keys of the cell and all its descendants.
    @inlinable
    public var keyRange: ClosedRange<UInt64> {
        key...(key | ~GeoSOTCell.mask(level))
    }

    /// Whether a level-32 key lies in the cell.
    @inlinable
    public func contains(key other: UInt64) -> Bool {
        other & GeoSOTCell.mask(level) == key
    }

    /// Whether `other` is this cell or one of its descendants.
    @inlinable
    public func contains(_ other: GeoSOTCell) -> Bool {
        other.level >= level && contains(key: other.key)
    }

    /// The longitude axis, top `level` bits right-aligned: sign (west) | 8-bit degrees | 6-bit minutes |
    /// 6-bit seconds | 11-bit fraction of 1/2048", truncated. At level 15 this is the "column" of 1' cells.
    public var longitudeIndex: UInt32 {
        level == 0 ? 0 : Morton.compact2(key) >> UInt32(32 - level)
    }

    /// The latitude axis, top `level` bits right-aligned (sign is south); at level 15 the "row" of 1' cells.
    public var latitudeIndex: UInt32 {
        level == 0 ? 0 : Morton.compact2(key >> 1) >> UInt32(32 - level)
    }

    /// The cell one level up, or nil at level 0.
    public var parent: GeoSOTCell? {
        level > 0 ? GeoSOTCell(uncheckedKey: key & GeoSOTCell.mask(level - 1), level: level - 1) : nil
    }

    /// The cell at `level` (0...self.level) that contains this one.
    public func ancestor(atLevel level: Int) -> GeoSOTCell {
        precondition(level >= 0 && level <= self.level, "an ancestor's level must be 0...\(self.level)")
        return GeoSOTCell(uncheckedKey: key & GeoSOTCell.mask(level), level: level)
    }

    /// The four cells one level down in key order (quaternary digit 0-3); empty at level 32.
    public var children: [GeoSOTCell] {
        guard level < 32 else { return [] }
        let shift = UInt64(62 - 2 * level)
        return (0..<4).map { GeoSOTCell(uncheckedKey: key | UInt64($0) << shift, level: level + 1) }
    }

    /// The cell's extent in degrees, or nil for a virtual cell (minutes or seconds 60-63, or wholly beyond
    /// ±180° / ±90°), which can hold no point.
    public var bounds: GeoBox? {
        guard level > 0 else { return GeoBox(uncheckedWest: -180, south: -90, east: 180, north: 90) }
        let longitude = Morton.compact2(key)
        let latitude = Morton.compact2(key >> 1)
        guard let x = GeoSOTAxis.ordinals(prefix: longitude, level: level, limit: 180 * GridUnit.perDegree),
            let y = GeoSOTAxis.ordinals(prefix: latitude, level: level, limit: 90 * GridUnit.perDegree)
        else { return nil }
        return GeoBox(
            uncheckedWest: max(GridUnit.degrees(x.lowerBound), -180), south: max(GridUnit.degrees(y.lowerBound), -90),
            east: min(GridUnit.degrees(x.upperBound + 1), 180), north: min(GridUnit.degrees(y.upperBound + 1), 90))
    }

    public static func < (lhs: GeoSOTCell, rhs: GeoSOTCell) -> Bool {
        lhs.key != rhs.key ? lhs.key < rhs.key : lhs.storedLevel < rhs.storedLevel
    }

    public var description: String { code }
}
