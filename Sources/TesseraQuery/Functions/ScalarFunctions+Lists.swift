/// Conversion, list, map, null-handling and graph-accessor functions.
extension ScalarFunctions {
    /// The most elements `range()` may produce.
    static let rangeLimit: Int64 = 10_000_000

    // MARK: - Conversion

    static func callConversion(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        let value = arguments[0]
        switch name {
        case "tointeger": return try convert(value, name, toInteger)
        case "tofloat": return try convert(value, name, toFloat)
        case "toboolean": return try convert(value, name, toBoolean)
        case "tostring": return try convert(value, name, toText)
        case "tointegerornull": return toIntegerOrNil(value) ?? .null
        case "tofloatornull": return toFloat(value) ?? .null
        case "tobooleanornull": return toBoolean(value) ?? .null
        case "tostringornull": return toText(value) ?? .null
        case "tointegerlist": return try convertList(value, name, toIntegerOrNil)
        case "tofloatlist": return try convertList(value, name, toFloat)
        case "tobooleanlist": return try convertList(value, name, toBoolean)
        case "tostringlist": return try convertList(value, name, toText)
        default: return nil
        }
    }

    /// Applies a conversion: null stays null, an unconvertible string gives null, any other unconvertible value
    /// raises a TypeError (InvalidArgumentValue).
    private static func convert(
        _ value: QueryValue, _ name: String, _ conversion: (QueryValue) throws(QueryError) -> QueryValue?
    ) throws(QueryError) -> QueryValue {
        if let converted = try conversion(value) { return converted }
        if case .string = value { return .null }
        if value.isNull { return .null }
        throw QueryError.type(
            "\(name)() cannot convert \(value.typeName) \(value.render())", detail: "InvalidArgumentValue")
    }

    /// Converts every element of a list, null for elements that do not convert.
    private static func convertList(
        _ value: QueryValue, _ name: String, _ conversion: (QueryValue) throws(QueryError) -> QueryValue?
    ) throws(QueryError) -> QueryValue {
        guard let items = try list(value, name) else { return .null }
        var converted: [QueryValue] = []
        converted.reserveCapacity(items.count)
        for item in items { converted.append(try conversion(item) ?? .null) }
        return .list(converted)
    }

    /// Integers, floats (truncated), booleans (1, 0) and numeric strings; nil otherwise. A float outside the
    /// integer range raises NumberOutOfRange.
    static func toInteger(_ value: QueryValue) throws(QueryError) -> QueryValue? {
        switch value {
        case .int: return value
        case .bool(let flag): return .int(flag ? 1 : 0)
        case .float(let x): return try truncate(x)
        case .string(let text):
            let trimmed = text.trimmingWhitespace()
            if let number = Int64(trimmed) { return .int(number) }
            guard let number = Double(trimmed), number.isFinite else { return nil }
            return try truncate(number)
        default: return nil
        }
    }

    /// ``toInteger(_:)`` with nil instead of an error.
    static func toIntegerOrNil(_ value: QueryValue) -> QueryValue? { (try? toInteger(value)) ?? nil }

    private static func truncate(_ x: Double) throws(QueryError) -> QueryValue? {
        guard !x.isNaN else { return nil }
        guard let number = Int64(exactly: x.rounded(.towardZero)) else {
            throw QueryError.argument(
                "\(QueryValue.renderFloat(x)) is out of the integer range", detail: "NumberOutOfRange")
        }
        return .int(number)
    }

    /// Floats, integers and numeric strings; nil otherwise.
    static func toFloat(_ value: QueryValue) -> QueryValue? {
        switch value {
        case .float: value
        case .int(let x): .float(Double(x))
        case .string(let text): Double(text.trimmingWhitespace()).map { .float($0) }
        default: nil
        }
    }

    /// Booleans, integers (0 is false) and the strings `true` / `false` in any case; nil otherwise.
    static func toBoolean(_ value: QueryValue) -> QueryValue? {
        switch value {
        case .bool: return value
        case .int(let x): return .bool(x != 0)
        case .string(let text):
            switch text.trimmingWhitespace().lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        default: return nil
        }
    }

    /// Strings, numbers, booleans, temporal values and points as text; nil otherwise.
    static func toText(_ value: QueryValue) -> QueryValue? {
        switch value {
        case .string: return value
        case .int, .float, .bool, .point: return .string(value.render())
        case .date, .localTime, .time, .localDateTime, .dateTime, .duration:
            return TemporalFunctions.format(value).map { .string($0) }
        default: return nil
        }
    }

    // MARK: - Lists and maps

    static func callList(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        let value = arguments[0]
        switch name {
        case "size":
            switch value {
            case .null: return .null
            case .string(let text): return .int(Int64(text.unicodeScalars.count))
            case .list(let items): return .int(Int64(items.count))
            default: throw wrongType(name, value, expected: "a string or a list")
            }
        case "head": return try list(value, name).map { $0.first ?? .null } ?? .null
        case "last": return try list(value, name).map { $0.last ?? .null } ?? .null
        case "tail": return try list(value, name).map { .list(Array($0.dropFirst())) } ?? .null
        case "reverse":
            switch value {
            case .null: return .null
            case .string(let text): return .string(makeString(text.unicodeScalars.reversed()))
            case .list(let items): return .list(items.reversed())
            default: throw wrongType(name, value, expected: "a string or a list")
            }
        case "isempty":
            switch value {
            case .null: return .null
            case .string(let text): return .bool(text.isEmpty)
            case .list(let items): return .bool(items.isEmpty)
            case .map(let entries): return .bool(entries.isEmpty)
            default: throw wrongType(name, value, expected: "a string, a list or a map")
            }
        case "range": return try range(arguments)
        case "coalesce": return arguments.first { !$0.isNull } ?? .null
        case "nullif": return QueryValue.equals(arguments[0], arguments[1]) == true ? .null : arguments[0]
        case "valuetype": return .string(value.isNull ? "NULL" : value.typeName + " NOT NULL")
        default: return nil
        }
    }

    /// `range(start, end[, step])`: the integers from `start` to `end` inclusive.
    private static func range(_ arguments: [QueryValue]) throws(QueryError) -> QueryValue {
        var bounds: [Int64] = []
        for argument in arguments {
            guard case .int(let number) = argument else {
                if argument.isNull { return .null }
                throw QueryError.argument(
                    "range() expects integer arguments, got \(argument.typeName) \(argument.render())",
                    detail: "InvalidArgumentType")
            }
            bounds.append(number)
        }
        let start = bounds[0]
        let end = bounds[1]
        let step = bounds.count == 3 ? bounds[2] : 1
        guard step != 0 else { throw QueryError.argument("range() needs a non-zero step", detail: "NumberOutOfRange") }
        guard step > 0 ? start <= end : start >= end else { return .list([]) }
        let span = step > 0 ? end.subtractingReportingOverflow(start) : start.subtractingReportingOverflow(end)
        let magnitude = step.magnitude
        let count = span.overflow ? UInt64.max : UInt64(span.partialValue) / magnitude + 1
        guard count <= UInt64(rangeLimit) else {
            throw QueryError(
                .runtime, .limitExceeded, "range() would produce \(count) elements; at most \(rangeLimit) are allowed")
        }
        var items: [QueryValue] = []
        items.reserveCapacity(Int(count))
        var current = start
        for index in 0..<count {
            items.append(.int(current))
            if index + 1 < count { current &+= step }
        }
        return .list(items)
    }

    // MARK: - Graph elements

    static func callGraph(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        let value = arguments[0]
        if value.isNull { return .null }
        switch (name, value) {
        case ("keys", .map(let entries)): return keyList(entries)
        case ("keys", .node(let node)): return keyList(node.properties)
        case ("keys", .relationship(let relationship)): return keyList(relationship.properties)
        case ("properties", .map): return value
        case ("properties", .node(let node)): return .map(node.properties)
        case ("properties", .relationship(let relationship)): return .map(relationship.properties)
        case ("labels", .node(let node)): return .list(node.labels.map { .string($0) })
        case ("type", .relationship(let relationship)): return .string(relationship.type)
        case ("id", .node(let node)): return .int(numericID(node.id))
        case ("id", .relationship(let relationship)): return .int(numericID(relationship.id))
        case ("elementid", .node(let node)): return .string(node.id)
        case ("elementid", .relationship(let relationship)): return .string(relationship.id)
        case ("length", .path(let path)): return .int(Int64(path.relationships.count))
        case ("nodes", .path(let path)): return .list(path.nodes.map { .node($0) })
        case ("relationships", .path(let path)): return .list(path.relationships.map { .relationship($0) })
        default:
            let expected: [String: String] = [
                "keys": "a map, a node or a relationship", "properties": "a map, a node or a relationship",
                "labels": "a node", "type": "a relationship", "id": "a node or a relationship",
                "elementid": "a node or a relationship", "length": "a path", "nodes": "a path",
                "relationships": "a path",
            ]
            guard let accepted = expected[name] else { return nil }
            throw wrongType(name, value, expected: accepted)
        }
    }

    private static func keyList(_ entries: [String: QueryValue]) -> QueryValue {
        .list(entries.keys.sorted().map { .string($0) })
    }

    /// `id()`: a stable, non-negative 64-bit number derived from the external id (FNV-1a of its UTF-8 bytes).
    /// Distinct elements can share a number, rarely; `elementId()` is the exact identity.
    static func numericID(_ externalID: String) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in externalID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash & UInt64(Int64.max))
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
        return ScalarFunctions.makeString(scalars)
    }
}
