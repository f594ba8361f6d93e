import TesseraCore
import TesseraGeometry

extension QueryValue {
    /// A stored property value as a query value.
    init(stored value: Value) {
        if let property = QueryValue.decodeProperty(value) {
            self = property
            return
        }
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .bytes(let b): self = .bytes(b)
        case .list(let l): self = .list(l.map(QueryValue.init(stored:)))
        case .map(let m): self = .map(m.mapValues(QueryValue.init(stored:)))
        }
    }

    /// This value as a stored property (`nil`: null, which removes the property).
    func storedProperty(key: String) throws(QueryError) -> Value? {
        switch self {
        case .null: return nil
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bytes(let b): return .bytes(b)
        case .list(let items):
            var stored: [Value] = []
            for item in items {
                switch item {
                case .null:
                    throw QueryError(
                        .runtime, .typeError, "property '\(key)': a list property cannot contain null",
                        detail: "InvalidPropertyType")
                case .list, .map, .node, .relationship, .path:
                    throw QueryError(
                        .runtime, .typeError, "property '\(key)': a list property can only hold simple values",
                        detail: "InvalidPropertyType")
                default:
                    if let value = try item.storedProperty(key: key) { stored.append(value) }
                }
            }
            return .list(stored)
        case .map, .node, .relationship, .path:
            throw QueryError(
                .runtime, .typeError, "property '\(key)': a \(typeName) cannot be stored as a property",
                detail: "InvalidPropertyType")
        default:
            if let encoded = QueryValue.encodeProperty(self) { return encoded }
            throw QueryError(
                .runtime, .typeError, "property '\(key)': a \(typeName) cannot be stored as a property",
                detail: "InvalidPropertyType")
        }
    }

    /// Whether the value can become an entity geometry.
    var isGeometryLike: Bool {
        switch self {
        case .point, .geometry: true
        default: false
        }
    }

    /// The name of the value's type in messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .float: "float"
        case .string: "string"
        case .bytes: "byte array"
        case .list: "list"
        case .map: "map"
        case .node: "node"
        case .relationship: "relationship"
        case .path: "path"
        case .point: "point"
        case .geometry: "geometry"
        case .date: "date"
        case .localTime: "local time"
        case .time: "time"
        case .localDateTime: "local date-time"
        case .dateTime: "date-time"
        case .duration: "duration"
        }
    }

    /// Temporal and point values are stored as one-entry maps `{"$date": "2015-07-21"}`, `{"$point": [srid, x, y(, z)]}`.
    static func encodeProperty(_ value: QueryValue) -> Value? {
        switch value {
        case .point(let p):
            var coordinates: [Value] = [.int(Int64(p.srid)), .double(p.x), .double(p.y)]
            if let z = p.z { coordinates.append(.double(z)) }
            return .map(["$point": .list(coordinates)])
        case .geometry(let g):
            return .map(["$geometry": .string(g.wkt)])
        case .date, .localTime, .time, .localDateTime, .dateTime, .duration:
            guard let text = TemporalFunctions.format(value) else { return nil }
            return .map(["$" + value.typeTag: .string(text)])
        default:
            return nil
        }
    }

    private var typeTag: String {
        switch self {
        case .date: "date"
        case .localTime: "localtime"
        case .time: "time"
        case .localDateTime: "localdatetime"
        case .dateTime: "datetime"
        case .duration: "duration"
        default: ""
        }
    }

    static func decodeProperty(_ value: Value) -> QueryValue? {
        guard case .map(let map) = value, map.count == 1, let (key, inner) = map.first, key.hasPrefix("$") else {
            return nil
        }
        switch (key, inner) {
        case ("$point", .list(let c)) where c.count >= 3:
            guard case .int(let srid) = c[0], case .double(let x) = c[1], case .double(let y) = c[2] else { return nil }
            var z: Double?
            if c.count > 3, case .double(let height) = c[3] { z = height }
            return .point(PointValue(srid: Int(srid), x: x, y: y, z: z))
        case ("$geometry", .string(let wkt)):
            return (try? Geometry(wkt: wkt)).map(QueryValue.geometry)
        case (_, .string(let text)):
            let function = String(key.dropFirst())
            return (try? TemporalFunctions.call(function, [.string(text)], statementTime: 0)) ?? nil
        default:
            return nil
        }
    }
}

extension QueryValue {
    /// Whether the value is null.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
