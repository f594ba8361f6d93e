import Synchronization
import TesseraCore
import TesseraStorage

/// A Tessera database: a bitemporal property graph stored in one directory.
///
/// Reads may run from any thread at any time and never block; writes go through one writer
/// (``commit(_:durability:)``), which assigns strictly increasing system times.
public final class Graph: Sendable {
    /// The newest on-disk format this build reads and writes: 2 adds property indexes to format 1. A new
    /// database starts at format 1 and becomes format 2 when its first property index is created, so builds
    /// that do not maintain property indexes refuse to open it.
    public static let formatVersion: Int64 = 2
    /// The oldest on-disk format this build opens.
    static let oldestFormatVersion: Int64 = 1

    let store: Store
    let writer: Mutex<WriterState>
    let catalog: Mutex<Catalog>
    let names = NameCache()
    /// The in-memory R-tree of the present, built on first use (nil until then, and after bulk loads).
    let current = Mutex<CurrentSpace?>(nil)
    /// The edges of the present, built when a process asks for them (Docs/Decisions/0013).
    let currentEdges = Mutex(CurrentEdgesState())
    /// The in-memory R-tree over every believed version with a geometry, built on first use.
    let history = Mutex(HistorySpaceState())
    /// Most versions the history R-tree may hold (0: never build it; the space-time index answers).
    public let historySpaceLimit: Int
    /// The (tier, level) slots of the space-time index that hold entries (queries skip the others).
    let spaceSlots: Mutex<Set<UInt16>>
    /// Definitions of the property indexes (persisted under meta `indexes`, changed under the writer lock).
    let propertyIndexCatalog: Mutex<PropertyIndexCatalog>
    /// Loader pipelines whose batches may still be on their way to the store (index builds wait for them).
    let activeLoads = Mutex<[ObjectIdentifier: BatchWriter]>([:])
    /// The cursor readers of the latest state share (see ``CursorPool``).
    let latestCursors = CursorPool()
    /// External -> internal entity ids seen by readers (immutable facts, so never stale).
    let resolvedIds = Mutex<[String: UInt64]>([:])
    /// Most entries kept in ``resolvedIds`` before it is emptied.
    static let resolvedIdCapacity = 1 << 20
    /// Commit batches on their way to the store (see ``CommitWrites``).
    let commitWrites: Mutex<CommitWrites>
    /// The database directory.
    public let path: String

    /// Opens the database in `path`, creating it when `create` is true and it does not exist.
    ///
    /// - Parameter historySpaceLimit: most versions with a geometry the in-memory history R-tree may hold (about
    ///   260 bytes each, plus each distinct shape once); past-time and range windows of larger databases, and those pinned to a past system time,
    ///   are answered by the space-time index on disk. 0 never builds it.
    public init(
        path: String, create: Bool = true, readOnly: Bool = false, options: StoreOptions = StoreOptions(),
        historySpaceLimit: Int = Graph.defaultHistorySpaceLimit
    ) throws(GraphError) {
        var storeOptions = options
        storeOptions.createIfMissing = create && !readOnly
        storeOptions.readOnly = readOnly
        do {
            store = try Store(path: path, options: storeOptions)
        } catch {
            if error.kind == .invalidArgument && !create {
                throw GraphError(.storage, "no database at \(path) (\(error.message))")
            }
            throw GraphError.wrap(error)
        }
        self.path = path
        self.historySpaceLimit = historySpaceLimit
        let state = try WriterState.load(from: store, readOnly: readOnly)
        writer = Mutex(state)
        commitWrites = Mutex(CommitWrites(count: state.commitCount))
        catalog = Mutex(try Catalog.load(from: store))
        spaceSlots = Mutex(try SpaceSlots.load(from: store))
        propertyIndexCatalog = Mutex(try PropertyIndexCatalog.load(from: store))
        if state.entityCount == 0 && state.edgeIdCount == 0 { names.markComplete() }
        store.attach(latestCursors)
    }

    /// Current counts.
    public func statistics() -> GraphStatistics {
        writer.withLock { state in
            GraphStatistics(
                entities: Int(state.entityCount), versions: Int(state.versionCount), edgeIds: Int(state.edgeIdCount),
                edges: Int(state.edgeVersionCount), commits: Int(state.commitCount),
                lastSystemTime: state.lastSystemTime)
        }
    }

    /// Makes every acknowledged write durable on disk and flushes memtables (a clean close point).
    public func sync() throws(GraphError) {
        try writer.withLock { (state: inout WriterState) throws(GraphError) in
            do {
                try store.flush()
                try store.syncLog()
            } catch { throw GraphError.wrap(error) }
            state.hasUnloggedWrites = false
        }
    }

    /// Starts making every write so far durable (unlogged bulk-load batches included) and returns at once;
    /// ``isSyncPending`` tells when it is done. ``sync()`` waits instead.
    public func startSync() throws(GraphError) {
        try writer.withLock { (_: inout WriterState) throws(GraphError) in
            do {
                try store.flush(wait: false)
                try store.syncLog()
            } catch { throw GraphError.wrap(error) }
        }
    }

    /// Whether writes made before the last ``startSync()`` may still be lost by a crash (some memtable holding
    /// them is not yet flushed).
    public var isSyncPending: Bool { store.unflushedMemtables > 0 }

    /// Compacts the whole database into its final levels (after a bulk load, or in maintenance), so reads
    /// touch as few files as possible. Reads and writes may continue meanwhile.
    public func compact() throws(GraphError) {
        do { try store.flush() } catch { throw GraphError.wrap(error) }
        store.compactAll()
    }

    /// Writes a consistent online copy of the database into `directory` (which must not exist).
    public func backup(to directory: String) throws(GraphError) {
        do { try store.checkpoint(to: directory) } catch { throw GraphError.wrap(error) }
    }

    /// A RocksDB statistic, for diagnostics (`rocksdb.stats`, `rocksdb.estimate-num-keys`, ...).
    public func storageProperty(_ name: String) -> String? { store.property(name) }

    func labelNames(_ ids: [UInt32]) -> [String] {
        catalog.withLock { catalog in ids.map { catalog.name(of: $0) } }.sorted()
    }
}

/// Names of labels and relation types, cached in memory (the catalog is small).
struct Catalog: Sendable {
    var ids: [CatalogKind: [String: UInt32]] = [:]
    var names: [UInt32: String] = [:]

    func id(_ kind: CatalogKind, _ name: String) -> UInt32? { ids[kind]?[name] }

    func name(of id: UInt32) -> String { names[id] ?? "#\(id)" }

    mutating func add(_ kind: CatalogKind, _ name: String, _ id: UInt32) {
        ids[kind, default: [:]][name] = id
        names[id] = name
    }

    static func load(from store: Store) throws(GraphError) -> Catalog {
        var catalog = Catalog()
        let bounds = Keys.space(.catalogByName)
        let cursor = store.cursor(from: bounds.lower, to: bounds.upper)
        cursor.seekToFirst()
        while cursor.isValid {
            let key = cursor.key
            let value = cursor.value
            guard key.count >= 2, let kind = CatalogKind(rawValue: key[1]), value.count == 4 else {
                throw GraphError(.corruption, "corrupt catalog entry")
            }
            let id = value.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            catalog.add(kind, String(decoding: key[2...], as: UTF8.self), id)
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return catalog
    }
}

/// The writer's clocks and counters, persisted in the `meta` key space with every commit.
struct WriterState: Sendable {
    var lastSystemTime: Int64 = 0
    var nextEntityId: UInt64 = 1
    var nextEdgeId: UInt64 = 1
    var nextCatalogId: UInt32 = 1
    var entityCount: Int64 = 0
    var versionCount: Int64 = 0
    var edgeIdCount: Int64 = 0
    var edgeVersionCount: Int64 = 0
    var commitCount: Int64 = 0
    /// Whether some entity version was ever written with a stored property named `id` that is not its
    /// external id (it shadows the external id in queries, so a query looking up an id it does not find must
    /// also scan); nil when unknown, for state records written before this was tracked (or by builds that
    /// did not track it).
    var storesIdProperty: Bool? = false
    /// Whether unlogged (bulk) batches were written since the last flush; not persisted.
    var hasUnloggedWrites = false

    static let key = Keys.meta("state")
    static let formatKey = Keys.meta("format")

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 80)
        writer.writeSignedVarint(lastSystemTime)
        writer.writeVarint(nextEntityId)
        writer.writeVarint(nextEdgeId)
        writer.writeVarint(UInt64(nextCatalogId))
        for counter in [entityCount, versionCount, edgeIdCount, edgeVersionCount, commitCount] {
            writer.writeSignedVarint(counter)
        }
        // A trailing field: readers that predate it stop before it.
        if let storesIdProperty { writer.writeVarint(storesIdProperty ? 1 : 0) }
        return writer.bytes
    }

    static func load(from store: Store, readOnly: Bool) throws(GraphError) -> WriterState {
        do {
            guard let format = try store.get(formatKey) else {
                if !readOnly {
                    let batch = WriteBatch()
                    batch.put(formatKey, encodeFormat(Graph.oldestFormatVersion))
                    batch.put(key, WriterState().encoded())
                    try store.write(batch)
                }
                return WriterState()
            }
            var formatReader = ByteReader(format, context: "format marker")
            let version = try formatReader.readSignedVarint()
            guard (Graph.oldestFormatVersion...Graph.formatVersion).contains(version) else {
                throw GraphError(
                    .incompatibleFormat,
                    "database format \(version) is not supported by this build (formats \(Graph.oldestFormatVersion)-\(Graph.formatVersion))"
                )
            }
            guard let bytes = try store.get(key) else { throw GraphError(.corruption, "missing engine state record") }
            return try decode(bytes)
        } catch {
            throw GraphError.wrap(error)
        }
    }

    /// The state a record written by ``encoded()`` holds.
    static func decode(_ bytes: [UInt8]) throws(CorruptionError) -> WriterState {
        var reader = ByteReader(bytes, context: "engine state")
        var state = WriterState()
        state.lastSystemTime = try reader.readSignedVarint()
        state.nextEntityId = try reader.readVarint()
        state.nextEdgeId = try reader.readVarint()
        state.nextCatalogId = UInt32(truncatingIfNeeded: try reader.readVarint())
        state.entityCount = try reader.readSignedVarint()
        state.versionCount = try reader.readSignedVarint()
        state.edgeIdCount = try reader.readSignedVarint()
        state.edgeVersionCount = try reader.readSignedVarint()
        state.commitCount = try reader.readSignedVarint()
        state.storesIdProperty = reader.isAtEnd ? nil : try reader.readVarint() != 0
        return state
    }

    static func encodeFormat(_ version: Int64) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeSignedVarint(version)
        return writer.bytes
    }
}
