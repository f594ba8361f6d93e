internal import CRocksDB

/// A consistent, read-only view of the store at one instant (a RocksDB snapshot).
///
/// Reads through a snapshot never see later writes and never block writers.
public final class Snapshot: @unchecked Sendable {
    // Why @unchecked: a RocksDB snapshot is immutable and ReadOptions are only read after init
    // (rocksdb/db.h: reads with the same const ReadOptions may run concurrently).
    let store: Store
    let handle: OpaquePointer
    let readOptions: OpaquePointer
    /// A lower bound of the snapshot's sequence number: every write whose sequence number is at most this is
    /// visible through it (the latest sequence number just before the snapshot was taken).
    public let sequenceAtLeast: UInt64

    init(store: Store) {
        self.store = store
        sequenceAtLeast = rocksdb_get_latest_sequence_number(store.db)
        handle = rocksdb_create_snapshot(store.db)
        readOptions = rocksdb_readoptions_create()
        rocksdb_readoptions_set_snapshot(readOptions, handle)
    }

    deinit {
        rocksdb_readoptions_destroy(readOptions)
        rocksdb_release_snapshot(store.db, handle)
    }
}
