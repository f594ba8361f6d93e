import Foundation
import TesseraCore
import TesseraGraph
import TesseraTestSupport
import Testing

@testable import TesseraQuery

/// Traversals at "now" through the edges of the present (Docs/Decisions/0013) against the same statements
/// reading the store's adjacency entries, on a generated city, before and after statements that create and
/// delete relationships and nodes.
@Suite struct PresentEdgesQueryTests {
    @Test func traversalsAgreeWithAdjacencyScans() throws {
        var random = SeededRandom.announced("PresentEdgesQueryTests")
        let (db, scanning) = try ScratchGraph.cityInMemory(entities: 400, seed: random.seed) {
            $0.usePresentEdges = false
        }
        #expect(db.graph.hasCurrentEdges)

        let ids = try db.run("MATCH (n) RETURN n.id").rows.map { row -> String in
            guard case .string(let id) = row[0] else { return "" }
            return id
        }
        #expect(ids.count > 300)
        let statements = [
            "MATCH (a {id: $id})--()--(x) RETURN x.id",
            "MATCH (a {id: $id})-->(m)<--(x) RETURN m.id, x.id",
            "MATCH (a {id: $id})<-[:ATTACHED_TO]-(x) RETURN x.id",
            "MATCH (a {id: $id})-[:LOCATED_IN|ATTACHED_TO|CONNECTS]-()-[:ADJACENT_TO]->(x) RETURN x.id",
            "MATCH (a {id: $id})-[]-(x) WHERE x.id <> $id RETURN count(*)",
            "MATCH (a {id: $id})-[r]-(x) RETURN type(r), x.id",
            "MATCH (a {id: $id})-[r]->(x) RETURN r, properties(r), r.distance_m, r.floor, validFrom(r)",
            "MATCH p = (a {id: $id})<-[:ATTACHED_TO|LOCATED_IN]-()-->(x) RETURN p",
        ]
        var rowsCompared = 0
        func compare(_ round: String) throws {
            for _ in 0..<40 {
                let id = ids.randomElement(using: &random)!
                for statement in statements {
                    let present = try db.run(statement, ["id": .string(id)]).rows
                    let stored = try scanning.run(statement, parameters: ["id": .string(id)]).rows
                    // In the same order: the edges of the present keep the adjacency keys' order.
                    #expect(
                        present.map { $0.map { $0.render() } } == stored.map { $0.map { $0.render() } },
                        "\(random.note) \(round): \(statement) with id \(id)")
                    rowsCompared += stored.count
                }
            }
        }
        try compare("after the load")
        // Writes through statements: each commits and brings the edges of the present in step.
        for _ in 0..<20 {
            let a = ids.randomElement(using: &random)!
            let b = ids.randomElement(using: &random)!
            _ = try db.run(
                "MATCH (a {id: $a}), (b {id: $b}) CREATE (a)-[:ADJACENT_TO]->(b)", ["a": .string(a), "b": .string(b)])
            _ = try db.run(
                "MATCH (a {id: $a})-[r]-() WITH r LIMIT 1 DELETE r", ["a": .string(ids.randomElement(using: &random)!)])
        }
        for _ in 0..<5 {
            _ = try db.run("MATCH (n {id: $id}) DETACH DELETE n", ["id": .string(ids.randomElement(using: &random)!)])
        }
        #expect(db.graph.hasCurrentEdges)
        try compare("after writes")
        #expect(rowsCompared > 500, "only \(rowsCompared) rows compared")
    }

    /// An entity with thousands of edges, created and half deleted by single statements (one commit touching
    /// every edge of the hub): its list is kept in order and agrees with the store.
    @Test func aHubKeepsItsEdgesInStep() throws {
        let db = try ScratchGraph()
        try db.graph.buildInMemorySpace()
        var options = QueryOptions()
        options.usePresentEdges = false
        let scanning = QuerySession(graph: db.graph, options: options)
        _ = try db.run("CREATE (:Hub {id: 'hub'})")
        _ = try db.run("MATCH (h:Hub) UNWIND range(1, 3000) AS i CREATE (:T {k: i})-[:TO {k: i}]->(h)")
        _ = try db.run("MATCH (h:Hub)<-[r:TO]-(t) WHERE t.k % 2 = 0 DELETE r")
        _ = try db.run("MATCH (h:Hub) UNWIND range(1, 10) AS i CREATE (h)-[:FROM {k: i}]->(:T {k: -i})")
        let statements = [
            "MATCH (:Hub)-[r]-(t) RETURN r.k, t.k", "MATCH (:Hub)<-[r:TO]-(t) RETURN count(*), sum(r.k)",
            "MATCH (:Hub)-->(t) RETURN t.k",
        ]
        for statement in statements {
            let present = try db.run(statement).rows.map { $0.map { $0.render() } }
            let stored = try scanning.run(statement).rows.map { $0.map { $0.render() } }
            #expect(present == stored, "\(statement)")
        }
        #expect(try db.rendered("MATCH (:Hub)<-[r:TO]-() RETURN count(*)") == ["1500"])
        #expect(db.graph.currentEdgeEntries == 2 * 1510)
        let explained = "EXPLAIN MATCH (:Hub)-->(t) RETURN t.k"
        #expect(try db.run(explained).plan?.contains("edges of the present") == true)
        #expect(try scanning.run(explained).plan?.contains("edges of the present") == false)
        let past = "EXPLAIN MATCH (:Hub)-->(t) FOR VALID_TIME AS OF '2025-01-01T00:00:00Z' RETURN t.k"
        #expect(try db.run(past).plan?.contains("edges of the present") == false)
    }
}

/// Label scans, lookups by id and traversals at "now" with node versions from the R-tree of the present (partial
/// nodes, read only when their properties are used) against the same statements reading every version, on a
/// generated city (entities with and without geometry), before and after statements that change nodes.
@Suite struct PresentNodeScanTests {
    @Test func scansAgreeWithVersionReads() throws {
        var random = SeededRandom.announced("PresentNodeScanTests")
        let (db, reading) = try ScratchGraph.cityInMemory(entities: 300, seed: random.seed) {
            $0.usePresentNodes = false
        }
        let statements = [
            "MATCH (b:building) RETURN b.id, labels(b), b.floors, b.height_m ORDER BY b.id",
            "MATCH (n) RETURN n ORDER BY n.id",
            "MATCH (n) RETURN n.id, validFrom(n), validTo(n), geojson(n) ORDER BY n.id",
            "MATCH (s:sensor) WHERE s.kind IS NOT NULL RETURN s.kind, count(*) ORDER BY s.kind",
            "MATCH (v:vehicle) RETURN v.id, properties(v) ORDER BY v.id",
            "MATCH (n) WHERE n.id STARTS WITH 'p' RETURN n.id, keys(n) ORDER BY n.id",
            "MATCH (b:building) RETURN b.id ORDER BY b.id LIMIT 7",
            "MATCH (n:road) WITH n ORDER BY n.id LIMIT 20 MATCH (n)--(x) RETURN n.id, x.id, x.name ORDER BY n.id, x.id",
        ]
        func compare(_ round: String) throws -> Int {
            var rows = 0
            for statement in statements {
                let kept = try db.run(statement).rows
                let read = try reading.run(statement).rows
                #expect(
                    kept.map { $0.map { $0.render() } } == read.map { $0.map { $0.render() } },
                    "\(random.note) \(round): \(statement)")
                rows += read.count
            }
            return rows
        }
        #expect(try compare("after the load") > 500)
        // The R-tree serves the scan: fewer engine reads than reading every version.
        let profile = "PROFILE MATCH (b:building) RETURN b.id"
        let keptReads = try Self.engineReads(try db.run(profile).plan ?? "")
        let readReads = try Self.engineReads(try reading.run(profile).plan ?? "")
        #expect(keptReads < readReads / 2, "engine reads \(keptReads) with the R-tree against \(readReads)")
        // Statements that move, relabel, end and create nodes: each commit brings the R-tree in step.
        let ids = try db.run("MATCH (n) RETURN n.id ORDER BY n.id").rows.map { $0[0].render() }
        for _ in 0..<15 {
            let id = ids.randomElement(using: &random)!
            _ = try db.run("MATCH (n {id: \(id)}) SET n.floors = 99, n:Marked")
            _ = try db.run(
                "MATCH (n {id: \(ids.randomElement(using: &random)!)}) SET n.geometry = 'POINT (116.4 39.9)'")
        }
        for _ in 0..<5 { _ = try db.run("MATCH (n {id: \(ids.randomElement(using: &random)!)}) DETACH DELETE n") }
        _ = try db.run("CREATE (:building {id: 'new-b', floors: 3})")
        #expect(try compare("after writes") > 500)
    }

    private static func engineReads(_ plan: String) throws -> Int {
        guard let line = plan.split(separator: "\n").first(where: { $0.hasPrefix("engine reads: ") }),
            let count = Int(line.dropFirst("engine reads: ".count))
        else {
            Issue.record("no engine read count in \(plan)")
            return -1
        }
        return count
    }
}

extension ScratchGraph {
    /// A generated city, loaded, with the in-memory structures of a server built, and a second session on it
    /// whose options `comparing` sets (what the statements are compared with).
    static func cityInMemory(entities: Int, seed: UInt64, comparing: (inout QueryOptions) -> Void) throws
        -> (db: ScratchGraph, other: QuerySession)
    {
        let db = try ScratchGraph()
        try db.loadCity(entities: entities, seed: seed)
        try db.graph.buildInMemorySpace()
        var options = QueryOptions()
        comparing(&options)
        return (db, QuerySession(graph: db.graph, options: options))
    }
}
