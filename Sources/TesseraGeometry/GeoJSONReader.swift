internal import TesseraCore

extension Geometry {
    /// Reads a GeoJSON geometry object (RFC 7946): positions are `[longitude, latitude]` or
    /// `[longitude, latitude, height]`.
    ///
    /// Members may come in any order; foreign members and `bbox` are ignored. A `crs` member is accepted only
    /// when it is null or names WGS84 longitude/latitude (`urn:ogc:def:crs:OGC:1.3:CRS84`, `EPSG:4326`).
    /// Ring orientation is accepted as given (RFC 7946 §3.1.6 asks parsers not to reject the other winding).
    public init(geoJSON bytes: [UInt8]) throws(GeometryError) {
        // Why unsafe: JSONReader reads a borrowed buffer; the parser and everything it lends are gone when the
        // closure returns, and the geometry it builds owns its own storage.
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(GeometryError) -> Geometry in
                var parser = GeoJSONParser(buffer)
                return try parser.parseDocument()
            }
        }
        self = try result.get()
    }

    /// Reads a GeoJSON geometry object from text; see ``init(geoJSON:)-([UInt8])``.
    public init(geoJSON text: String) throws(GeometryError) {
        try self.init(geoJSON: Array(text.utf8))
    }
}

/// Walks a GeoJSON geometry with ``JSONReader`` so that errors keep their byte offsets.
struct GeoJSONParser {
    var reader: JSONReader
    var dimensions = DimensionTracker()

    init(_ bytes: UnsafeBufferPointer<UInt8>) { reader = JSONReader(bytes) }

    static let acceptedCRSNames: Set<String> = [
        "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326",
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    ]

    /// Runs a JSONReader step, turning its error into a ``GeometryError`` with the same offset.
    static func json<T>(_ body: () throws(JSONError) -> T) throws(GeometryError) -> T {
        do {
            return try body()
        } catch {
            throw GeometryError(.malformed, error.reason, offset: error.offset)
        }
    }

    mutating func parseDocument() throws(GeometryError) -> Geometry {
        let geometry = try parseObject(depth: 0)
        try Self.json { () throws(JSONError) in try reader.expectEnd() }
        return geometry
    }

    /// Where a member's value starts, so it can be read after the `type` member has been seen.
    struct Pending {
        var coordinates: Int?
        var geometries: Int?
    }

    mutating func parseObject(depth: Int) throws(GeometryError) -> Geometry {
        reader.skipWhitespace()
        let objectStart = reader.index
        guard reader.peek() == UInt8(ascii: "{") else {
            throw GeometryError(.malformed, "expected a GeoJSON geometry object ('{')", offset: objectStart)
        }
        try Self.json { () throws(JSONError) in try reader.beginObject() }
        var kind: Geometry.Kind?
        var pending = Pending()
        var geometry: Geometry?
        var first = true
        while let key = try Self.json({ () throws(JSONError) in try reader.nextKey(first: first) }) {
            first = false
            reader.skipWhitespace()
            let valueStart = reader.index
            switch key {
            case "type":
                guard kind == nil else { throw duplicate("type", at: valueStart) }
                kind = try readType()
            case "coordinates":
                guard pending.coordinates == nil else { throw duplicate("coordinates", at: valueStart) }
                pending.coordinates = valueStart
                if let kind, kind != .geometryCollection {
                    geometry = try readCoordinates(kind)
                } else {
                    try skipValue()
                }
            case "geometries":
                guard pending.geometries == nil else { throw duplicate("geometries", at: valueStart) }
                pending.geometries = valueStart
                if kind == .geometryCollection {
                    geometry = try readMembers(depth: depth)
                } else {
                    try skipValue()
                }
            case "crs": try checkCRS(at: valueStart)
            default: try skipValue()
            }
        }
        guard let kind else {
            throw GeometryError(.malformed, "geometry object has no \"type\" member", offset: objectStart)
        }
        if let geometry { return geometry }
        return try readPending(kind, pending, depth: depth, objectStart: objectStart)
    }

    /// Reads `coordinates` or `geometries` that came before `type`, then returns to the end of the object.
    mutating func readPending(_ kind: Geometry.Kind, _ pending: Pending, depth: Int, objectStart: Int)
        throws(GeometryError) -> Geometry
    {
        let end = reader.index
        defer { reader.index = end }
        if kind == .geometryCollection {
            guard let start = pending.geometries else {
                throw GeometryError(
                    .malformed, "GeometryCollection has no \"geometries\" member", offset: objectStart)
            }
            reader.index = start
            return try readMembers(depth: depth)
        }
        guard let start = pending.coordinates else {
            throw GeometryError(.malformed, "\(kind.rawValue) has no \"coordinates\" member", offset: objectStart)
        }
        reader.index = start
        return try readCoordinates(kind)
    }

    mutating func readType() throws(GeometryError) -> Geometry.Kind {
        let start = reader.index
        guard reader.peek() == UInt8(ascii: "\"") else {
            throw GeometryError(.malformed, "\"type\" must be a string", offset: start)
        }
        let name = try Self.json { () throws(JSONError) in try reader.readString() }
        if let kind = Geometry.Kind(rawValue: name) { return kind }
        if name == "Feature" || name == "FeatureCollection" {
            throw GeometryError(
                .malformed, "expected a geometry object, found a \(name) (pass its geometry instead)", offset: start)
        }
        throw GeometryError(
            .malformed,
            "unknown geometry type \"\(name)\" (expected Point, LineString, Polygon, MultiPoint, MultiLineString, "
                + "MultiPolygon or GeometryCollection; names are case-sensitive)", offset: start)
    }

    mutating func readMembers(depth: Int) throws(GeometryError) -> Geometry {
        guard depth < GeometryLimits.maxCollectionDepth else {
            throw GeometryError(
                .malformed, "collections nested more than \(GeometryLimits.maxCollectionDepth) deep",
                offset: reader.index)
        }
        return .geometryCollection(
            try readArray(
                "geometries",
                item: { (parser: inout GeoJSONParser) throws(GeometryError) in
                    try parser.parseObject(depth: depth + 1)
                }))
    }

    mutating func readCoordinates(_ kind: Geometry.Kind) throws(GeometryError) -> Geometry {
        switch kind {
        case .point:
            reader.skipWhitespace()
            return .point(try readPosition(isPoint: true))
        case .lineString: return .lineString(try readPositions())
        case .multiPoint: return .multiPoint(try readPositions())
        case .polygon: return .polygon(try readPositionLists())
        case .multiLineString: return .multiLineString(try readPositionLists())
        case .multiPolygon:
            return .multiPolygon(
                try readArray(
                    "polygons",
                    item: { (parser: inout GeoJSONParser) throws(GeometryError) in
                        try parser.readPositionLists()
                    }))
        case .geometryCollection: preconditionFailure("collections have no coordinates")
        }
    }

    mutating func readPositionLists() throws(GeometryError) -> [[Coordinate]] {
        try readArray(
            "arrays of positions",
            item: { (parser: inout GeoJSONParser) throws(GeometryError) in
                try parser.readPositions()
            })
    }

    mutating func readPositions() throws(GeometryError) -> [Coordinate] {
        try readArray(
            "positions",
            item: { (parser: inout GeoJSONParser) throws(GeometryError) in
                try parser.readPosition(isPoint: false)
            })
    }

    /// `[item, item, ...]`; `what` names the items for error messages.
    mutating func readArray<T>(_ what: String, item: (inout GeoJSONParser) throws(GeometryError) -> T)
        throws(GeometryError) -> [T]
    {
        reader.skipWhitespace()
        guard reader.index < reader.bytes.count, reader.bytes[reader.index] == UInt8(ascii: "[") else {
            throw GeometryError(.malformed, "expected an array of \(what)", offset: reader.index)
        }
        reader.index += 1
        var items: [T] = []
        if reader.peek() == UInt8(ascii: "]") {
            reader.index += 1
            return items
        }
        while true {
            items.append(try item(&self))
            guard let byte = reader.peek() else {
                throw GeometryError(.malformed, "unterminated array", offset: reader.index)
            }
            reader.index += 1
            if byte == UInt8(ascii: "]") { return items }
            guard byte == UInt8(ascii: ",") else {
                throw GeometryError(.malformed, "expected ',' or ']'", offset: reader.index - 1)
            }
        }
    }

    /// `[longitude, latitude]` or `[longitude, latitude, height]`.
    mutating func readPosition(isPoint: Bool) throws(GeometryError) -> Coordinate {
        let start = reader.index
        let values = try readArray(
            "numbers",
            item: { (parser: inout GeoJSONParser) throws(GeometryError) in
                try parser.readNumber()
            })
        switch values.count {
        case 0 where isPoint:
            throw GeometryError(.unsupported, "empty points are not supported (leave the geometry out)", offset: start)
        case 2, 3: break
        case 4...:
            throw GeometryError(.unsupported, "positions have 2 or 3 numbers (M is not supported)", offset: start)
        default: throw GeometryError(.malformed, "a position needs 2 or 3 numbers", offset: start)
        }
        try dimensions.record(values.count, offset: start)
        return Coordinate(values[0], values[1], values.count == 3 ? values[2] : nil)
    }

    mutating func readNumber() throws(GeometryError) -> Double {
        guard let byte = reader.peek() else {
            throw GeometryError(.malformed, "unexpected end of input", offset: reader.index)
        }
        guard byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) else {
            let found = byte == UInt8(ascii: "[") ? "an array (coordinates are nested too deeply)" : "something else"
            throw GeometryError(.malformed, "expected a number in a position, found \(found)", offset: reader.index)
        }
        switch try Self.json({ () throws(JSONError) in try reader.readNumber() }) {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: preconditionFailure("readNumber returns numbers")
        }
    }

    mutating func checkCRS(at start: Int) throws(GeometryError) {
        let value = try Self.json { () throws(JSONError) in try reader.readValue() }
        if value == .null { return }
        if case .map(let crs) = value, crs["type"] == .string("name"), case .map(let properties)? = crs["properties"],
            case .string(let name)? = properties["name"], Self.acceptedCRSNames.contains(name)
        {
            return
        }
        throw GeometryError(
            .unsupported,
            "\"crs\" is not supported (RFC 7946): coordinates must be WGS84 longitude/latitude; remove the member",
            offset: start)
    }

    mutating func skipValue() throws(GeometryError) {
        _ = try Self.json { () throws(JSONError) in try reader.skipValue() }
    }

    func duplicate(_ name: String, at offset: Int) -> GeometryError {
        GeometryError(.malformed, "duplicate \"\(name)\" member", offset: offset)
    }
}
