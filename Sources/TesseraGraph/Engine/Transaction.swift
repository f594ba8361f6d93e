import TesseraCore

/// A group of writes committed atomically by ``Graph/commit(_:durability:)`` with one system time.
///
/// Every write asserts or retracts content over a half-open valid-time interval `[validFrom, validTo)`:
/// - `putEntity` makes the given content the believed state over the interval; believed versions that
///   overlap it are ended (in system time) and their parts outside the interval are kept as new versions.
///   Omitting `validTo` means "from `validFrom` on", which is how an upsert ends the previous version.
/// - `deleteEntity` retracts the entity over the interval, and with it every edge that touches it there.
/// - edges behave the same; an edge's endpoints must exist at its `validFrom`.
/// A write that would not change the believed state (the same content already covers the interval)
/// is a no-op, so loading the same data twice changes nothing.
public struct Transaction: Sendable {
    enum Operation: Sendable {
        case putEntity(
            name: String, labels: [String], properties: [UInt8], geometry: [UInt8]?, bounds: SpatialBounds?,
            valid: TimeInterval64)
        case deleteEntity(name: String, valid: TimeInterval64)
        case putEdge(name: String, from: String, to: String, type: String, properties: [UInt8], valid: TimeInterval64)
        case deleteEdge(name: String, valid: TimeInterval64)
    }

    var operations: [Operation] = []

    /// Creates an empty transaction.
    public init() {}

    /// The number of writes.
    public var count: Int { operations.count }

    /// Asserts an entity's labels, properties and geometry (GeoJSON text) over `[validFrom, validTo)`.
    public mutating func putEntity(
        _ id: String, labels: [String], properties: [String: Value] = [:], geometry: String? = nil,
        validFrom: Int64, validTo: Int64 = Time.forever
    ) throws(GraphError) {
        try Validation.id(id, "entity")
        let interval = try Validation.interval(validFrom, validTo)
        for label in labels { try Validation.name(label, "label") }
        guard labels.count <= GraphLimits.maxLabels else {
            throw GraphError(.invalidName, "entity \(id) has \(labels.count) labels; at most \(GraphLimits.maxLabels)")
        }
        var geometryBytes: [UInt8]?
        var bounds: SpatialBounds?
        if let geometry {
            geometryBytes = Array(geometry.utf8)
            bounds = try GeoJSONCheck.validate(geometryBytes ?? [])
            _ = try GeometryValidator().check(geometryBytes ?? [])
        }
        var writer = ByteWriter()
        ValueCodec.encodeMap(properties, into: &writer)
        operations.append(
            .putEntity(
                name: id, labels: labels, properties: writer.bytes, geometry: geometryBytes, bounds: bounds,
                valid: interval))
    }

    /// Retracts an entity (and the edges touching it) over `[validFrom, validTo)`.
    public mutating func deleteEntity(_ id: String, validFrom: Int64, validTo: Int64 = Time.forever) throws(GraphError)
    {
        try Validation.id(id, "entity")
        operations.append(.deleteEntity(name: id, valid: try Validation.interval(validFrom, validTo)))
    }

    /// Asserts an edge `from -[type]-> to` with properties over `[validFrom, validTo)`.
    public mutating func putEdge(
        _ id: String, from: String, to: String, type: String, properties: [String: Value] = [:],
        validFrom: Int64, validTo: Int64 = Time.forever
    ) throws(GraphError) {
        try Validation.id(id, "edge")
        try Validation.id(from, "source entity")
        try Validation.id(to, "target entity")
        try Validation.name(type, "relation type")
        var writer = ByteWriter()
        ValueCodec.encodeMap(properties, into: &writer)
        operations.append(
            .putEdge(
                name: id, from: from, to: to, type: type, properties: writer.bytes,
                valid: try Validation.interval(validFrom, validTo)))
    }

    /// Retracts an edge over `[validFrom, validTo)`.
    public mutating func deleteEdge(_ id: String, validFrom: Int64, validTo: Int64 = Time.forever) throws(GraphError) {
        try Validation.id(id, "edge")
        operations.append(.deleteEdge(name: id, valid: try Validation.interval(validFrom, validTo)))
    }
}

/// Checks shared by the API and the loader.
enum Validation {
    static func id(_ id: String, _ what: String) throws(GraphError) {
        let count = id.utf8.count
        guard count > 0 else { throw GraphError(.invalidId, "\(what) id is empty") }
        guard count <= GraphLimits.maxIdBytes else {
            throw GraphError(.invalidId, "\(what) id is \(count) bytes long; at most \(GraphLimits.maxIdBytes)")
        }
    }

    static func name(_ name: String, _ what: String) throws(GraphError) {
        let count = name.utf8.count
        guard count > 0, count <= GraphLimits.maxNameBytes else {
            throw GraphError(.invalidName, "\(what) must be 1-\(GraphLimits.maxNameBytes) bytes, got \(count)")
        }
    }

    static func interval(_ from: Int64, _ to: Int64) throws(GraphError) -> TimeInterval64 {
        guard from < to else {
            throw GraphError(
                .invalidInterval,
                "valid-time interval [\(Time.format(from)), \(Time.format(to))) is empty: validFrom must be before validTo"
            )
        }
        guard from != Time.beginning else {
            throw GraphError(.invalidInterval, "validFrom must be a real instant")
        }
        return TimeInterval64(from: from, to: to)
    }
}
