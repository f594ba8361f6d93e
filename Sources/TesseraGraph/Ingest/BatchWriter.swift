import Foundation
import TesseraStorage

/// Writes loader batches to the store on a thread of its own, one at a time, so the committing
/// thread can prepare the next batch while RocksDB inserts the previous one into its memtable.
///
/// At most one batch is in flight: ``submit(_:)`` waits for the previous one. Anything that reads the
/// store on behalf of the next batch must call ``waitIdle()`` first, so it sees every earlier batch.
/// Why @unchecked Sendable: all mutable state is guarded by `condition`.
final class BatchWriter: @unchecked Sendable {
    private let store: Store
    private let condition = NSCondition()
    private var pending: WriteBatch?
    private var failure: StorageError?
    private var stopped = false
    private var thread: Thread?

    init(store: Store) {
        self.store = store
        let thread = Thread { [unowned self] in self.run() }
        thread.stackSize = 1 << 20
        self.thread = thread
        thread.start()
    }

    private func run() {
        while true {
            condition.lock()
            while pending == nil && !stopped { condition.wait() }
            guard let batch = pending else {
                condition.unlock()
                return
            }
            condition.unlock()
            var error: StorageError?
            do { try store.write(batch, durability: .unlogged) } catch let failed { error = failed }
            condition.lock()
            pending = nil
            if let error, failure == nil { failure = error }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Hands over a batch after the previous one is written; throws the previous write's error.
    func submit(_ batch: WriteBatch) throws(StorageError) {
        condition.lock()
        defer { condition.unlock() }
        while pending != nil { condition.wait() }
        if let failure { throw failure }
        pending = batch
        condition.broadcast()
    }

    /// Waits until no batch is in flight; throws the error of a failed write.
    func waitIdle() throws(StorageError) {
        condition.lock()
        defer { condition.unlock() }
        while pending != nil { condition.wait() }
        if let failure { throw failure }
    }

    /// Stops the thread after the batch in flight.
    func stop() {
        condition.lock()
        while pending != nil { condition.wait() }
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
