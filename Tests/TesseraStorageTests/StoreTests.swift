import Dispatch
import Synchronization
import Testing

@testable import TesseraStorage

@Suite("Store: reads, batches, snapshots, durability")
struct StoreTests {
    @Test("a range delete removes exactly the keys in [lower, upper)")
    func rangeDelete() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        let batch = WriteBatch()
        for key in ["a", "b1", "b2", "b\u{FF}", "c"] { batch.put(u8(key), u8(key)) }
        try store.write(batch)
        let delete = WriteBatch()
        delete.deleteRange(from: u8("b"), to: u8("c"))
        try store.write(delete)
        #expect(try store.get(u8("a")) == u8("a"))
        #expect(try store.get(u8("b1")) == nil)
        #expect(try store.get(u8("b\u{FF}")) == nil)
        #expect(try store.get(u8("c")) == u8("c"))
    }

    @Test("put, get and delete through write batches")
    func putGetDelete() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())

        let batch = WriteBatch()
        batch.put(u8("alpha"), u8("1"))
        batch.put(u8("beta"), u8("2"))
        batch.put(u8("empty"), [])
        batch.put([0x00, 0xFF], [0xFF, 0x00])
        #expect(batch.count == 4)
        #expect(batch.byteSize > 0)
        try store.write(batch)

        #expect(try store.get(u8("alpha")) == u8("1"))
        #expect(try store.get(u8("beta")) == u8("2"))
        #expect(try store.get([0x00, 0xFF]) == [0xFF, 0x00])
        // An empty value is present, not absent.
        #expect(try store.get(u8("empty")) == [])
        #expect(try store.get(u8("missing")) == nil)
        #expect(try store.get([]) == nil)

        let second = WriteBatch()
        second.delete(u8("alpha"))
        second.delete(u8("never-written"))
        second.put(u8("beta"), u8("22"))
        try store.write(second, durability: .logged)
        #expect(try store.get(u8("alpha")) == nil)
        #expect(try store.get(u8("beta")) == u8("22"))

        let third = WriteBatch()
        third.put(u8("gamma"), Array(repeating: 0xAB, count: 100_000))
        try store.write(third, durability: .unlogged)
        #expect(try store.get(u8("gamma")) == Array(repeating: 0xAB, count: 100_000))
    }

    @Test("operations in one batch apply in order")
    func batchOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        let batch = WriteBatch()
        batch.put(u8("k"), u8("first"))
        batch.delete(u8("k"))
        batch.put(u8("k"), u8("second"))
        batch.put(u8("gone"), u8("x"))
        batch.delete(u8("gone"))
        try store.write(batch)
        #expect(try store.get(u8("k")) == u8("second"))
        #expect(try store.get(u8("gone")) == nil)
    }

    @Test("a cleared batch writes nothing; an empty batch is harmless")
    func clearedBatch() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        let batch = WriteBatch()
        batch.put(u8("a"), u8("1"))
        batch.clear()
        #expect(batch.count == 0)
        try store.write(batch)
        try store.write(WriteBatch())
        #expect(try store.get(u8("a")) == nil)
    }

    @Test("readers never observe half of a batch")
    func batchAtomicityUnderConcurrency() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        let rounds = 2000
        let failure = FailureBox()
        let readerStarted = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            defer { finished.signal() }
            readerStarted.wait()
            for round in 1...rounds {
                let batch = WriteBatch()
                batch.put(u8("x"), Self.counter(round))
                batch.put(u8("marker/\(round)"), [])
                batch.put(u8("y"), Self.counter(round))
                do {
                    try store.write(batch, durability: .logged)
                } catch {
                    failure.record("write failed: \(error)")
                    return
                }
            }
        }

        /// Reads x, y and the marker of x's round through one consistent view; returns x's round.
        func observe(useCursor: Bool) throws -> Int? {
            let x: [UInt8]?
            let y: [UInt8]?
            let marker: (Int) throws -> [UInt8]?
            if useCursor {
                let cursor = store.cursor()
                cursor.seek(u8("x"))
                x = cursor.isValid && cursor.key == u8("x") ? cursor.value : nil
                cursor.seek(u8("y"))
                y = cursor.isValid && cursor.key == u8("y") ? cursor.value : nil
                marker = { round in
                    cursor.seek(u8("marker/\(round)"))
                    return cursor.isValid && cursor.key == u8("marker/\(round)") ? cursor.value : nil
                }
            } else {
                let snapshot = store.snapshot()
                x = try store.get(u8("x"), snapshot: snapshot)
                y = try store.get(u8("y"), snapshot: snapshot)
                marker = { round in try store.get(u8("marker/\(round)"), snapshot: snapshot) }
            }
            let text = { (value: [UInt8]?) in value.map { String(decoding: $0, as: UTF8.self) } ?? "nil" }
            #expect(x == y, "x \(text(x)) y \(text(y)) (cursor: \(useCursor))")
            guard x == y, let x, let round = Int(String(decoding: x, as: UTF8.self)) else { return nil }
            #expect(try marker(round) == [], "marker of round \(round) missing (cursor: \(useCursor))")
            return round
        }

        var observations = 0
        var intermediate = Set<Int>()
        readerStarted.signal()
        while observations < 1_000_000 {
            observations += 1
            let round = try observe(useCursor: observations % 2 == 0)
            if let round {
                if round == rounds { break }
                intermediate.insert(round)
            }
        }
        finished.wait()
        #expect(failure.message == nil)
        #expect(try store.get(u8("x")) == Self.counter(rounds))
        #expect(try store.get(u8("y")) == Self.counter(rounds))
        #expect(try observe(useCursor: true) == rounds)
        print("batch atomicity: \(observations) observations, \(intermediate.count) intermediate states seen")
    }

    private static func counter(_ value: Int) -> [UInt8] { u8(String(value)) }

    @Test("a rejected batch changes nothing")
    func rejectedBatchIsNotApplied() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try populate(dir.path, [("a", "1")])
        do {
            var options = testOptions()
            options.readOnly = true
            let readOnly = try Store(path: dir.path, options: options)
            #expect(readOnly.isReadOnly)
            #expect(try readOnly.get(u8("a")) == u8("1"))
            let batch = WriteBatch()
            batch.put(u8("a"), u8("2"))
            batch.put(u8("b"), u8("2"))
            #expect(throws: StorageError.self) { try readOnly.write(batch) }
            #expect(try readOnly.get(u8("a")) == u8("1"))
        }
        let store = try Store(path: dir.path, options: testOptions())
        #expect(try store.get(u8("a")) == u8("1"))
        #expect(try store.get(u8("b")) == nil)
    }

    @Test("a snapshot does not see later writes, deletes or new keys")
    func snapshotIsolation() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        try putAll(store, [("a", "1"), ("b", "1")])
        let snapshot = store.snapshot()

        let batch = WriteBatch()
        batch.put(u8("a"), u8("2"))
        batch.delete(u8("b"))
        batch.put(u8("c"), u8("2"))
        try store.write(batch)
        try store.flush()

        #expect(try store.get(u8("a"), snapshot: snapshot) == u8("1"))
        #expect(try store.get(u8("b"), snapshot: snapshot) == u8("1"))
        #expect(try store.get(u8("c"), snapshot: snapshot) == nil)
        let old = store.cursor(snapshot: snapshot)
        old.seekToFirst()
        #expect(drainForward(old) == ["a", "b"])

        #expect(try store.get(u8("a")) == u8("2"))
        #expect(try store.get(u8("b")) == nil)
        #expect(try store.get(u8("c")) == u8("2"))
        let current = store.cursor()
        current.seekToFirst()
        #expect(drainForward(current) == ["a", "c"])

        // A cursor opened without a snapshot pins the state at its creation.
        let pinned = store.cursor()
        try putAll(store, [("d", "3")])
        pinned.seekToFirst()
        #expect(drainForward(pinned) == ["a", "c"])
    }

    private func putAll(_ store: Store, _ pairs: [(String, String)]) throws {
        let batch = WriteBatch()
        for (key, value) in pairs { batch.put(u8(key), u8(value)) }
        try store.write(batch)
    }

    private static let twenty = (0..<20).map { $0 < 10 ? "k0\($0)" : "k\($0)" }

    private func storeWithTwentyKeys(_ dir: TemporaryDirectory) throws -> Store {
        let store = try Store(path: dir.path, options: testOptions())
        try putAll(store, Self.twenty.map { ($0, "v-" + $0) })
        return store
    }

    @Test("a bounded cursor moves forward within [lower, upper)")
    func cursorForward() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try storeWithTwentyKeys(dir)
        let cursor = store.cursor(from: u8("k05"), to: u8("k10"))
        cursor.seekToFirst()
        #expect(cursor.isValid)
        #expect(cursor.value == u8("v-k05"))
        #expect(drainForward(cursor) == ["k05", "k06", "k07", "k08", "k09"])
        #expect(!cursor.isValid)
        try cursor.checkStatus()

        cursor.seek(u8("k00"))
        #expect(cursor.key == u8("k05"))
        cursor.seek(u8("k07x"))
        #expect(cursor.key == u8("k08"))
        cursor.seek(u8("k07"))
        #expect(cursor.key == u8("k07"))
        cursor.withKey { key in #expect(Array(key) == u8("k07")) }
        cursor.seek(u8("k10"))
        #expect(!cursor.isValid)
        cursor.seek(u8("k99"))
        #expect(!cursor.isValid)

        // Unbounded cursors see everything; a lower bound alone or an upper bound alone also work.
        let all = store.cursor()
        all.seekToFirst()
        #expect(drainForward(all) == Self.twenty)
        let tail = store.cursor(from: u8("k18"))
        tail.seekToFirst()
        #expect(drainForward(tail) == ["k18", "k19"])
        let head = store.cursor(to: u8("k02"))
        head.seekToFirst()
        #expect(drainForward(head) == ["k00", "k01"])
    }

    @Test("a bounded cursor moves backward with seekToLast, seekForPrev and previous")
    func cursorReverse() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try storeWithTwentyKeys(dir)
        let cursor = store.cursor(from: u8("k05"), to: u8("k10"))
        cursor.seekToLast()
        #expect(cursor.value == u8("v-k09"))
        #expect(drainBackward(cursor) == ["k09", "k08", "k07", "k06", "k05"])
        #expect(!cursor.isValid)

        cursor.seekForPrev(u8("k07"))
        #expect(cursor.key == u8("k07"))
        cursor.seekForPrev(u8("k07x"))
        #expect(cursor.key == u8("k07"))
        // A target at or past the upper bound lands on the last key in range.
        cursor.seekForPrev(u8("k10"))
        #expect(cursor.key == u8("k09"))
        cursor.seekForPrev(u8("k99"))
        #expect(cursor.key == u8("k09"))
        // A target below the lower bound finds nothing.
        cursor.seekForPrev(u8("k04"))
        #expect(!cursor.isValid)
        cursor.seekForPrev(u8("k05"))
        #expect(cursor.key == u8("k05"))
        cursor.previous()
        #expect(!cursor.isValid)

        // Changing direction.
        cursor.seek(u8("k07"))
        cursor.previous()
        #expect(cursor.key == u8("k06"))
        cursor.next()
        #expect(cursor.key == u8("k07"))

        let all = store.cursor()
        all.seekToLast()
        #expect(drainBackward(all) == Self.twenty.reversed())
        try all.checkStatus()
    }

    @Test("empty ranges yield nothing in either direction")
    func emptyRanges() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let empty = try Store(path: dir.path, options: testOptions())
        for cursor in [empty.cursor(), empty.cursor(from: u8("a"), to: u8("z"))] {
            cursor.seekToFirst()
            #expect(!cursor.isValid)
            cursor.seekToLast()
            #expect(!cursor.isValid)
        }
        try putAll(empty, Self.twenty.map { ($0, "v") })
        let ranges: [([UInt8]?, [UInt8]?)] = [
            (u8("k05"), u8("k05")),  // lower == upper
            (u8("k05x"), u8("k06")),  // between two keys
            (u8("a"), u8("b")),  // before every key
            (u8("z"), nil),  // after every key
            (nil, u8("k")),  // before every key, no lower bound
            (nil, []),  // nothing sorts before the empty key
        ]
        for (lower, upper) in ranges {
            let cursor = empty.cursor(from: lower, to: upper)
            cursor.seekToFirst()
            #expect(!cursor.isValid, "\(String(describing: lower)) ..< \(String(describing: upper))")
            cursor.seekToLast()
            #expect(!cursor.isValid)
            cursor.seek(lower ?? [])
            #expect(!cursor.isValid)
            cursor.seekForPrev(upper ?? [0xFF])
            #expect(!cursor.isValid)
            try cursor.checkStatus()
        }
    }

    @Test("a cursor skips deleted keys and reads through memtable and SST files alike")
    func cursorMergesLevels() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try storeWithTwentyKeys(dir)
        try store.flush()
        let batch = WriteBatch()
        batch.delete(u8("k03"))
        batch.put(u8("k03a"), u8("new"))
        batch.put(u8("k04"), u8("changed"))
        try store.write(batch)
        let cursor = store.cursor(from: u8("k02"), to: u8("k06"))
        cursor.seekToFirst()
        #expect(drainForward(cursor) == ["k02", "k03a", "k04", "k05"])
        cursor.seek(u8("k04"))
        #expect(cursor.value == u8("changed"))
        cursor.seekToLast()
        #expect(drainBackward(cursor) == ["k05", "k04", "k03a", "k02"])
    }

    @Test("SST files written in key order are ingested and override older values")
    func sstIngest() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.child("db"), options: testOptions())
        try putAll(store, [("key-00010", "old"), ("zzz", "untouched")])

        let sstPath = dir.child("load.sst")
        do {
            let writer = try SSTWriter(path: sstPath)
            for index in 0..<1000 {
                let name = String(index)
                try writer.put(u8("key-" + String(repeating: "0", count: 5 - name.count) + name), u8("value-\(index)"))
            }
            #expect(writer.count == 1000)
            #expect(writer.path == sstPath)
            try writer.finish()
        }
        try store.ingest(files: [sstPath])
        try store.ingest(files: [])

        #expect(try store.get(u8("key-00000")) == u8("value-0"))
        #expect(try store.get(u8("key-00010")) == u8("value-10"))
        #expect(try store.get(u8("key-00999")) == u8("value-999"))
        #expect(try store.get(u8("zzz")) == u8("untouched"))
        let cursor = store.cursor(from: u8("key-"), to: u8("key-").prefixSuccessor())
        cursor.seekToFirst()
        #expect(drainForward(cursor).count == 1000)
    }

    @Test("SSTWriter refuses keys out of order; ingesting a missing file fails")
    func sstErrors() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = try SSTWriter(path: dir.child("bad.sst"))
        try writer.put(u8("b"), u8("1"))
        #expect(throws: StorageError.self) { try writer.put(u8("a"), u8("2")) }
        #expect(throws: StorageError.self) { try writer.put(u8("b"), u8("3")) }
        #expect(writer.count == 1)

        let store = try Store(path: dir.child("db"), options: testOptions())
        let error = #expect(throws: StorageError.self) { try store.ingest(files: [dir.child("missing.sst")]) }
        #expect(error?.operation == "ingest 1 files")
        #expect(error?.message.isEmpty == false)
    }

    @Test("a checkpoint opens as a separate database with the data at checkpoint time")
    func checkpoint() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let copyPath = dir.child("copy")
        do {
            let store = try Store(path: dir.child("db"), options: testOptions())
            try putAll(store, [("flushed", "1")])
            try store.flush()
            try putAll(store, [("in-memtable", "2")])
            try store.checkpoint(to: copyPath)
            try putAll(store, [("after", "3")])

            let error = #expect(throws: StorageError.self) { try store.checkpoint(to: copyPath) }
            #expect(error?.operation == "checkpoint to \(copyPath)")
        }
        let copy = try Store(path: copyPath, options: testOptions())
        #expect(try copy.get(u8("flushed")) == u8("1"))
        #expect(try copy.get(u8("in-memtable")) == u8("2"))
        #expect(try copy.get(u8("after")) == nil)
        // The copy is independent and writable.
        try putAll(copy, [("copy-only", "4")])
        #expect(try copy.get(u8("copy-only")) == u8("4"))
    }

    @Test("data survives closing and reopening")
    func reopenKeepsData() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        weak var closed: Store?
        do {
            let store = try Store(path: dir.path, options: testOptions())
            closed = store
            try putAll(store, [("synced", "1")])
            let batch = WriteBatch()
            batch.put(u8("logged"), u8("2"))
            try store.write(batch, durability: .logged)
            try store.syncLog()
            #expect(store.path == dir.path)
            #expect(!store.isReadOnly)
        }
        #expect(closed == nil, "the store must be released to close it")
        let reopened = try Store(path: dir.path, options: testOptions())
        #expect(try reopened.get(u8("synced")) == u8("1"))
        #expect(try reopened.get(u8("logged")) == u8("2"))
    }

    @Test("unlogged writes are durable once flushed")
    func unloggedWritesSurviveFlush() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.child("db")
        do {
            let store = try Store(path: path, options: testOptions())
            let batch = WriteBatch()
            for index in 0..<500 { batch.put(u8("bulk/\(index)"), u8("value \(index)")) }
            try store.write(batch, durability: .unlogged)
            #expect(store.property("rocksdb.num-entries-active-mem-table") == "500")
            try store.flush()
            #expect(store.property("rocksdb.num-entries-active-mem-table") == "0")

            let late = WriteBatch()
            late.put(u8("late"), u8("not flushed"))
            try store.write(late, durability: .unlogged)

            // The files on disk while the store is still open are what a crash would leave behind.
            try copyDirectory(from: path, to: dir.child("crash"))
        }
        let crashed = try Store(path: dir.child("crash"), options: testOptions())
        #expect(try crashed.get(u8("bulk/0")) == u8("value 0"))
        #expect(try crashed.get(u8("bulk/499")) == u8("value 499"))
        let cursor = crashed.cursor(from: u8("bulk/"), to: u8("bulk0"))
        cursor.seekToFirst()
        #expect(drainForward(cursor).count == 500)
        // An unlogged write after the flush was only in memory.
        #expect(try crashed.get(u8("late")) == nil)

        // A clean close keeps everything.
        let reopened = try Store(path: path, options: testOptions())
        #expect(try reopened.get(u8("bulk/250")) == u8("value 250"))
    }

    @Test("a directory already open in this process is locked")
    func lockedTwice() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        do {
            let first = try Store(path: dir.path, options: testOptions())
            let error = #expect(throws: StorageError.self) { _ = try Store(path: dir.path, options: testOptions()) }
            #expect(error?.kind == .locked, "message: \(error?.message ?? "none")")
            #expect(error?.message.contains("LOCK") == true)
            #expect(error?.operation == "open \(dir.path)")
            // The first handle is unaffected.
            try putAll(first, [("still", "works")])
            #expect(try first.get(u8("still")) == u8("works"))
        }
        // Once the first handle is gone the lock is free again.
        let again = try Store(path: dir.path, options: testOptions())
        #expect(try again.get(u8("still")) == u8("works"))
    }

    @Test("opening a missing database without createIfMissing fails clearly")
    func missingDatabase() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.child("does-not-exist")
        var options = testOptions()
        options.createIfMissing = false
        let error = #expect(throws: StorageError.self) { _ = try Store(path: path, options: options) }
        #expect(error?.kind == .invalidArgument, "message: \(error?.message ?? "none")")
        #expect(error?.message.contains("does not exist") == true)
        #expect(error?.message.contains(path) == true)
        #expect(error?.operation == "open \(path)")
        #expect(error?.description.hasPrefix("storage error during open \(path): ") == true)

        // Read-only opening of a missing database fails too.
        options.readOnly = true
        #expect(throws: StorageError.self) { _ = try Store(path: dir.child("also-missing"), options: options) }
    }

    @Test("errorIfExists refuses an existing database")
    func errorIfExists() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try populate(dir.path, [("a", "1")])
        var options = testOptions()
        options.errorIfExists = true
        let error = #expect(throws: StorageError.self) { _ = try Store(path: dir.path, options: options) }
        #expect(error?.kind == .invalidArgument, "message: \(error?.message ?? "none")")
    }

    @Test("RocksDB properties are exposed")
    func properties() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        try putAll(store, (0..<100).map { ("p\($0)", "v") })
        try store.flush()
        let estimate = try #require(store.property("rocksdb.estimate-num-keys"))
        let count = try #require(Int(estimate), "not a number: \(estimate)")
        #expect(count > 0 && count <= 200)
        #expect(store.property("rocksdb.stats")?.isEmpty == false)
        #expect(store.property("rocksdb.no-such-property") == nil)
        store.compactAll()
        #expect(try store.get(u8("p42")) == u8("v"))
    }

    static let statusMessages: [(String, StorageError.Kind)] = [
        ("Corruption: block checksum mismatch: stored = 1, computed = 2", .corruption),
        ("IO error: While lock file: /data/LOCK: Resource temporarily unavailable", .locked),
        (
            "IO error: lock hold by current process, acquire time 1 acquiring thread 2: /data/LOCK: No locks available",
            .locked
        ),
        ("IO error: No space left on device: /data/000012.sst", .noSpace),
        ("IO error: While open a file for appending: /data/LOG: Permission denied", .io),
        ("NotFound: /data/000012.sst", .notFound),
        ("Invalid argument: /data/CURRENT: does not exist (create_if_missing is false)", .invalidArgument),
        ("Not implemented: Not supported operation in read only mode.", .other),
    ]

    @Test("RocksDB status messages are classified", arguments: statusMessages)
    func classification(message: String, kind: StorageError.Kind) {
        let error = StorageError.classify(message, operation: "op")
        #expect(error.kind == kind)
        #expect(error.message == message)
        #expect(error.operation == "op")
    }
}

/// Carries a failure out of a background thread.
private final class FailureBox: Sendable {
    private let storage = Mutex<String?>(nil)
    func record(_ message: String) { storage.withLock { $0 = $0 ?? message } }
    var message: String? { storage.withLock { $0 } }
}
