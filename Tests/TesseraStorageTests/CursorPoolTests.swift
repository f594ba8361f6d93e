import Testing

@testable import TesseraStorage

@Suite("CursorPool: reused cursors never read a stale state")
struct CursorPoolTests {
    /// Every key from "k" on, read through the pool.
    private func keys(_ pool: CursorPool, _ store: Store, snapshot: Snapshot? = nil) -> [[UInt8]] {
        pool.withCursor(store, snapshot: snapshot) { cursor in
            var found: [[UInt8]] = []
            cursor.seek(u8("k"))
            while cursor.isValid {
                found.append(cursor.key)
                cursor.next()
            }
            return found
        }
    }

    private func put(_ store: Store, _ key: String) throws {
        let batch = WriteBatch()
        batch.put(u8(key), u8(key))
        try store.write(batch)
    }

    @Test("a cursor of the latest state is reused until the next write, and writes are always seen")
    func latestStateFollowsWrites() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        let pool = CursorPool()
        try put(store, "k1")
        #expect(keys(pool, store) == [u8("k1")])
        var first: ObjectIdentifier?
        pool.withCursor(store, snapshot: nil) { first = ObjectIdentifier($0) }
        var second: ObjectIdentifier?
        pool.withCursor(store, snapshot: nil) { second = ObjectIdentifier($0) }
        #expect(first == second, "no write in between: the same cursor")
        try put(store, "k2")
        #expect(keys(pool, store) == [u8("k1"), u8("k2")])
        store.compactAll()
        try put(store, "k3")
        #expect(keys(pool, store) == [u8("k1"), u8("k2"), u8("k3")])
    }

    @Test("an attached pool lets go of its cursor when the store changes")
    func attachedPoolsAreEmptiedByChanges() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        let attached = CursorPool()
        let detached = CursorPool()
        store.attach(attached)
        try put(store, "k1")
        _ = keys(attached, store)
        _ = keys(detached, store)
        #expect(attached.isHolding && detached.isHolding)
        try put(store, "k2")
        #expect(!attached.isHolding, "released by the write")
        #expect(detached.isHolding, "a detached pool drops its stale cursor only on its next use")
        #expect(keys(detached, store) == [u8("k1"), u8("k2")])
        _ = keys(attached, store)
        store.compactAll()
        #expect(!attached.isHolding, "released by the compaction")
    }

    @Test("a snapshot's cursor keeps reading the snapshot, another snapshot gets its own")
    func snapshotsStayPut() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        let pool = CursorPool()
        try put(store, "k1")
        let old = store.snapshot()
        try put(store, "k2")
        #expect(keys(pool, store, snapshot: old) == [u8("k1")])
        try put(store, "k3")
        #expect(keys(pool, store, snapshot: old) == [u8("k1")])
        let newer = store.snapshot()
        #expect(keys(pool, store, snapshot: newer) == [u8("k1"), u8("k2"), u8("k3")])
        #expect(keys(pool, store) == [u8("k1"), u8("k2"), u8("k3")])
    }

    @Test("a cursor taken while another is in use is a different one")
    func nestedUseGetsItsOwnCursor() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(path: dir.path, options: testOptions())
        let pool = CursorPool()
        try put(store, "k1")
        pool.withCursor(store, snapshot: nil) { outer in
            pool.withCursor(store, snapshot: nil) { inner in #expect(outer !== inner) }
        }
    }
}
