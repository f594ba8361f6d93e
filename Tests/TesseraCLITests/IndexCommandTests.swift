import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `tessera index create | list | drop` on a generated city, and their use by `tessera query` and `check`.
@Suite(.serialized) struct IndexCommandTests {
    @Test func createListQueryAndDrop() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/db"
        let city = directory + "/city.ndjson"
        #expect(try CLIHarness.run(["generate", "--entities", "600", "--seed", "3", "--out", city]).status == 0)
        #expect(try CLIHarness.run(["load", "--quiet", "--db", database, city]).status == 0)

        let created = try CLIHarness.run([
            "index", "create", "--db", database, "--label", "building", "--property", "floors",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("progress: "), "non-terminal progress lines")
        #expect(created.stderr.contains("built index building_floors on :building(floors)"))
        let summary = try #require(try CLIHarness.json(created.stdout) as? [String: Any])
        #expect(summary["name"] as? String == "building_floors")
        #expect(summary["state"] as? String == "ONLINE")
        #expect(summary["created"] as? Bool == true)
        let entries = try #require(summary["entries"] as? Int)
        #expect(entries > 100)

        let named = try CLIHarness.run([
            "index", "create", "--quiet", "--db", database, "--label", "sensor", "--property", "status", "--name",
            "sensor_states",
        ])
        #expect(named.status == 0, "\(named.stderr)")
        let list = try #require(
            try CLIHarness.json(try CLIHarness.run(["index", "list", "--db", database]).stdout) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["building_floors", "sensor_states"])
        #expect(list.first?["entries"] as? Int == entries)
        #expect(list.last?["label"] as? String == "sensor" && list.last?["property"] as? String == "status")

        let duplicate = try CLIHarness.run([
            "index", "create", "--db", database, "--label", "road", "--property", "lanes", "--name", "sensor_states",
        ])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("an index named 'sensor_states' already exists"))

        let explain = try CLIHarness.run([
            "query", "--db", database, "EXPLAIN MATCH (b:building) WHERE b.floors > 20 RETURN b.id",
        ])
        #expect(explain.stdout.contains("NodeIndexSeekByRange(b:building.floors > 20) index=building_floors"))
        let check = try CLIHarness.run(["check", "--db", database])
        #expect(check.status == 0, "\(check.stdout)")
        let report = try #require(try CLIHarness.json(check.stdout) as? [String: Any])
        #expect((report["property_index_entries"] as? Int ?? 0) > entries)

        let dropped = try CLIHarness.run(["index", "drop", "--db", database, "building_floors"])
        #expect(dropped.status == 0)
        #expect((try CLIHarness.json(dropped.stdout) as? [String: Any])?["dropped"] as? Bool == true)
        let missing = try CLIHarness.run(["index", "drop", "--db", database, "building_floors"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no index named 'building_floors'"))
        let tolerated = try CLIHarness.run(["index", "drop", "--db", database, "--if-exists", "building_floors"])
        #expect(tolerated.status == 0)
        let after = try #require(
            try CLIHarness.json(try CLIHarness.run(["index", "list", "--db", database]).stdout) as? [[String: Any]])
        #expect(after.count == 1)
    }

    /// Kills an index build after its first batch; the index is left populating (unused by queries), and
    /// creating it again finishes it from the resume point.
    @Test func killedBuildResumes() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/db"
        let city = directory + "/city.ndjson"
        #expect(try CLIHarness.run(["generate", "--entities", "4000", "--seed", "9", "--out", city]).status == 0)
        #expect(try CLIHarness.run(["load", "--quiet", "--db", database, city]).status == 0)
        let arguments = [
            "index", "create", "--db", database, "--label", "sensor", "--property", "reading", "--batch-versions",
            "200",
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.executable)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let collector = LineCollector(err.fileHandleForReading)
        try process.run()
        let started = collector.wait(seconds: 120) { $0.contains { $0.hasPrefix("progress: ") } }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(started)
        let list = try #require(
            try CLIHarness.json(try CLIHarness.run(["index", "list", "--db", database]).stdout) as? [[String: Any]])
        let state = try #require(list.first?["state"] as? String)
        if state == "POPULATING" {
            let percent = try #require(list.first?["population_percent"] as? Double)
            #expect(percent > 0 && percent < 100)
            let explain = try CLIHarness.run([
                "query", "--db", database, "EXPLAIN MATCH (s:sensor) WHERE s.reading > 10 RETURN s.id",
            ])
            #expect(explain.stdout.contains("label scan :sensor"), "a populating index must not be used")
        } else {
            print("the build finished before it was killed; resuming is not exercised this time")
        }
        let resumed = try CLIHarness.run(arguments + ["--if-not-exists"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let summary = try #require(try CLIHarness.json(resumed.stdout) as? [String: Any])
        #expect(summary["state"] as? String == "ONLINE" && summary["created"] as? Bool == false)
        let check = try CLIHarness.run(["check", "--db", database])
        #expect(check.status == 0, "\(check.stdout)")
    }
}
