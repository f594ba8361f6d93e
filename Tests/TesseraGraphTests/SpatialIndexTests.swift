import Foundation
import TesseraCore
import TesseraGeometry
import Testing

@testable import TesseraGraph

/// Space-time queries against brute force over every stored version, on generated cities with
/// corrections and deletions, at random boxes, instants, ranges, system times and labels.
@Suite struct SpatialIndexTests {
    struct Row: Hashable {
        let id: String
        let validFrom: Int64
        let systemFrom: Int64
    }

    struct Stored {
        let version: EntityVersion
        let bounds: SpatialBounds
        let shape: Geometry
    }

    static let seeds: [UInt64] = [1, 2, 3, 4]

    /// Who answers the latest-belief queries: the space-time index on disk, the history R-tree built before the
    /// commits (so that they keep it in step), or the disk index after a build found the database too large.
    enum Answerer: CaseIterable {
        case disk, memory, tooLarge

        var limit: Int {
            switch self {
            case .disk: return 0
            case .memory: return Graph.defaultHistorySpaceLimit
            case .tooLarge: return 100
            }
        }
    }

    @Test(arguments: seeds, Answerer.allCases) func queriesAgreeWithBruteForce(seed: UInt64, answerer: Answerer) throws
    {
        print("seed", seed, answerer)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-space-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/city.ndjson"
        try writeCity(entities: 1_500, seed: seed, to: file)
        let graph = try Graph(path: directory + "/db", historySpaceLimit: answerer.limit)
        var options = LoadOptions()
        options.batchLines = 2_000
        _ = try BulkLoader(graph: graph, options: options).load(paths: [file])
        var random = SplitMix(seed: seed)
        let ids = try Self.entityIds(in: file)
        var commitTimes: [Int64] = [graph.statistics().lastSystemTime]
        // The first query is answered from disk; the second builds the tree (when it may be built).
        for round in 0..<2 {
            _ = try graph.entities(intersecting: randomBox(&random), validAt: Time.parse("2025-03-01T00:00:00Z")!)
            #expect(graph.hasHistorySpace == (answerer == .memory && round == 1))
        }
        for _ in 0..<40 { commitTimes.append(try corrupt(graph, ids: ids, random: &random)) }
        // Every commit found the versions it retired in the tree (a miss drops it).
        #expect(graph.hasHistorySpace == (answerer == .memory))
        let stored = try ids.flatMap { id in try graph.history(of: id) }.compactMap { version -> Stored? in
            guard let geometry = version.geometry, let bounds = try GeoJSONCheck.validate(Array(geometry.utf8)) else {
                return nil
            }
            return Stored(version: version, bounds: bounds, shape: try Geometry(geoJSON: geometry))
        }
        #expect(try graph.check().problems.isEmpty)
        for round in 0..<300 {
            let box = randomBox(&random)
            let system: SystemTimePin =
                random.next() % 3 == 0 ? .asOf(commitTimes[Int(random.next() % UInt64(commitTimes.count))]) : .latest
            let labels: [String]? =
                random.next() % 4 == 0 ? [["building", "road", "sensor"][Int(random.next() % 3)]] : nil
            let heights: ClosedRange<Double>? =
                random.next() % 4 == 0 ? [-5.0...5.0, 10.0...80.0, 50.0...500.0][Int(random.next() % 3)] : nil
            let start = Time.parse("2024-12-01T00:00:00Z")! + Int64(random.next() % (420 * 86_400)) * 1_000_000
            let expected: Set<Row>
            let actual: Set<Row>
            if random.next() % 2 == 0 {
                expected = brute(
                    stored, box, from: start, to: start + 1, system: system, labels: labels, heights: heights)
                let hits = try graph.entities(
                    intersecting: box, validAt: start, system: system, labels: labels, heights: heights)
                actual = Set(hits.map { Row(id: $0.id, validFrom: $0.valid.from, systemFrom: $0.system.from) })
                #expect(hits.count == actual.count, "an entity reported twice at one instant")
                try checkGeometries(
                    graph.reader().entitiesWithGeometry(
                        intersecting: box, validAt: start, system: system, labels: labels),
                    stored: stored, fromMemory: answerer == .memory && system == .latest)
            } else {
                let end = start + Int64(1 + random.next() % (60 * 86_400)) * 1_000_000
                expected = brute(stored, box, from: start, to: end, system: system, labels: labels, heights: heights)
                let hits = try graph.entities(
                    intersecting: box, validFrom: start, validTo: end, system: system, labels: labels, heights: heights)
                actual = Set(hits.map { Row(id: $0.id, validFrom: $0.valid.from, systemFrom: $0.system.from) })
                try checkGeometries(
                    graph.reader().entitiesWithGeometry(
                        intersecting: box, validFrom: start, validTo: end, system: system, labels: labels),
                    stored: stored, fromMemory: answerer == .memory && system == .latest)
            }
            #expect(
                actual == expected,
                "seed \(seed) round \(round): box \(box) at \(Time.format(start)) \(system) heights \(String(describing: heights))"
            )
            if actual != expected { return }
            // The exact query: the box as a polygon, or a triangle inside it, against GEOS on every version whose
            // box meets it (a geometry meeting the shape has a box meeting the shape's box).
            let shape = randomShape(in: box, &random)
            let range = random.next() % 2 == 0 ? nil : start + Int64(1 + random.next() % (60 * 86_400)) * 1_000_000
            let candidates = brute(
                stored, box, from: start, to: range ?? start + 1, system: system, labels: labels, heights: heights)
            let engine = GeometryEngine()
            var exact = Set<Row>()
            for item in stored {
                let row = Row(
                    id: item.version.id, validFrom: item.version.valid.from, systemFrom: item.version.system.from)
                if candidates.contains(row), try engine.intersects(shape, item.shape) { exact.insert(row) }
            }
            let found =
                try range.map {
                    try graph.entities(
                        intersecting: shape, validFrom: start, validTo: $0, system: system, labels: labels,
                        heights: heights)
                }
                ?? graph.entities(intersecting: shape, validAt: start, system: system, labels: labels, heights: heights)
            let foundRows = Set(found.map { Row(id: $0.id, validFrom: $0.valid.from, systemFrom: $0.system.from) })
            #expect(foundRows == exact, "seed \(seed) round \(round): exact \(shape) \(system)")
            #expect(found.count == foundRows.count)
            // The same question through the calls that hand back geometries (the query language's path), and
            // `within` there against GEOS.
            let shapeBox = try #require(GraphReader.queryBox(shape))
            var within = Set<Row>()
            for item in stored {
                let row = Row(
                    id: item.version.id, validFrom: item.version.valid.from, systemFrom: item.version.system.from)
                if candidates.contains(row), try engine.within(item.shape, shape) { within.insert(row) }
            }
            for (predicate, expected) in [(ExactPredicate.intersects(shape), exact), (.within(shape), within)] {
                let withGeometry =
                    try range.map {
                        try graph.reader().entitiesWithGeometry(
                            intersecting: shapeBox, validFrom: start, validTo: $0, system: system, labels: labels,
                            exactly: predicate)
                    }
                    ?? graph.reader().entitiesWithGeometry(
                        intersecting: shapeBox, validAt: start, system: system, labels: labels, exactly: predicate)
                if heights == nil {
                    let rows = Set(
                        withGeometry.map {
                            Row(id: $0.hit.id, validFrom: $0.hit.valid.from, systemFrom: $0.hit.system.from)
                        })
                    #expect(
                        rows == expected, "seed \(seed) round \(round): \(predicate) with geometries \(system)")
                }
            }
            if round % 10 == 0 {
                // Now: the R-tree of the present (with its parsed geometries) agrees with the scan.
                let present = try graph.entitiesNow(intersecting: shape, labels: labels)
                let scanned = try graph.entities(intersecting: shape, labels: labels)
                #expect(Set(present.map(\.id)) == Set(scanned.map(\.id)), "seed \(seed) round \(round): now \(shape)")
                let reader = graph.reader()
                let kept = try #require(
                    try graph.entitiesNowWithGeometry(
                        intersecting: shapeBox, labels: labels, at: Time.nowMicros(), consistentWith: reader,
                        exactly: .intersects(shape)))
                #expect(Set(kept.map(\.hit.id)) == Set(scanned.map(\.id)), "seed \(seed) round \(round): now kept")
            }
            if foundRows != exact { return }
        }
    }

    /// The geometries the history R-tree gives with its hits are the stored ones, parsed (the same for the
    /// versions of an entity sharing one copy); the disk index gives none.
    func checkGeometries(_ hits: [(hit: SpatialHit, shape: KeptGeometry)], stored: [Stored], fromMemory: Bool) throws {
        let texts = Dictionary(
            stored.map {
                (
                    Row(id: $0.version.id, validFrom: $0.version.valid.from, systemFrom: $0.version.system.from),
                    $0.version.geometry
                )
            },
            uniquingKeysWith: { first, _ in first })
        for (hit, shape) in hits {
            let geometry = shape.geometry
            let row = Row(id: hit.id, validFrom: hit.valid.from, systemFrom: hit.system.from)
            guard fromMemory else {
                #expect(geometry == nil)
                continue
            }
            let text = try #require(texts[row] ?? nil, "no stored version for \(row)")
            #expect(geometry == (try Geometry(geoJSON: text)), "geometry of \(row)")
        }
    }

    static func entityIds(in file: String) throws -> [String] {
        var ids: [String] = []
        for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        where !line.contains("\"from\"") {
            guard case .map(let fields) = try JSONReader.parse(String(line)), case .string(let id) = fields["id"] else {
                continue
            }
            if ids.last != id { ids.append(id) }
        }
        return ids
    }

    /// A random correction, move or deletion; returns the commit's system time.
    func corrupt(_ graph: Graph, ids: [String], random: inout SplitMix) throws -> Int64 {
        var transaction = Transaction()
        let id = ids[Int(random.next() % UInt64(ids.count))]
        let from = Time.parse("2025-01-01T00:00:00Z")! + Int64(random.next() % (365 * 86_400)) * 1_000_000
        switch random.next() % 4 {
        case 3:
            // A footprint kept over two separate spans with different properties (two versions sharing one
            // shape), or moved between them.
            let lon = 116.2 + Double(random.next() % 40_000) / 100_000
            let lat = 39.75 + Double(random.next() % 30_000) / 100_000
            func square(_ west: Double) -> String {
                let ring = [
                    (west, lat), (west + 0.001, lat), (west + 0.001, lat + 0.001), (west, lat + 0.001), (west, lat),
                ]
                return #"{"type":"Polygon","coordinates":[["# + ring.map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
                    + "]]}"
            }
            let span = 3_600_000_000 * Int64(1 + random.next() % 500)
            let moved = random.next() % 3 == 0
            for (index, west) in [lon, moved ? lon + 0.0005 : lon].enumerated() {
                let start = from + Int64(2 * index) * span
                try transaction.putEntity(
                    id, labels: ["building"], properties: ["part": .int(Int64(index))], geometry: square(west),
                    validFrom: start, validTo: start + span)
            }
        case 0:
            try transaction.deleteEntity(
                id, validFrom: from, validTo: from + 3_600_000_000 * Int64(1 + random.next() % 500))
        default:
            let lon = 116.2 + Double(random.next() % 40_000) / 100_000
            let lat = 39.75 + Double(random.next() % 30_000) / 100_000
            let duration = random.next() % 2 == 0 ? Time.forever - from : Int64(1 + random.next() % 200) * 3_600_000_000
            // Some moves are 3D (a sensor mounted up a pole or a drone), for the height filter.
            let height = random.next() % 2 == 0 ? ",\(Double(random.next() % 1_200) / 10)" : ""
            try transaction.putEntity(
                id, labels: ["sensor"], properties: ["moved": .bool(true)],
                geometry: #"{"type":"Point","coordinates":[\#(lon),\#(lat)\#(height)]}"#, validFrom: from,
                validTo: duration == Time.forever - from ? Time.forever : from + duration)
        }
        let result = try graph.commit(transaction)
        return result.systemTime
    }

    /// The box as a rectangle polygon, or a triangle with corners inside it.
    func randomShape(in box: SpatialBounds, _ random: inout SplitMix) -> Geometry {
        func corner() -> Coordinate {
            Coordinate(
                longitude: box.minLongitude + (box.maxLongitude - box.minLongitude) * Double(random.next() % 1_000)
                    / 999,
                latitude: box.minLatitude + (box.maxLatitude - box.minLatitude) * Double(random.next() % 1_000) / 999)
        }
        if random.next() % 2 == 0 {
            let (w, s, e, n) = (box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude)
            return .polygon([
                [
                    Coordinate(longitude: w, latitude: s), Coordinate(longitude: e, latitude: s),
                    Coordinate(longitude: e, latitude: n), Coordinate(longitude: w, latitude: n),
                    Coordinate(longitude: w, latitude: s),
                ]
            ])
        }
        while true {
            let (a, b, c) = (corner(), corner(), corner())
            let cross =
                (b.longitude - a.longitude) * (c.latitude - a.latitude) - (b.latitude - a.latitude)
                * (c.longitude - a.longitude)
            if cross > 0 { return .polygon([[a, b, c, a]]) }
            if cross < 0 { return .polygon([[a, c, b, a]]) }
        }
    }

    func randomBox(_ random: inout SplitMix) -> SpatialBounds {
        let width = [0.0005, 0.002, 0.01, 0.05, 0.3][Int(random.next() % 5)]
        let west = 116.18 + Double(random.next() % 44_000) / 100_000
        let south = 39.73 + Double(random.next() % 34_000) / 100_000
        return SpatialBounds(
            minLongitude: west, minLatitude: south, maxLongitude: west + width, maxLatitude: south + width)
    }

    func brute(
        _ stored: [Stored], _ box: SpatialBounds, from: Int64, to: Int64, system: SystemTimePin, labels: [String]?,
        heights: ClosedRange<Double>?
    ) -> Set<Row> {
        var rows = Set<Row>()
        for item in stored {
            let version = item.version
            guard version.valid.from < to, from < version.valid.to, item.bounds.intersects(box) else { continue }
            switch system {
            case .latest: guard version.system.to == Time.forever else { continue }
            case .asOf(let instant): guard version.system.contains(instant) else { continue }
            }
            if let labels, Set(labels).isDisjoint(with: version.labels) { continue }
            if let heights, !item.bounds.overlapsHeights(heights.lowerBound, heights.upperBound) { continue }
            rows.insert(Row(id: version.id, validFrom: version.valid.from, systemFrom: version.system.from))
        }
        return rows
    }
}

/// The suites' seeded generator.
typealias SplitMix = DifferentialTests.SplitMix64
