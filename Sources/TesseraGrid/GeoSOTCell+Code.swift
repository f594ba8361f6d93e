extension GeoSOTCell {
    /// The code string: `G` and one quaternary digit (2 * latitude bit + longitude bit) per level.
    public var code: String {
        GeoSOTCode.format(prefix: "G", digits: level, grouped: false) { Int(key >> UInt64(62 - 2 * $0) & 3) }
    }

    /// The code with the optional separators: `-` after digits 9 (degrees) and 15 (minutes), `.` after 21
    /// (seconds), as in `G001023122-203103-131010.33003300330`.
    public var groupedCode: String {
        GeoSOTCode.format(prefix: "G", digits: level, grouped: true) { Int(key >> UInt64(62 - 2 * $0) & 3) }
    }

    /// Parses a code such as `G001310322230230` or `G001310322-230230`, or throws an error naming the first wrong
    /// character. Separators are optional, each only at its place.
    public init(code: String) throws(GridError) {
        var reader = CodeReader(code, family: "GeoSOT code")
        var key: UInt64 = 0
        let level = try GeoSOTCode.readDigits(&reader, prefix: "G", maximum: 3, grouped: true) { index, digit in
            key |= UInt64(digit) << UInt64(62 - 2 * index)
        }
        self.init(uncheckedKey: key, level: level)
    }
}

/// Formatting and parsing shared by 2D and 3D GeoSOT code strings.
enum GeoSOTCode {
    /// Digits after which a grouped code has a separator, and the separator.
    static func separator(after digits: Int) -> UInt8? {
        switch digits {
        case 9, 15: UInt8(ascii: "-")
        case 21: UInt8(ascii: ".")
        default: nil
        }
    }

    static func format(prefix: String, digits: Int, grouped: Bool, digit: (Int) -> Int) -> String {
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(prefix.utf8.count + digits + 3)
        for index in 0..<digits {
            if grouped, index > 0, let separator = separator(after: index) { bytes.append(separator) }
            bytes.append(UInt8(ascii: "0") + UInt8(digit(index)))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads `prefix` and up to 32 digits 0...`maximum`, passing each to `body`; returns the digit count.
    static func readDigits(
        _ reader: inout CodeReader, prefix: String, maximum: Int, grouped: Bool, _ body: (Int, Int) -> Void
    ) throws(GridError) -> Int {
        for expected in prefix.utf8 {
            _ = try reader.letter(
                "the code's prefix", expected: "'\(prefix)'", whenMissing: "is empty: a code starts with \(prefix)"
            ) { $0 == expected }
        }
        var count = 0
        while !reader.isAtEnd {
            let byte = reader.bytes[reader.offset]
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") {
                guard grouped, let separator = separator(after: count) else {
                    throw reader.error("is a separator out of place: '-' may follow digits 9 and 15, '.' digit 21")
                }
                guard byte == separator else {
                    throw reader.error(
                        "is the wrong separator: after digit \(count) it is '\(Unicode.Scalar(separator))'")
                }
                _ = try reader.letter("a separator", expected: "'\(Unicode.Scalar(separator))'", whenMissing: "") {
                    $0 == separator
                }
                guard !reader.isAtEnd else { throw reader.error("ends after a separator: a digit must follow") }
            }
            guard count < 32 else { throw reader.error("is past the end: a level-32 code has 32 digits") }
            body(count, try reader.digit(maximum: maximum, "a level-\(count + 1) digit", whenMissing: ""))
            count += 1
        }
        return count
    }
}
