import TesseraCore
import TesseraStorage

/// What a commit did.
public struct CommitResult: Sendable, Equatable {
    /// The system time assigned to the commit (the previous commit's when nothing changed).
    public var systemTime: Int64
    /// Change-log entries written (0 when every write was a no-op).
    public var changes: Int
}

extension Graph {
    /// Applies every write of `transaction` atomically, with one new system time.
    ///
    /// Either every write takes effect or none does. Writes that change nothing are skipped; when
    /// none changes anything, nothing is written and no system time is used.
    /// Keeps the in-memory R-tree of the present in step with a commit; pipelined (bulk) commits drop it
    /// instead, and it is rebuilt on the next query.
    func refreshCurrentSpace(after context: CommitContext, pipelined: Bool) throws(GraphError) {
        guard current.withLock({ $0 != nil }) else { return }
        if pipelined {
            current.withLock { $0 = nil }
            return
        }
        let updates = try context.currentSpaceEntries(now: Time.nowMicros())
        current.withLock { state in
            guard state != nil else { return }
            for update in updates { state?.replace(entity: update.entity, with: update.entries) }
            state?.commitCount = context.state.commitCount
        }
    }

    /// Reloads the writer's clocks and counters from disk and forgets cached names, after a pipelined
    /// write failed (memory may be ahead of what reached the store).
    func resetWriter() throws(GraphError) {
        let stored = try WriterState.load(from: store, readOnly: false)
        writer.withLock { $0 = stored }
        names.clear()
        current.withLock { $0 = nil }
        currentEdges.withLock { $0.edges = nil }
        history.withLock { $0.space = nil }
    }

    @discardableResult
    public func commit(_ transaction: Transaction, durability: Durability = .synced) throws(GraphError) -> CommitResult
    {
        try withCommit(durability: durability) { context throws(GraphError) in
            for operation in transaction.operations { try context.apply(operation) }
        }
    }

    /// Runs `body` against a fresh commit context under the writer lock, then writes what it changed.
    ///
    /// - Parameter writer: when given, batches are handed to it instead of being written here; the
    ///   context then waits for it before every store read (the bulk loader's pipelined path).
    func withCommit(
        durability: Durability, extraWrites: ((WriteBatch) -> Void)? = nil, writer batchWriter: BatchWriter? = nil,
        _ body: (CommitContext) throws(GraphError) -> Void
    ) throws(GraphError) -> CommitResult {
        try writer.withLock { (state: inout WriterState) throws(GraphError) -> CommitResult in
            if durability != .unlogged && state.hasUnloggedWrites {
                // A logged commit must not survive a crash that loses earlier unlogged batches it builds on.
                do { try store.flush() } catch { throw GraphError.wrap(error) }
                state.hasUnloggedWrites = false
            }
            let systemTime = max(Time.nowMicros(), state.lastSystemTime + 1)
            let context = CommitContext(
                store: store, systemTime: systemTime, state: state, catalog: catalog.withLock { $0 }, names: names,
                spaceSlots: spaceSlots.withLock { $0 }, beforeRead: batchWriter)
            context.propertyIndexes = propertyIndexCatalog.withLock { $0.indexes }
            do {
                try body(context)
            } catch {
                names.clear()
                throw GraphError.wrap(error)
            }
            let batch = WriteBatch()
            extraWrites?(batch)
            guard context.hasChanges else {
                if batch.count > 0 {
                    do {
                        if let batchWriter {
                            try batchWriter.submit(batch)
                        } else {
                            try store.write(batch, durability: durability)
                        }
                    } catch { throw GraphError.wrap(error) }
                    if durability == .unlogged { state.hasUnloggedWrites = true }
                }
                return CommitResult(systemTime: state.lastSystemTime, changes: 0)
            }
            try context.emit(into: batch)
            catalog.withLock { catalog in
                for addition in context.catalogAdditions { catalog.add(addition.kind, addition.name, addition.id) }
            }
            spaceSlots.withLock { $0.formUnion(context.newSpaceSlots) }
            // Counted before the batch can land, so a reader never takes a count for its snapshot's (see
            // ``CommitWrites``) while the batch is on its way.
            commitWrites.withLock { $0.started += 1 }
            do {
                if let batchWriter {
                    batchWriter.noteCommit(count: context.state.commitCount)
                    try batchWriter.submit(batch)
                } else {
                    try store.write(batch, durability: durability)
                }
            } catch {
                // A failed direct write changed nothing; a pipelined batch stays counted as on its way.
                if batchWriter == nil { commitWrites.withLock { $0.finished += 1 } }
                names.clear()
                throw GraphError.wrap(error)
            }
            if batchWriter == nil { commitsLanded(1, lastCount: context.state.commitCount) }
            state = context.state
            state.hasUnloggedWrites = state.hasUnloggedWrites || durability == .unlogged
            refreshHistorySpace(after: context, pipelined: batchWriter != nil)
            try refreshCurrentSpace(after: context, pipelined: batchWriter != nil)
            try refreshCurrentEdges(after: context, pipelined: batchWriter != nil)
            return CommitResult(systemTime: systemTime, changes: context.changes.count)
        }
    }
}

/// How durable a commit must be before it returns (the storage layer's ``Durability``).
public typealias CommitDurability = Durability

/// Commit batches on their way to the store, so that a reader can tell how many commits its snapshot holds
/// without reading the engine state through it: a snapshot taken while every counted batch had landed, and
/// before any other was counted, holds exactly ``count`` commits.
struct CommitWrites: Sendable {
    /// Commit batches counted before being handed to the store (directly or through a load's pipeline).
    var started: Int64 = 0
    /// Those known to have landed, or to have failed without writing anything.
    var finished: Int64 = 0
    /// The commit count of the store once every started batch has finished.
    var count: Int64

    /// The commit count of a snapshot taken after reading `before` and before `startedAfter` was read; nil when
    /// a commit batch may have landed in between.
    static func snapshotCount(before: CommitWrites, startedAfter: Int64) -> Int64? {
        before.started == before.finished && startedAfter == before.started ? before.count : nil
    }
}

extension Graph {
    /// `landed` more commit batches reached the store, the last of them (in commit order) with commit count
    /// `lastCount`.
    func commitsLanded(_ landed: Int64, lastCount: Int64) {
        commitWrites.withLock {
            $0.finished += landed
            $0.count = max($0.count, lastCount)
        }
    }
}
