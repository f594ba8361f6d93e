import Foundation
import TesseraCore
import Testing

@testable import TesseraGraph

/// A temporary directory removed when the closure ends.
private func inScratch<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-ingest-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

private let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets").path

@Suite struct IngestTests {
    static let helsinkiEntities = datasets + "/osm_helsinki.entities.ndjson"
    static let helsinkiEdges = datasets + "/osm_helsinki.edges.ndjson"
    static var haveHelsinki: Bool { FileManager.default.fileExists(atPath: helsinkiEntities) }

    @Test(.enabled(if: IngestTests.haveHelsinki, "needs ../shared/datasets"))
    func helsinkiLoadsAndReadsBackExactly() throws {
        try inScratch { directory in
            let graph = try Graph(path: directory + "/db")
            let summary = try BulkLoader(graph: graph).load(paths: [Self.helsinkiEntities, Self.helsinkiEdges])
            #expect(summary.rejected == 0)
            #expect(summary.entityVersions == 4800)
            #expect(summary.edges == 5829)
            let stats = graph.statistics()
            #expect(stats.entities == 4800 && stats.versions == 4800 && stats.edges == 5829)
            for line in try String(contentsOfFile: Self.helsinkiEntities, encoding: .utf8).split(separator: "\n") {
                guard case .map(let fields) = try JSONReader.parse(String(line)),
                    case .string(let id) = fields["id"], case .string(let type) = fields["type"],
                    case .string(let from) = fields["valid_from"], let validFrom = Time.parse(from)
                else {
                    Issue.record("unreadable dataset line")
                    return
                }
                let version = try #require(try graph.entity(id, validAt: validFrom))
                #expect(version.labels == [type])
                #expect(Value.map(version.properties) == fields["props"])
                #expect(try version.geometry.map { try JSONReader.parse($0) } == fields["geometry"])
                #expect(version.valid.from == validFrom && version.valid.to == Time.forever)
            }
            for line in try String(contentsOfFile: Self.helsinkiEdges, encoding: .utf8).split(separator: "\n") {
                guard case .map(let fields) = try JSONReader.parse(String(line)),
                    case .string(let id) = fields["id"], case .string(let from) = fields["from"],
                    case .string(let to) = fields["to"], case .string(let type) = fields["type"],
                    case .string(let validFromText) = fields["valid_from"], let validFrom = Time.parse(validFromText)
                else {
                    Issue.record("unreadable dataset line")
                    return
                }
                let edges = try graph.edges(of: from, direction: .outgoing, validAt: validFrom)
                let edge = try #require(edges.first { $0.id == id })
                #expect(edge.to == to && edge.type == type && Value.map(edge.properties) == fields["props"])
                let incoming = try graph.edges(of: to, direction: .incoming, validAt: validFrom)
                #expect(incoming.contains { $0.id == id && $0.from == from })
            }
            #expect(try graph.check().problems.isEmpty)
        }
    }

    @Test func reloadingTheSameDataChangesNothing() throws {
        try inScratch { directory in
            let file = directory + "/city.ndjson"
            try writeCity(entities: 300, seed: 7, to: file)
            let graph = try Graph(path: directory + "/db")
            let first = try BulkLoader(graph: graph).load(paths: [file])
            let before = graph.statistics()
            let changesBefore = try graph.changes(fromSystemTime: 0).count
            var options = LoadOptions()
            options.resume = false
            let second = try BulkLoader(graph: graph, options: options).load(paths: [file])
            #expect(first.unchanged == 0)
            #expect(second.unchanged == second.entityVersions + second.edges)
            #expect(second.entityVersions == first.entityVersions && second.edges == first.edges)
            #expect(graph.statistics() == before)
            #expect(try graph.changes(fromSystemTime: 0).count == changesBefore)
        }
    }

    /// Each bad line, the reason it must be rejected with, and an id that must not exist afterwards.
    static let badLines: [(line: String, reason: String)] = [
        (#"{"id":"x1","type":"poi","valid_from":"2020-01-01T00:00:00Z""#, "malformed JSON"),
        (#"{"type":"poi","valid_from":"2020-01-01T00:00:00Z"}"#, "missing field \"id\""),
        (#"{"id":"x3","type":"poi"}"#, "missing field \"valid_from\""),
        (#"{"id":"x4","type":"poi","valid_from":"2020-13-01T00:00:00Z"}"#, "month 13"),
        (#"{"id":"x5","type":"poi","valid_from":"yesterday"}"#, "valid_from"),
        (#"{"id":"x6","type":"poi","valid_from":"2021-01-01T00:00:00Z","valid_to":"2020-01-01T00:00:00Z"}"#, "empty"),
        (
            #"{"id":"x7","type":"poi","valid_from":"2020-01-01T00:00:00Z","geometry":{"type":"Point","coordinates":[181,10]}}"#,
            "longitude"
        ),
        (
            #"{"id":"x8","type":"poi","valid_from":"2020-01-01T00:00:00Z","geometry":{"type":"Point","coordinates":[10,-91]}}"#,
            "latitude"
        ),
        (
            #"{"id":"x9","type":"poi","valid_from":"2020-01-01T00:00:00Z","geometry":{"type":"Point","coordinates":[NaN,1]}}"#,
            "geometry"
        ),
        (
            #"{"id":"x10","type":"b","valid_from":"2020-01-01T00:00:00Z","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}"#,
            "not closed"
        ),
        (#"{"id":"x11","type":"poi","valid_from":"2020-01-01T00:00:00Z","colour":"red"}"#, "unknown field \"colour\""),
        (
            #"{"id":"x12","type":"poi","valid_from":"2020-01-01T00:00:00Z","props":[1,2]}"#,
            "\"props\" must be an object"
        ),
        (#"{"id":"x13","valid_from":"2020-01-01T00:00:00Z"}"#, "needs \"type\" or \"labels\""),
        (
            #"{"id":"x14","from":"good1","to":"nobody","type":"near","valid_from":"2020-06-01T00:00:00Z"}"#,
            "target entity \"nobody\" does not exist"
        ),
        (
            #"{"id":"x15","from":"good1","to":"good2","type":"near","valid_from":"2019-06-01T00:00:00Z"}"#,
            "does not exist at 2019-06-01"
        ),
        (#"{"id":"x16","type":"poi","valid_from":"2020-01-01T00:00:00Z","props":{"v":1e999}}"#, "out of range"),
        (
            #"{"id":"x17","type":"poi","valid_from":"2020-01-01T00:00:00Z","geometry":{"type":"Blob","coordinates":[1,2]}}"#,
            "unknown geometry type"
        ),
    ]

    @Test func badLinesAreReportedWithLineAndReasonAndNeverApplied() throws {
        try inScratch { directory in
            var lines = [
                #"{"id":"good1","type":"poi","valid_from":"2020-01-01T00:00:00Z","geometry":{"type":"Point","coordinates":[24.9,60.1]}}"#,
                #"{"id":"good2","labels":["poi","shop"],"valid_from":"2020-01-01T00:00:00Z","props":{"n":1}}"#,
            ]
            lines += Self.badLines.map(\.line)
            lines.append(#"{"id":"e1","from":"good1","to":"good2","type":"near","valid_from":"2020-06-01T00:00:00Z"}"#)
            let file = directory + "/bad.ndjson"
            try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let graph = try Graph(path: directory + "/db")
            var options = LoadOptions()
            options.maxErrors = 100
            var rejected: [IngestError] = []
            let summary = try BulkLoader(graph: graph, options: options).load(
                paths: [file], onRejected: { rejected.append($0) })
            #expect(summary.rejected == Self.badLines.count)
            #expect(summary.entityVersions == 2 && summary.edges == 1)
            #expect(rejected.count == Self.badLines.count)
            for (index, bad) in Self.badLines.enumerated() {
                let error = try #require(rejected.first { $0.line == index + 3 }, "line \(index + 3) not reported")
                #expect(error.file == file)
                #expect(error.reason.contains(bad.reason), "line \(index + 3): \(error.reason)")
            }
            for index in 1...17 { #expect(try graph.history(of: "x\(index)").isEmpty) }
            #expect(try graph.edgeHistory(of: "x14").isEmpty && graph.edgeHistory(of: "x15").isEmpty)
            #expect(try graph.entity("good2")?.labels == ["poi", "shop"])
            #expect(try graph.edges(of: "good1").map(\.id) == ["e1"])
            #expect(try graph.check().problems.isEmpty)
        }
    }

    static let bowtie =
        #"{"id":"bow","type":"building","valid_from":"2020-01-01T00:00:00Z","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}"#

    @Test func invalidPolygonsAreRejectedWithTheReasonOrRepairedOnRequest() throws {
        try inScratch { directory in
            let file = directory + "/bow.ndjson"
            try Self.bowtie.write(toFile: file, atomically: true, encoding: .utf8)
            let graph = try Graph(path: directory + "/db")
            var rejected: [IngestError] = []
            let summary = try BulkLoader(graph: graph).load(paths: [file], onRejected: { rejected.append($0) })
            #expect(summary.rejected == 1)
            #expect(rejected.first?.reason.contains("Self-intersection") == true, "\(rejected)")
            #expect(try graph.history(of: "bow").isEmpty)
            var options = LoadOptions()
            options.repairGeometry = true
            let repaired = try BulkLoader(graph: graph, options: options).load(paths: [file])
            #expect(repaired.rejected == 0)
            let geometry = try #require(try graph.entity("bow", validAt: Time.parse("2021-01-01"))?.geometry)
            #expect(geometry.contains("MultiPolygon"))
            var transaction = Transaction()
            #expect(throws: GraphError.self) {
                try transaction.putEntity(
                    "bow2", labels: ["b"],
                    geometry: #"{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}"#, validFrom: 0)
            }
        }
    }

    @Test func maxErrorsZeroStopsAtTheFirstBadLine() throws {
        try inScratch { directory in
            let lines = [
                #"{"id":"a","type":"poi","valid_from":"2020-01-01T00:00:00Z"}"#,
                #"{"id":"b","type":"poi","valid_from":"2020-01-01T00:00:00Z"}"#,
                #"{"id":"c","type":"poi","valid_from":"not a time"}"#,
                #"{"id":"d","type":"poi","valid_from":"2020-01-01T00:00:00Z"}"#,
            ]
            let file = directory + "/stop.ndjson"
            try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let graph = try Graph(path: directory + "/db")
            let summary = try BulkLoader(graph: graph).load(paths: [file])
            #expect(summary.stoppedEarly)
            #expect(summary.rejected == 1)
            #expect(try graph.entity("a", validAt: Time.parse("2021-01-01")) != nil)
            #expect(try graph.entity("b", validAt: Time.parse("2021-01-01")) != nil)
            #expect(try graph.history(of: "d").isEmpty)
        }
    }

    @Test func generatedCityLoadsConsistently() throws {
        try inScratch { directory in
            let file = directory + "/city.ndjson"
            let generated = try writeCity(entities: 2_000, seed: 3, to: file)
            let graph = try Graph(path: directory + "/db")
            var options = LoadOptions()
            options.batchLines = 777
            let summary = try BulkLoader(graph: graph, options: options).load(paths: [file])
            #expect(summary.rejected == 0)
            #expect(summary.entityVersions == generated.versions && summary.edges == generated.edges)
            let stats = graph.statistics()
            #expect(stats.entities == generated.entities && stats.versions == generated.versions)
            #expect(stats.edges == generated.edges)
            #expect(try graph.check().problems.isEmpty)
        }
    }
}

@discardableResult
func writeCity(entities: Int, seed: UInt64, to path: String) throws -> CityGenerator.Summary {
    var bytes: [UInt8] = []
    let summary = CityGenerator(entities: entities, seed: seed).write { chunk in bytes.append(contentsOf: chunk) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return summary
}
