import Foundation
import TesseraCore
import TesseraGraph
import TesseraTestSupport
import Testing

@testable import TesseraQuery

/// Random predicates on indexed properties of a generated city, run with the property indexes and with
/// label scans only: rows (and their order) and errors must be identical, at the present, at past valid
/// times, over valid-time ranges and at past system times.
@Suite(.serialized) struct IndexDifferentialTests {
    /// (label, property) pairs with an index; `building.name` exists before the load, the rest after.
    static let indexed: [(label: String, property: String)] = [
        ("building", "name"), ("building", "floors"), ("building", "height_m"), ("building", "use"),
        ("sensor", "status"), ("sensor", "reading"), ("road", "lanes"), ("road", "name"),
    ]

    @Test(arguments: [UInt64(42), 7]) func indexSeeksAgreeWithLabelScans(seed: UInt64) throws {
        let city = try IndexedCity(seed: seed)
        var random = SeededRandom(seed: seed)
        var seeks = 0
        var nonEmpty = 0
        let rounds = 300
        for round in 0..<rounds {
            let query = city.randomQuery(&random)
            let note = "seed \(seed) round \(round): \(query.text) \(query.parameters)"
            let plan = try city.indexed.run("EXPLAIN " + query.text, parameters: query.parameters).plan ?? ""
            if plan.contains("NodeIndexSeek") { seeks += 1 }
            let withIndex = Result { try city.indexed.run(query.text, parameters: query.parameters).rows }
            let withoutIndex = Result { try city.scanning.run(query.text, parameters: query.parameters).rows }
            switch (withIndex, withoutIndex) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "\(note)\n\(plan)")
                if a != b { return }
                if !a.isEmpty { nonEmpty += 1 }
            case (.failure(let a), .failure(let b)):
                #expect("\(a)" == "\(b)", "\(note)")
            default:
                Issue.record("\(note): \(withIndex) vs \(withoutIndex)")
                return
            }
        }
        print("seed \(seed): \(seeks) of \(rounds) queries seek an index, \(nonEmpty) return rows")
        #expect(nonEmpty > rounds / 4, "too few predicates match anything to compare")
        #expect(seeks > rounds / 2, "the planner should seek an index for most of these predicates")
        #expect(try city.graph.check().problems.isEmpty)
    }
}

/// A generated city with property indexes, corrected a few times after loading, and two sessions on it.
final class IndexedCity {
    let directory: String
    let graph: Graph
    let indexed: QuerySession
    let scanning: QuerySession
    /// System times after the load and after each correction.
    var systemTimes: [Int64] = []
    /// Values seen per (label, property), to make predicates that hit.
    var values: [String: [QueryValue]] = [:]

    init(seed: UInt64, entities: Int = 1_200) throws {
        directory = NSTemporaryDirectory() + "tql-index-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/city.ndjson"
        var bytes: [UInt8] = []
        _ = CityGenerator(entities: entities, seed: seed).write { bytes.append(contentsOf: $0) }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        graph = try Graph(path: directory + "/db")
        indexed = QuerySession(graph: graph)
        var options = QueryOptions()
        options.usePropertyIndexes = false
        scanning = QuerySession(graph: graph, options: options)
        _ = try indexed.run("CREATE INDEX FOR (b:building) ON (b.name)")
        _ = try BulkLoader(graph: graph).load(paths: [file])
        systemTimes.append(graph.statistics().lastSystemTime)
        for (label, property) in IndexDifferentialTests.indexed.dropFirst() {
            _ = try indexed.run("CREATE INDEX IF NOT EXISTS FOR (n:\(label)) ON (n.\(property))")
        }
        try collectValues()
        try correct(seed: seed)
        try collectValues()
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    private func collectValues() throws {
        for (label, property) in IndexDifferentialTests.indexed {
            let rows = try scanning.run(
                "MATCH (n:\(label)) FOR VALID_TIME FROM '2000-01-01T00:00:00Z' TO '2100-01-01T00:00:00Z' "
                    + "RETURN DISTINCT n.\(property) AS v ORDER BY v LIMIT 400"
            ).rows
            values["\(label).\(property)"] = rows.map { $0[0] }.filter { !$0.isNull }
        }
    }

    /// Corrections of the past and renames at the present, each its own commit.
    private func correct(seed: UInt64) throws {
        var random = SeededRandom(seed: seed ^ 0xC0FFEE)
        let names = values["building.name"] ?? []
        for round in 0..<12 {
            let id = "b\(random.next() % 300)"
            let month = 1 + random.next() % 12
            let name = names.isEmpty ? QueryValue.string("x") : names[Int(random.next() % UInt64(names.count))]
            let floors = Int64(random.next() % 40)
            let pin = round % 3 == 0 ? "" : "FOR VALID_TIME AS OF '2025-\(month < 10 ? "0" : "")\(month)-15T00:00:00Z' "
            _ = try indexed.run(
                pin + "MATCH (b:building {id: $id}) SET b.name = $name, b.floors = $floors, b.use = 'corrected'",
                parameters: ["id": .string(id), "name": name, "floors": .int(floors)])
            systemTimes.append(graph.statistics().lastSystemTime)
        }
    }
}
