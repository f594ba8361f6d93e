/// A value as written in the TCK's expected result tables and parameter tables.
///
/// Graph elements carry only what the TCK writes down: labels or type, and properties.
public indirect enum TCKValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer (`-1`, `0x1F`).
    case int(Int64)
    /// A float (`1.5`, `1e10`, `NaN`, `Inf`).
    case float(Double)
    /// A `'string'`.
    case string(String)
    /// A `[list]`.
    case list([TCKValue])
    /// A `{key: value}` map.
    case map([String: TCKValue])
    /// A node.
    case node(TCKNode)
    /// A relationship.
    case relationship(TCKRelationship)
    /// A path.
    case path(TCKPath)

    /// Structural equality, except that NaN equals NaN (the TCK writes `NaN` for an expected NaN).
    public static func == (a: TCKValue, b: TCKValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x == y
        case (.map(let x), .map(let y)): return x == y
        case (.node(let x), .node(let y)): return x == y
        case (.relationship(let x), .relationship(let y)): return x == y
        case (.path(let x), .path(let y)): return x == y
        default: return false
        }
    }
}

/// A node in TCK syntax: `(:A:B {k: v})`.
public struct TCKNode: Sendable, Equatable {
    /// Its labels in written order.
    public var labels: [String]
    /// Its properties.
    public var properties: [String: TCKValue]

    /// Creates a node.
    public init(labels: [String] = [], properties: [String: TCKValue] = [:]) {
        self.labels = labels
        self.properties = properties
    }
}

/// A relationship in TCK syntax: `[:T {k: v}]`.
public struct TCKRelationship: Sendable, Equatable {
    /// Its type.
    public var type: String
    /// Its properties.
    public var properties: [String: TCKValue]

    /// Creates a relationship.
    public init(type: String, properties: [String: TCKValue] = [:]) {
        self.type = type
        self.properties = properties
    }
}

/// A path in TCK syntax: `<(:A)-[:T]->(:B)<-[:U]-()>`.
public struct TCKPath: Sendable, Equatable {
    /// One hop of a path: the relationship, its direction as written, and the node it leads to.
    public struct Step: Sendable, Equatable {
        /// The relationship.
        public var relationship: TCKRelationship
        /// True for `-[..]->` (the relationship starts at the previous node), false for `<-[..]-`.
        public var isForward: Bool
        /// The node reached.
        public var node: TCKNode

        /// Creates a hop.
        public init(relationship: TCKRelationship, isForward: Bool, node: TCKNode) {
            self.relationship = relationship
            self.isForward = isForward
            self.node = node
        }
    }

    /// The first node.
    public var start: TCKNode
    /// The hops after it.
    public var steps: [Step]

    /// Creates a path.
    public init(start: TCKNode, steps: [Step] = []) {
        self.start = start
        self.steps = steps
    }
}

extension TCKValue: CustomStringConvertible {
    /// The value in TCK syntax.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .float(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
            return String(value)
        case .string(let value): return "'" + TCKValue.escape(value) + "'"
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries): return TCKValue.describe(entries)
        case .node(let node): return node.description
        case .relationship(let relationship): return relationship.description
        case .path(let path): return path.description
        }
    }

    static func escape(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("'", with: "\\'")
    }

    static func describe(_ entries: [String: TCKValue]) -> String {
        "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }
}

extension TCKNode: CustomStringConvertible {
    /// The node in TCK syntax.
    public var description: String {
        let labelText = labels.map { ":" + $0 }.joined()
        let propertyText = properties.isEmpty ? "" : (labelText.isEmpty ? "" : " ") + TCKValue.describe(properties)
        return "(" + labelText + propertyText + ")"
    }
}

extension TCKRelationship: CustomStringConvertible {
    /// The relationship in TCK syntax.
    public var description: String {
        "[:" + type + (properties.isEmpty ? "" : " " + TCKValue.describe(properties)) + "]"
    }
}

extension TCKPath: CustomStringConvertible {
    /// The path in TCK syntax.
    public var description: String {
        var text = "<" + start.description
        for step in steps {
            text += step.isForward ? "-\(step.relationship)->" : "<-\(step.relationship)-"
            text += step.node.description
        }
        return text + ">"
    }
}
