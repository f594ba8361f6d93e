import Foundation
import TesseraCore
import TesseraGeometry
import TesseraGraph
import TesseraQuery

// TQL against the engine API on an existing database, in one process and one run:
// `QueryProbe DB_DIR [ROUNDS]` prints, as JSON, the median and 90th percentile (µs) of
// - parse + plan (EXPLAIN) of typical statements (and plan alone, the text found in the cache of parsed ones),
// - each spatial read of Benchmarks.md written in TQL and as the engine call, on the same random boxes (the exact
//   engine call, the same question as `intersects`; the bounding-box-only call beside it),
// - a 2-hop traversal from an entity restricted to a box (TRAVERSAL_ID, TRAVERSAL_BOX env to choose),
// - a label scan cut short by LIMIT, and an indexed equality against a label scan.
// PROBE_ONLY=name runs one probe; PROBE_RETURN replaces `elementId(n)` in the TQL of window_now (say `n.id` or
// `count(*)`, whose single row then counts as a row-count mismatch). PROBE_PARAMETERS=1 sends the spatial
// statements' windows and points as parameters (`bbox($west, $south, $east, $north)`), as applications do, so
// that each statement's text is the same on every box.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: QueryProbe DB_DIR [ROUNDS]\n".utf8))
    exit(2)
}
let graph = try Graph(path: arguments[1], create: false, readOnly: true)
/// The resident set of this process in MiB (Linux), or -1.
func residentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return (kib / 1024).rounded()
}
// What a server builds when it opens the database: the in-memory R-trees and the edges of the present (the edges
// first, on their own, to report what they cost).
let residentBefore = residentMiB()
let edgesStart = DispatchTime.now().uptimeNanoseconds
try graph.buildCurrentEdges()
let edgesSeconds = Double(DispatchTime.now().uptimeNanoseconds - edgesStart) / 1e9
let edgesMiB = residentMiB() - residentBefore
let buildStart = DispatchTime.now().uptimeNanoseconds
try graph.buildInMemorySpace()
let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 2_000 : 2_000
let session = QuerySession(graph: graph)
let environment = ProcessInfo.processInfo.environment
let only = environment["PROBE_ONLY"]

func percentiles(_ samples: [Double]) -> Value {
    let sorted = samples.sorted()
    let median = sorted[sorted.count / 2]
    let p90 = sorted[sorted.count * 9 / 10]
    return .map(["p50_us": .double((median * 10).rounded() / 10), "p90_us": .double((p90 * 10).rounded() / 10)])
}

func time(_ body: () throws -> Int) rethrows -> (Double, Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let count = try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1000, count)
}

nonisolated(unsafe) var state: UInt64 = 7  // single-threaded probe
func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state >> 33
}
let side = 0.02
/// A box of `side` degrees at a random place in the generated city (lon 116.2-116.6, lat 39.75-40.05).
func randomBox() -> SpatialBounds {
    let west = 116.2 + Double(next() % 10_000) / 10_000 * (0.4 - side)
    let south = 39.75 + Double(next() % 10_000) / 10_000 * (0.3 - side)
    return SpatialBounds(minLongitude: west, minLatitude: south, maxLongitude: west + side, maxLatitude: south + side)
}
let parameterized = ProcessInfo.processInfo.environment["PROBE_PARAMETERS"] == "1"
func bboxText(_ b: SpatialBounds) -> String {
    if parameterized { return "bbox($west, $south, $east, $north)" }
    return "bbox(\(b.minLongitude), \(b.minLatitude), \(b.maxLongitude), \(b.maxLatitude))"
}
/// The point at the box's south-west corner, in a statement.
func cornerText(_ b: SpatialBounds) -> String {
    if parameterized { return "point({longitude: $west, latitude: $south})" }
    return "point({longitude: \(b.minLongitude), latitude: \(b.minLatitude)})"
}
/// The parameters of a spatial statement on `b` (none unless PROBE_PARAMETERS=1).
func boxParameters(_ b: SpatialBounds) -> [String: QueryValue] {
    guard parameterized else { return [:] }
    return [
        "west": .float(b.minLongitude), "south": .float(b.minLatitude), "east": .float(b.maxLongitude),
        "north": .float(b.maxLatitude),
    ]
}

var report: [String: Value] = [:]
report["in_memory_build"] = .map([
    "seconds": .double((buildSeconds * 100).rounded() / 100), "resident_mib": .double(residentMiB()),
    "edge_entries": .int(Int64(graph.currentEdgeEntries)),
    "edges_seconds": .double((edgesSeconds * 100).rounded() / 100),
    "edges_mib": .double(edgesMiB),
])

// Parse + plan.
let typical = [
    "MATCH (b:building {id: 'b42'}) RETURN b.name, b.floors",
    "MATCH (s:sensor)-[:ATTACHED_TO]->(b:building) WHERE b.floors > 10 RETURN b.id, count(s) AS n ORDER BY n DESC LIMIT 10",
    "MATCH (b:building) FOR VALID_TIME AS OF '2025-06-01T00:00:00Z' WHERE intersects(b, bbox(116.30, 39.90, 116.32, 39.92)) RETURN b.id",
    "MATCH (a {id: $id})-[:CONNECTS*1..3]-(r:road) WITH DISTINCT r RETURN r.id, r.name ORDER BY r.id",
]
if only == nil || only == "parse_plan" {
    for (index, statement) in typical.enumerated() {
        // parse_plan_N: each text new to the process (a comment numbers it), so it is parsed; plan_N: the same
        // text again, found in the cache of parsed statements, so only planned.
        var samples: [Double] = []
        var planSamples: [Double] = []
        for round in 0..<rounds {
            let (micros, _) = try time {
                try session.run("EXPLAIN " + statement + " /* \(round) */", parameters: ["id": .string("b1")])
                    .columns.count
            }
            samples.append(micros)
            let (planMicros, _) = try time {
                try session.run("EXPLAIN " + statement, parameters: ["id": .string("b1")]).columns.count
            }
            planSamples.append(planMicros)
        }
        report["parse_plan_\(index + 1)"] = percentiles(samples)
        report["plan_\(index + 1)"] = percentiles(planSamples)
    }
}

let june = Time.parse("2025-06-01T00:00:00Z")!
let july = Time.parse("2025-07-01T00:00:00Z")!
/// Spatial reads: the engine call and the TQL statement on the same box, alternating.
/// The box as a polygon, for the engine's exact calls (the same question as TQL's `intersects`).
func rectangle(_ b: SpatialBounds) -> Geometry {
    .polygon([
        [
            Coordinate(b.minLongitude, b.minLatitude), Coordinate(b.maxLongitude, b.minLatitude),
            Coordinate(b.maxLongitude, b.maxLatitude), Coordinate(b.minLongitude, b.maxLatitude),
            Coordinate(b.minLongitude, b.minLatitude),
        ]
    ])
}
/// The engine calls by bounding box only, measured beside the exact ones for reference (third on each box, so
/// with the caches the other two warmed).
let boxCalls: [String: (SpatialBounds) throws -> Int] = [
    "window_now": { try graph.entitiesNow(intersecting: $0).count },
    "window_past": { try graph.entities(intersecting: $0, validAt: june).count },
    "window_30_days": { try graph.entities(intersecting: $0, validFrom: june, validTo: july).count },
]
let spatial: [(String, (SpatialBounds) throws -> Int, (SpatialBounds) -> String)] = [
    (
        "window_now", { try graph.entitiesNow(intersecting: rectangle($0)).count },
        { "MATCH (n) WHERE intersects(n, \(bboxText($0))) RETURN \(environment["PROBE_RETURN"] ?? "elementId(n)")" }
    ),
    (
        "window_past", { try graph.entities(intersecting: rectangle($0), validAt: june).count },
        {
            "MATCH (n) FOR VALID_TIME AS OF '2025-06-01T00:00:00Z' WHERE intersects(n, \(bboxText($0))) RETURN elementId(n)"
        }
    ),
    (
        "window_30_days", { try graph.entities(intersecting: rectangle($0), validFrom: june, validTo: july).count },
        {
            "MATCH (n) FOR VALID_TIME FROM '2025-06-01T00:00:00Z' TO '2025-07-01T00:00:00Z' WHERE intersects(n, \(bboxText($0))) RETURN elementId(n)"
        }
    ),
    (
        "window_now_within",
        { box in
            let reader = graph.reader()
            return try graph.entitiesNowWithGeometry(
                intersecting: box, at: Time.nowMicros(), consistentWith: reader, exactly: .within(rectangle(box)))?
                .count ?? -1
        },
        { "MATCH (n) WHERE within(n, \(bboxText($0))) RETURN elementId(n)" }
    ),
    // Whole entities: the hits' versions read (engine) or returned as nodes (TQL).
    (
        "window_now_full",
        { box in
            let reader = graph.reader()
            return try graph.entitiesNow(intersecting: rectangle(box)).compactMap { try reader.entity($0.id) }.count
        },
        { "MATCH (n) WHERE intersects(n, \(bboxText($0))) RETURN n" }
    ),
    (
        "window_past_full",
        { box in
            let reader = graph.reader()
            return try reader.entities(intersecting: rectangle(box), validAt: june).compactMap {
                try reader.entity($0.id, validAt: june)
            }.count
        },
        { "MATCH (n) FOR VALID_TIME AS OF '2025-06-01T00:00:00Z' WHERE intersects(n, \(bboxText($0))) RETURN n" }
    ),
    (
        "nearest_10_now", { try graph.nearestNow(longitude: $0.minLongitude, latitude: $0.minLatitude, k: 10).count },
        {
            "MATCH (n) RETURN elementId(n) ORDER BY distance(n, \(cornerText($0))) LIMIT 10"
        }
    ),
]
for (name, api, tql) in spatial where only == nil || only == name {
    var apiSamples: [Double] = []
    var tqlSamples: [Double] = []
    var boxSamples: [Double] = []
    var mismatches = 0
    let count = name.hasPrefix("nearest") ? max(20, rounds / 50) : rounds
    for round in 0..<count {
        let box = randomBox()
        let text = tql(box)
        // Whichever runs first on a box meets colder caches: alternate the order.
        var (a, apiRows) = (0.0, 0)
        var (b, tqlRows) = (0.0, 0)
        if round % 2 == 0 {
            (a, apiRows) = try time { try api(box) }
            (b, tqlRows) = try time { try session.run(text, parameters: boxParameters(box)).rows.count }
        } else {
            (b, tqlRows) = try time { try session.run(text, parameters: boxParameters(box)).rows.count }
            (a, apiRows) = try time { try api(box) }
        }
        if let boxCall = boxCalls[name] { boxSamples.append(try time { try boxCall(box) }.0) }
        apiSamples.append(a)
        tqlSamples.append(b)
        if apiRows != tqlRows { mismatches += 1 }
    }
    let apiMedian = apiSamples.sorted()[apiSamples.count / 2]
    let tqlMedian = tqlSamples.sorted()[tqlSamples.count / 2]
    var entry: [String: Value] = [
        "api": percentiles(apiSamples), "tql": percentiles(tqlSamples),
        "ratio_p50": .double((tqlMedian / apiMedian * 100).rounded() / 100),
        "row_count_mismatches": .int(Int64(mismatches)),
    ]
    if !boxSamples.isEmpty { entry["api_bounding_box_only"] = percentiles(boxSamples) }
    if parameterized { entry["parameterized"] = .bool(true) }
    report[name] = .map(entry)
}

// A 2-hop traversal from one entity, restricted to a box.
if only == nil || only == "two_hop_box" {
    let id = environment["TRAVERSAL_ID"] ?? "r10"
    let box = environment["TRAVERSAL_BOX"] ?? "bbox(116.2, 39.75, 116.6, 40.05)"
    let statement = "MATCH (a {id: $id})--()--(x) WHERE intersects(x, \(box)) RETURN elementId(x)"
    // As in a running server: the R-tree of the present is built (by the first spatial statement).
    _ = try session.run("MATCH (n) WHERE intersects(n, \(box)) RETURN count(*)")
    var samples: [Double] = []
    var rows = 0
    for _ in 0..<rounds {
        let (micros, count) = try time { try session.run(statement, parameters: ["id": .string(id)]).rows.count }
        samples.append(micros)
        rows = count
    }
    report["two_hop_box"] = .map([
        "tql": percentiles(samples), "rows": .int(Int64(rows)), "statement": .string(statement),
    ])
}
// A label scan cut short by LIMIT (streamed: about ten versions read).
if only == nil || only == "label_limit" {
    let statement = "MATCH (b:building) RETURN b.id LIMIT 10"
    var samples: [Double] = []
    for _ in 0..<rounds { samples.append(try time { try session.run(statement).rows.count }.0) }
    report["label_limit"] = .map(["tql": percentiles(samples), "statement": .string(statement)])
}

// An equality on an indexed property against the same statement planned without indexes (create the index
// first: `tessera index create --db DB_DIR --label building --property name`).
if only == nil || only == "index_seek" {
    let names = try session.run("MATCH (b:building) RETURN b.name AS name LIMIT 1000").rows.compactMap { row in
        if case .string(let name) = row[0] { return name } else { return nil }
    }
    var options = QueryOptions()
    options.usePropertyIndexes = false
    let scanning = QuerySession(graph: graph, options: options)
    let statement = "MATCH (b:building) WHERE b.name = $name RETURN b.id"
    let plan = try session.run("EXPLAIN " + statement, parameters: ["name": .string("x")]).plan ?? ""
    var seekSamples: [Double] = []
    var scanSamples: [Double] = []
    var mismatches = 0
    for round in 0..<max(5, rounds / 100) {
        let parameters: [String: QueryValue] = ["name": .string(names[round % max(1, names.count)])]
        let (a, seekRows) = try time { try session.run(statement, parameters: parameters).rows.count }
        let (b, scanRows) = try time { try scanning.run(statement, parameters: parameters).rows.count }
        seekSamples.append(a)
        scanSamples.append(b)
        if seekRows != scanRows { mismatches += 1 }
    }
    report["index_seek"] = .map([
        "seek": percentiles(seekSamples), "label_scan": percentiles(scanSamples),
        "uses_index": .bool(plan.contains("NodeIndexSeek")), "row_count_mismatches": .int(Int64(mismatches)),
    ])
}
print(JSONWriter.string(.map(report)))
