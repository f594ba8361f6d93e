import Foundation
import Testing

/// The JSON contracts of the read commands, on the osm_helsinki data set and a generated city.
@Suite(.serialized) struct CommandTests {
    static var haveHelsinki: Bool {
        FileManager.default.fileExists(atPath: CLIHarness.datasets + "/osm_helsinki.entities.ndjson")
    }

    @Test(.enabled(if: CommandTests.haveHelsinki, "needs ../shared/datasets"))
    func helsinkiThroughTheCommandLine() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/db"
        let load = try CLIHarness.run([
            "load", "--quiet", "--db", database, CLIHarness.datasets + "/osm_helsinki.entities.ndjson",
            CLIHarness.datasets + "/osm_helsinki.edges.ndjson",
        ])
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stderr.contains("rows/s"))

        let stats = try #require(
            try CLIHarness.json(try CLIHarness.run(["stats", "--db", database]).stdout) as? [String: Any])
        #expect(stats["entities"] as? Int == 4800)
        #expect(stats["versions"] as? Int == 4800)
        #expect(stats["edges"] as? Int == 5829)

        let history = try CLIHarness.run(["history", "--db", database, "osm:w4236349"])
        let versions = try #require(try CLIHarness.json(history.stdout) as? [[String: Any]])
        #expect(versions.count == 1)
        let version = try #require(versions.first)
        #expect(version["valid_from"] as? String == "2013-09-24T14:12:50Z")
        #expect(version["valid_to"] is NSNull)
        #expect(version["system_to"] is NSNull)
        #expect(version["system_from"] is String)
        #expect(version["labels"] as? [String] == ["road"])
        #expect((version["props"] as? [String: Any])?["name"] as? String == "Erottajankatu")
        #expect((version["geometry"] as? [String: Any])?["type"] as? String == "LineString")

        let edges = try CLIHarness.run(["edges", "--db", database, "--direction", "outgoing", "osm:w4236349"])
        let list = try #require(try CLIHarness.json(edges.stdout) as? [[String: Any]])
        #expect(list.contains { $0["id"] as? String == "e0" && $0["to"] as? String == "osm:w76336872" })

        let past = try CLIHarness.run(["get", "--db", database, "--valid-at", "2010-01-01", "osm:w4236349"])
        #expect(past.status == 1)
        #expect(past.stderr.contains("no version valid at 2010-01-01"))

        let check = try CLIHarness.run(["check", "--db", database])
        #expect(check.status == 0)
        #expect((try CLIHarness.json(check.stdout) as? [String: Any])?["ok"] as? Bool == true)

        let backup = directory + "/backup"
        #expect(try CLIHarness.run(["backup", "--db", database, "--to", backup]).status == 0)
        let restored = try #require(
            try CLIHarness.json(try CLIHarness.run(["stats", "--db", backup]).stdout) as? [String: Any])
        #expect(restored["edges"] as? Int == 5829)
    }

    @Test func clearErrorsForBadArguments() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = try CLIHarness.run(["stats", "--db", directory + "/nope"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no database at"))
        let badTime = try CLIHarness.run(["get", "--db", directory, "--valid-at", "tomorrowish", "x"])
        #expect(badTime.status != 0)
        #expect(badTime.stderr.contains("--valid-at"))
        let noFile = try CLIHarness.run(["load", "--db", directory + "/db", directory + "/absent.ndjson"])
        #expect(noFile.status != 0)
        #expect(noFile.stderr.contains("cannot read"))
    }

    @Test func badLinesExitWithTheirLocation() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/in.ndjson"
        try """
        {"id":"a","type":"poi","valid_from":"2020-01-01T00:00:00Z"}
        {"id":"b","type":"poi","valid_from":"2020-01-01T00:00:00Z","valid_to":"2019-01-01T00:00:00Z"}
        {"id":"c","type":"poi","valid_from":"2020-01-01T00:00:00Z"}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let stopped = try CLIHarness.run(["load", "--quiet", "--db", directory + "/db", file])
        #expect(stopped.status == 3)
        #expect(stopped.stderr.contains("\(file):2:"))
        let tolerant = try CLIHarness.run(["load", "--quiet", "--max-errors", "5", "--db", directory + "/db2", file])
        #expect(tolerant.status == 0)
        let summary = try #require(try CLIHarness.json(tolerant.stdout) as? [String: Any])
        #expect(summary["rejected"] as? Int == 1)
        #expect(summary["entity_versions"] as? Int == 2)
    }

    @Test func loadReadsStandardInput() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.executable)
        process.arguments = ["load", "--quiet", "--db", directory + "/db", "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lines: [String] = [
            ##"{"id":"a","type":"poi","valid_from":"2020-01-01T00:00:00Z"}"##,
            ##"{"id":"b","type":"poi","valid_from":"2020-01-01T00:00:00Z"}"##,
            ##"{"id":"e","from":"a","to":"b","type":"near","valid_from":"2021-01-01T00:00:00Z"}"##,
        ]
        input.fileHandleForWriting.write(Data(lines.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let summary = try #require(try CLIHarness.json(String(decoding: data, as: UTF8.self)) as? [String: Any])
        #expect(summary["entity_versions"] as? Int == 2)
        #expect(summary["edges"] as? Int == 1)
    }

    /// The shell reads statements and commands from standard input; `--in-memory` keeps the present in memory,
    /// which EXPLAIN then shows and which answers as the store does.
    @Test func shellWithThePresentInMemory() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let city = directory + "/city.ndjson"
        #expect(try CLIHarness.run(["generate", "--entities", "300", "--seed", "3", "--out", city]).status == 0)
        #expect(try CLIHarness.run(["load", "--quiet", "--db", directory + "/db", city]).status == 0)
        let script = """
            :explain MATCH (a {id: 'b0'})--()--(x) RETURN x.id;
            :format csv
            MATCH (a {id: 'b0'})--()--(x)
            RETURN x.id ORDER BY x.id;
            """
        let plain = try CLIHarness.run(["shell", "--db", directory + "/db"], input: script)
        let kept = try CLIHarness.run(["shell", "--db", directory + "/db", "--in-memory"], input: script)
        #expect(plain.status == 0 && kept.status == 0, "\(plain.stderr) \(kept.stderr)")
        #expect(!plain.stdout.contains("edges of the present"))
        #expect(kept.stdout.contains("edges of the present"), "\(kept.stdout)")
        #expect(kept.stderr.contains("the present is in memory"), "\(kept.stderr)")
        // The same rows (after the plan, which differs only in that note).
        func rows(_ output: String) -> [Substring] {
            output.split(separator: "\n").drop { !$0.hasPrefix("x.id") }.map { $0 }
        }
        #expect(rows(plain.stdout).count > 2, "\(plain.stdout)")
        #expect(rows(kept.stdout) == rows(plain.stdout))
    }

    @Test func generateIsDeterministic() throws {
        let first = try CLIHarness.run(["generate", "--entities", "200", "--seed", "5"])
        let second = try CLIHarness.run(["generate", "--entities", "200", "--seed", "5"])
        #expect(first.status == 0 && !first.stdout.isEmpty)
        #expect(first.stdout == second.stdout)
    }
}

/// The space commands: grid codes and spatial queries through the command line.
@Suite(.serialized) struct SpaceCommandTests {
    @Test(arguments: [
        ("116.31260277777778,39.993161111111114", 10, "N50J47539B8255346152"),
        ("-116.31260277777778,-39.993161111111114", 10, "S11J47539B8255346152"),
        ("116.315222,39.910278", 4, "N50J47534"),
        ("116.315222,39.910278,100", 10, "N050J0047050340D9011345100403410"),
        ("0,0", 10, "N31A0000000000000000"),
    ])
    func encodeMatchesTheStandardsVectors(position: String, level: Int, code: String) throws {
        let result = try CLIHarness.run(["encode", "--level", "\(level)", position])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == code + "\n")
    }

    @Test func decodeGivesTheCellAndRejectsBadCodes() throws {
        let result = try CLIHarness.run(["decode", "N50J47534"])
        let cell = try #require(try CLIHarness.json(result.stdout) as? [String: Any])
        #expect(cell["level"] as? Int == 4)
        #expect(abs((cell["west"] as? Double ?? 0) - 116.3) < 1e-9)
        #expect(abs((cell["north"] as? Double ?? 0) - 39.916666666666664) < 1e-9)
        let bad = try CLIHarness.run(["decode", "N50J4X"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("character 6"))
        let polar = try CLIHarness.run(["encode", "--level", "4", "10,89"])
        #expect(polar.status == 1)
        #expect(polar.stderr.contains("polar"))
    }

    @Test(.enabled(if: CommandTests.haveHelsinki, "needs ../shared/datasets"))
    func withinAndNearestOnHelsinki() throws {
        let directory = try CLIHarness.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/db"
        _ = try CLIHarness.run([
            "load", "--quiet", "--db", database, CLIHarness.datasets + "/osm_helsinki.entities.ndjson",
            CLIHarness.datasets + "/osm_helsinki.edges.ndjson",
        ])
        let box = "24.940,60.165,24.942,60.166"
        let now = try #require(
            try CLIHarness.json(try CLIHarness.run(["within", "--db", database, "--bbox", box]).stdout)
                as? [[String: Any]])
        #expect(!now.isEmpty)
        #expect(now.allSatisfy { $0["id"] is String })
        let past = try #require(
            try CLIHarness.json(
                try CLIHarness.run(["within", "--db", database, "--bbox", box, "--valid-at", "2010-01-01"]).stdout)
                as? [[String: Any]])
        #expect(past.count < now.count)
        let labelled = try #require(
            try CLIHarness.json(
                try CLIHarness.run(["within", "--db", database, "--bbox", box, "--label", "building"]).stdout)
                as? [[String: Any]])
        #expect(labelled.allSatisfy { ($0["labels"] as? [String]) == ["building"] })
        let nearest = try #require(
            try CLIHarness.json(
                try CLIHarness.run(["nearest", "--db", database, "--point", "24.941,60.1655", "--k", "5"]).stdout)
                as? [[String: Any]])
        #expect(nearest.count == 5)
        let distances = nearest.compactMap { $0["distance_m"] as? Double }
        #expect(distances == distances.sorted())
        let bad = try CLIHarness.run(["within", "--db", database, "--bbox", "1,2,3"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--bbox"))
        // Exactly: the geometries meeting the box are among those whose bounding box meets it; a thin diagonal
        // line across the box meets fewer still.
        let rectangle = "POLYGON((24.940 60.165, 24.942 60.165, 24.942 60.166, 24.940 60.166, 24.940 60.165))"
        let exact = try #require(
            try CLIHarness.json(try CLIHarness.run(["within", "--db", database, "--geometry", rectangle]).stdout)
                as? [[String: Any]])
        let ids = { (rows: [[String: Any]]) in Set(rows.compactMap { $0["id"] as? String }) }
        #expect(!exact.isEmpty)
        #expect(ids(exact).isSubset(of: ids(now)))
        let line = #"{"type":"LineString","coordinates":[[24.940,60.165],[24.942,60.166]]}"#
        let crossing = try #require(
            try CLIHarness.json(try CLIHarness.run(["within", "--db", database, "--geometry", line]).stdout)
                as? [[String: Any]])
        #expect(ids(crossing).isSubset(of: ids(exact)))
        #expect(crossing.count < exact.count)
        let malformed = try CLIHarness.run(["within", "--db", database, "--geometry", "POLYGON((1 2, 3"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("--geometry"))
        let both = try CLIHarness.run(["within", "--db", database, "--bbox", box, "--geometry", rectangle])
        #expect(both.status != 0)
    }
}
