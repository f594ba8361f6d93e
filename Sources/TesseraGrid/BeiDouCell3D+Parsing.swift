extension BeiDouCell3D {
    /// Parses a 3D code such as `N050J0047050340`, or throws an error naming the first wrong character.
    ///
    /// Lengths are 7, 10, 12, 15, 18, 20, 23, 26, 29 or 32 characters (levels 1-10). Height characters that
    /// denote heights beyond the supported range (see ``maxHeightMagnitude``) are rejected.
    public init(code: String) throws(GridError) {
        var reader = CodeReader(code, family: "BeiDou 3D code")
        let levelOne = "ends inside level 1: a level-1 3D code has 7 characters"
        let hemisphere = try reader.letter(
            "a hemisphere", expected: "N or S", whenMissing: "is empty: a code starts with N or S"
        ) { $0 == UInt8(ascii: "N") || $0 == UInt8(ascii: "S") }
        let sign = try reader.digit(
            maximum: 1, "a height sign (0 above the ellipsoid, 1 below)", whenMissing: levelOne)
        var parsed = try BeiDouCell.readZoneAndBand(&reader, south: hemisphere == UInt8(ascii: "S"))
        var magnitude: Int64 = 0
        try BeiDouCell3D.readHeight(level: 1, &reader, into: &magnitude)
        for level in 2...BeiDouLayout.maxLevel {
            if reader.isAtEnd { break }
            let missing =
                "ends inside level \(level): a level-\(level) 3D code has \(BeiDouCell3D.codeLength(level)) characters"
            let (column, row) = try BeiDouCell.readDigits(level: level, &reader, missing: missing)
            parsed.add(level: level, column: column, row: row)
            try BeiDouCell3D.readHeight(level: level, &reader, into: &magnitude, missing: missing)
        }
        try reader.expectEnd("is past the end: a level-10 3D code has 32 characters")
        self.init(footprint: parsed.cell, isBelowGround: sign == 1, heightCorner: UInt32(magnitude))
    }

    /// Length of a 3D code at `level` (1...10).
    static func codeLength(_ level: Int) -> Int {
        BeiDouLayout.codeLength(level) + level + 2
    }

    /// Reads one level's height characters and adds their height integers to `magnitude`.
    static func readHeight(
        level: Int, _ reader: inout CodeReader, into magnitude: inout Int64,
        missing: String = "ends inside level 1: a level-1 3D code has 7 characters"
    ) throws(GridError) {
        let start = reader.offset
        let what = "a level-\(level) height digit"
        func beyondRange() -> GridError {
            reader.error(
                "denotes heights beyond 27 km, outside the supported range (-27,530 m to +27,649 m), where level "
                    + "\(level)'s height is always \(level == 1 ? "00" : "0")", at: start, kind: .invalidHeight)
        }
        switch level {
        case 1:
            let tens = try reader.digit(maximum: 9, what, whenMissing: missing)
            let units = try reader.digit(maximum: 9, what, whenMissing: missing)
            guard tens * 10 + units <= 63 else {
                throw reader.error("starts a level-1 height above 63: expected 00-63", at: start)
            }
            guard tens == 0, units == 0 else { throw beyondRange() }
        case 2, 3:
            guard try reader.digit(maximum: level == 2 ? 7 : 1, what, whenMissing: missing) == 0 else {
                throw beyondRange()
            }
        case 4: magnitude += Int64(try reader.digit(maximum: 14, what, whenMissing: missing)) * GridUnit.perMinute
        case 5: magnitude += Int64(try reader.digit(maximum: 14, what, whenMissing: missing)) * 4 * GridUnit.perSecond
        case 6: magnitude += Int64(try reader.digit(maximum: 1, what, whenMissing: missing)) * 2 * GridUnit.perSecond
        default:
            let digit = try reader.digit(maximum: 7, what, whenMissing: missing)
            magnitude += Int64(digit) << Int64(3 * (10 - level))
        }
    }
}
