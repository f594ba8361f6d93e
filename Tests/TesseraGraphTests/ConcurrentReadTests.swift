import Dispatch
import Foundation
import Synchronization
import TesseraCore
import Testing

@testable import TesseraGraph

/// Readers of the latest state share one pooled cursor while a writer commits: no read may see less than a
/// commit acknowledged before it started.
@Suite struct ConcurrentReadTests {
    @Test func latestStateReadersNeverMissAnAcknowledgedCommit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cr-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let graph = try Graph(path: path)
        var setup = Transaction()
        try setup.putEntity("hub", labels: ["Hub"], validFrom: 0)
        try graph.commit(setup)
        let commits = 150
        let acknowledged = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { worker in
            if worker == 0 {
                for index in 0..<commits {
                    do {
                        var transaction = Transaction()
                        try transaction.putEntity("leaf\(index)", labels: ["Leaf"], validFrom: 0)
                        try transaction.putEdge("e\(index)", from: "hub", to: "leaf\(index)", type: "HAS", validFrom: 0)
                        try graph.commit(transaction, durability: .unlogged)
                        acknowledged.store(index + 1, ordering: .sequentiallyConsistent)
                    } catch { failures.withLock { $0.append("commit \(index): \(error)") } }
                }
                return
            }
            // Readers: the edges and the history of the hub's latest leaf, through the shared cursor.
            while true {
                let floor = acknowledged.load(ordering: .sequentiallyConsistent)
                do {
                    let edges = try graph.edges(of: "hub", validAt: 1)
                    if edges.count < floor {
                        failures.withLock { $0.append("saw \(edges.count) edges after \(floor) commits") }
                    }
                    if floor > 0, try graph.history(of: "leaf\(floor - 1)").isEmpty {
                        failures.withLock { $0.append("leaf\(floor - 1) missing after its commit") }
                    }
                } catch { failures.withLock { $0.append("read: \(error)") } }
                if floor == commits { break }
            }
        }
        let found = failures.withLock { $0 }
        #expect(found.count == 0, "\(found.count) failures, first: \(found.prefix(5))")
        #expect(try graph.edges(of: "hub", validAt: 1).count == commits)
    }
}
