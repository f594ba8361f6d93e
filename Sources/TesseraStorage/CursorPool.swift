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
        // A cursor that failed is not handed on.
        if (try? cursor.checkStatus()) != nil {
            let held = reused ?? Held(cursor)
            slot.withLock { $0 = held }
        }
        return result
    }
}
