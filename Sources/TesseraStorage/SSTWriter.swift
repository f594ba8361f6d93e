internal import CRocksDB

/// Writes a sorted run of keys into an SST file for ``Store/ingest(files:)``.
///
/// Keys must be added in strictly increasing byte order.
public final class SSTWriter {
    let envOptions: OpaquePointer
    let options: OpaquePointer
    let writer: OpaquePointer
    /// The file being written.
    public let path: String
    /// Keys added so far.
    public private(set) var count = 0

    /// Creates the file at `path`.
    public init(path: String) throws(StorageError) {
        self.path = path
        envOptions = rocksdb_envoptions_create()
        options = rocksdb_options_create()
        rocksdb_options_set_compression(options, Int32(rocksdb_lz4_compression))
        writer = rocksdb_sstfilewriter_create(envOptions, options)
        try rocksCall("create SST \(path)") { error in rocksdb_sstfilewriter_open(writer, path, error) }
    }

    deinit {
        rocksdb_sstfilewriter_destroy(writer)
        rocksdb_options_destroy(options)
        rocksdb_envoptions_destroy(envOptions)
    }

    /// Adds the next key.
    public func put(_ key: [UInt8], _ value: [UInt8]) throws(StorageError) {
        try key.withUnsafeBufferPointer { k throws(StorageError) in
            try value.withUnsafeBufferPointer { v throws(StorageError) in
                try rocksCall("write SST \(path)") { error in
                    k.withMemoryRebound(to: CChar.self) { kc in
                        v.withMemoryRebound(to: CChar.self) { vc in
                            rocksdb_sstfilewriter_put(writer, kc.baseAddress, kc.count, vc.baseAddress, vc.count, error)
                        }
                    }
                }
            }
        }
        count += 1
    }

    /// Completes the file.
    public func finish() throws(StorageError) {
        try rocksCall("finish SST \(path)") { error in rocksdb_sstfilewriter_finish(writer, error) }
    }
}
