// Nodes and relationships as queries see them.

/// A node (entity version) as seen by a query.
///
/// Two node values are the same node when they name the same entity; properties are a snapshot of the
/// version that was matched (the executor refreshes them after writes in the same statement).
///
/// The fields live in one shared, copy-on-write box: rows, lists and bindings copy node values all the
/// time, and a copy is then one reference instead of eighty bytes and four references.
public struct NodeValue: Sendable {
    private final class Box: @unchecked Sendable {
        // Mutated only through `NodeValue.unique()`, which copies a shared box first.
        var id: String
        var labels: [String]
        var properties: [String: QueryValue]
        var geometry: String?
        var validFrom: Int64
        var validTo: Int64
        var systemFrom: Int64
        var systemTo: Int64
        var isPartial = false
        var known: KnownVersion?

        init(
            id: String, labels: [String], properties: [String: QueryValue], geometry: String?, validFrom: Int64,
            validTo: Int64, systemFrom: Int64, systemTo: Int64
        ) {
            self.id = id
            self.labels = labels
            self.properties = properties
            self.geometry = geometry
            self.validFrom = validFrom
            self.validTo = validTo
            self.systemFrom = systemFrom
            self.systemTo = systemTo
        }

        func copy() -> Box {
            let box = Box(
                id: id, labels: labels, properties: properties, geometry: geometry, validFrom: validFrom,
                validTo: validTo, systemFrom: systemFrom, systemTo: systemTo)
            box.isPartial = isPartial
            box.known = known
            return box
        }
    }

    private var box: Box

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
    }

    /// The entity's external id.
    public var id: String {
        get { box.id }
        set {
            unique()
            box.id = newValue
        }
    }
    /// Its labels, sorted.
    public var labels: [String] {
        get { box.labels }
        set {
            unique()
            box.labels = newValue
        }
    }
    /// Its properties.
    public var properties: [String: QueryValue] {
        get { box.properties }
        set {
            unique()
            box.properties = newValue
        }
    }
    /// Its geometry as GeoJSON text, when it has one.
    public var geometry: String? {
        get { box.geometry }
        set {
            unique()
            box.geometry = newValue
        }
    }
    /// The matched version's valid-time interval `[from, to)` in microseconds.
    public var validFrom: Int64 {
        get { box.validFrom }
        set {
            unique()
            box.validFrom = newValue
        }
    }
    public var validTo: Int64 {
        get { box.validTo }
        set {
            unique()
            box.validTo = newValue
        }
    }
    /// The matched version's system-time interval `[from, to)` in microseconds.
    public var systemFrom: Int64 {
        get { box.systemFrom }
        set {
            unique()
            box.systemFrom = newValue
        }
    }
    public var systemTo: Int64 {
        get { box.systemTo }
        set {
            unique()
            box.systemTo = newValue
        }
    }
    /// Whether properties and geometry are still to be read (a node found through an index).
    var isPartial: Bool {
        get { box.isPartial }
        set {
            unique()
            box.isPartial = newValue
        }
    }
    /// What the spatial index told about this version, for nodes it found.
    var known: KnownVersion? {
        get { box.known }
        set {
            unique()
            box.known = newValue
        }
    }

    public init(
        id: String, labels: [String], properties: [String: QueryValue], geometry: String? = nil,
        validFrom: Int64 = Int64.min, validTo: Int64 = Int64.max, systemFrom: Int64 = Int64.min,
        systemTo: Int64 = Int64.max
    ) {
        box = Box(
            id: id, labels: labels, properties: properties, geometry: geometry, validFrom: validFrom,
            validTo: validTo, systemFrom: systemFrom, systemTo: systemTo)
    }

    /// A node found through an index: its properties and geometry are still to be read; `known` is what the
    /// index told about the version.
    init(
        partial id: String, labels: [String], validFrom: Int64, validTo: Int64, systemFrom: Int64, systemTo: Int64,
        known: KnownVersion
    ) {
        box = Box(
            id: id, labels: labels, properties: [:], geometry: nil, validFrom: validFrom, validTo: validTo,
            systemFrom: systemFrom, systemTo: systemTo)
        box.isPartial = true
        box.known = known
    }
}

/// A relationship (edge version) as seen by a query, in a shared copy-on-write box like ``NodeValue``.
public struct RelationshipValue: Sendable {
    private final class Box: @unchecked Sendable {
        // Mutated only through `RelationshipValue.unique()`, which copies a shared box first.
        var id: String
        var type: String
        var start: String
        var end: String
        var properties: [String: QueryValue]
        var validFrom: Int64
        var validTo: Int64
        var systemFrom: Int64
        var systemTo: Int64

        init(
            id: String, type: String, start: String, end: String, properties: [String: QueryValue],
            validFrom: Int64, validTo: Int64, systemFrom: Int64, systemTo: Int64
        ) {
            self.id = id
            self.type = type
            self.start = start
            self.end = end
            self.properties = properties
            self.validFrom = validFrom
            self.validTo = validTo
            self.systemFrom = systemFrom
            self.systemTo = systemTo
        }

        func copy() -> Box {
            Box(
                id: id, type: type, start: start, end: end, properties: properties, validFrom: validFrom,
                validTo: validTo, systemFrom: systemFrom, systemTo: systemTo)
        }
    }

    private var box: Box

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
    }

    /// The edge's external id.
    public var id: String {
        get { box.id }
        set {
            unique()
            box.id = newValue
        }
    }
    /// Its relation type.
    public var type: String {
        get { box.type }
        set {
            unique()
            box.type = newValue
        }
    }
    /// The external id of its source entity.
    public var start: String {
        get { box.start }
        set {
            unique()
            box.start = newValue
        }
    }
    /// The external id of its target entity.
    public var end: String {
        get { box.end }
        set {
            unique()
            box.end = newValue
        }
    }
    /// Its properties.
    public var properties: [String: QueryValue] {
        get { box.properties }
        set {
            unique()
            box.properties = newValue
        }
    }
    public var validFrom: Int64 {
        get { box.validFrom }
        set {
            unique()
            box.validFrom = newValue
        }
    }
    public var validTo: Int64 {
        get { box.validTo }
        set {
            unique()
            box.validTo = newValue
        }
    }
    public var systemFrom: Int64 {
        get { box.systemFrom }
        set {
            unique()
            box.systemFrom = newValue
        }
    }
    public var systemTo: Int64 {
        get { box.systemTo }
        set {
            unique()
            box.systemTo = newValue
        }
    }

    public init(
        id: String, type: String, start: String, end: String, properties: [String: QueryValue],
        validFrom: Int64 = Int64.min, validTo: Int64 = Int64.max, systemFrom: Int64 = Int64.min,
        systemTo: Int64 = Int64.max
    ) {
        box = Box(
            id: id, type: type, start: start, end: end, properties: properties, validFrom: validFrom,
            validTo: validTo, systemFrom: systemFrom, systemTo: systemTo)
    }
}

// Graph elements are equal when they are the same element version.
extension NodeValue: Hashable {
    public static func == (a: NodeValue, b: NodeValue) -> Bool {
        a.id == b.id && a.validFrom == b.validFrom && a.systemFrom == b.systemFrom
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension RelationshipValue: Hashable {
    public static func == (a: RelationshipValue, b: RelationshipValue) -> Bool {
        a.id == b.id && a.validFrom == b.validFrom && a.systemFrom == b.systemFrom
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
