import Synchronization

/// Keeps one unbounded cursor for reuse. Creating a RocksDB iterator references the current memtables and
/// files and builds an iterator per level (about a microsecond); seeking an existing one does not, so short
/// reads that run one after another (the edges of an entity, a version found by a seek) share one.
///
/// A cursor is reused only while it still sees what a new one would: for a snapshot, the same snapshot;
/// for the latest state, no write (or compaction) since it was created. Whoever takes the cursor has it to
/// itself until it gives it back; a second concurrent user gets a cursor of its own.
public final class CursorPool: Sendable {
    /// Why @unchecked: the cursor inside is used only by the caller that took it out of the pool.
    private final class Held: @unchecked Sendable {
        let cursor: Cursor
        init(_ cursor: Cursor) { self.cursor = cursor }
    }

    private let slot = Mutex<Held?>(nil)

    public init() {}

    /// Whether a cursor is waiting for reuse.
    var isHolding: Bool { slot.withLock { $0 != nil } }

    /// Lets go of the waiting cursor (a store calls this for the pools attached to it when it changes, so a
    /// stale cursor does not keep replaced memtables and files alive until the next read).
    func release() {
        let held = slot.withLock { held -> Held? in
            defer { held = nil }
            return held
        }
        _ = held  // destroyed here, outside the lock
    }

    /// Runs `body` with an unbounded cursor over `store` at `snapshot` (the latest state when nil).
    public func withCursor<Result, Failure: Error>(
        _ store: Store, snapshot: Snapshot?, _ body: (Cursor) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var reused = slot.withLock { held -> Held? in
            defer { held = nil }
            return held
        }
        if let candidate = reused, !candidate.cursor.isCurrent(store: store, snapshot: snapshot) { reused = nil }
        let cursor = reused?.cursor ?? store.cursor(snapshot: snapshot)
        let result = try body(cursor)
        // A cursor that failed, or that a change made stale meanwhile, is not handed on.
        if (try? cursor.checkStatus()) != nil, cursor.isCurrent(store: store, snapshot: snapshot) {
            let held = reused ?? Held(cursor)
            slot.withLock { $0 = held }
            // A change between that test and the hand-back: its release may have run before the cursor was
            // back, so look again (the store counts a change before it releases pools).
            if !cursor.isCurrent(store: store, snapshot: snapshot) { release() }
        }
        return result
    }
}
