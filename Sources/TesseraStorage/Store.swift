internal import CRocksDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open RocksDB database: point reads, atomic batches, snapshots, iterators, flushes, checkpoints.
///
/// The handle is immutable after opening and may be shared between threads: rocksdb/db.h states
/// that a DB is safe for concurrent access without external synchronization. The database closes
/// when the last reference (including those held by snapshots and cursors) goes away.
public final class Store: @unchecked Sendable {
    // Why @unchecked: the stored C pointers are written once in init and only read afterwards;
    // RocksDB guarantees thread safety for DB, const ReadOptions/WriteOptions and Cache objects.
    let db: OpaquePointer
    let options: OpaquePointer
    let tableOptions: OpaquePointer
    let cache: OpaquePointer
    let filter: OpaquePointer?
    let readOptions: OpaquePointer
    let syncWrite: OpaquePointer
    let asyncWrite: OpaquePointer
    let unloggedWrite: OpaquePointer
    /// The database directory.
    public let path: String
    /// Whether the store was opened read-only.
    public let isReadOnly: Bool
    /// Counts writes, ingestions and compactions: a cursor without a snapshot made before the last one sees
    /// an older state (see ``CursorPool``).
    private let changes = Atomic<UInt64>(0)
    var changeCount: UInt64 { changes.load(ordering: .acquiring) }
    /// Pools of latest-state cursors to empty on every change (held weakly: a pool's cursor holds the store).
    private let attachedPools = Mutex<[WeakPool]>([])

    private struct WeakPool: Sendable {
        weak var pool: CursorPool?
    }

    /// Opens (or creates) the database in `path`.
    public init(path: String, options storeOptions: StoreOptions = StoreOptions()) throws(StorageError) {
        self.path = path
        isReadOnly = storeOptions.readOnly
        options = rocksdb_options_create()
        tableOptions = rocksdb_block_based_options_create()
        cache = rocksdb_cache_create_lru(storeOptions.blockCacheBytes)
        filter =
            storeOptions.bloomBitsPerKey > 0
            ? rocksdb_filterpolicy_create_bloom_full(storeOptions.bloomBitsPerKey) : nil
        Store.configure(options, tableOptions, cache, filter, storeOptions)
        readOptions = rocksdb_readoptions_create()
        syncWrite = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(syncWrite, 1)
        asyncWrite = rocksdb_writeoptions_create()
        unloggedWrite = rocksdb_writeoptions_create()
        rocksdb_writeoptions_disable_WAL(unloggedWrite, 1)
        let opened: OpaquePointer?
        let rawOptions = options
        do {
            opened = try rocksCall("open \(path)") { error in
                storeOptions.readOnly
                    ? rocksdb_open_for_read_only(rawOptions, path, 0, error) : rocksdb_open(rawOptions, path, error)
            }
        } catch {
            Store.destroyOptions(
                options, tableOptions, cache, filter, readOptions, syncWrite, asyncWrite, unloggedWrite)
            throw error
        }
        guard let opened else {
            Store.destroyOptions(
                options, tableOptions, cache, filter, readOptions, syncWrite, asyncWrite, unloggedWrite)
            throw StorageError(.other, "RocksDB returned no handle", operation: "open \(path)")
        }
        db = opened
    }

    deinit {
        rocksdb_cancel_all_background_work(db, 1)
        rocksdb_close(db)
        Store.destroyOptions(options, tableOptions, cache, filter, readOptions, syncWrite, asyncWrite, unloggedWrite)
    }

    private static func configure(
        _ options: OpaquePointer, _ table: OpaquePointer, _ cache: OpaquePointer, _ filter: OpaquePointer?,
        _ settings: StoreOptions
    ) {
        rocksdb_options_set_create_if_missing(options, settings.createIfMissing ? 1 : 0)
        rocksdb_options_set_error_if_exists(options, settings.errorIfExists ? 1 : 0)
        rocksdb_options_increase_parallelism(options, Int32(max(settings.backgroundJobs, 2)))
        rocksdb_options_set_max_background_jobs(options, Int32(settings.backgroundJobs))
        rocksdb_options_set_write_buffer_size(options, settings.writeBufferBytes)
        rocksdb_options_set_max_write_buffer_number(options, Int32(settings.maxWriteBuffers))
        rocksdb_options_set_max_bytes_for_level_base(options, UInt64(settings.levelBaseBytes))
        rocksdb_options_set_target_file_size_base(options, 64 << 20)
        rocksdb_options_set_level_compaction_dynamic_level_bytes(options, 1)
        rocksdb_options_set_bytes_per_sync(options, 1 << 20)
        // Loads write in bursts: let level 0 hold a few more files before compacting, so compaction
        // competes less with the load for the CPU.
        rocksdb_options_set_level0_file_num_compaction_trigger(options, 8)
        rocksdb_options_set_level0_slowdown_writes_trigger(options, 24)
        rocksdb_options_set_level0_stop_writes_trigger(options, 40)
        // Hot levels: LZ4 (fast); bottom level: ZSTD (dense). Values from rocksdb/c.h.
        var perLevel: [Int32] = [
            Int32(rocksdb_no_compression), Int32(rocksdb_no_compression), Int32(rocksdb_lz4_compression),
            Int32(rocksdb_lz4_compression), Int32(rocksdb_lz4_compression), Int32(rocksdb_lz4_compression),
            Int32(rocksdb_zstd_compression),
        ]
        perLevel.withUnsafeMutableBufferPointer { levels in
            rocksdb_options_set_compression_per_level(options, levels.baseAddress, levels.count)
        }
        rocksdb_options_set_bottommost_compression(options, Int32(rocksdb_zstd_compression))
        rocksdb_block_based_options_set_block_cache(table, cache)
        // Point reads and short prefix scans dominate: smaller blocks with denser restart points
        // shorten the in-block search, and index and filter blocks stay in the table readers
        // (not in the LRU cache) so a lookup takes no cache lock for them.
        rocksdb_block_based_options_set_block_size(table, 8 << 10)
        rocksdb_block_based_options_set_block_restart_interval(table, 4)
        rocksdb_block_based_options_set_cache_index_and_filter_blocks(table, 0)
        rocksdb_block_based_options_set_format_version(table, 5)
        if let filter { rocksdb_block_based_options_set_filter_policy(table, filter) }
        rocksdb_options_set_block_based_table_factory(options, table)
    }

    private static func destroyOptions(
        _ options: OpaquePointer, _ table: OpaquePointer, _ cache: OpaquePointer, _ filter: OpaquePointer?,
        _ read: OpaquePointer, _ sync: OpaquePointer, _ async: OpaquePointer, _ unlogged: OpaquePointer
    ) {
        // The table factory holds its own reference to the filter policy once set, so only
        // destroy the filter directly when it was never handed over.
        rocksdb_options_destroy(options)
        rocksdb_block_based_options_destroy(table)
        rocksdb_cache_destroy(cache)
        _ = filter
        rocksdb_readoptions_destroy(read)
        rocksdb_writeoptions_destroy(sync)
        rocksdb_writeoptions_destroy(async)
        rocksdb_writeoptions_destroy(unlogged)
    }

    /// Reads the value of `key`, or nil when it is absent.
    public func get(_ key: [UInt8], snapshot: Snapshot? = nil) throws(StorageError) -> [UInt8]? {
        let read = snapshot?.readOptions ?? readOptions
        let pinned = try key.withUnsafeBufferPointer { buffer throws(StorageError) in
            try rocksCall("get") { error in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    rocksdb_get_pinned(db, read, chars.baseAddress, chars.count, error)
                }
            }
        }
        guard let pinned else { return nil }
        defer { rocksdb_pinnableslice_destroy(pinned) }
        var length = 0
        guard let data = rocksdb_pinnableslice_value(pinned, &length) else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Applies a batch atomically.
    ///
    /// - Parameter durability: `.synced` waits for the write-ahead log to reach the disk; `.logged` writes the
    ///   log without waiting (survives a process crash, not a power loss); `.unlogged` skips the log (bulk load:
    ///   the batch becomes durable at the next ``flush()``).
    public func write(_ batch: WriteBatch, durability: Durability = .synced) throws(StorageError) {
        let options: OpaquePointer
        switch durability {
        case .synced: options = syncWrite
        case .logged: options = asyncWrite
        case .unlogged: options = unloggedWrite
        }
        defer { noteChange() }
        try rocksCall("write batch") { error in rocksdb_write(db, options, batch.handle, error) }
    }

    /// Has `pool` (a pool of cursors over the latest state) emptied whenever the store changes.
    public func attach(_ pool: CursorPool) {
        attachedPools.withLock { pools in
            pools.removeAll { $0.pool == nil }
            pools.append(WeakPool(pool: pool))
        }
    }

    /// Counts a write, ingestion or compaction and empties the attached pools, whose cursors are now stale.
    private func noteChange() {
        changes.add(1, ordering: .releasing)
        let pools = attachedPools.withLock { $0.compactMap(\.pool) }
        for pool in pools { pool.release() }
    }

    /// Creates a consistent read view of the current state.
    public func snapshot() -> Snapshot { Snapshot(store: self) }

    /// The sequence number of the last write (RocksDB numbers every key written).
    public var latestSequence: UInt64 { rocksdb_get_latest_sequence_number(db) }

    /// Creates a cursor over keys in `[lowerBound, upperBound)`; with neither bound the cursor spans the
    /// whole key space and the caller stops on its own test (cheapest for short prefix scans).
    ///
    /// - Parameter fillCache: false for a one-time scan of a whole key space (a bounded cursor), so that the
    ///   blocks it reads do not push the ones point reads use out of the block cache.
    public func cursor(
        from lowerBound: [UInt8]? = nil, to upperBound: [UInt8]? = nil, snapshot: Snapshot? = nil,
        fillCache: Bool = true
    ) -> Cursor {
        Cursor(store: self, lowerBound: lowerBound, upperBound: upperBound, snapshot: snapshot, fillCache: fillCache)
    }

    /// Writes all memtables to SST files and waits; afterwards unlogged writes are durable.
    ///
    /// - Parameter wait: false starts the flush and returns at once: writes made before the call are then in
    ///   memtables no longer written to, durable once ``unflushedMemtables`` reports none left (later writes go
    ///   to a new memtable meanwhile).
    public func flush(wait: Bool = true) throws(StorageError) {
        let options = rocksdb_flushoptions_create()
        defer { rocksdb_flushoptions_destroy(options) }
        rocksdb_flushoptions_set_wait(options, wait ? 1 : 0)
        try rocksCall("flush") { error in rocksdb_flush(db, options, error) }
    }

    /// Memtables that are no longer written to but not yet flushed to SST files (RocksDB's
    /// `rocksdb.num-immutable-mem-table`).
    public var unflushedMemtables: Int {
        var count: UInt64 = 0
        guard rocksdb_property_int(db, "rocksdb.num-immutable-mem-table", &count) == 0 else { return 0 }
        return Int(count)
    }

    /// Forces the write-ahead log to disk.
    public func syncLog() throws(StorageError) {
        try rocksCall("sync log") { error in rocksdb_flush_wal(db, 1, error) }
    }

    /// Compacts the whole key space (used after bulk loads and in maintenance).
    public func compactAll() {
        // Pooled cursors would keep the replaced files alive.
        defer { noteChange() }
        rocksdb_compact_range(db, nil, 0, nil, 0)
    }

    /// Writes a consistent online copy of the database into `directory`, which must not exist.
    ///
    /// SST files are hard-linked when the target is on the same file system, so a checkpoint is cheap.
    public func checkpoint(to directory: String) throws(StorageError) {
        let checkpoint = try rocksCall("checkpoint to \(directory)") { error in
            rocksdb_checkpoint_object_create(db, error)
        }
        guard let checkpoint else {
            throw StorageError(.other, "could not create checkpoint object", operation: "checkpoint")
        }
        defer { rocksdb_checkpoint_object_destroy(checkpoint) }
        try rocksCall("checkpoint to \(directory)") { error in
            rocksdb_checkpoint_create(checkpoint, directory, 0, error)
        }
    }

    /// Ingests SST files written by ``SSTWriter``, moving them into the database.
    public func ingest(files: [String]) throws(StorageError) {
        guard !files.isEmpty else { return }
        defer { noteChange() }
        let options = rocksdb_ingestexternalfileoptions_create()
        defer { rocksdb_ingestexternalfileoptions_destroy(options) }
        rocksdb_ingestexternalfileoptions_set_move_files(options, 1)
        var cStrings = files.map { strdup($0) }
        defer { for pointer in cStrings { free(pointer) } }
        try cStrings.withUnsafeMutableBufferPointer { list throws(StorageError) in
            try list.withMemoryRebound(to: UnsafePointer<CChar>?.self) { constList throws(StorageError) in
                try rocksCall("ingest \(files.count) files") { error in
                    rocksdb_ingest_external_file(db, constList.baseAddress, constList.count, options, error)
                }
            }
        }
    }

    /// A RocksDB property such as `rocksdb.estimate-num-keys` or `rocksdb.stats`.
    public func property(_ name: String) -> String? {
        guard let raw = rocksdb_property_value(db, name) else { return nil }
        defer { rocksdb_free(raw) }
        return String(cString: raw)
    }
}

/// How durable a write must be before ``Store/write(_:durability:)`` returns.
public enum Durability: Sendable {
    /// Write-ahead log written and synced to disk.
    case synced
    /// Write-ahead log written, not synced: survives a process crash, not a power failure.
    case logged
    /// No write-ahead log: durable only after the next flush.
    case unlogged
}
