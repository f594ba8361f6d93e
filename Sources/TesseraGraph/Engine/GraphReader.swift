import Synchronization
import TesseraCore
import TesseraStorage

/// Reads the graph, optionally through one snapshot so that several reads see the same commit.
///
/// Valid time defaults to now; system time defaults to the latest belief. Obtain one with
/// ``Graph/reader(consistent:)``; ``Graph`` itself offers the same reads without a snapshot.
public struct GraphReader {
    let graph: Graph
    let snapshot: Snapshot?
    /// Short scans share a cursor: the reader's own for a snapshot, the graph's for the latest state.
    let cursors: CursorPool
    /// The snapshot's commit count once known (it never changes for a snapshot).
    let snapshotCommits = Remembered<Int64>()

    init(graph: Graph, snapshot: Snapshot?) {
        self.graph = graph
        self.snapshot = snapshot
        cursors = snapshot == nil ? graph.latestCursors : CursorPool()
    }

    var store: Store { graph.store }

    /// The internal id of an external entity id, if the entity was ever written.
    ///
    /// Internal ids never change once written, so resolved ids are cached for every reader.
    func entityId(_ name: String) throws(GraphError) -> UInt64? {
        if let cached = graph.resolvedIds.withLock({ $0[name] }) { return cached }
        do {
            guard let bytes = try store.get(Keys.entityIdByName(name), snapshot: snapshot) else { return nil }
            var reader = ByteReader(bytes, context: "entity id")
            let id = try reader.readFixed64()
            graph.resolvedIds.withLock { cache in
                if cache.count >= Graph.resolvedIdCapacity { cache.removeAll(keepingCapacity: true) }
                cache[name] = id
            }
            return id
        } catch {
            throw GraphError.wrap(error)
        }
    }

    /// The version of entity `id` valid at `validAt` (default: now) as believed at `system`.
    public func entity(_ id: String, validAt: Int64? = nil, system: SystemTimePin = .latest) throws(GraphError)
        -> EntityVersion?
    {
        let instant = validAt ?? Time.nowMicros()
        var internalId: UInt64
        if let head = try head(of: id) {
            internalId = head.internalId
            if system == .latest && head.validFrom <= instant {
                let version = try head.version(id, catalog: graph.catalog.withLock { $0 })
                return instant < version.valid.to ? version : nil
            }
        } else {
            // No believed version at all: nothing is valid in the latest belief.
            if system == .latest { return nil }
            guard let known = try entityId(id) else { return nil }
            internalId = known
        }
        return try version(of: internalId, named: id, validAt: instant, system: system)
    }

    /// How many commits the database had taken when this reader's snapshot was made (the latest state's
    /// count for a reader without a snapshot).
    public func commitCount() throws(GraphError) -> Int64 {
        guard snapshot != nil else { return try engineState().commitCount }
        if let known = snapshotCommits.value { return known }
        let count = try engineState().commitCount
        snapshotCommits.value = count
        return count
    }

    /// The engine state record as of this reader.
    func engineState() throws(GraphError) -> WriterState {
        do {
            guard let bytes = try store.get(WriterState.key, snapshot: snapshot) else { return WriterState() }
            return try WriterState.decode(bytes)
        } catch {
            throw GraphError.wrap(error)
        }
    }

    /// Whether some entity version may carry a stored property named `id` other than its external id, which
    /// queries read instead of the external id. False only when the database knows none ever did (it tracks
    /// this from its creation; a database whose engine state predates the tracking answers true).
    public func mayStoreIdProperty() throws(GraphError) -> Bool {
        // Versions are never removed, so when none carries such a property in the latest state, none did at any
        // earlier snapshot either: the writer's state in memory answers without a read (most statements ask).
        if graph.writer.withLock({ $0.storesIdProperty }) == false { return false }
        return try engineState().storesIdProperty ?? true
    }

    /// The version of entity `id` that starts at valid time `validFrom` and system time `systemFrom` (the
    /// version a spatial hit or an earlier read named), read by its key: one or two point reads, no scan.
    /// Nil when the entity has no such version.
    public func entity(_ id: String, versionFrom validFrom: Int64, systemFrom: Int64) throws(GraphError)
        -> EntityVersion?
    {
        let catalog = graph.catalog.withLock { $0 }
        let internalId: UInt64
        if let head = try head(of: id) {
            internalId = head.internalId
            if head.validFrom == validFrom && head.systemFrom == systemFrom {
                return try head.version(id, catalog: catalog)
            }
        } else {
            guard let known = try entityId(id) else { return nil }
            internalId = known
        }
        let record: [UInt8]?
        do {
            record = try store.get(
                Keys.entityVersion(internalId, validFrom: validFrom, systemFrom: systemFrom), snapshot: snapshot)
        } catch { throw GraphError.wrap(error) }
        guard let record else { return nil }
        do {
            return try RecordDecoder.entity(
                id, record, offset: 0, validFrom: validFrom, systemFrom: systemFrom, catalog: catalog)
        } catch { throw GraphError.wrap(error) }
    }

    /// The head record of an entity (its internal id and its newest believed version), nil when nothing about
    /// it is believed.
    struct Head {
        let internalId: UInt64
        let validFrom: Int64
        let systemFrom: Int64
        let bytes: [UInt8]

        /// The head version itself.
        func version(_ id: String, catalog: Catalog) throws(GraphError) -> EntityVersion {
            do {
                return try RecordDecoder.entity(
                    id, bytes, offset: 24, validFrom: validFrom, systemFrom: systemFrom, catalog: catalog)
            } catch { throw GraphError.wrap(error) }
        }
    }

    func head(of id: String) throws(GraphError) -> Head? {
        let bytes: [UInt8]?
        do { bytes = try store.get(Keys.entityHead(id), snapshot: snapshot) } catch { throw GraphError.wrap(error) }
        guard let bytes else { return nil }
        var reader = ByteReader(bytes, context: "entity head")
        do {
            return Head(
                internalId: try reader.readFixed64(), validFrom: Int64(bitPattern: try reader.readFixed64()),
                systemFrom: Int64(bitPattern: try reader.readFixed64()), bytes: bytes)
        } catch { throw GraphError.wrap(error) }
    }

    /// The version of the entity with internal id `internalId` valid at `instant` as believed at `system`,
    /// found by one seek into its versions.
    func version(of internalId: UInt64, named id: String, validAt instant: Int64, system: SystemTimePin)
        throws(GraphError) -> EntityVersion?
    {
        try cursors.withCursor(store, snapshot: snapshot) { cursor throws(GraphError) in
            try version(of: internalId, named: id, validAt: instant, system: system, cursor: cursor)
        }
    }

    private func version(
        of internalId: UInt64, named id: String, validAt instant: Int64, system: SystemTimePin, cursor: Cursor
    ) throws(GraphError) -> EntityVersion? {
        let prefix = Keys.entityPrefix(.entityVersions, internalId)
        cursor.seek(Keys.entityVersionSeek(internalId, validAt: instant))
        let catalog = graph.catalog.withLock { $0 }
        while cursor.isValid && cursor.withKey({ $0.starts(with: prefix) }) {
            let value = cursor.value
            let ends: (validTo: Int64, systemTo: Int64)
            do { ends = try EntityRecordCodec.ends(value, what: "entity version") } catch {
                throw GraphError.wrap(error)
            }
            let times = try CommitContext.decodeTimes(cursor.key, offset: 9)
            if instant < ends.validTo && system.admits(systemFrom: times.systemFrom, systemTo: ends.systemTo) {
                do {
                    return try RecordDecoder.entity(
                        id, value, offset: 0, validFrom: times.validFrom, systemFrom: times.systemFrom, catalog: catalog
                    )
                } catch { throw GraphError.wrap(error) }
            }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return nil
    }

    /// Every version of entity `id` on both time axes, ordered by valid-from, then system-from.
    public func history(of id: String) throws(GraphError) -> [EntityVersion] {
        guard let internalId = try entityId(id) else { return [] }
        return try cursors.withCursor(store, snapshot: snapshot) { cursor throws(GraphError) in
            try history(of: id, internalId: internalId, cursor: cursor)
        }
    }

    private func history(of id: String, internalId: UInt64, cursor: Cursor) throws(GraphError) -> [EntityVersion] {
        var versions: [EntityVersion] = []
        let prefix = Keys.entityPrefix(.entityVersions, internalId)
        let catalog = graph.catalog.withLock { $0 }
        cursor.seekForPrev(Keys.entityPrefix(.entityVersions, internalId + 1))
        while cursor.isValid && cursor.withKey({ $0.starts(with: prefix) }) {
            let times = try CommitContext.decodeTimes(cursor.key, offset: 9)
            do {
                versions.append(
                    try RecordDecoder.entity(
                        id, cursor.value, offset: 0, validFrom: times.validFrom, systemFrom: times.systemFrom,
                        catalog: catalog))
            } catch { throw GraphError.wrap(error) }
            cursor.previous()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return versions
    }
}

/// Decodes stored records straight into public values, reading each byte once.
enum RecordDecoder {
    /// An entity version from a record that starts at `offset` in `value`.
    static func entity(
        _ id: String, _ value: [UInt8], offset: Int, validFrom: Int64, systemFrom: Int64, catalog: Catalog
    ) throws(CorruptionError) -> EntityVersion {
        var reader = ByteReader(value, offset: offset, context: "entity version")
        let validTo = Int64(bitPattern: try reader.readFixed64())
        let systemTo = Int64(bitPattern: try reader.readFixed64())
        let labelCount = try reader.readVarint()
        guard labelCount < 4096 else { throw reader.corrupt("label count \(labelCount)") }
        var labels: [String] = []
        labels.reserveCapacity(Int(labelCount))
        for _ in 0..<labelCount { labels.append(catalog.name(of: UInt32(truncatingIfNeeded: try reader.readVarint()))) }
        if labels.count > 1 { labels.sort() }
        _ = try reader.readVarint()
        let properties = try ValueCodec.decodeMap(from: &reader)
        let geometry = try reader.read() == 1 ? String(decoding: try reader.readLengthPrefixed(), as: UTF8.self) : nil
        return EntityVersion(
            id: id, labels: labels, properties: properties, geometry: geometry,
            valid: TimeInterval64(from: validFrom, to: validTo), system: TimeInterval64(from: systemFrom, to: systemTo))
    }
}

extension Graph {
    /// A reader; with `consistent` (the default) all its reads see the same commit.
    public func reader(consistent: Bool = true) -> GraphReader {
        guard consistent else { return GraphReader(graph: self, snapshot: nil) }
        // The commit count of the snapshot from the counters when no commit batch can have landed meanwhile,
        // which saves reading it (the R-trees in memory compare it with theirs on every query).
        let before = commitWrites.withLock { $0 }
        let reader = GraphReader(graph: self, snapshot: store.snapshot())
        let startedAfter = commitWrites.withLock { $0.started }
        if let count = CommitWrites.snapshotCount(before: before, startedAfter: startedAfter) {
            reader.snapshotCommits.value = count
        }
        return reader
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

/// A value worked out once and shared by the copies of a reader.
final class Remembered<Value: Sendable>: Sendable {
    private let slot = Mutex<Value?>(nil)

    var value: Value? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }
}
