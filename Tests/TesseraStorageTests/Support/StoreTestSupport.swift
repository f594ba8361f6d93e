import Foundation
import TesseraStorage

/// A fresh directory under the system temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init(_ label: String = #function) throws {
        let safe = label.filter { $0.isLetter || $0.isNumber }.prefix(40)
        var base = NSTemporaryDirectory()
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var template = Array("\(base)/tessera-\(safe)-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw StorageError(.io, "mkdtemp failed (errno \(errno))", operation: "create test directory")
        }
        path = String(cString: created)
    }

    /// A path inside the directory (not created).
    func child(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Copies a directory tree (used to capture a live store's files as a crash would leave them).
func copyDirectory(from source: String, to destination: String) throws {
    try FileManager.default.copyItem(atPath: source, toPath: destination)
}

/// Small caches and buffers: many test stores are open at once.
func testOptions() -> StoreOptions {
    var options = StoreOptions()
    options.blockCacheBytes = 1 << 20
    options.writeBufferBytes = 1 << 20
    options.backgroundJobs = 2
    return options
}

/// UTF-8 bytes of a string, for readable keys and values.
func u8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Every key and value the cursor yields moving forward from its current position.
func drainForward(_ cursor: Cursor) -> [String] {
    var keys: [String] = []
    while cursor.isValid {
        keys.append(String(decoding: cursor.key, as: UTF8.self))
        cursor.next()
    }
    return keys
}

/// Every key the cursor yields moving backward from its current position.
func drainBackward(_ cursor: Cursor) -> [String] {
    var keys: [String] = []
    while cursor.isValid {
        keys.append(String(decoding: cursor.key, as: UTF8.self))
        cursor.previous()
    }
    return keys
}

/// Opens a store, writes `pairs` in one batch and lets the store close before returning.
func populate(_ path: String, _ pairs: [(String, String)], durability: Durability = .synced, flush: Bool = false)
    throws
{
    let store = try Store(path: path, options: testOptions())
    let batch = WriteBatch()
    for (key, value) in pairs { batch.put(u8(key), u8(value)) }
    try store.write(batch, durability: durability)
    if flush { try store.flush() }
}
