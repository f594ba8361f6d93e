import Foundation
import TesseraCore
import Testing

@testable import TesseraGraph

/// Property indexes kept through upserts, corrections, deletions and valid-time histories, compared with
/// brute force over every stored version at random valid and system times.
@Suite struct PropertyIndexTests {
    static let base = Time.parse("2024-01-01T00:00:00Z")!
    static let day: Int64 = 86_400_000_000
    static let ids = (0..<30).map { "e\($0)" }
    static let names: [Value] = [
        .string("a"), .string("ab"), .string("abc"), .string("b"), .string("b\u{0}x"), .string(""), .string("é"),
        .int(1), .double(1.0), .int(2), .double(-0.0), .int(0), .double(2.5), .int(9_007_199_254_740_993),
        .double(9_007_199_254_740_992), .double(.nan), .bool(true), .bool(false), .list([.int(1)]), .null,
    ]

    @Test(arguments: [UInt64(11), 12, 13]) func indexesAgreeWithBruteForce(seed: UInt64) throws {
        print("seed", seed)
        try withScratch { directory in
            let graph = try Graph(path: directory + "/db")
            // Defined before any data: maintained by commits only.
            let early = try graph.createPropertyIndex(label: "building", property: "name").index
            var random = SplitMix(seed: seed)
            var commitTimes: [Int64] = []
            for _ in 0..<60 {
                let result = try graph.commit(try randomTransaction(&random))
                commitTimes.append(result.systemTime)
            }
            // Defined after the data: filled by the build, then maintained.
            let late = try graph.createPropertyIndex(named: "late", label: "road", property: "name").index
            for _ in 0..<15 { commitTimes.append(try graph.commit(try randomTransaction(&random)).systemTime) }
            let report = try graph.check()
            #expect(report.problems.isEmpty, "\(report.problems)")
            #expect(report.propertyIndexEntries > 0)
            let versions = try Self.ids.flatMap { try graph.history(of: $0) }
            // Index reads report entities in internal-id order (the order of first writes).
            let reader = graph.reader()
            let ordered = try Self.ids.compactMap { id in try reader.entityId(id).map { (id, $0) } }
                .sorted { $0.1 < $1.1 }.map(\.0)
            for round in 0..<250 {
                let range = randomRange(&random)
                let instant = Self.base + Int64(random.int(-5...130)) * Self.day
                let system: SystemTimePin =
                    random.int(0...2) == 0 ? .asOf(commitTimes[random.int(0...(commitTimes.count - 1))]) : .latest
                for index in [early, late] {
                    let expected = Self.brute(versions, ordered, index.label, range, validAt: instant, system: system)
                    let found = try graph.entities(in: index, matching: [range], validAt: instant, system: system)
                    #expect(
                        found.map(\.id) == expected, "seed \(seed) round \(round): \(range) at \(instant) \(system)")
                }
                let candidates = try graph.reader().entityIds(in: late, matching: [range])
                let everMatching = ordered.filter { id in
                    versions.contains { $0.id == id && Self.carries($0, "road", range) }
                }
                #expect(candidates == everMatching, "seed \(seed) round \(round): candidates over all times")
            }
        }
    }

    /// Entities whose version at the pins carries the label and a value inside `range`, in internal-id order.
    static func brute(
        _ versions: [EntityVersion], _ ids: [String], _ label: String, _ range: PropertyIndexRange, validAt: Int64,
        system: SystemTimePin
    ) -> [String] {
        let visible = versions.filter {
            $0.valid.contains(validAt) && system.admits(systemFrom: $0.system.from, systemTo: $0.system.to)
        }
        return ids.filter { id in visible.contains { $0.id == id && carries($0, label, range) } }
    }

    static func carries(_ version: EntityVersion, _ label: String, _ range: PropertyIndexRange) -> Bool {
        guard version.labels.contains(label), let value = version.properties["name"] else { return false }
        return range.contains(value)
    }

    func randomTransaction(_ random: inout SplitMix) throws -> Transaction {
        var transaction = Transaction()
        for _ in 0..<random.int(1...4) {
            let id = Self.ids[random.int(0...(Self.ids.count - 1))]
            let from = Self.base + Int64(random.int(0...120)) * Self.day
            let to = random.int(0...2) == 0 ? from + Int64(random.int(1...40)) * Self.day : Time.forever
            if random.int(0...4) == 0 {
                try transaction.deleteEntity(id, validFrom: from, validTo: to)
                continue
            }
            let labels = [["building"], ["road"], ["building", "road"]][random.int(0...2)]
            var properties: [String: Value] = ["floors": .int(Int64(random.int(1...9)))]
            let name = Self.names[random.int(0...(Self.names.count - 1))]
            if name != .null { properties["name"] = name }
            try transaction.putEntity(id, labels: labels, properties: properties, validFrom: from, validTo: to)
        }
        return transaction
    }

    func randomRange(_ random: inout SplitMix) -> PropertyIndexRange {
        let indexable = Self.names.filter { PropertyIndexRange.isIndexable($0) }
        func pick(_ random: inout SplitMix) -> Value { indexable[random.int(0...(indexable.count - 1))] }
        switch random.int(0...3) {
        case 0: return PropertyIndexRange.equal(to: pick(&random))!
        case 1: return PropertyIndexRange.prefix(["", "a", "ab", "b", "b\u{0}", "z"][random.int(0...5)])
        case 2:
            let lower =
                random.int(0...2) == 0
                ? nil : PropertyIndexRange.Bound(pick(&random), inclusive: random.int(0...1) == 0)
            let upper =
                lower != nil && random.int(0...2) == 0
                ? nil : PropertyIndexRange.Bound(pick(&random), inclusive: random.int(0...1) == 0)
            return PropertyIndexRange.between(lower: lower, upper: upper)!
        default:
            return PropertyIndexRange.between(lower: .init(pick(&random), inclusive: true), upper: nil)!
        }
    }

    /// Commits made while an index is being built (in small batches) are indexed by the commits themselves.
    @Test func writesDuringTheBuildAreIndexed() throws {
        try withScratch { directory in
            let file = directory + "/city.ndjson"
            _ = try writeCity(entities: 1_500, seed: 8, to: file)
            let graph = try Graph(path: directory + "/db")
            _ = try BulkLoader(graph: graph).load(paths: [file])
            let finished = DispatchSemaphore(value: 0)
            let building = Thread {
                do { try graph.createPropertyIndex(label: "building", property: "use", batchVersions: 100) } catch {
                    print("index build failed: \(error)")
                }
                finished.signal()
            }
            building.start()
            var renamed: [String] = []
            for n in 0..<60 {
                var transaction = Transaction()
                let id = "b\(n * 7)"
                try transaction.putEntity(
                    id, labels: ["building"], properties: ["use": .string("during-build")],
                    validFrom: Self.base + Int64(n) * Self.day)
                try graph.commit(transaction)
                renamed.append(id)
            }
            #expect(finished.wait(timeout: .now() + 120) == .success)
            let index = try #require(graph.propertyIndexes().first)
            #expect(index.state == .online)
            #expect(try graph.check().problems.isEmpty)
            let found = try graph.entities(in: index, matching: [.equal(to: .string("during-build"))!])
            #expect(Set(found.map(\.id)) == Set(renamed))
            for instant in ["2025-06-01T00:00:00Z", "2025-10-01T00:00:00Z"].compactMap(Time.parse) {
                let expected = try graph.entities(withLabel: "building", validAt: instant).filter {
                    $0.properties["use"] == .string("residential")
                }
                let seek = try graph.entities(
                    in: index, matching: [.equal(to: .string("residential"))!], validAt: instant)
                #expect(seek == expected)
            }
        }
    }

    @Test func bulkLoadMaintainsAnExistingIndex() throws {
        try withScratch { directory in
            let file = directory + "/city.ndjson"
            _ = try writeCity(entities: 800, seed: 5, to: file)
            let graph = try Graph(path: directory + "/db")
            let index = try graph.createPropertyIndex(label: "building", property: "floors").index
            var options = LoadOptions()
            options.batchLines = 500
            _ = try BulkLoader(graph: graph, options: options).load(paths: [file])
            #expect(try graph.check().problems.isEmpty)
            let range = PropertyIndexRange.between(
                lower: .init(.int(5), inclusive: true), upper: .init(.double(12.5), inclusive: false))!
            for instant in ["2025-06-01T00:00:00Z", "2025-09-01T00:00:00Z"].compactMap(Time.parse) {
                let expected = try graph.entities(withLabel: "building", validAt: instant).filter {
                    guard case .int(let floors) = $0.properties["floors"] else { return false }
                    return floors >= 5 && floors < 13
                }
                let found = try graph.entities(in: index, matching: [range], validAt: instant)
                #expect(found == expected)
                #expect(!found.isEmpty)
            }
        }
    }
}

/// Runs `body` in a fresh temporary directory, removed afterwards.
func withScratch<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-pidx-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}
