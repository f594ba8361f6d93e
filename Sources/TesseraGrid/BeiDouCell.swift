/// A cell of the BeiDou grid location code (GB/T 39409-2020), 2D, levels 1-10.
///
/// A cell is held as its level and its global column and row at that level, so encoding a point is a few
/// integer operations and allocates nothing; the code string (`N50J47539B8255346152`) is produced on demand.
/// BeiDou codes are not sortable as strings: sort and index by ``GeoSOTCell`` keys instead.
///
/// Codes are defined for |latitude| < 88°; points in the polar caps are rejected.
public struct BeiDouCell: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline let storedLevel: UInt8
    @usableFromInline let storedColumn: Int32
    @usableFromInline let storedRow: Int32

    /// The levels of the 2D code.
    public static let levels: ClosedRange<Int> = 1...10

    /// Creates a cell from valid global indices at `level`.
    @inlinable
    init(level: Int, column: Int64, row: Int64) {
        storedLevel = UInt8(truncatingIfNeeded: level)
        storedColumn = Int32(truncatingIfNeeded: column)
        storedRow = Int32(truncatingIfNeeded: row)
    }

    /// Encodes a point: the cell at `level` (1...10) that contains it.
    ///
    /// Throws for a level outside 1...10, a coordinate out of range, or |latitude| >= 88°. On a shared edge
    /// the point goes to the cell farther from the origin along each axis (indices count away from 0°); the
    /// exceptions are the standard's clamps: longitude 180° goes to zone 60, and a western longitude exactly
    /// on a 6° meridian goes to the zone east of it.
    @inlinable
    public init(containing point: GeoPoint, level: Int) throws(GridError) {
        guard level >= 1, level <= BeiDouLayout.maxLevel else {
            throw BeiDouCell.levelError(level)
        }
        guard point.longitude >= -180, point.longitude <= 180, point.latitude > -88, point.latitude < 88 else {
            throw GridCheck.beiDouPointError(point)
        }
        let x = BeiDouLayout.longitudeOrdinal(point.longitude)
        let y = BeiDouLayout.latitudeOrdinal(point.latitude)
        self.init(
            level: level,
            column: GridUnit.floorDivide(x, BeiDouLayout.width(level)),
            row: GridUnit.floorDivide(y, BeiDouLayout.height(level)))
    }

    /// The level, 1...10.
    @inlinable
    public var level: Int { Int(storedLevel) }

    /// The global column: the cell spans longitudes `column * w ... (column + 1) * w` for the level's width `w`,
    /// counting east from the prime meridian (negative in the western hemisphere).
    @inlinable
    public var column: Int { Int(storedColumn) }

    /// The global row: the cell spans latitudes `row * h ... (row + 1) * h`, negative in the southern hemisphere.
    @inlinable
    public var row: Int { Int(storedRow) }

    /// The cell's extent in degrees (edges shared with neighbours belong to both boxes).
    public var bounds: GeoBox {
        let width = BeiDouLayout.width(level)
        let height = BeiDouLayout.height(level)
        let column = Int64(storedColumn)
        let row = Int64(storedRow)
        return GeoBox(
            uncheckedWest: GridUnit.degrees(column * width), south: GridUnit.degrees(row * height),
            east: GridUnit.degrees((column + 1) * width), north: GridUnit.degrees((row + 1) * height))
    }

    /// Whether the point lies in the cell, edges included.
    public func contains(_ point: GeoPoint) -> Bool {
        bounds.contains(point)
    }

    /// The code string, such as `N50J47539` at level 4.
    public var code: String {
        String(unsafeUninitializedCapacity: 20) { buffer in writeCode(into: buffer) }
    }

    public var description: String { code }

    /// Writes the code's ASCII bytes and returns how many were written: at most 20, or at most 32 when
    /// `signDigit` (a 3D code's height sign, written after the hemisphere) is given and `afterLevel` appends each
    /// level's height characters.
    func writeCode(
        into buffer: UnsafeMutableBufferPointer<UInt8>, signDigit: UInt8? = nil,
        afterLevel: (_ level: Int, _ count: inout Int) -> Void = { _, _ in }
    ) -> Int {
        let level = self.level
        precondition(buffer.count >= 32 || signDigit == nil && buffer.count >= 20, "the buffer is too small")
        let west = storedColumn < 0
        let south = storedRow < 0
        let cornerX = BeiDouLayout.corner(Int64(storedColumn), BeiDouLayout.width(level))
        let cornerY = BeiDouLayout.corner(Int64(storedRow), BeiDouLayout.height(level))
        let zoneIndex = Int(cornerX / BeiDouLayout.zoneWidth)
        let zone = west ? 30 - zoneIndex : 31 + zoneIndex
        var count = 0
        func put(_ byte: UInt8) {
            buffer[count] = byte
            count += 1
        }
        put(south ? UInt8(ascii: "S") : UInt8(ascii: "N"))
        if let signDigit { put(signDigit) }
        put(BeiDouCell.digitCharacter(zone / 10))
        put(BeiDouCell.digitCharacter(zone % 10))
        put(UInt8(ascii: "A") + UInt8(truncatingIfNeeded: cornerY / BeiDouLayout.bandHeight))
        afterLevel(1, &count)
        BeiDouCell.forEachDigit(
            offsetX: cornerX % BeiDouLayout.zoneWidth, offsetY: cornerY % BeiDouLayout.bandHeight, through: level
        ) { level, column, row in
            if BeiDouLayout.isSingleCharacter(level) {
                put(BeiDouCell.digitCharacter(row * 2 + column))
            } else {
                put(BeiDouCell.digitCharacter(column))
                put(BeiDouCell.digitCharacter(row))
            }
            afterLevel(level, &count)
        }
        return count
    }

    /// Calls `body` with each level's digits (2...`level`) of a cell whose corner lies at the given offsets from
    /// its level-1 corner.
    @inline(__always)
    static func forEachDigit(
        offsetX: Int64, offsetY: Int64, through level: Int, _ body: (_ level: Int, _ column: Int, _ row: Int) -> Void
    ) {
        guard level >= 2 else { return }
        for current in 2...level {
            let column = offsetX % BeiDouLayout.width(current - 1) / BeiDouLayout.width(current)
            let row = offsetY % BeiDouLayout.height(current - 1) / BeiDouLayout.height(current)
            body(current, Int(column), Int(row))
        }
    }

    /// The upper-case hexadecimal character of a digit 0...15.
    @inline(__always)
    static func digitCharacter(_ digit: Int) -> UInt8 {
        digit < 10 ? UInt8(ascii: "0") + UInt8(digit) : UInt8(ascii: "A") + UInt8(digit - 10)
    }

    @usableFromInline
    static func levelError(_ level: Int) -> GridError {
        GridError(.invalidLevel, "level \(level) does not exist in BeiDou grid codes: accepted 1-10")
    }
}
