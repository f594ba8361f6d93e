import Foundation
import TesseraCore
import TesseraGraph

/// The database the read benchmarks run against, with the read targets sampled from it.
///
/// The database is a generated city (`TESSERA_BENCH_ENTITIES` entities, default 20,000, seed 42) loaded with
/// ``BulkLoader``, plus a small hand-made neighbourhood: entity `bench-ten` with exactly 10 versions and
/// exactly ``expectedEdges`` edges valid at ``edgeInstant``.
///
/// The benchmark runner starts one process per benchmark, so the database is built once and kept on disk
/// (under `TESSERA_BENCH_DIR`, default `$TMPDIR/tessera-bench`), keyed by the entity count and by the
/// benchmark executable: rebuilding the benchmarks (for example after an engine change) builds a new
/// database. Set `TESSERA_BENCH_REBUILD=1` to force a rebuild.
final class Fixture: Sendable {
    static let seed: UInt64 = 42
    static let tenVersionId = "bench-ten"
    static let tenVersionCount = 10
    static let outgoingEdges = 8
    static let incomingEdges = 4
    static let expectedEdges = outgoingEdges + incomingEdges
    /// Valid time of the `Edges.asOf` reads of `bench-ten`: every one of its edges is valid then.
    static let edgeInstant = instant("2025-06-01T00:00:00Z")
    /// Valid time of the `Edges.asOfRandom` reads: late in the generated year, when most edges exist.
    static let cityEdgeInstant = instant("2025-12-15T00:00:00Z")
    /// How many read targets of each kind are sampled.
    static let sampleSize = 4096

    let graph: Graph
    let entityCount: Int
    /// Entities that exist now (their last version is open-ended).
    let currentIds: [String]
    /// Entity and valid instant pairs that fall inside a version older than the entity's latest one.
    let pastReads: [(id: String, validAt: Int64)]
    /// Entities with at least one edge valid at ``cityEdgeInstant``.
    let edgeIds: [String]
    /// Where each benchmark is in its list of targets.
    let currentRotation: Rotation
    let pastRotation: Rotation
    let edgeRotation: Rotation

    private init(
        graph: Graph, entityCount: Int, currentIds: [String], pastReads: [(id: String, validAt: Int64)],
        edgeIds: [String]
    ) {
        self.graph = graph
        self.entityCount = entityCount
        self.currentIds = currentIds
        self.pastReads = pastReads
        self.edgeIds = edgeIds
        currentRotation = Rotation(count: currentIds.count)
        pastRotation = Rotation(count: pastReads.count)
        edgeRotation = Rotation(count: edgeIds.count)
    }

    static func instant(_ text: String) -> Int64 {
        guard let value = Time.parse(text) else { fatalError("bad timestamp \(text)") }
        return value
    }

    static var entities: Int {
        let text = ProcessInfo.processInfo.environment["TESSERA_BENCH_ENTITIES"] ?? ""
        return Int(text.replacingOccurrences(of: "_", with: "")) ?? 20_000
    }

    // MARK: - Opening

    /// Opens the fixture database, building it first when needed, and samples the read targets.
    static func open() throws -> Fixture {
        let count = entities
        let directory = try prepare(entities: count)
        let graph = try Graph(path: directory + "/db", create: false)
        let ids = try String(contentsOfFile: directory + "/entities.txt", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        guard !ids.isEmpty else { throw FixtureError("the fixture at \(directory) lists no entities") }
        try verifyDedicatedEntity(graph)

        var random = SplitMix(state: seed)
        let sample = (0..<min(sampleSize * 2, ids.count * 4)).map { _ in ids[Int(random.next() % UInt64(ids.count))] }

        var current: [String] = []
        for id in sample where current.count < sampleSize {
            if try graph.entity(id) != nil { current.append(id) }
        }

        var past: [(id: String, validAt: Int64)] = []
        for id in sample where past.count < sampleSize {
            let believed = try graph.history(of: id).filter { $0.system.isOpen }
            guard let latest = believed.map(\.valid.from).max() else { continue }
            let older = believed.filter { $0.valid.from < latest }
            guard !older.isEmpty else { continue }
            let version = older[Int(random.next() % UInt64(older.count))]
            let span = version.valid.isOpen ? 86_400 * Time.microsPerSecond : version.valid.to - version.valid.from
            let validAt = version.valid.from + span / 2
            if try graph.entity(id, validAt: validAt) != nil { past.append((id, validAt)) }
        }

        var withEdges: [String] = []
        for id in sample where withEdges.count < sampleSize {
            if try !graph.edges(of: id, validAt: cityEdgeInstant).isEmpty { withEdges.append(id) }
        }

        guard !current.isEmpty, !past.isEmpty, !withEdges.isEmpty else {
            throw FixtureError(
                "the fixture at \(directory) has too few entities to sample from "
                    + "(\(current.count) current, \(past.count) with past versions, \(withEdges.count) with edges)")
        }
        return Fixture(graph: graph, entityCount: count, currentIds: current, pastReads: past, edgeIds: withEdges)
    }

    static func verifyDedicatedEntity(_ graph: Graph) throws {
        let history = try graph.history(of: tenVersionId)
        guard history.count == tenVersionCount else {
            throw FixtureError("\(tenVersionId) has \(history.count) versions, expected \(tenVersionCount)")
        }
        let edges = try graph.edges(of: tenVersionId, validAt: edgeInstant)
        guard edges.count == expectedEdges else {
            throw FixtureError(
                "\(tenVersionId) has \(edges.count) edges at the edge instant, expected \(expectedEdges)")
        }
    }

    // MARK: - Building

    /// The directory of a ready fixture for `entities` entities, built when missing.
    static func prepare(entities: Int) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["TESSERA_BENCH_DIR"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench").path
        let manager = FileManager.default
        try manager.createDirectory(atPath: base, withIntermediateDirectories: true)
        let stem = "city-\(entities)-seed\(seed)-"
        let directory = base + "/" + stem + executableFingerprint()
        let rebuild = (environment["TESSERA_BENCH_REBUILD"] ?? "").isEmpty == false
        if manager.fileExists(atPath: directory + "/ready") && !rebuild { return directory }

        let building = base + "/building-\(getpid())"
        try? manager.removeItem(atPath: building)
        try manager.createDirectory(atPath: building, withIntermediateDirectories: true)
        let started = Date()
        let ids = try buildDatabase(in: building, entities: entities)
        try (ids.joined(separator: "\n") + "\n").write(
            toFile: building + "/entities.txt", atomically: true, encoding: .utf8)
        try Data().write(to: URL(fileURLWithPath: building + "/ready"))

        // Replace fixtures of earlier builds of the benchmarks for the same size.
        for name in (try? manager.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(stem) {
            try? manager.removeItem(atPath: base + "/" + name)
        }
        do {
            try manager.moveItem(atPath: building, toPath: directory)
        } catch {
            // Another run finished the same fixture first: use it.
            guard manager.fileExists(atPath: directory + "/ready") else { throw error }
            try? manager.removeItem(atPath: building)
            return directory
        }
        FileHandle.standardError.write(
            Data(
                "tessera-bench: built a \(entities)-entity fixture in \(String(format: "%.1f", Date().timeIntervalSince(started))) s at \(directory)\n"
                    .utf8))
        return directory
    }

    /// Generates and loads the city, adds the dedicated entities, and returns the city's entity ids.
    static func buildDatabase(in directory: String, entities: Int) throws -> [String] {
        let ndjson = directory + "/city.ndjson"
        guard FileManager.default.createFile(atPath: ndjson, contents: nil),
            let handle = FileHandle(forWritingAtPath: ndjson)
        else { throw FixtureError("cannot create \(ndjson)") }
        var ids: [String] = []
        ids.reserveCapacity(entities)
        _ = try CityGenerator(entities: entities, seed: seed).write { chunk in
            collectEntityIds(chunk, into: &ids)
            try handle.write(contentsOf: Data(chunk))
        }
        try handle.close()

        let graph = try Graph(path: directory + "/db")
        let summary = try BulkLoader(graph: graph).load(paths: [ndjson])
        guard summary.rejected == 0 else {
            throw FixtureError("the generated city had \(summary.rejected) rejected lines")
        }
        try addDedicatedEntities(graph)
        try graph.sync()
        try FileManager.default.removeItem(atPath: ndjson)
        return ids
    }

    /// Appends the id of every entity line in `chunk` (complete NDJSON lines), once per entity.
    static func collectEntityIds(_ chunk: UnsafeRawBufferPointer, into ids: inout [String]) {
        let bytes = chunk.bindMemory(to: UInt8.self)
        let prefix = Array(#"{"id":""#.utf8)
        let entityMarker = Array(#"","type""#.utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - lineStart > prefix.count && bytes[lineStart..<lineStart + prefix.count].elementsEqual(prefix) {
                let idStart = lineStart + prefix.count
                var idEnd = idStart
                while idEnd < lineEnd && bytes[idEnd] != 0x22 { idEnd += 1 }
                let markerEnd = idEnd + entityMarker.count
                if markerEnd <= lineEnd && bytes[idEnd..<markerEnd].elementsEqual(entityMarker) {
                    let id = String(decoding: UnsafeBufferPointer(rebasing: bytes[idStart..<idEnd]), as: UTF8.self)
                    if ids.last != id { ids.append(id) }
                }
            }
            lineStart = lineEnd + 1
        }
    }

    /// `bench-ten`: 10 versions over consecutive, non-overlapping valid intervals (the last open-ended);
    /// 12 neighbours; 8 edges from `bench-ten` and 4 into it, all valid from 2025-02-01 on.
    static func addDedicatedEntities(_ graph: Graph) throws {
        let start = instant("2025-01-01T00:00:00Z")
        let month = 30 * 86_400 * Time.microsPerSecond
        let neighbours = outgoingEdges + incomingEdges
        var entities = Transaction()
        for version in 0..<tenVersionCount {
            let from = start + Int64(version) * month
            let to = version == tenVersionCount - 1 ? Time.forever : from + month
            try entities.putEntity(
                tenVersionId, labels: ["building"],
                properties: [
                    "name": .string("Benchmark House"), "floors": .int(Int64(2 + version)),
                    "version": .int(Int64(version + 1)),
                ],
                geometry: #"{"type":"Point","coordinates":[116.4,39.9]}"#, validFrom: from, validTo: to)
        }
        for index in 0..<neighbours {
            try entities.putEntity(
                "bench-n\(index)", labels: ["sensor"], properties: ["index": .int(Int64(index))],
                geometry: #"{"type":"Point","coordinates":[116.401,39.901]}"#, validFrom: start)
        }
        try graph.commit(entities)

        let edgesFrom = instant("2025-02-01T00:00:00Z")
        var edges = Transaction()
        for index in 0..<outgoingEdges {
            try edges.putEdge(
                "bench-e\(index)", from: tenVersionId, to: "bench-n\(index)", type: "ADJACENT_TO",
                properties: ["distance_m": .double(10.5 * Double(index + 1))], validFrom: edgesFrom)
        }
        for index in outgoingEdges..<neighbours {
            try edges.putEdge(
                "bench-e\(index)", from: "bench-n\(index)", to: tenVersionId, type: "LOCATED_IN",
                properties: ["floor": .int(Int64(index))], validFrom: edgesFrom)
        }
        try graph.commit(edges)
    }

    /// Size and modification time of the running executable.
    static func executableFingerprint() -> String {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        let modified = Int64(((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0) * 1000)
        return String(UInt64(bitPattern: size &* 1_000_003 ^ modified), radix: 16)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// SplitMix64, for reproducible sampling.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hands out the read targets in turn; each benchmark process owns its own.
final class Rotation: @unchecked Sendable {
    // Why @unchecked: used only from the benchmark's measuring thread.
    private var index = 0
    let count: Int

    init(count: Int) { self.count = count }

    @inline(__always)
    func next() -> Int {
        let current = index
        index = current + 1 == count ? 0 : current + 1
        return current
    }
}
