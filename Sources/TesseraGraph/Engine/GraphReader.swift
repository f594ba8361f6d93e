import TesseraCore
import TesseraStorage

/// Reads the graph, optionally through one snapshot so that several reads see the same commit.
///
/// Valid time defaults to now; system time defaults to the latest belief. Obtain one with
/// ``Graph/reader(consistent:)``; ``Graph`` itself offers the same reads without a snapshot.
public struct GraphReader {
    let graph: Graph
    let snapshot: Snapshot?

    init(graph: Graph, snapshot: Snapshot?) {
        self.graph = graph
        self.snapshot = snapshot
    }

    var store: Store { graph.store }

    /// The internal id of an external entity id, if the entity was ever written.
    func entityId(_ name: String) throws(GraphError) -> UInt64? {
        do {
            guard let bytes = try store.get(Keys.entityIdByName(name), snapshot: snapshot) else { return nil }
            var reader = ByteReader(bytes, context: "entity id")
            return try reader.readFixed64()
        } catch let error as StorageError {
            throw GraphError.wrap(error)
        } catch let error as CorruptionError {
            throw GraphError.wrap(error)
        } catch {
            throw GraphError(.storage, "\(error)")
        }
    }

    /// The version of entity `id` valid at `validAt` (default: now) as believed at `system`.
    public func entity(_ id: String, validAt: Int64? = nil, system: SystemTimePin = .latest) throws(GraphError)
        -> EntityVersion?
    {
        guard let internalId = try entityId(id) else { return nil }
        let instant = validAt ?? Time.nowMicros()
        if system == .latest, let head = try head(internalId) {
            if head.validFrom <= instant {
                guard instant < head.validTo else { return nil }
                return try version(
                    id, validFrom: head.validFrom, systemFrom: head.systemFrom, validTo: head.validTo,
                    systemTo: Time.forever, content: head.content)
            }
        }
        let cursor = store.cursor(
            from: Keys.entityVersionSeek(internalId, validAt: instant),
            to: Keys.entityPrefix(.entityVersions, internalId + 1), snapshot: snapshot)
        cursor.seekToFirst()
        while cursor.isValid {
            let value = cursor.value
            let record: (validTo: Int64, systemTo: Int64, content: EntityContent)
            do { record = try EntityRecordCodec.decode(value) } catch { throw GraphError.wrap(error) }
            let times = try CommitContext.decodeTimes(cursor.key, offset: 9)
            if instant < record.validTo && system.admits(systemFrom: times.systemFrom, systemTo: record.systemTo) {
                return try version(
                    id, validFrom: times.validFrom, systemFrom: times.systemFrom, validTo: record.validTo,
                    systemTo: record.systemTo, content: record.content)
            }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return nil
    }

    private func head(_ id: UInt64) throws(GraphError)
        -> (validFrom: Int64, systemFrom: Int64, validTo: Int64, content: EntityContent)?
    {
        do {
            guard let bytes = try store.get(Keys.entityHead(id), snapshot: snapshot) else { return nil }
            var reader = ByteReader(bytes, context: "entity head")
            let validFrom = Int64(bitPattern: try reader.readFixed64())
            let systemFrom = Int64(bitPattern: try reader.readFixed64())
            let record = try EntityRecordCodec.decode(Array(bytes[16...]))
            return (validFrom, systemFrom, record.validTo, record.content)
        } catch let error as StorageError {
            throw GraphError.wrap(error)
        } catch let error as CorruptionError {
            throw GraphError.wrap(error)
        } catch {
            throw GraphError(.storage, "\(error)")
        }
    }

    func version(
        _ id: String, validFrom: Int64, systemFrom: Int64, validTo: Int64, systemTo: Int64, content: EntityContent
    ) throws(GraphError) -> EntityVersion {
        let body: (properties: [String: Value], geometry: String?)
        do { body = try content.decodeBody() } catch { throw GraphError.wrap(error) }
        return EntityVersion(
            id: id, labels: graph.labelNames(content.labels), properties: body.properties, geometry: body.geometry,
            valid: TimeInterval64(from: validFrom, to: validTo), system: TimeInterval64(from: systemFrom, to: systemTo))
    }

    /// Every version of entity `id` on both time axes, ordered by valid-from, then system-from.
    public func history(of id: String) throws(GraphError) -> [EntityVersion] {
        guard let internalId = try entityId(id) else { return [] }
        var versions: [EntityVersion] = []
        let prefix = Keys.entityPrefix(.entityVersions, internalId)
        let cursor = store.cursor(from: prefix, to: prefix.prefixSuccessor(), snapshot: snapshot)
        cursor.seekToLast()
        while cursor.isValid {
            let record: (validTo: Int64, systemTo: Int64, content: EntityContent)
            do { record = try EntityRecordCodec.decode(cursor.value) } catch { throw GraphError.wrap(error) }
            let times = try CommitContext.decodeTimes(cursor.key, offset: 9)
            versions.append(
                try version(
                    id, validFrom: times.validFrom, systemFrom: times.systemFrom, validTo: record.validTo,
                    systemTo: record.systemTo, content: record.content))
            cursor.previous()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return versions
    }
}

extension Graph {
    /// A reader; with `consistent` (the default) all its reads see the same commit.
    public func reader(consistent: Bool = true) -> GraphReader {
        GraphReader(graph: self, snapshot: consistent ? store.snapshot() : nil)
    }

    /// The version of entity `id` valid at `validAt` (default: now) as believed at `system`.
    public func entity(_ id: String, validAt: Int64? = nil, system: SystemTimePin = .latest) throws(GraphError)
        -> EntityVersion?
    {
        try GraphReader(graph: self, snapshot: nil).entity(id, validAt: validAt, system: system)
    }

    /// Every version of entity `id` on both time axes.
    public func history(of id: String) throws(GraphError) -> [EntityVersion] {
        try GraphReader(graph: self, snapshot: nil).history(of: id)
    }
}
