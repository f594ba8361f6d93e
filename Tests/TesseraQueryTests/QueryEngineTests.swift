import Foundation
import TesseraGraph
import Testing

@testable import TesseraQuery

/// A fresh graph in a temporary directory, removed afterwards.
final class ScratchGraph {
    let path: String
    let graph: Graph
    let session: QuerySession

    init() throws {
        path = NSTemporaryDirectory() + "tql-\(UUID().uuidString)"
        graph = try Graph(path: path)
        session = QuerySession(graph: graph)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func run(_ query: String, _ parameters: [String: QueryValue] = [:]) throws -> QueryResult {
        try session.run(query, parameters: parameters)
    }

    func rendered(_ query: String) throws -> [String] {
        try run(query).rows.map { $0.map { $0.render() }.joined(separator: " | ") }
    }

    /// Generates a city of `entities` with `seed`, bulk-loads it, and returns its NDJSON text.
    @discardableResult
    func loadCity(entities: Int, seed: UInt64) throws -> String {
        var bytes: [UInt8] = []
        _ = CityGenerator(entities: entities, seed: seed).write { bytes.append(contentsOf: $0) }
        let file = path + "-city.ndjson"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try BulkLoader(graph: graph).load(paths: [file])
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite struct QueryEngineTests {
    /// An anonymous relationship's properties are left unread only where nothing can observe them: a property
    /// map on it, or a named path through it, still sees them.
    @Test func relationshipPropertiesReadWhereObservable() throws {
        let db = try ScratchGraph()
        _ = try db.run("CREATE (:P {n: 1})-[:R {w: 5}]->(:P {n: 2})-[:R {w: 7}]->(:P {n: 3})")
        #expect(try db.rendered("MATCH p = (a:P {n: 1})-->()-->(c) RETURN [r IN relationships(p) | r.w]") == ["[5, 7]"])
        #expect(try db.rendered("MATCH (a:P {n: 1})-->()-[:R {w: 7}]->(c) RETURN c.n") == ["3"])
        #expect(try db.rendered("MATCH (a:P {n: 1})-->()-[:R {w: 5}]->(c) RETURN c.n").isEmpty)
        #expect(try db.rendered("MATCH (a:P {n: 1})-->()-[r]->(c) RETURN r.w") == ["7"])
        #expect(try db.rendered("MATCH (a:P {n: 1})-->()-->(c) RETURN c.n") == ["3"])
    }

    @Test func createMatchReturn() throws {
        let db = try ScratchGraph()
        let created = try db.run(
            "CREATE (a:Person {name: 'Ann', age: 31})-[:KNOWS {since: 2020}]->(b:Person {name: 'Bob'})")
        #expect(created.statistics.nodesCreated == 2)
        #expect(created.statistics.relationshipsCreated == 1)
        let rows = try db.rendered("MATCH (a:Person)-[r:KNOWS]->(b) RETURN a.name, r.since, b.name")
        #expect(rows == ["'Ann' | 2020 | 'Bob'"])
        let counted = try db.rendered("MATCH (n:Person) RETURN count(*) AS c, collect(n.name) AS names")
        #expect(counted.count == 1)
        #expect(counted[0].hasPrefix("2 | "))
    }

    @Test func aggregationOrderingAndLimits() throws {
        let db = try ScratchGraph()
        _ = try db.run("UNWIND range(1, 10) AS i CREATE (:N {i: i, g: i % 3})")
        let rows = try db.rendered("MATCH (n:N) RETURN n.g AS g, sum(n.i) AS s ORDER BY g DESC")
        #expect(rows == ["2 | 15", "1 | 22", "0 | 18"])
        let top = try db.rendered("MATCH (n:N) RETURN n.i ORDER BY n.i DESC SKIP 1 LIMIT 2")
        #expect(top == ["9", "8"])
        let with = try db.rendered("MATCH (n:N) WITH n.g AS g, count(*) AS c WHERE c > 3 RETURN g, c")
        #expect(with == ["1 | 4"])
    }

    @Test func syntaxErrorsPointAtTheToken() throws {
        let db = try ScratchGraph()
        do {
            _ = try db.run("MATCH (n:Person)\nRETURN n.name ORDER n")
            Issue.record("expected a syntax error")
        } catch let error as QueryError {
            #expect(error.kind == .syntaxError)
            #expect(error.location?.line == 2)
            #expect(error.location?.column == 21)
            #expect(error.description.contains("^"))
        }
    }

    @Test func undefinedVariableIsACompileError() throws {
        let db = try ScratchGraph()
        do {
            _ = try db.run("MATCH (n) RETURN m")
            Issue.record("expected an error")
        } catch let error as QueryError {
            #expect(error.phase == .compile)
            #expect(error.detail == "UndefinedVariable")
        }
    }

    /// Kinds known before running: a wrong one fails at compile time, even when no row would reach it; values
    /// of the same names that do have properties, and names shadowed inside a comprehension, are accepted.
    @Test func wrongKindsKnownBeforeRunningAreCompileErrors() throws {
        let db = try ScratchGraph()
        let failing: [(String, QueryError.Kind, String)] = [
            ("MATCH p = (a)-->(b) RETURN p.name", .syntaxError, "InvalidArgumentType"),
            ("MATCH p = (a)-->(b) RETURN size(p)", .syntaxError, "InvalidArgumentType"),
            ("MATCH (a) RETURN size((a)-->())", .syntaxError, "UnexpectedSyntax"),
            ("RETURN 1 IN {x: [1]}", .syntaxError, "InvalidArgumentType"),
            ("WITH 'text' AS s RETURN s.length", .typeError, "InvalidArgumentType"),
            ("WITH [1, 2] AS l WITH l AS m RETURN m.first", .typeError, "InvalidArgumentType"),
        ]
        for (query, kind, detail) in failing {
            do {
                _ = try db.run(query)
                Issue.record("expected a compile-time error for \(query)")
            } catch let error as QueryError {
                #expect(error.phase == .compile, "\(query)")
                #expect(error.kind == kind, "\(query)")
                #expect(error.detail == detail, "\(query)")
            }
        }
        #expect(try db.rendered("WITH {num: 7} AS m RETURN m.num") == ["7"])
        #expect(try db.rendered("WITH 1 AS x RETURN [x IN [{num: 2}] | x.num] AS l") == ["[2]"])
        #expect(try db.rendered("WITH date('2024-05-06') AS d RETURN d.year") == ["2024"])
        #expect(try db.rendered("MATCH p = (a)-->(b) RETURN length(p)").isEmpty)
    }

    @Test func timeTravel() throws {
        let db = try ScratchGraph()
        _ = try db.run("FOR VALID_TIME AS OF '2024-01-01T00:00:00Z' CREATE (:Building {id: 'b1', floors: 3})")
        _ = try db.run("FOR VALID_TIME AS OF '2025-01-01T00:00:00Z' MATCH (b {id: 'b1'}) SET b.floors = 5")
        #expect(try db.rendered("MATCH (b:Building) RETURN b.floors") == ["5"])
        #expect(
            try db.rendered("MATCH (b:Building) FOR VALID_TIME AS OF '2024-06-01T00:00:00Z' RETURN b.floors") == ["3"])
        #expect(
            try db.rendered("MATCH (b:Building) FOR VALID_TIME AS OF '2023-06-01T00:00:00Z' RETURN b.floors") == [])
        let versions = try db.rendered(
            "MATCH (b:Building) FOR VALID_TIME FROM '2023-01-01T00:00:00Z' TO '2026-01-01T00:00:00Z' RETURN b.floors ORDER BY b.floors"
        )
        #expect(versions == ["3", "5"])
    }

    @Test func optionalMatchAndPaths() throws {
        let db = try ScratchGraph()
        _ = try db.run("CREATE (a:A {n: 1})-[:T]->(b:B {n: 2})-[:T]->(c:C {n: 3}), (:A {n: 4})")
        let rows = try db.rendered("MATCH (a:A) OPTIONAL MATCH (a)-[:T]->(b) RETURN a.n, b.n ORDER BY a.n")
        #expect(rows == ["1 | 2", "4 | null"])
        let paths = try db.rendered("MATCH p = (a:A)-[:T*1..2]->(x) RETURN length(p), x.n ORDER BY x.n")
        #expect(paths == ["1 | 2", "2 | 3"])
        let reverse = try db.rendered("MATCH (c:C)<-[:T*2]-(a) RETURN a.n")
        #expect(reverse == ["1"])
    }
}

@Suite struct SpatialQueryTests {
    @Test func nearestUsesTheIndexAndAgreesWithASort() throws {
        let db = try ScratchGraph()
        var creates: [String] = []
        for i in 0..<60 {
            let lon = 116.30 + Double(i % 10) * 0.001
            let lat = 39.90 + Double(i / 10) * 0.001
            creates.append("(:Hydrant {n: \(i), geometry: point({longitude: \(lon), latitude: \(lat)})})")
        }
        _ = try db.run("CREATE " + creates.joined(separator: ", "))
        let query =
            "MATCH (h:Hydrant) RETURN h.n ORDER BY distance(h, point({longitude: 116.3031, latitude: 39.9022})) LIMIT 5"
        let plan = try db.run("EXPLAIN " + query).plan ?? ""
        #expect(plan.contains("k-nearest"))
        let indexed = try db.rendered(query)
        // The same ordering without the index: a WHERE keeps the planner from using it.
        let sorted = try db.rendered(
            "MATCH (h:Hydrant) WHERE h.n >= 0 RETURN h.n ORDER BY distance(h, point({longitude: 116.3031, latitude: 39.9022})) LIMIT 5"
        )
        #expect(indexed == sorted)
        #expect(indexed.count == 5)
        let window = try db.run(
            "PROFILE MATCH (h:Hydrant) WHERE intersects(h, bbox(116.3025, 39.9015, 116.3045, 39.9035)) RETURN count(*) AS c"
        )
        #expect(window.rows.first?.first?.render() == "4")  // 116.303, 116.304 x 39.902, 39.903
        #expect(window.plan?.contains("space-time index") == true)
    }
}

@Suite struct StreamingScanTests {
    @Test func labelAndWholeGraphScansStopAtTheLimit() throws {
        let db = try ScratchGraph()
        _ = try db.run("UNWIND range(1, 300) AS k CREATE (:Tag {k: k})")
        _ = try db.run("UNWIND range(1, 50) AS k CREATE (:Other {k: k})")
        for statement in ["MATCH (n:Tag) RETURN n.k LIMIT 3", "MATCH (n) RETURN n.k LIMIT 3"] {
            let profiled = try db.run("PROFILE " + statement)
            #expect(profiled.rows.count == 3)
            let reads = profiled.plan?.split(separator: "\n").first { $0.hasPrefix("engine reads:") }
            let count = reads.flatMap { Int($0.split(separator: " ").last ?? "") } ?? .max
            #expect(count <= 5, "\(statement): \(reads ?? "no engine reads line")")
        }
        // Streamed and whole scans agree, in order (a write clause turns streaming off).
        let streamed = try db.rendered("MATCH (n:Tag) WHERE n.k % 7 = 0 RETURN n.k")
        let whole = try db.rendered("MATCH (n:Tag) WHERE n.k % 7 = 0 CREATE (:Seen) RETURN n.k")
        #expect(streamed == whole)
        #expect(streamed.count == 42)
    }
}

@Suite struct IdLookupTests {
    @Test func aMissingIdIsAnsweredWithoutScanningWhenNoNodeStoresAnIdProperty() throws {
        let db = try ScratchGraph()
        var transaction = Transaction()
        for index in 0..<50 {
            try transaction.putEntity(
                "n\(index)", labels: ["Thing"], properties: ["k": .int(Int64(index))], validFrom: 0)
        }
        try db.graph.commit(transaction)
        let missing = try db.run("PROFILE MATCH (n {id: 'nope'}) RETURN n.k")
        #expect(missing.rows.isEmpty)
        let reads = missing.plan?.split(separator: "\n").first { $0.hasPrefix("engine reads:") }
        #expect(reads == "engine reads: 1", "\(reads ?? "no engine reads line")")
        #expect(try db.rendered("MATCH (n {id: 'n7'}) RETURN n.k") == ["7"])
        #expect(try db.rendered("MATCH (n {id: 7}) RETURN n.k").isEmpty)
    }

    @Test func aStoredIdPropertyIsStillFoundByScanning() throws {
        let db = try ScratchGraph()
        _ = try db.run("CREATE (:Thing {k: 1}), (:Thing {k: 2, id: 'alias'}), (:Thing {k: 3, id: 7})")
        #expect(try db.rendered("MATCH (n {id: 'alias'}) RETURN n.k") == ["2"])
        #expect(try db.rendered("MATCH (n {id: 7}) RETURN n.k") == ["3"])
        // Written and matched in the same statement.
        #expect(
            try db.rendered("CREATE (:Other {id: 'fresh'}) WITH 1 AS x MATCH (m:Other {id: 'fresh'}) RETURN count(m)")
                == ["1"])
    }

    @Test func anIdPropertySetInTheStatementIsFoundInTheSameStatement() throws {
        let db = try ScratchGraph()
        _ = try db.run("CREATE (:Thing {k: 1, id: 'one'})")
        #expect(try db.graph.reader().mayStoreIdProperty() == false)
        #expect(
            try db.rendered("CREATE (a:Thing {k: 9}) SET a.id = 'other' WITH a MATCH (m {id: 'other'}) RETURN m.k")
                == ["9"])
        #expect(try db.graph.reader().mayStoreIdProperty() == true)
        #expect(try db.rendered("MATCH (m {id: 'other'}) RETURN m.k") == ["9"])
    }

    /// `n.id` of a node found through the spatial index reads as its external id without reading the node only
    /// while no node carries an `id` property; once one does, the property wins for the nodes that have it.
    @Test func theIdOfANodeFoundInAWindow() throws {
        let db = try ScratchGraph()
        var transaction = Transaction()
        for k in 1...2 {
            try transaction.putEntity(
                "s\(k)", labels: ["Site"], properties: ["k": .int(Int64(k))],
                geometry: #"{"type": "Point", "coordinates": [10.00\#(k), 20.00\#(k)]}"#, validFrom: 0)
        }
        try db.graph.commit(transaction)
        let window =
            "MATCH (n) WHERE intersects(n, bbox(10, 20, 10.01, 20.01)) RETURN n.k AS k, n.id = elementId(n) AS same ORDER BY k"
        #expect(try db.rendered(window) == ["1 | true", "2 | true"])
        _ = try db.run("MATCH (n:Site {k: 2}) SET n.id = 'custom'")
        #expect(try db.rendered(window) == ["1 | true", "2 | false"])
        #expect(
            try db.rendered("MATCH (n) WHERE intersects(n, bbox(10, 20, 10.01, 20.01)) AND n.k = 2 RETURN n.id")
                == ["'custom'"])
    }

    @Test func mergeByIdStaysLinear() throws {
        let db = try ScratchGraph()
        _ = try db.run("UNWIND range(1, 200) AS i MERGE (n:T {id: 'x' + toString(i)})")
        let profiled = try db.run(
            "PROFILE UNWIND range(1, 400) AS i MERGE (n:T {id: 'x' + toString(i)}) RETURN count(n)")
        #expect(profiled.rows.first?.first?.render() == "400")
        let reads = profiled.plan?.split(separator: "\n").first { $0.hasPrefix("engine reads:") }
        let count = reads.flatMap { Int($0.split(separator: " ").last ?? "") } ?? .max
        // One lookup per row (a scan per row would read 200 to 400 nodes each time).
        #expect(count <= 2 * 400, "\(reads ?? "no engine reads line")")
        #expect(try db.rendered("MATCH (n:T) RETURN count(n)") == ["400"])
    }
}

/// Nodes the spatial index finds are partial (their properties are read when needed): writes and later
/// spatial predicates must see the whole version.
@Suite struct SpatialFoundNodeTests {
    private static func scratch() throws -> ScratchGraph {
        let db = try ScratchGraph()
        var transaction = Transaction()
        try transaction.putEntity(
            "zone", labels: ["Zone"], properties: ["name": .string("z")],
            geometry: #"{"type": "Polygon", "coordinates": [[[10, 20], [10.01, 20], [10.01, 20.01], [10, 20]]]}"#,
            validFrom: 0)
        try transaction.putEntity(
            "in", labels: ["Sensor"], properties: ["name": .string("inside"), "k": .int(1)],
            geometry: #"{"type": "Point", "coordinates": [10.008, 20.001]}"#, validFrom: 0)
        try transaction.putEntity(
            "out", labels: ["Sensor"], properties: ["name": .string("outside"), "k": .int(2)],
            geometry: #"{"type": "Point", "coordinates": [10.001, 20.008]}"#, validFrom: 0)
        try db.graph.commit(transaction)
        return db
    }

    @Test func writesToThemKeepTheirPropertiesAndGeometry() throws {
        let db = try Self.scratch()
        let box = "bbox(10.0, 20.0, 10.01, 20.01)"
        #expect(
            try db.rendered(
                "MATCH (n:Sensor) WHERE intersects(n, \(box)) SET n.seen = true RETURN n.name ORDER BY n.name") == [
                    "'inside'", "'outside'",
                ])
        #expect(
            try db.rendered("MATCH (n:Sensor) WHERE intersects(n, \(box)) REMOVE n.k SET n:Checked RETURN count(*)")
                == ["2"])
        #expect(
            try db.rendered("MATCH (n:Sensor {id: 'in'}) RETURN n.name, n.k, n.seen, labels(n), n.geometry IS NULL")
                == ["'inside' | null | true | ['Checked', 'Sensor'] | false"])
        #expect(try db.rendered("MATCH (n:Sensor) WHERE intersects(n, \(box)) RETURN count(*)") == ["2"])
    }

    @Test func aWindowGivenByAFoundNodeUsesItsGeometry() throws {
        let db = try Self.scratch()
        let rows = try db.rendered(
            "MATCH (z:Zone) WHERE intersects(z, bbox(10.0, 20.0, 10.01, 20.01)) MATCH (s:Sensor) WHERE intersects(s, z) RETURN s.name"
        )
        #expect(rows == ["'inside'"])
    }
}

/// At "now", far nodes of a traversal come from the R-tree of the present once it is built: the same rows as
/// reading every version, with fewer reads.
@Suite struct PresentNodeTests {
    @Test func traversalsGiveTheSameRowsWithFewerReads() throws {
        let db = try ScratchGraph()
        var transaction = Transaction()
        for index in 0..<12 {
            let point = #"{"type": "Point", "coordinates": [\#(10 + Double(index) / 1000), 20.001]}"#
            try transaction.putEntity(
                "n\(index)", labels: index % 2 == 0 ? ["Even"] : ["Odd", "Sensor"],
                properties: ["k": .int(Int64(index)), "name": .string("node \(index)")],
                geometry: index == 5 ? nil : point, validFrom: 0)
        }
        for index in 0..<11 {
            try transaction.putEdge(
                "e\(index)", from: "n\(index)", to: "n\(index + 1)", type: "NEXT", properties: [:], validFrom: 0)
        }
        try db.graph.commit(transaction)
        let query = """
            MATCH (a {id: 'n3'})-[:NEXT*1..2]-(m)-[:NEXT]-(x) \
            RETURN x.k, x.name, labels(x), x.geometry IS NULL, elementId(m), m.k ORDER BY x.k, m.k
            """
        let before = try db.rendered(query)
        let readsBefore = try Self.engineReads(db, query)
        // Any spatial statement builds the R-tree of the present.
        _ = try db.run("MATCH (n) WHERE intersects(n, bbox(10, 20, 10.02, 20.01)) RETURN count(*)")
        #expect(db.graph.hasCurrentSpace)
        #expect(try db.rendered(query) == before)
        #expect(!before.isEmpty)
        #expect(try Self.engineReads(db, query) < readsBefore)
    }

    private static func engineReads(_ db: ScratchGraph, _ query: String) throws -> Int {
        let profiled = try db.run("PROFILE " + query)
        let line = profiled.plan?.split(separator: "\n").first { $0.hasPrefix("engine reads:") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? .max
    }
}

@Suite struct NumberLiteralTests {
    @Test func aLeadingZeroMakesAnOctalLiteralAndOtherDigitsAreAClearError() throws {
        let db = try ScratchGraph()
        #expect(try db.rendered("RETURN 010, 0o17, 0x1F, 0") == ["8 | 15 | 31 | 0"])
        for text in ["RETURN 09", "RETURN 0128"] {
            do {
                _ = try db.run(text)
                Issue.record("\(text) parsed")
            } catch let error as QueryError {
                #expect(error.detail == "InvalidNumberLiteral", "\(error.message)")
                #expect(error.message.contains("octal"), "\(error.message)")
                #expect(error.location.map { "\($0)" } == "1:8")
            }
        }
    }
}
