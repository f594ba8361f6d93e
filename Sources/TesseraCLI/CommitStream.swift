import ArgumentParser
import Foundation
import TesseraCore
import TesseraGraph

/// A durability probe: commits small synced transactions and acknowledges each on standard output
/// only after the commit returned. Used by the crash tests and to measure commit latency.
struct CommitStream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit-stream",
        abstract: "Commit N small transactions, printing `ack I` after each durable commit.",
        shouldDisplay: false)
    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, help: "Number of transactions.") var count: Int = 1000
    @Option(name: .long, help: "Id prefix of the entities written.") var prefix: String = "k"

    func run() throws {
        let graph = try Graph(path: database.db)
        let base = Time.parse("2025-01-01T00:00:00Z") ?? 0
        let output = FileHandle.standardOutput
        for index in 0..<count {
            var transaction = Transaction()
            let id = "\(prefix)\(index)"
            try transaction.putEntity(
                id, labels: ["Probe"], properties: ["n": .int(Int64(index))], validFrom: base + Int64(index))
            if index > 0 {
                try transaction.putEdge(
                    "\(prefix)e\(index)", from: id, to: "\(prefix)\(index - 1)", type: "NEXT",
                    validFrom: base + Int64(index))
                try transaction.putEntity(
                    "\(prefix)\(index - 1)", labels: ["Probe"],
                    properties: ["n": .int(Int64(index - 1)), "next": .string(id)],
                    validFrom: base + Int64(index))
            }
            try graph.commit(transaction, durability: .synced)
            output.write(Data("ack \(index)\n".utf8))
        }
    }
}
