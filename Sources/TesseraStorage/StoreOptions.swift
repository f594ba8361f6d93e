/// How a ``Store`` is opened and tuned.
public struct StoreOptions: Sendable {
    /// Create the database directory when it does not exist.
    public var createIfMissing = true
    /// Fail when the database already exists.
    public var errorIfExists = false
    /// Size of the shared LRU block cache.
    public var blockCacheBytes = 512 << 20
    /// Size of one memtable before it is flushed.
    public var writeBufferBytes = 256 << 20
    /// Memtables kept before writes stall.
    public var maxWriteBuffers = 4
    /// Bloom filter bits per key for point lookups (0 disables).
    public var bloomBitsPerKey = 10.0
    /// Background flush and compaction threads.
    public var backgroundJobs = 4
    /// Target size of level-1 files and base level (RocksDB max_bytes_for_level_base).
    public var levelBaseBytes = 512 << 20
    /// Open without writing (several readers may share a directory this way).
    public var readOnly = false

    /// The defaults: LZ4 on the upper levels, ZSTD at the bottom, bloom filters, a 512 MiB block cache.
    public init() {}
}
