extension Geometry {
    /// Reads Well-Known Text (OGC 06-103r4 / ISO 13249-3), e.g. `POLYGON Z ((0 0 1, 1 0 1, 1 1 1, 0 0 1))`.
    ///
    /// Keywords are case-insensitive. Accepted: the seven geometry kinds, the `Z` qualifier or implicit
    /// three-number positions, `EMPTY` (except for points), both `MULTIPOINT ((1 2), (3 4))` and
    /// `MULTIPOINT (1 2, 3 4)`, and an optional PostGIS `SRID=4326;` prefix. `M` and `ZM` are rejected.
    public init(wkt text: String) throws(GeometryError) {
        var parser = WKTParser(Array(text.utf8))
        self = try parser.parseDocument()
    }
}

/// A recursive-descent WKT reader over UTF-8 bytes; errors carry the byte offset of the offending token.
struct WKTParser {
    let bytes: [UInt8]
    var index = 0
    var dimensions = DimensionTracker()

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(GeometryError) -> Geometry {
        skipWhitespace()
        let start = index
        if let word = peekWord(), word == "SRID" {
            index += 4
            try expect(UInt8(ascii: "="), "'=' after SRID")
            skipWhitespace()
            let sridStart = index
            let srid = try readNumber()
            guard srid == 4326 else {
                throw GeometryError(
                    .unsupported, "SRID \(NumberText.format(srid)) is not supported: coordinates are WGS84 (SRID=4326)",
                    offset: sridStart)
            }
            try expect(UInt8(ascii: ";"), "';' after the SRID")
        } else {
            index = start
        }
        let geometry = try parseGeometry(depth: 0, inheritedZ: false)
        skipWhitespace()
        guard index == bytes.count else { throw malformed("unexpected text after the geometry") }
        return geometry
    }

    mutating func parseGeometry(depth: Int, inheritedZ: Bool) throws(GeometryError) -> Geometry {
        skipWhitespace()
        let start = index
        guard let word = readWord() else {
            throw malformed("expected a geometry keyword (POINT, LINESTRING, POLYGON, MULTIPOINT, ...)", at: start)
        }
        guard let kind = Self.kinds[word] else {
            throw malformed(
                "unknown geometry keyword '\(word)' (expected POINT, LINESTRING, POLYGON, MULTIPOINT, "
                    + "MULTILINESTRING, MULTIPOLYGON or GEOMETRYCOLLECTION)", at: start)
        }
        let declaredZ = try readDimension() || inheritedZ
        if try readEmpty() {
            guard kind != .point else {
                throw GeometryError(
                    .unsupported, "empty points are not supported (leave the geometry out instead)", offset: start)
            }
            return Self.empty(kind)
        }
        switch kind {
        case .point:
            try open()
            let point = try readCoordinate(declaredZ: declaredZ)
            try close()
            return .point(point)
        case .lineString: return .lineString(try readCoordinateList(declaredZ: declaredZ))
        case .polygon: return .polygon(try readRings(declaredZ: declaredZ))
        case .multiPoint: return .multiPoint(try readMultiPoint(declaredZ: declaredZ))
        case .multiLineString:
            return .multiLineString(
                try readList { (parser: inout WKTParser) throws(GeometryError) in
                    try parser.readEmptyOr(declaredZ: declaredZ)
                })
        case .multiPolygon:
            return .multiPolygon(
                try readList { (parser: inout WKTParser) throws(GeometryError) in
                    try parser.readEmpty() ? [] : parser.readRings(declaredZ: declaredZ)
                })
        case .geometryCollection:
            guard depth < GeometryLimits.maxCollectionDepth else {
                throw malformed("collections nested more than \(GeometryLimits.maxCollectionDepth) deep", at: start)
            }
            return .geometryCollection(
                try readList { (parser: inout WKTParser) throws(GeometryError) in
                    try parser.parseGeometry(depth: depth + 1, inheritedZ: declaredZ)
                })
        }
    }

    static let kinds: [String: Geometry.Kind] = Dictionary(
        uniqueKeysWithValues: Geometry.Kind.allCases.map { ($0.wktKeyword, $0) })

    static func empty(_ kind: Geometry.Kind) -> Geometry {
        switch kind {
        case .point: preconditionFailure("no empty point")
        case .lineString: .lineString([])
        case .polygon: .polygon([])
        case .multiPoint: .multiPoint([])
        case .multiLineString: .multiLineString([])
        case .multiPolygon: .multiPolygon([])
        case .geometryCollection: .geometryCollection([])
        }
    }

    /// Reads an optional `Z`, `M` or `ZM` qualifier; true for `Z`.
    mutating func readDimension() throws(GeometryError) -> Bool {
        skipWhitespace()
        let start = index
        guard let word = peekWord() else { return false }
        switch word {
        case "Z":
            index += 1
            return true
        case "M", "ZM":
            throw GeometryError(.unsupported, "\(word) coordinates are not supported (use 2D or Z)", offset: start)
        default:
            return false
        }
    }

    mutating func readEmpty() throws(GeometryError) -> Bool {
        skipWhitespace()
        guard let word = peekWord(), word == "EMPTY" else { return false }
        index += 5
        return true
    }

    /// `( item, item, ... )`.
    mutating func readList<T>(_ item: (inout WKTParser) throws(GeometryError) -> T) throws(GeometryError) -> [T] {
        try open()
        var items: [T] = []
        repeat {
            items.append(try item(&self))
        } while try separator()
        return items
    }

    mutating func readCoordinateList(declaredZ: Bool) throws(GeometryError) -> [Coordinate] {
        try readList { (parser: inout WKTParser) throws(GeometryError) in
            try parser.readCoordinate(declaredZ: declaredZ)
        }
    }

    mutating func readRings(declaredZ: Bool) throws(GeometryError) -> [[Coordinate]] {
        try readList { (parser: inout WKTParser) throws(GeometryError) in
            try parser.readEmptyOr(declaredZ: declaredZ)
        }
    }

    /// A ring or path that may be spelled `EMPTY`.
    mutating func readEmptyOr(declaredZ: Bool) throws(GeometryError) -> [Coordinate] {
        try readEmpty() ? [] : readCoordinateList(declaredZ: declaredZ)
    }

    /// Both `((1 2), (3 4))` and `(1 2, 3 4)`.
    mutating func readMultiPoint(declaredZ: Bool) throws(GeometryError) -> [Coordinate] {
        try readList { (parser: inout WKTParser) throws(GeometryError) in
            parser.skipWhitespace()
            if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "(") {
                parser.index += 1
                let point = try parser.readCoordinate(declaredZ: declaredZ)
                try parser.close()
                return point
            }
            if let word = parser.peekWord(), word == "EMPTY" {
                throw GeometryError(.unsupported, "empty points are not supported", offset: parser.index)
            }
            return try parser.readCoordinate(declaredZ: declaredZ)
        }
    }

    /// Two or three numbers separated by whitespace.
    mutating func readCoordinate(declaredZ: Bool) throws(GeometryError) -> Coordinate {
        skipWhitespace()
        let start = index
        var values: [Double] = []
        values.reserveCapacity(3)
        while true {
            skipWhitespace()
            guard index < bytes.count, Self.startsNumber(bytes[index]) else { break }
            values.append(try readNumber())
        }
        switch values.count {
        case 2, 3: break
        case 4: throw GeometryError(.unsupported, "positions with 4 values (M) are not supported", offset: start)
        default: throw malformed("expected a position of 2 or 3 numbers", at: start)
        }
        if declaredZ && values.count != 3 {
            throw malformed("a Z geometry needs 3 numbers per position", at: start)
        }
        try dimensions.record(values.count, offset: start)
        return Coordinate(values[0], values[1], values.count == 3 ? values[2] : nil)
    }

    static func startsNumber(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".")
    }

    mutating func readNumber() throws(GeometryError) -> Double {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            let isNumberByte =
                (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            guard isNumberByte else { break }
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard !text.isEmpty, let value = Double(text) else { throw malformed("malformed number '\(text)'", at: start) }
        guard value.isFinite else { throw GeometryError(.outOfRange, "number '\(text)' is not finite", offset: start) }
        return value
    }

    /// Consumes `,` (true) or `)` (false).
    mutating func separator() throws(GeometryError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw malformed("unexpected end of text (expected ',' or ')')") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return true
        case UInt8(ascii: ")"):
            index += 1
            return false
        default:
            throw malformed("expected ',' or ')'")
        }
    }

    mutating func open() throws(GeometryError) { try expect(UInt8(ascii: "("), "'(' or EMPTY") }
    mutating func close() throws(GeometryError) { try expect(UInt8(ascii: ")"), "')'") }

    mutating func expect(_ byte: UInt8, _ what: String) throws(GeometryError) {
        skipWhitespace()
        guard index < bytes.count else { throw malformed("unexpected end of text (expected \(what))") }
        guard bytes[index] == byte else { throw malformed("expected \(what)") }
        index += 1
    }

    mutating func skipWhitespace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
                || bytes[index] == 0x09
        {
            index += 1
        }
    }

    /// The upper-cased run of letters at the current position, not consumed.
    mutating func peekWord() -> String? {
        skipWhitespace()
        var end = index
        while end < bytes.count, Self.isLetter(bytes[end]) { end += 1 }
        guard end > index else { return nil }
        return String(decoding: bytes[index..<end], as: UTF8.self).uppercased()
    }

    mutating func readWord() -> String? {
        guard let word = peekWord() else { return nil }
        index += word.utf8.count
        return word
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }

    func malformed(_ reason: String, at offset: Int? = nil) -> GeometryError {
        GeometryError(.malformed, reason, offset: offset ?? min(index, bytes.count))
    }
}
