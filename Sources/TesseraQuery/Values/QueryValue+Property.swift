import TesseraCore
import TesseraGeometry

/// Conversion between query values and stored property values.
///
/// Properties hold booleans, integers, floats, strings, byte strings, temporal values, points and geometries,
/// and homogeneous lists of one of those. Values without a property type of their own are stored as a map with
/// a single reserved member whose name starts with `$`, exact and independent of any text format:
///
/// | value | stored as |
/// |---|---|
/// | date | `{"$date": epochDay}` |
/// | local time | `{"$localtime": nanosecondOfDay}` |
/// | time | `{"$time": [nanosecondOfDay, offsetSeconds]}` |
/// | local datetime | `{"$localdatetime": [epochSecond, nanosecond]}` |
/// | datetime | `{"$datetime": [epochSecond, nanosecond, offsetSeconds]}`, plus the zone name as a 4th item |
/// | duration | `{"$duration": [months, days, seconds, nanoseconds]}` |
/// | point | `{"$point": [srid, x, y]}`, plus z as a 4th item (srid an integer, coordinates floats) |
/// | geometry | `{"$geometry": "WKT text"}` |
///
/// A stored map of any other shape reads back as a plain map.
extension QueryValue {
    /// The query value of a stored property value.
    public init(property value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .float(number)
        case .string(let text): self = .string(text)
        case .bytes(let data): self = .bytes(data)
        case .list(let items): self = .list(items.map { QueryValue(property: $0) })
        case .map(let entries):
            if entries.count == 1, let (key, payload) = entries.first, key.hasPrefix("$"),
                let decoded = Self.decodeReserved(key, payload)
            {
                self = decoded
            } else {
                self = .map(entries.mapValues { QueryValue(property: $0) })
            }
        }
    }

    /// The stored form of this value, or nil for null (which removes a property).
    ///
    /// Throws a `TypeError` (InvalidPropertyType) for maps, graph elements, paths, lists that hold null,
    /// nested lists, or lists mixing types.
    public func toProperty() throws(QueryError) -> Value? {
        switch self {
        case .null: return nil
        case .list(let items):
            var elementType: String?
            var stored: [Value] = []
            stored.reserveCapacity(items.count)
            for item in items {
                guard let value = item.scalarProperty else {
                    throw Self.notStorable("a list holding \(Self.article(item.typeName))")
                }
                if let elementType, elementType != item.typeName {
                    throw Self.notStorable("a list mixing \(elementType) and \(item.typeName) values")
                }
                elementType = item.typeName
                stored.append(value)
            }
            return .list(stored)
        default:
            guard let value = scalarProperty else { throw Self.notStorable(Self.article(typeName)) }
            return value
        }
    }

    /// The stored form of a value that can stand alone or inside a list; nil when it cannot be stored that way.
    private var scalarProperty: Value? {
        switch self {
        case .null, .list, .map, .node, .relationship, .path: return nil
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return .double(number)
        case .string(let text): return .string(text)
        case .bytes(let data): return .bytes(data)
        case .date(let date): return .map(["$date": .int(date.epochDay)])
        case .localTime(let time): return .map(["$localtime": .int(time.nanosecondOfDay)])
        case .time(let time):
            return .map(["$time": .list([.int(time.nanosecondOfDay), .int(Int64(time.offsetSeconds))])])
        case .localDateTime(let value):
            return .map(["$localdatetime": .list([.int(value.epochSecond), .int(Int64(value.nanosecond))])])
        case .dateTime(let value):
            var fields: [Value] = [
                .int(value.epochSecond), .int(Int64(value.nanosecond)), .int(Int64(value.offsetSeconds)),
            ]
            if let zone = value.zoneId { fields.append(.string(zone)) }
            return .map(["$datetime": .list(fields)])
        case .duration(let duration):
            let fields: [Int64] = [duration.months, duration.days, duration.seconds, Int64(duration.nanoseconds)]
            return .map(["$duration": .list(fields.map { .int($0) })])
        case .point(let point):
            var fields: [Value] = [.int(Int64(point.srid)), .double(point.x), .double(point.y)]
            if let z = point.z { fields.append(.double(z)) }
            return .map(["$point": .list(fields)])
        case .geometry(let geometry): return .map(["$geometry": .string(geometry.wkt)])
        }
    }

    /// Decodes a reserved single-member map; nil when the member does not have the expected shape.
    private static func decodeReserved(_ key: String, _ payload: Value) -> QueryValue? {
        let numbers = integers(payload)
        switch (key, payload) {
        case ("$date", .int(let day)): return .date(DateValue(epochDay: day))
        case ("$localtime", .int(let nanos)): return .localTime(LocalTimeValue(nanosecondOfDay: nanos))
        case ("$time", _):
            guard let numbers, numbers.count == 2, let offset = Int32(exactly: numbers[1]) else { return nil }
            return .time(TimeValue(nanosecondOfDay: numbers[0], offsetSeconds: offset))
        case ("$localdatetime", _):
            guard let numbers, numbers.count == 2, let nanos = Int32(exactly: numbers[1]) else { return nil }
            return .localDateTime(LocalDateTimeValue(epochSecond: numbers[0], nanosecond: nanos))
        case ("$datetime", .list(let items)): return decodeDateTime(items)
        case ("$duration", _):
            guard let numbers, numbers.count == 4, let nanos = Int32(exactly: numbers[3]) else { return nil }
            return .duration(
                DurationValue(months: numbers[0], days: numbers[1], seconds: numbers[2], nanoseconds: nanos))
        case ("$point", .list(let items)): return decodePoint(items)
        case ("$geometry", .string(let text)): return (try? Geometry(wkt: text)).map { .geometry($0) }
        default: return nil
        }
    }

    private static func decodeDateTime(_ items: [Value]) -> QueryValue? {
        guard items.count == 3 || items.count == 4, let numbers = integers(.list(Array(items.prefix(3)))),
            let nanos = Int32(exactly: numbers[1]), let offset = Int32(exactly: numbers[2])
        else { return nil }
        var zone: String?
        if items.count == 4 {
            guard case .string(let name) = items[3] else { return nil }
            zone = name
        }
        return .dateTime(DateTimeValue(epochSecond: numbers[0], nanosecond: nanos, offsetSeconds: offset, zoneId: zone))
    }

    private static func decodePoint(_ items: [Value]) -> QueryValue? {
        guard items.count == 3 || items.count == 4, case .int(let srid) = items[0], let srid = Int(exactly: srid)
        else { return nil }
        var coordinates: [Double] = []
        for item in items.dropFirst() {
            guard case .double(let coordinate) = item else { return nil }
            coordinates.append(coordinate)
        }
        return .point(PointValue(srid: srid, x: coordinates[0], y: coordinates[1], z: coordinates.dropFirst(2).first))
    }

    /// The integers of a list of integers; nil for anything else.
    private static func integers(_ value: Value) -> [Int64]? {
        guard case .list(let items) = value else { return nil }
        var numbers: [Int64] = []
        for item in items {
            guard case .int(let number) = item else { return nil }
            numbers.append(number)
        }
        return numbers
    }

    private static func article(_ typeName: String) -> String {
        (typeName.first.map { "AEIOU".contains($0) } ?? false ? "an " : "a ") + typeName
    }

    private static func notStorable(_ what: String) -> QueryError {
        QueryError.type(
            "\(what) cannot be stored as a property; properties hold booleans, numbers, strings, bytes, temporal "
                + "values, points, geometries and lists of one of those (without nulls)",
            detail: "InvalidPropertyType")
    }
}
