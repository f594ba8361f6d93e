internal import CRocksDB

/// A set of puts and deletes applied atomically by ``Store/write(_:durability:)``.
public final class WriteBatch {
    let handle: OpaquePointer

    /// Creates an empty batch.
    public init() { handle = rocksdb_writebatch_create() }

    deinit { rocksdb_writebatch_destroy(handle) }

    /// Sets `key` to `value`.
    public func put(_ key: [UInt8], _ value: [UInt8]) {
        key.withUnsafeBufferPointer { k in
            value.withUnsafeBufferPointer { v in
                k.withMemoryRebound(to: CChar.self) { kc in
                    v.withMemoryRebound(to: CChar.self) { vc in
                        rocksdb_writebatch_put(handle, kc.baseAddress, kc.count, vc.baseAddress, vc.count)
                    }
                }
            }
        }
    }

    /// Removes `key`.
    public func delete(_ key: [UInt8]) {
        key.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { kc in rocksdb_writebatch_delete(handle, kc.baseAddress, kc.count) }
        }
    }

    /// Removes every key in `[lower, upper)` with one range tombstone.
    public func deleteRange(from lower: [UInt8], to upper: [UInt8]) {
        lower.withUnsafeBufferPointer { l in
            upper.withUnsafeBufferPointer { u in
                l.withMemoryRebound(to: CChar.self) { lc in
                    u.withMemoryRebound(to: CChar.self) { uc in
                        rocksdb_writebatch_delete_range(handle, lc.baseAddress, lc.count, uc.baseAddress, uc.count)
                    }
                }
            }
        }
    }

    /// The number of operations in the batch.
    public var count: Int { Int(rocksdb_writebatch_count(handle)) }

    /// The approximate size of the batch in bytes.
    public var byteSize: Int {
        var size = 0
        _ = rocksdb_writebatch_data(handle, &size)
        return size
    }

    /// Removes every operation.
    public func clear() { rocksdb_writebatch_clear(handle) }
}
