extension BeiDouCell {
    /// Parses a 2D code such as `N50J47539B8255346152`, or throws an error naming the first wrong character.
    ///
    /// Codes are upper case; their lengths are 4, 6, 7, 9, 11, 12, 14, 16, 18 or 20 characters (levels 1-10).
    public init(code: String) throws(GridError) {
        var reader = CodeReader(code, family: "BeiDou code")
        var parsed = try BeiDouCell.readLevelOne(&reader)
        for level in 2...BeiDouLayout.maxLevel {
            if reader.isAtEnd { break }
            let missing =
                "ends inside level \(level): a level-\(level) code has \(BeiDouLayout.codeLength(level)) characters"
            let (column, row) = try BeiDouCell.readDigits(level: level, &reader, missing: missing)
            parsed.add(level: level, column: column, row: row)
        }
        try reader.expectEnd("is past the end: a level-10 code has 20 characters")
        self = parsed.cell
    }

    /// A code read so far: hemispheres, level-1 corner and the offsets of the levels read.
    struct ParsedCode {
        var west: Bool
        var south: Bool
        var zoneCorner: Int64
        var bandCorner: Int64
        var offsetX: Int64 = 0
        var offsetY: Int64 = 0
        var level = 1

        mutating func add(level: Int, column: Int, row: Int) {
            offsetX += Int64(column) * BeiDouLayout.width(level)
            offsetY += Int64(row) * BeiDouLayout.height(level)
            self.level = level
        }

        var cell: BeiDouCell {
            BeiDouCell(
                level: level,
                column: BeiDouLayout.index(
                    corner: zoneCorner + offsetX, negative: west, BeiDouLayout.width(level)),
                row: BeiDouLayout.index(corner: bandCorner + offsetY, negative: south, BeiDouLayout.height(level)))
        }
    }

    /// Reads the hemisphere letter, zone and band.
    static func readLevelOne(_ reader: inout CodeReader) throws(GridError) -> ParsedCode {
        let hemisphere = try reader.letter(
            "a hemisphere", expected: "N or S", whenMissing: "is empty: a code starts with N or S"
        ) { $0 == UInt8(ascii: "N") || $0 == UInt8(ascii: "S") }
        return try readZoneAndBand(&reader, south: hemisphere == UInt8(ascii: "S"))
    }

    /// Reads the zone (01-60) and band (A-V) after the hemisphere (and, in 3D codes, the height sign).
    static func readZoneAndBand(_ reader: inout CodeReader, south: Bool) throws(GridError) -> ParsedCode {
        let incomplete = "ends inside level 1: it needs a zone 01-60 and a band A-V"
        let zoneOffset = reader.offset
        let tens = try reader.digit(maximum: 9, "a zone digit", whenMissing: incomplete)
        let units = try reader.digit(maximum: 9, "a zone digit", whenMissing: incomplete)
        let zone = tens * 10 + units
        guard zone >= 1, zone <= 60 else {
            throw reader.error("starts zone \(zone), which does not exist: zones are 01-60", at: zoneOffset)
        }
        let bandOffset = reader.offset
        if !reader.isAtEnd, reader.bytes[bandOffset] >= UInt8(ascii: "W"), reader.bytes[bandOffset] <= UInt8(ascii: "Z")
        {
            throw reader.error(
                "is a band in the polar cap (|latitude| >= 88°), which is not supported: bands are A-V",
                kind: .polarCap)
        }
        let band = try reader.letter("a latitude band", expected: "A-V", whenMissing: incomplete) {
            $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "V")
        }
        let west = zone <= 30
        return ParsedCode(
            west: west, south: south,
            zoneCorner: Int64(west ? 30 - zone : zone - 31) * BeiDouLayout.zoneWidth,
            bandCorner: Int64(band - UInt8(ascii: "A")) * BeiDouLayout.bandHeight)
    }

    /// Reads one level's 2D characters (levels 2...10) and returns its column and row digits.
    static func readDigits(
        level: Int, _ reader: inout CodeReader, missing: String
    ) throws(GridError) -> (column: Int, row: Int) {
        let (columns, rows) = BeiDouLayout.divisions(level)
        if BeiDouLayout.isSingleCharacter(level) {
            let digit = try reader.digit(
                maximum: columns * rows - 1, "a level-\(level) digit (row * 2 + column)", whenMissing: missing)
            return (digit % 2, digit / 2)
        }
        let column = try reader.digit(maximum: columns - 1, "a level-\(level) column", whenMissing: missing)
        let row = try reader.digit(maximum: rows - 1, "a level-\(level) row", whenMissing: missing)
        return (column, row)
    }
}
