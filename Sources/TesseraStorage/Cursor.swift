internal import CRocksDB

/// A bounded iterator over keys in `[lowerBound, upperBound)`, forward or backward.
///
/// Not thread-safe (a RocksDB iterator must not be used from two threads at once). The cursor keeps
/// its store (and snapshot) alive and owns the bound bytes, which RocksDB reads for the cursor's lifetime.
public final class Cursor {
    let store: Store
    let snapshot: Snapshot?
    let readOptions: OpaquePointer
    /// Whether `readOptions` belongs to this cursor (bounded cursors) or to the store or snapshot.
    let ownsOptions: Bool
    let iterator: OpaquePointer
    let lowerBound: UnsafeMutableBufferPointer<CChar>?
    let upperBound: UnsafeMutableBufferPointer<CChar>?
    /// The store's change count when the cursor was made (a cursor without a snapshot sees that state).
    let changeCount: UInt64

    init(store: Store, lowerBound: [UInt8]?, upperBound: [UInt8]?, snapshot: Snapshot?, fillCache: Bool = true) {
        self.store = store
        self.snapshot = snapshot
        // Read before the iterator is made, so a change landing in between only makes the cursor look stale.
        changeCount = store.changeCount
        guard lowerBound != nil || upperBound != nil else {
            // Unbounded: share the store's (or snapshot's) read options, which RocksDB only reads; the
            // caller stops on its own key test. Saves an allocation per short scan.
            readOptions = snapshot?.readOptions ?? store.readOptions
            ownsOptions = false
            self.lowerBound = nil
            self.upperBound = nil
            iterator = rocksdb_create_iterator(store.db, readOptions)
            return
        }
        ownsOptions = true
        readOptions = rocksdb_readoptions_create()
        if let snapshot { rocksdb_readoptions_set_snapshot(readOptions, snapshot.handle) }
        if !fillCache { rocksdb_readoptions_set_fill_cache(readOptions, 0) }
        self.lowerBound = Cursor.copy(lowerBound)
        self.upperBound = Cursor.copy(upperBound)
        if let bound = self.lowerBound {
            rocksdb_readoptions_set_iterate_lower_bound(readOptions, bound.baseAddress, bound.count)
        }
        if let bound = self.upperBound {
            rocksdb_readoptions_set_iterate_upper_bound(readOptions, bound.baseAddress, bound.count)
        }
        iterator = rocksdb_create_iterator(store.db, readOptions)
    }

    deinit {
        rocksdb_iter_destroy(iterator)
        if ownsOptions { rocksdb_readoptions_destroy(readOptions) }
        lowerBound?.deallocate()
        upperBound?.deallocate()
    }

    /// Whether an unbounded cursor sees what a new one over `store` at `snapshot` would.
    func isCurrent(store: Store, snapshot: Snapshot?) -> Bool {
        guard self.store === store, lowerBound == nil, upperBound == nil else { return false }
        if let snapshot { return self.snapshot === snapshot }
        return self.snapshot == nil && changeCount == store.changeCount
    }

    private static func copy(_ bytes: [UInt8]?) -> UnsafeMutableBufferPointer<CChar>? {
        guard let bytes else { return nil }
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<bytes.count])
    }

    /// Positions at the first key >= `key`.
    public func seek(_ key: [UInt8]) {
        key.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { rocksdb_iter_seek(iterator, $0.baseAddress, $0.count) }
        }
    }

    /// Positions at the last key <= `key`.
    public func seekForPrev(_ key: [UInt8]) {
        key.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { rocksdb_iter_seek_for_prev(iterator, $0.baseAddress, $0.count) }
        }
    }

    /// Positions at the first key in range.
    public func seekToFirst() { rocksdb_iter_seek_to_first(iterator) }
    /// Positions at the last key in range.
    public func seekToLast() { rocksdb_iter_seek_to_last(iterator) }
    /// Whether the cursor is on a key.
    public var isValid: Bool { rocksdb_iter_valid(iterator) != 0 }
    /// Moves to the next key.
    public func next() { rocksdb_iter_next(iterator) }
    /// Moves to the previous key.
    public func previous() { rocksdb_iter_prev(iterator) }

    /// A copy of the current key.
    public var key: [UInt8] {
        var length = 0
        guard let data = rocksdb_iter_key(iterator, &length) else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// A copy of the current value.
    public var value: [UInt8] {
        var length = 0
        guard let data = rocksdb_iter_value(iterator, &length) else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Calls `body` with the current key's bytes, valid only during the call.
    public func withKey<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var length = 0
        let data = rocksdb_iter_key(iterator, &length)
        let raw = UnsafeRawPointer(data)
        return try body(UnsafeBufferPointer(start: raw?.assumingMemoryBound(to: UInt8.self), count: length))
    }

    /// Calls `body` with the current value's bytes, valid only during the call.
    public func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var length = 0
        let data = rocksdb_iter_value(iterator, &length)
        let raw = UnsafeRawPointer(data)
        return try body(UnsafeBufferPointer(start: raw?.assumingMemoryBound(to: UInt8.self), count: length))
    }

    /// Throws the error that ended iteration early, if any (I/O failure or corruption).
    public func checkStatus() throws(StorageError) {
        try rocksCall("iterate") { error in rocksdb_iter_get_error(iterator, error) }
    }
}
