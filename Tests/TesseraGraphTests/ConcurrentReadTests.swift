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

    /// A snapshot reader knows its commit count without reading it only when no commit can have landed while the
    /// snapshot was taken; the count it knows is always the one its snapshot holds, during commits, during a bulk
    /// load (whose batches land on a thread of their own) and after either.
    @Test func snapshotReadersKnowTheirCommitCount() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let graph = try Graph(path: directory.appendingPathComponent("db").path)
        var lines: [String] = []
        for index in 0..<1_000 {
            lines.append(#"{"id": "n\#(index)", "type": "node", "valid_from": "2024-01-01T00:00:00Z", "props": {}}"#)
        }
        let file = directory.appendingPathComponent("load.ndjson").path
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let done = Atomic<Bool>(false)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 {
                do {
                    for index in 0..<50 {
                        var transaction = Transaction()
                        try transaction.putEntity("c\(index)", labels: ["C"], validFrom: 0)
                        try graph.commit(transaction, durability: .unlogged)
                    }
                    // Between the commits and the load, nothing is on its way: a reader knows the count.
                    let quiet = graph.reader()
                    if quiet.snapshotCommits.value != 50 {
                        failures.withLock {
                            $0.append("after the commits: \(String(describing: quiet.snapshotCommits.value))")
                        }
                    }
                    var options = LoadOptions()
                    options.batchLines = 100
                    _ = try BulkLoader(graph: graph, options: options).load(paths: [file])
                } catch { failures.withLock { $0.append("writer: \(error)") } }
                done.store(true, ordering: .sequentiallyConsistent)
                return
            }
            while !done.load(ordering: .sequentiallyConsistent) {
                let reader = graph.reader()
                guard let count = reader.snapshotCommits.value else { continue }
                do {
                    let stored = try reader.engineState().commitCount
                    if count != stored {
                        failures.withLock { if $0.count < 20 { $0.append("knew \(count), snapshot holds \(stored)") } }
                    }
                } catch { failures.withLock { $0.append("read: \(error)") } }
            }
        }
        let found = failures.withLock { $0 }
        // (How often a reader found a quiet moment depends on scheduling: only what it knew is checked.)
        #expect(found.isEmpty, "\(found.count) failures, first: \(found.prefix(5))")
        // Once everything landed, a new reader knows the count, and it is the stored one.
        let after = graph.reader()
        let count = try #require(after.snapshotCommits.value)
        #expect(count == (try after.engineState().commitCount))
        #expect(count == Int64(graph.statistics().commits))
    }
}
