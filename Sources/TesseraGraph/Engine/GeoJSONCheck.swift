import TesseraCore

/// Validates GeoJSON geometry text (RFC 7946) without building it: types, nesting, ring closure,
/// position arity (2 or 3 numbers) and WGS84 ranges (longitude -180..180, latitude -90..90).
///
/// Full geometry (predicates, measures, validity through GEOS) belongs to TesseraGeometry; this
/// check only guarantees that what is stored is well-formed and in range.
enum GeoJSONCheck {
    static let maxNesting = 16

    /// Validates geometry text; returns its bounding box (nil when it has no positions).
    @discardableResult
    static func validate(_ bytes: [UInt8]) throws(GraphError) -> SpatialBounds? {
        try bytes.withUnsafeBufferPointer { buffer throws(GraphError) in try validate(buffer) }
    }

    /// Validates geometry text; returns its bounding box (nil when it has no positions).
    @discardableResult
    static func validate(_ buffer: UnsafeBufferPointer<UInt8>) throws(GraphError) -> SpatialBounds? {
        var reader = JSONReader(buffer)
        let bounds = try validate(&reader)
        do { try reader.expectEnd() } catch {
            throw GraphError(.invalidGeometry, "geometry is not valid JSON: \(error)")
        }
        return bounds
    }

    /// Validates the geometry object at the reader's position, moves the reader past it and returns
    /// its bounding box (nil when it has no positions).
    @discardableResult
    static func validate(_ reader: inout JSONReader) throws(GraphError) -> SpatialBounds? {
        var walker = Walker(reader: reader)
        defer { reader.index = walker.reader.index }
        do {
            try walker.geometry(depth: 0)
            return walker.bounds
        } catch let error as JSONError {
            throw GraphError(.invalidGeometry, "geometry is not valid JSON: \(error)")
        } catch let error as GraphError {
            throw error
        } catch {
            throw GraphError(.invalidGeometry, "geometry: \(error)")
        }
    }

    struct Shape {
        /// Nesting above positions: 0 = a position, 1 = a list of positions, ...; nil for an empty array.
        var level: Int?
        var minPositions = Int.max
        var allClosed = true
    }

    /// Up to three coordinates, without allocating.
    struct Position: Equatable {
        var x = 0.0
        var y = 0.0
        var z = 0.0
        var count = 0

        mutating func append(_ value: Double) {
            switch count {
            case 0: x = value
            case 1: y = value
            case 2: z = value
            default: break
            }
            count += 1
        }

        subscript(_ index: Int) -> Double { index == 0 ? x : index == 1 ? y : z }
    }

    struct Walker {
        var reader: JSONReader
        var bounds: SpatialBounds?

        mutating func geometry(depth: Int) throws -> Void {
            guard depth < maxNesting else {
                throw GraphError(.invalidGeometry, "geometry collections nested too deeply")
            }
            try reader.beginObject()
            var type: String?
            var shape: Shape?
            var hasGeometries = false
            var first = true
            while let key = try reader.nextKeyBytes(first: first) {
                first = false
                if key.elementsEqual("type".utf8) {
                    type = try reader.readString()
                } else if key.elementsEqual("coordinates".utf8) {
                    shape = try coordinates(depth: 0)
                } else if key.elementsEqual("geometries".utf8) {
                    hasGeometries = true
                    try geometries(depth: depth)
                } else {
                    _ = try reader.skipValue()
                }
            }
            guard let type else { throw GraphError(.invalidGeometry, "geometry has no \"type\" member") }
            try check(type: type, shape: shape, hasGeometries: hasGeometries)
        }

        mutating func geometries(depth: Int) throws {
            guard reader.peek() == UInt8(ascii: "[") else {
                throw GraphError(.invalidGeometry, "\"geometries\" must be an array")
            }
            reader.index += 1
            if reader.peek() == UInt8(ascii: "]") {
                reader.index += 1
                return
            }
            while true {
                try geometry(depth: depth + 1)
                let next = reader.peek()
                reader.index += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else { throw GraphError(.invalidGeometry, "expected ',' or ']'") }
            }
        }

        func check(type: String, shape: Shape?, hasGeometries: Bool) throws {
            let expected: Int
            switch type {
            case "GeometryCollection":
                guard hasGeometries else {
                    throw GraphError(.invalidGeometry, "GeometryCollection needs \"geometries\"")
                }
                return
            case "Point": expected = 0
            case "MultiPoint", "LineString": expected = 1
            case "MultiLineString", "Polygon": expected = 2
            case "MultiPolygon": expected = 3
            default:
                throw GraphError(
                    .invalidGeometry,
                    "unknown geometry type \"\(type)\"; accepted: Point, LineString, Polygon, MultiPoint, "
                        + "MultiLineString, MultiPolygon, GeometryCollection")
            }
            guard let shape else { throw GraphError(.invalidGeometry, "\(type) has no \"coordinates\"") }
            guard let level = shape.level else {
                if expected == 0 { throw GraphError(.invalidGeometry, "Point needs a position") }
                return
            }
            guard level == expected else {
                throw GraphError(.invalidGeometry, "\(type) coordinates are nested \(level) deep; expected \(expected)")
            }
            if type == "LineString" || type == "MultiLineString", shape.minPositions < 2 {
                throw GraphError(.invalidGeometry, "\(type) needs at least 2 positions per line")
            }
            if type == "Polygon" || type == "MultiPolygon" {
                guard shape.minPositions >= 4 else {
                    throw GraphError(.invalidGeometry, "\(type) rings need at least 4 positions")
                }
                guard shape.allClosed else {
                    throw GraphError(.invalidGeometry, "\(type) ring is not closed (first and last positions differ)")
                }
            }
        }

        mutating func coordinates(depth: Int) throws -> Shape {
            guard depth < maxNesting else { throw GraphError(.invalidGeometry, "coordinates nested too deeply") }
            guard reader.peek() == UInt8(ascii: "[") else {
                throw GraphError(.invalidGeometry, "coordinates must be arrays of numbers")
            }
            let next = peekAfterBracket()
            if next != UInt8(ascii: "[") && next != UInt8(ascii: "]") {
                _ = try position()
                return Shape(level: 0)
            }
            reader.index += 1
            var shape = Shape(level: nil)
            if reader.peek() == UInt8(ascii: "]") {
                reader.index += 1
                return shape
            }
            var count = 0
            var firstPosition = Position()
            var lastPosition = Position()
            while true {
                if peekAfterBracket() != UInt8(ascii: "[") && peekAfterBracket() != UInt8(ascii: "]") {
                    let point = try position()
                    if count == 0 { firstPosition = point }
                    lastPosition = point
                    try merge(&shape, Shape(level: 0))
                } else {
                    try merge(&shape, try coordinates(depth: depth + 1))
                }
                count += 1
                let separator = reader.peek()
                reader.index += 1
                if separator == UInt8(ascii: "]") { break }
                guard separator == UInt8(ascii: ",") else { throw GraphError(.invalidGeometry, "expected ',' or ']'") }
            }
            let level = (shape.level ?? 0) + 1
            if level == 1 {
                shape.minPositions = count
                shape.allClosed = firstPosition == lastPosition
            }
            shape.level = level
            return shape
        }

        func merge(_ shape: inout Shape, _ child: Shape) throws {
            if let existing = shape.level, let level = child.level, existing != level {
                throw GraphError(.invalidGeometry, "coordinates mix nesting depths")
            }
            if shape.level == nil { shape.level = child.level }
            shape.minPositions = min(shape.minPositions, child.minPositions)
            shape.allClosed = shape.allClosed && child.allClosed
        }

        mutating func peekAfterBracket() -> UInt8? {
            _ = reader.peek()
            var index = reader.index + 1
            while index < reader.bytes.count {
                let byte = reader.bytes[index]
                if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 { return byte }
                index += 1
            }
            return nil
        }

        mutating func position() throws -> Position {
            reader.index += 1
            var numbers = Position()
            while true {
                let value = try reader.readNumber()
                switch value {
                case .int(let number): numbers.append(Double(number))
                case .double(let number): numbers.append(number)
                default: throw GraphError(.invalidGeometry, "positions hold numbers only")
                }
                guard numbers.count <= 3 else {
                    throw GraphError(
                        .invalidGeometry,
                        "a position has more than 3 numbers; expected [lon, lat] or [lon, lat, height]")
                }
                let separator = reader.peek()
                reader.index += 1
                if separator == UInt8(ascii: "]") { break }
                guard separator == UInt8(ascii: ",") else {
                    throw GraphError(.invalidGeometry, "expected ',' or ']' in a position")
                }
            }
            guard numbers.count == 2 || numbers.count == 3 else {
                throw GraphError(
                    .invalidGeometry,
                    "a position has \(numbers.count) numbers; expected [lon, lat] or [lon, lat, height]")
            }
            guard (-180.0...180.0).contains(numbers[0]) else {
                throw GraphError(.invalidGeometry, "longitude \(numbers[0]) is out of range [-180, 180]")
            }
            guard (-90.0...90.0).contains(numbers[1]) else {
                throw GraphError(.invalidGeometry, "latitude \(numbers[1]) is out of range [-90, 90]")
            }
            if bounds == nil {
                bounds = SpatialBounds(point: numbers)
            } else {
                bounds?.extend(numbers)
            }
            return numbers
        }
    }
}
