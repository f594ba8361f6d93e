import Foundation
import TesseraCore
import TesseraGeometry
import TesseraGraph

// A quick in-process latency probe on an existing database, without the benchmark harness:
// `ReadProbe DB_DIR IDS_FILE [ROUNDS]` times as-of reads, histories and edge reads of the ids listed
// one per line, and prints the median and 90th percentile of each, in microseconds, as JSON.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ReadProbe DB_DIR IDS_FILE [ROUNDS]\n".utf8))
    exit(2)
}
// PROBE_HISTORY_LIMIT=0 answers past-time and range windows from the space-time index on disk.
let historyLimit = ProcessInfo.processInfo.environment["PROBE_HISTORY_LIMIT"].flatMap { Int($0) }
let graph = try Graph(
    path: arguments[1], create: false, readOnly: true,
    historySpaceLimit: historyLimit ?? Graph.defaultHistorySpaceLimit)
let ids = try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n").map(String.init)
let rounds = arguments.count > 3 ? Int(arguments[3]) ?? 20_000 : 20_000
let past = Time.parse("2025-06-01T00:00:00Z")
let late = Time.parse("2025-12-15T00:00:00Z")

func measure(_ name: String, _ body: (String) throws -> Int) rethrows -> (String, Value) {
    var samples: [Double] = []
    samples.reserveCapacity(rounds)
    var checksum = 0
    var state: UInt64 = 42
    for _ in 0..<rounds {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let id = ids[Int((state >> 33) % UInt64(ids.count))]
        let start = DispatchTime.now().uptimeNanoseconds
        checksum &+= try body(id)
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let p90 = samples[samples.count * 9 / 10]
    return (
        name,
        .map([
            "p50_us": .double((median * 100).rounded() / 100), "p90_us": .double((p90 * 100).rounded() / 100),
            "results": .int(Int64(checksum)),
        ])
    )
}

let only = ProcessInfo.processInfo.environment["PROBE_ONLY"]
let side = Double(ProcessInfo.processInfo.environment["PROBE_BOX_DEGREES"] ?? "0.02") ?? 0.02
nonisolated(unsafe) var boxState: UInt64 = 7  // single-threaded probe
/// A box of `side` degrees at a random place in the generated city (lon 116.2-116.6, lat 39.75-40.05).
func randomBox() -> SpatialBounds {
    boxState = boxState &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let west = 116.2 + Double((boxState >> 33) % 10_000) / 10_000 * (0.4 - side)
    boxState = boxState &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let south = 39.75 + Double((boxState >> 33) % 10_000) / 10_000 * (0.3 - side)
    return SpatialBounds(minLongitude: west, minLatitude: south, maxLongitude: west + side, maxLatitude: south + side)
}
/// A box as a rectangle polygon.
func rectangle(_ b: SpatialBounds) -> Geometry {
    .polygon([
        [
            Coordinate(b.minLongitude, b.minLatitude), Coordinate(b.maxLongitude, b.minLatitude),
            Coordinate(b.maxLongitude, b.maxLatitude), Coordinate(b.minLongitude, b.maxLatitude),
            Coordinate(b.minLongitude, b.minLatitude),
        ]
    ])
}
let june = Time.parse("2025-06-01T00:00:00Z")!
let july = Time.parse("2025-07-01T00:00:00Z")!
let probes: [(String, (String) throws -> Int)] = [
    ("entity_as_of_now", { try graph.entity($0) == nil ? 0 : 1 }),
    ("entity_as_of_past", { try graph.entity($0, validAt: past) == nil ? 0 : 1 }),
    ("history", { try graph.history(of: $0).count }),
    ("edges_as_of", { try graph.edges(of: $0, validAt: late).count }),
    ("window_now", { _ in try graph.entitiesNow(intersecting: randomBox()).count }),
    ("window_past", { _ in try graph.entities(intersecting: randomBox(), validAt: june).count }),
    ("window_30_days", { _ in try graph.entities(intersecting: randomBox(), validFrom: june, validTo: july).count }),
    // The same windows asked exactly: the box as a polygon, each candidate's geometry tested.
    ("window_now_exact", { _ in try graph.entitiesNow(intersecting: rectangle(randomBox())).count }),
    ("window_past_exact", { _ in try graph.entities(intersecting: rectangle(randomBox()), validAt: june).count }),
    (
        "window_30_days_exact",
        { _ in try graph.entities(intersecting: rectangle(randomBox()), validFrom: june, validTo: july).count }
    ),
    (
        "nearest_10_now",
        { _ in
            let box = randomBox()
            return try graph.nearestNow(longitude: box.minLongitude, latitude: box.minLatitude, k: 10).count
        }
    ),
]
var report: [String: Value] = [:]
// The in-memory R-trees are built before the probes, as a server does at open; the build is reported.
let buildStart = DispatchTime.now().uptimeNanoseconds
/// Resident memory in MiB (`/proc/self/statm`).
func residentMiB() -> Int {
    let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ") ?? []
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * 4096 / 1_048_576 : 0
}
let residentBefore = residentMiB()
try graph.buildInMemorySpace()
report["in_memory_build_ms"] = .int(Int64((DispatchTime.now().uptimeNanoseconds - buildStart) / 1_000_000))
// What the trees keep resident once built (large blocks freed after the build go back to the system).
report["in_memory_resident_mib"] = .int(Int64(residentMiB() - residentBefore))
for (name, body) in probes where only == nil || only == name {
    let (key, value) = try measure(name, body)
    report[key] = value
}
print(JSONWriter.string(.map(report)))
