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
        let db = try ScratchGraph()
        try db.loadCity(entities: 400, seed: random.seed)
        try db.graph.buildInMemorySpace()
        #expect(db.graph.hasCurrentEdges)
        var options = QueryOptions()
        options.usePresentEdges = false
        let scanning = QuerySession(graph: db.graph, options: options)

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
