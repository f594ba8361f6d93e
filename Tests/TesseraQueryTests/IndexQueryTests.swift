import Foundation
import TesseraGraph
import Testing

@testable import TesseraQuery

/// Property indexes through the query language: plans (as a snapshot file), schema commands and their
/// errors, PROFILE, and seeks that see the statement's own writes.
@Suite struct IndexQueryTests {
    /// A small city: 20 buildings (name, floors, height, a point), 10 sensors attached to them, indexes on
    /// building name and floors and on sensor status.
    static func city() throws -> ScratchGraph {
        let db = try ScratchGraph()
        _ = try db.run(
            "UNWIND range(1, 20) AS i CREATE (:building {id: 'b' + i, name: 'Tower ' + i, floors: i, height: i * 3.5, "
                + "geometry: point({longitude: 116.3 + i * 0.001, latitude: 39.9})})")
        _ = try db.run(
            "UNWIND range(1, 10) AS i MATCH (b:building {id: 'b' + i}) CREATE (:sensor {id: 's' + i, "
                + "status: CASE WHEN i % 2 = 0 THEN 'active' ELSE 'offline' END})-[:ATTACHED_TO]->(b)")
        _ = try db.run("CREATE INDEX building_name FOR (b:building) ON (b.name)")
        _ = try db.run("CREATE INDEX FOR (b:building) ON (b.floors)")
        _ = try db.run("CREATE INDEX sensor_status IF NOT EXISTS FOR (s:sensor) ON (s.status)")
        return db
    }

    static let snapshotFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/index-plans.txt")

    /// Every case of `Snapshots/index-plans.txt` (`=== title`, the statement, `---`, the plan or the error)
    /// gives the recorded output; `TESSERA_UPDATE_SNAPSHOTS=1` rewrites the file from the actual outputs.
    @Test func plansAndErrorsMatchTheSnapshot() throws {
        let db = try Self.city()
        let text = try String(contentsOf: Self.snapshotFile, encoding: .utf8)
        var rewritten: [String] = []
        for block in text.components(separatedBy: "\n=== ").dropFirst() {
            let lines = block.components(separatedBy: "\n")
            guard let separator = lines.firstIndex(of: "---") else {
                Issue.record("snapshot case without ---: \(lines.first ?? "")")
                continue
            }
            let query = lines[1..<separator].joined(separator: "\n")
            let expected = lines[(separator + 1)...].joined(separator: "\n").trimmingCharacters(in: .newlines)
            let actual: String
            do {
                actual = try db.run(query).plan ?? "(no plan)"
            } catch {
                actual = "error: \(error)"
            }
            #expect(actual == expected, "\(lines[0])\n\(query)")
            rewritten.append(([lines[0]] + lines[1...separator] + [actual]).joined(separator: "\n"))
        }
        #expect(rewritten.count >= 20)
        if ProcessInfo.processInfo.environment["TESSERA_UPDATE_SNAPSHOTS"] != nil {
            let header = text.components(separatedBy: "\n=== ")[0].trimmingCharacters(in: .newlines)
            let updated = ([header] + rewritten).joined(separator: "\n\n=== ") + "\n"
            try updated.write(to: Self.snapshotFile, atomically: true, encoding: .utf8)
        }
    }

    @Test func schemaCommandsReportWhatTheyDid() throws {
        let db = try Self.city()
        let shown = try db.run("SHOW INDEXES")
        #expect(shown.columns == QuerySession.indexColumns)
        #expect(
            shown.rows.map {
                "\($0[1].render()) \($0[2].render()) \($0[6].render()) \($0[7].render()) \($0[8].render())"
            }
                == [
                    "'building_floors' 'ONLINE' ['building'] ['floors'] 20",
                    "'building_name' 'ONLINE' ['building'] ['name'] 20",
                    "'sensor_status' 'ONLINE' ['sensor'] ['status'] 10",
                ])
        #expect(try db.run("CREATE INDEX IF NOT EXISTS FOR (b:building) ON (b.name)").statistics.indexesAdded == 0)
        // An index on a label no node carries yet is fine; it fills as nodes arrive.
        #expect(try db.run("CREATE INDEX FOR (p:planned) ON (p.code)").statistics.indexesAdded == 1)
        _ = try db.run("CREATE (:planned {code: 7}), (:planned {code: 7.0}), (:planned {code: '7'})")
        let plan = try db.run("EXPLAIN MATCH (p:planned {code: 7}) RETURN p").plan ?? ""
        #expect(plan.contains("NodeIndexSeek(p:planned.code = 7) index=planned_code"))
        #expect(try db.rendered("MATCH (p:planned {code: 7}) RETURN count(*)") == ["2"])
        #expect(try db.rendered("MATCH (p:planned) WHERE p.code >= 6.5 RETURN count(*)") == ["2"])
        #expect(try db.run("DROP INDEX planned_code").statistics.indexesRemoved == 1)
        #expect(try db.run("DROP INDEX planned_code IF EXISTS").statistics.indexesRemoved == 0)
        #expect(try db.run("SHOW INDEXES").rows.count == 3)
        // `index`, `show` and `drop` stay ordinary variable names.
        #expect(try db.rendered("UNWIND [1, 2] AS index WITH index AS show RETURN show AS drop") == ["1", "2"])
    }

    @Test func profileCountsTheRowsOfTheSeek() throws {
        let db = try Self.city()
        let profile = try db.run("PROFILE MATCH (b:building) WHERE b.floors >= 15 RETURN b.id")
        let plan = try #require(profile.plan)
        #expect(plan.contains("+ Match [b: NodeIndexSeekByRange(b:building.floors >= 15) index=building_floors"))
        #expect(plan.contains("rows=6"))
        #expect(profile.rows.count == 6)
    }

    @Test func seeksSeeTheStatementsOwnWrites() throws {
        let db = try Self.city()
        let created = try db.rendered(
            "CREATE (:building {id: 'b99', name: 'Annex'}) WITH 1 AS x MATCH (b:building {name: 'Annex'}) RETURN b.id")
        #expect(created == ["'b99'"])
        let renamed = try db.rendered(
            "MATCH (a:building {id: 'b1'}) SET a.name = 'Renamed' WITH a "
                + "MATCH (b:building) WHERE b.name IN ['Renamed', 'Tower 1'] RETURN b.id, b.name")
        #expect(renamed == ["'b1' | 'Renamed'"])
        let deleted = try db.rendered(
            "MATCH (a:building {id: 'b2'}) DETACH DELETE a WITH 1 AS x MATCH (b:building {name: 'Tower 2'}) RETURN count(*)"
        )
        #expect(deleted == ["0"])
        #expect(try db.rendered("MATCH (b:building {name: 'Renamed'}) RETURN b.id") == ["'b1'"])
        #expect(try db.rendered("MATCH (b:building) WHERE b.name STARTS WITH 'Tower 1' RETURN count(*)") == ["10"])
        // The old name is still found at a time before the rename (the index keeps every version's value).
        let before = try db.run("MATCH (b:building) WHERE b.name = 'Tower 1' RETURN validTo(b) AS until")
        #expect(before.rows.isEmpty)
        let history = try db.rendered(
            "MATCH (b:building) FOR VALID_TIME FROM '2000-01-01T00:00:00Z' TO '2100-01-01T00:00:00Z' "
                + "WHERE b.name = 'Tower 1' RETURN b.id")
        #expect(history == ["'b1'"])
        #expect(try db.graph.check().problems.isEmpty)
    }

    /// Boundary values (integers around 2^53, signed zeros, NaN, infinities, mixed types) under every
    /// operator the seek serves, with and without the index.
    @Test func boundaryValuesAgreeWithLabelScans() throws {
        let db = try ScratchGraph()
        let big: Int64 = 9_007_199_254_740_992
        let values: [QueryValue] = [
            .int(big - 1), .int(big), .int(big + 1), .int(big + 2), .float(Double(big)), .int(-big - 1),
            .float(-Double(big)), .int(0), .float(-0.0), .float(0.0), .int(1), .float(1.0), .float(.nan),
            .float(.infinity), .float(-.infinity), .string("a"), .string(""), .string("a\u{0}"), .bool(true),
            .bool(false), .int(Int64.max), .int(Int64.min),
        ]
        _ = try db.run("CREATE INDEX FOR (n:num) ON (n.v)")
        _ = try db.run(
            "UNWIND range(0, size($values) - 1) AS i CREATE (:num {id: 'k' + i, v: $values[i]})",
            ["values": .list(values)])
        var options = QueryOptions()
        options.usePropertyIndexes = false
        let scanning = QuerySession(graph: db.graph, options: options)
        var compared = 0
        for probe in values + [.float(Double(big) + 2), .float(0.5), .null] {
            for op in ["=", "<", "<=", ">", ">=", "IN", "STARTS WITH"] {
                let operand = op == "IN" ? QueryValue.list([probe, .null]) : probe
                let query = "MATCH (n:num) WHERE n.v \(op) $c RETURN n.id"
                let plan = try db.run("EXPLAIN " + query, ["c": operand]).plan ?? ""
                #expect(plan.contains("NodeIndexSeek"), "\(query)")
                let seek = try db.run(query, ["c": operand]).rows
                let scan = try scanning.run(query, parameters: ["c": operand]).rows
                #expect(seek == scan, "\(query) with \(probe)")
                compared += 1
            }
        }
        #expect(compared == 7 * (values.count + 3))
        #expect(try db.graph.check().problems.isEmpty)
    }
}
