import TesseraQuery

/// How result values without a TCK syntax of their own are written in expected tables.
public enum TCKValueRendering {
    /// The string the TCK writes for a temporal value (`'2015-07-21'`), or nil when `value` is not temporal.
    public static func temporalString(_ value: QueryValue) -> String? {
        value.temporalText
    }
}

/// How two values are compared.
public struct TCKMatchOptions: Sendable {
    /// Compare lists as multisets (the "ignoring element order for lists" variant).
    public var ignoresListOrder: Bool

    /// Creates options; lists compare in order by default.
    public init(ignoresListOrder: Bool = false) {
        self.ignoresListOrder = ignoresListOrder
    }
}

extension TCKValue {
    /// Whether a query result value is the value the TCK expects.
    ///
    /// Integers never equal floats; floats compare exactly except that NaN matches NaN; nodes compare by
    /// label set and properties, relationships by type and properties, paths element by element and
    /// direction; a temporal value matches the string ``TCKValueRendering/temporalString(_:)`` gives it.
    public func matches(_ actual: QueryValue, options: TCKMatchOptions = TCKMatchOptions()) -> Bool {
        switch (self, actual) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.string(let x), _): return TCKValueRendering.temporalString(actual).map { $0 == x } ?? false
        case (.list(let x), .list(let y)): return Self.matches(x, y, options: options)
        case (.map(let x), .map(let y)): return Self.matches(x, y, options: options)
        case (.node(let x), .node(let y)): return x.matches(y, options: options)
        case (.relationship(let x), .relationship(let y)): return x.matches(y, options: options)
        case (.path(let x), .path(let y)): return x.matches(y, options: options)
        default: return false
        }
    }

    static func matches(_ expected: [TCKValue], _ actual: [QueryValue], options: TCKMatchOptions) -> Bool {
        guard expected.count == actual.count else { return false }
        guard options.ignoresListOrder else {
            return zip(expected, actual).allSatisfy { $0.matches($1, options: options) }
        }
        return TCKValue.matchesUnordered(expected, actual) { $0.matches($1, options: options) }
    }

    static func matches(_ expected: [String: TCKValue], _ actual: [String: QueryValue], options: TCKMatchOptions)
        -> Bool
    {
        guard expected.count == actual.count else { return false }
        return expected.allSatisfy { key, value in actual[key].map { value.matches($0, options: options) } ?? false }
    }

    /// Whether every expected item pairs with a distinct actual item (both sides the same size).
    static func matchesUnordered<Expected, Actual>(
        _ expected: [Expected], _ actual: [Actual], _ match: (Expected, Actual) -> Bool
    ) -> Bool {
        guard expected.count == actual.count else { return false }
        // Matching is an equivalence, so pairing each expected item with the first free match is enough.
        var used = [Bool](repeating: false, count: actual.count)
        for item in expected {
            guard let index = actual.indices.first(where: { !used[$0] && match(item, actual[$0]) }) else {
                return false
            }
            used[index] = true
        }
        return true
    }
}

extension TCKNode {
    /// Whether a result node has these labels (as a set) and exactly these properties.
    public func matches(_ node: NodeValue, options: TCKMatchOptions = TCKMatchOptions()) -> Bool {
        Set(labels) == Set(node.labels) && labels.count == Set(labels).count
            && TCKValue.matches(properties, node.properties, options: options)
    }
}

extension TCKRelationship {
    /// Whether a result relationship has this type and exactly these properties.
    public func matches(_ relationship: RelationshipValue, options: TCKMatchOptions = TCKMatchOptions()) -> Bool {
        type == relationship.type && TCKValue.matches(properties, relationship.properties, options: options)
    }
}

extension TCKPath {
    /// Whether a result path has the same nodes and relationships, in order, each traversed as written.
    public func matches(_ path: PathValue, options: TCKMatchOptions = TCKMatchOptions()) -> Bool {
        guard path.nodes.count == steps.count + 1, path.relationships.count == steps.count,
            start.matches(path.nodes[0], options: options)
        else { return false }
        for (index, step) in steps.enumerated() {
            let relationship = path.relationships[index]
            let from = path.nodes[index].id
            let to = path.nodes[index + 1].id
            let directed =
                step.isForward ? (relationship.start, relationship.end) : (relationship.end, relationship.start)
            guard directed == (from, to), step.relationship.matches(relationship, options: options),
                step.node.matches(path.nodes[index + 1], options: options)
            else { return false }
        }
        return true
    }
}

/// A TCK value given as a query parameter that has no query value (graph elements cannot be parameters).
public struct TCKParameterError: Error, Sendable, CustomStringConvertible {
    /// The value that cannot be passed.
    public var value: TCKValue

    /// What cannot be passed.
    public var description: String { "\(value) cannot be passed as a parameter" }
}

extension TCKValue {
    /// The query value for a parameter.
    public func queryValue() throws(TCKParameterError) -> QueryValue {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .float(let value): return .float(value)
        case .string(let value): return .string(value)
        case .list(let values):
            var items: [QueryValue] = []
            for value in values { items.append(try value.queryValue()) }
            return .list(items)
        case .map(let entries):
            var converted: [String: QueryValue] = [:]
            for (key, value) in entries { converted[key] = try value.queryValue() }
            return .map(converted)
        case .node, .relationship, .path: throw TCKParameterError(value: self)
        }
    }
}
