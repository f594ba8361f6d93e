internal import CRocksDB

/// A failure reported by the storage engine, classified from RocksDB's status text.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure.
    public enum Kind: String, Sendable, Equatable {
        /// Files on disk are damaged (checksum mismatch, truncated file, bad block).
        case corruption
        /// The operating system refused a read or write (permissions, missing directory, disk full).
        case io
        /// Another process holds the database open.
        case locked
        /// A file RocksDB looked for is missing (a missing database directory is reported as `invalidArgument`).
        case notFound
        /// An argument RocksDB rejected (bad option, overlapping ingestion, existing checkpoint directory).
        case invalidArgument
        /// The disk is full.
        case noSpace
        /// Anything else RocksDB reports.
        case other
    }

    /// The class of failure.
    public let kind: Kind
    /// RocksDB's message, verbatim, or our own description.
    public let message: String
    /// What Tessera was doing when it failed (e.g. "open /data/city").
    public let operation: String

    /// Creates a storage error.
    public init(_ kind: Kind, _ message: String, operation: String) {
        self.kind = kind
        self.message = message
        self.operation = operation
    }

    public var description: String { "storage error during \(operation): \(message)" }

    /// Classifies a RocksDB status string (`"IO error: ..."`, `"Corruption: ..."`).
    static func classify(_ message: String, operation: String) -> StorageError {
        let kind: Kind
        if message.hasPrefix("Corruption") {
            kind = .corruption
        } else if message.contains("lock")
            && (message.contains("Resource temporarily unavailable")
                || message.contains("No locks available") || message.contains("LOCK"))
        {
            kind = .locked
        } else if message.contains("No space left") {
            kind = .noSpace
        } else if message.hasPrefix("IO error") {
            kind = .io
        } else if message.hasPrefix("NotFound") || message.hasPrefix("Not found") {
            kind = .notFound
        } else if message.hasPrefix("Invalid argument") {
            kind = .invalidArgument
        } else {
            kind = .other
        }
        return StorageError(kind, message, operation: operation)
    }
}

/// Runs a RocksDB C call that reports failure through `char** errptr`, and throws its error.
///
/// This is the only place that reads `errptr`: RocksDB (rocksdb/c.h) allocates the message with
/// malloc and leaves freeing it to the caller.
@inline(__always)
func rocksCall<T>(
    _ operation: @autoclosure () -> String, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T
)
    throws(StorageError) -> T
{
    var error: UnsafeMutablePointer<CChar>? = nil
    let result = body(&error)
    if let error {
        let message = String(cString: error)
        rocksdb_free(error)
        throw StorageError.classify(message, operation: operation())
    }
    return result
}
