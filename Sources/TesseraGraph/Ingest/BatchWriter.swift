import Foundation
import TesseraStorage

#if canImport(Glibc)
    import Glibc
#endif

/// Writes loader batches to the store on a thread of its own, one at a time, so the committing
/// thread can prepare the next batch while RocksDB inserts the previous one into its memtable.
///
/// Batches are written in order; at most `depth` wait behind the one being written. Anything that reads the
/// store on behalf of the next batch must call ``waitIdle()`` first, so it sees every earlier batch.
/// Why @unchecked Sendable: all mutable state is guarded by `condition`.
final class BatchWriter: @unchecked Sendable {
    private let store: Store
    private let condition = NSCondition()
    private var pending: [WriteBatch] = []
    private var writing = false
    /// Batches that may wait behind the one being written.
    private let depth: Int
    private var failure: StorageError?
    private var stopped = false
    private var thread: pthread_t?
    /// Commit batches handed over since ``waitIdle()`` last found the pipeline empty, and the commit count of the
    /// last one (see ``CommitWrites``).
    private var commitsSubmitted: Int64 = 0
    private var lastCommitCount: Int64 = 0
    /// Told how many commit batches landed, and the commit count of the last, whenever the pipeline is found
    /// empty without a failure.
    var onCommitsLanded: (@Sendable (Int64, Int64) -> Void)?

    init(store: Store, depth: Int = 2) {
        self.store = store
        self.depth = depth
        // A joinable POSIX thread rather than Foundation's `Thread`: RocksDB keeps per-thread state
        // that is torn down when a thread exits, so `stop` must join the thread before the store can
        // be closed. The context pointer carries one retain of `self`, released by the thread.
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(
            &handle, nil,
            { raw in
                guard let raw else { return nil }
                let writer = Unmanaged<BatchWriter>.fromOpaque(raw).takeRetainedValue()
                writer.run()
                return nil
            }, context)
        if created == 0 {
            thread = handle
        } else {
            Unmanaged<BatchWriter>.fromOpaque(context).release()
            stopped = true
        }
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopped { condition.wait() }
            guard !pending.isEmpty else {
                condition.unlock()
                return
            }
            let batch = pending.removeFirst()
            writing = true
            condition.broadcast()
            condition.unlock()
            var error: StorageError?
            if failure == nil {
                do { try store.write(batch, durability: .unlogged) } catch let failed { error = failed }
            }
            condition.lock()
            writing = false
            if let error, failure == nil { failure = error }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Hands over a batch after the previous one is written; throws the previous write's error.
    ///
    /// Writes in the caller's thread when the writer thread could not be started.
    func submit(_ batch: WriteBatch) throws(StorageError) {
        guard thread != nil else {
            try store.write(batch, durability: .unlogged)
            return
        }
        condition.lock()
        defer { condition.unlock() }
        while pending.count >= depth { condition.wait() }
        if let failure { throw failure }
        pending.append(batch)
        condition.broadcast()
    }

    /// Counts a commit batch about to be handed over with ``submit(_:)``, whose commit count is `count`.
    func noteCommit(count: Int64) {
        condition.lock()
        defer { condition.unlock() }
        commitsSubmitted += 1
        lastCommitCount = count
    }

    /// Waits until no batch is in flight; throws the error of a failed write.
    func waitIdle() throws(StorageError) {
        condition.lock()
        defer { condition.unlock() }
        while !pending.isEmpty || writing { condition.wait() }
        if let failure { throw failure }
        if commitsSubmitted > 0 {
            onCommitsLanded?(commitsSubmitted, lastCommitCount)
            commitsSubmitted = 0
        }
    }

    /// Stops the thread after the batch in flight and joins it.
    func stop() {
        condition.lock()
        while !pending.isEmpty || writing { condition.wait() }
        stopped = true
        condition.broadcast()
        condition.unlock()
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }
}
