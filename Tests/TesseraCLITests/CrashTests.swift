import Foundation
import TesseraCore
import TesseraGraph
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kills the CLI with SIGKILL in the middle of writing, reopens, and checks that every acknowledged
/// write is there, nothing half-written is visible, indexes agree with the data, and work can resume.
@Suite(.serialized) struct CrashTests {
    @Test func killDuringSmallCommitsKeepsEveryAcknowledgedCommit() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/db"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.executable)
        process.arguments = ["commit-stream", "--db", database, "--count", "1000000"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let collector = LineCollector(out.fileHandleForReading)
        try process.run()
        let enough = collector.wait(seconds: 120) { $0.count >= 150 }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(enough, "the writer acknowledged only \(collector.snapshot.count) commits")
        #expect(process.terminationReason == .uncaughtSignal)
        let acknowledged = collector.snapshot.compactMap { line in
            line.hasPrefix("ack ") ? Int(line.dropFirst(4)) : nil
        }
        let last = try #require(acknowledged.max())

        let graph = try Graph(path: database)
        let later = Time.parse("2026-01-01T00:00:00Z")
        for index in 0...last {
            let version = try graph.entity("k\(index)", validAt: later)
            #expect(version?.properties["n"] == .int(Int64(index)), "acknowledged commit \(index) lost")
            if index > 0 {
                #expect(
                    try graph.edges(of: "k\(index)", direction: .outgoing, validAt: later).map(\.to) == [
                        "k\(index - 1)"
                    ])
            }
        }
        let report = try graph.check()
        #expect(report.problems.isEmpty, "\(report.problems)")
        // A commit that was in flight is either wholly present or wholly absent.
        if let extra = try graph.entity("k\(last + 1)", validAt: later) {
            #expect(try graph.edges(of: extra.id, direction: .outgoing, validAt: later).count == 1)
            #expect(try graph.entity("k\(last)", validAt: later)?.properties["next"] == .string(extra.id))
        }
        var transaction = Transaction()
        try transaction.putEntity("after-crash", labels: ["Probe"], validFrom: 0)
        #expect(try graph.commit(transaction).changes == 1)
    }

    @Test func killDuringBulkLoadLosesNothingDurableAndResumes() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let city = directory + "/city.ndjson"
        let database = directory + "/db"
        let generated = try CLIHarness.run(["generate", "--entities", "6000", "--seed", "11", "--out", city])
        #expect(generated.status == 0)
        let lines = try String(contentsOfFile: city, encoding: .utf8).split(separator: "\n")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.executable)
        process.arguments = ["load", "--db", database, "--batch-lines", "1000", "--durable-every", "4000", city]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let collector = LineCollector(err.fileHandleForReading)
        try process.run()
        func durable(_ lines: [String]) -> Int {
            lines.compactMap { line -> Int? in
                guard let range = line.range(of: "durable through line ") else { return nil }
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }.max() ?? 0
        }
        let reached = collector.wait(seconds: 300) { durable($0) >= 12_000 }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let durableLine = durable(collector.snapshot)
        #expect(reached, "load reported only \(durableLine) durable lines")
        #expect(durableLine < lines.count, "the load finished before it could be interrupted")

        do {
            let graph = try Graph(path: database)
            let report = try graph.check()
            #expect(report.problems.isEmpty, "\(report.problems.prefix(5))")
            for line in lines.prefix(durableLine) where !line.contains("\"from\"") {
                guard case .map(let fields) = try JSONReader.parse(String(line)), case .string(let id) = fields["id"],
                    case .string(let from) = fields["valid_from"]
                else { continue }
                let version = try graph.entity(id, validAt: Time.parse(from))
                #expect(version != nil, "durable line for \(id) lost")
                if version == nil { break }
            }
        }

        let resumed = try CLIHarness.run(["load", "--db", database, "--quiet", city])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let summary = try #require(try CLIHarness.json(resumed.stdout) as? [String: Any])
        #expect((summary["resumed_lines"] as? Int ?? 0) >= durableLine)
        let database2 = try #require(summary["database"] as? [String: Any])
        let entityLines = lines.filter { !$0.contains("\"from\"") }.count
        #expect(database2["versions"] as? Int == entityLines)
        #expect(database2["edges"] as? Int == lines.count - entityLines)
        let check = try CLIHarness.run(["check", "--db", database])
        #expect(check.status == 0, "\(check.stdout)")
    }
}
