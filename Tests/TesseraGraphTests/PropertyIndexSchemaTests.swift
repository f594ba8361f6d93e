import Foundation
import TesseraCore
import TesseraStorage
import Testing

@testable import TesseraGraph

/// Creating, resuming and dropping property indexes, their errors, the on-disk marks they leave, the
/// checker's view of damaged entries, and the value encoding's order.
@Suite struct PropertyIndexSchemaTests {
    static let t0 = Time.parse("2024-01-01T00:00:00Z")!

    func building(_ graph: Graph, _ id: String, _ name: Value, from: Int64 = t0) throws {
        var transaction = Transaction()
        try transaction.putEntity(id, labels: ["building"], properties: ["name": name], validFrom: from)
        try graph.commit(transaction)
    }

    @Test func namesAndDuplicatesAreReportedClearly() throws {
        try withScratch { directory in
            let graph = try Graph(path: directory + "/db")
            // A label nothing carries yet is fine; later writes fill the index.
            let created = try graph.createPropertyIndex(label: "tower", property: "name")
            #expect(created.created && created.index.name == "tower_name" && created.index.state == .online)
            let duplicate = graphError {
                try graph.createPropertyIndex(named: "tower_name", label: "road", property: "name")
            }
            #expect(duplicate?.kind == .indexNameTaken)
            #expect(duplicate?.message.contains("'tower_name' already exists, on :tower(name)") == true)
            let equivalent = graphError {
                try graph.createPropertyIndex(named: "other", label: "tower", property: "name")
            }
            #expect(equivalent?.kind == .equivalentIndexExists)
            let again = try graph.createPropertyIndex(
                named: "other", label: "tower", property: "name", ifNotExists: true)
            #expect(!again.created && again.index.name == "tower_name")
            let missing = graphError { try graph.dropPropertyIndex(named: "nope") }
            #expect(missing?.kind == .indexNotFound)
            #expect(missing?.message.contains("no index named 'nope'") == true)
            #expect(try graph.dropPropertyIndex(named: "nope", ifExists: true) == false)
            let reserved = graphError { try graph.createPropertyIndex(label: "tower", property: "id") }
            #expect(reserved?.kind == .invalidName)
            try building(graph, "t1", .string("x"))
            var transaction = Transaction()
            try transaction.putEntity("t2", labels: ["tower"], properties: ["name": .string("x")], validFrom: Self.t0)
            try graph.commit(transaction)
            #expect(try graph.entities(in: created.index, matching: [.equal(to: .string("x"))!]).map(\.id) == ["t2"])
        }
    }

    @Test func definitionsPersistAndDropDeletesEntries() throws {
        try withScratch { directory in
            let path = directory + "/db"
            do {
                let graph = try Graph(path: path)
                #expect(try graph.store.get(WriterState.formatKey) == WriterState.encodeFormat(1))
                for n in 0..<20 { try building(graph, "b\(n)", .int(Int64(n % 4))) }
                let index = try graph.createPropertyIndex(label: "building", property: "name").index
                #expect(try graph.propertyIndexEntryCount(index) == 20)
                #expect(try graph.store.get(WriterState.formatKey) == WriterState.encodeFormat(2))
            }
            let reopened = try Graph(path: path)
            let index = try #require(reopened.propertyIndexes().first)
            #expect(index.name == "building_name" && index.state == .online)
            let twos = try reopened.entities(in: index, matching: [.equal(to: .double(2))!])
            #expect(twos.map(\.id).sorted() == ["b10", "b14", "b18", "b2", "b6"])
            #expect(try reopened.dropPropertyIndex(named: "building_name"))
            #expect(try reopened.propertyIndexEntryCount(index) == 0)
            #expect(reopened.propertyIndexes().isEmpty)
            #expect(try reopened.check().problems.isEmpty)
            let gone = graphError { _ = try reopened.entities(in: index, matching: [.equal(to: .int(2))!]) }
            #expect(gone?.kind == .indexNotFound)
        }
    }

    /// A reader sees the indexes its snapshot holds, however the catalog changed after it was taken (the catalog
    /// kept in memory answers only readers whose snapshot is at least as new as its last write).
    @Test func readersSeeTheCatalogOfTheirSnapshot() throws {
        try withScratch { directory in
            let graph = try Graph(path: directory + "/db")
            try building(graph, "b1", .string("Tower"))
            try graph.createPropertyIndex(label: "building", property: "name")
            try graph.createPropertyIndex(label: "building", property: "height")
            let before = graph.reader()
            #expect(try before.propertyIndexes().map(\.name).sorted() == ["building_height", "building_name"])
            try graph.dropPropertyIndex(named: "building_name")
            try graph.createPropertyIndex(label: "road", property: "name")
            let after = graph.reader()
            #expect(try before.propertyIndexes().map(\.name).sorted() == ["building_height", "building_name"])
            #expect(try after.propertyIndexes().map(\.name).sorted() == ["building_height", "road_name"])
            // Ordinary commits do not change the catalog a newer reader sees from memory.
            try building(graph, "b2", .string("Hall"))
            #expect(try graph.reader().propertyIndexes().map(\.name).sorted() == ["building_height", "road_name"])
            #expect(try before.propertyIndexes().map(\.name).sorted() == ["building_height", "building_name"])
        }
    }

    @Test func aPopulatingIndexIsMaintainedAndItsBuildResumes() throws {
        try withScratch { directory in
            let graph = try Graph(path: directory + "/db")
            for n in 0..<10 { try building(graph, "b\(n)", .string("old")) }
            // As if a build had been interrupted right after the definition was written.
            let defined = try graph.define(
                name: "building_name", label: "building", property: "name", ifNotExists: false)
            #expect(defined.defined && defined.index.state == .populating)
            try building(graph, "b3", .string("new"), from: Self.t0 + 1_000_000)
            try building(graph, "b11", .string("new"))
            let unusable = graphError {
                _ = try graph.entities(in: defined.index, matching: [.equal(to: .string("new"))!])
            }
            #expect(unusable?.kind == .indexNotFound)
            var batches = 0
            let finished = try graph.createPropertyIndex(label: "building", property: "name") { _ in batches += 1 }
            #expect(!finished.created && finished.index.state == .online && batches >= 1)
            let index = finished.index
            #expect(try graph.entities(in: index, matching: [.equal(to: .string("new"))!]).map(\.id) == ["b3", "b11"])
            let past = try graph.entities(in: index, matching: [.equal(to: .string("old"))!], validAt: Self.t0)
            #expect(past.count == 10)
            #expect(try graph.check().problems.isEmpty)
        }
    }

    @Test func checkFindsMissingStaleAndOrphanEntries() throws {
        try withScratch { directory in
            let graph = try Graph(path: directory + "/db")
            for n in 0..<5 { try building(graph, "b\(n)", .string("n\(n)")) }
            let index = try graph.createPropertyIndex(label: "building", property: "name").index
            #expect(try graph.check().problems.isEmpty)
            let entity = try #require(try graph.reader().entityId("b2"))
            let key = Keys.propertyIndex(index.id, value: IndexValueEncoding.encode(.string("n2"))!, entity: entity)
            #expect(try graph.store.get(key) == [])
            let delete = WriteBatch()
            delete.delete(key)
            try graph.store.write(delete)
            let missing = try graph.check().problems
            #expect(missing.count == 1)
            #expect(missing.first?.contains("index 'building_name' has no entry for name = \"n2\"") == true)
            let damage = WriteBatch()
            damage.put(key, [])
            damage.put(
                Keys.propertyIndex(index.id, value: IndexValueEncoding.encode(.string("zz"))!, entity: entity), [])
            damage.put(Keys.propertyIndex(index.id + 7, value: IndexValueEncoding.encode(.int(1))!, entity: entity), [])
            try graph.store.write(damage)
            let problems = try graph.check().problems
            #expect(problems.contains { $0.contains("1 property-index entries belong to no declared index") })
            #expect(problems.contains { $0.contains("index 'building_name': 6 entries") && $0.contains("1 stale") })
        }
    }

    @Test func encodingsKeepTheQueryOrder() throws {
        var random = SplitMix(seed: 99)
        func number(_ random: inout SplitMix) -> Value {
            let pool: [Value] = [
                .int(0), .double(-0.0), .int(-3), .double(-2.5), .int(Int64.max), .int(Int64.min),
                .int(9_007_199_254_740_993), .double(9_007_199_254_740_992), .double(.infinity), .double(-.infinity),
                .int(7), .double(7), .double(7.000_000_1), .int(Int64(random.int(-50...50))),
                .double(Double(random.int(-500...500)) / 10),
            ]
            return pool[random.int(0...(pool.count - 1))]
        }
        func exact(_ value: Value) -> (Double, Int64?) {
            switch value {
            case .int(let n): return (Double(n), n)
            case .double(let d): return (d, nil)
            default: return (0, nil)
            }
        }
        for _ in 0..<4_000 {
            let a = number(&random)
            let b = number(&random)
            let ka = try #require(IndexValueEncoding.encode(a))
            let kb = try #require(IndexValueEncoding.encode(b))
            // Integers compare exactly; the encoding may only merge neighbours, never reverse them.
            let (da, ia) = exact(a)
            let (db, ib) = exact(b)
            let less = ia != nil && ib != nil ? ia! < ib! : da < db
            if less { #expect(!kb.lexicographicallyPrecedes(ka), "\(a) < \(b)") }
            if da == db && ia == nil && ib == nil { #expect(ka == kb, "\(a) = \(b)") }
        }
        #expect(IndexValueEncoding.encode(.int(0)) == IndexValueEncoding.encode(.double(-0.0)))
        #expect(IndexValueEncoding.encode(.int(7)) == IndexValueEncoding.encode(.double(7)))
        let strings = ["", "a", "a\u{0}", "a\u{0}b", "a\u{1}", "ab", "b", "é", "\u{FFFF}", "😀"]
        for (x, y) in zip(strings, strings.dropFirst()) {
            let kx = IndexValueEncoding.encode(.string(x))!
            let ky = IndexValueEncoding.encode(.string(y))!
            #expect(kx.lexicographicallyPrecedes(ky), "\(x) < \(y)")
            #expect(PropertyIndexRange.prefix(x).contains(.string(x)))
        }
        #expect(PropertyIndexRange.prefix("a").contains(.string("a\u{0}b")))
        #expect(!PropertyIndexRange.prefix("a\u{0}").contains(.string("a\u{1}")))
        let mixed = PropertyIndexRange.between(
            lower: .init(.int(1), inclusive: true), upper: .init(.string("z"), inclusive: true))
        #expect(mixed?.isEmpty == true)
        let above = try #require(PropertyIndexRange.between(lower: .init(.int(7), inclusive: false), upper: nil))
        #expect(!above.contains(.double(7)) && above.contains(.double(7.000_000_1)) && !above.contains(.string("8")))
        let big = try #require(
            PropertyIndexRange.between(lower: .init(.int(9_007_199_254_740_993), inclusive: false), upper: nil))
        #expect(big.contains(.double(9_007_199_254_740_992)), "an inexact bound keeps its neighbours for the re-check")
        let above53 = try #require(
            PropertyIndexRange.between(lower: .init(.double(9_007_199_254_740_992), inclusive: false), upper: nil))
        #expect(above53.contains(.int(9_007_199_254_740_993)), "2^53 + 1 > 2^53.0, though they share a key")
        let below53 = try #require(
            PropertyIndexRange.between(lower: nil, upper: .init(.double(-9_007_199_254_740_992), inclusive: false)))
        #expect(below53.contains(.int(-9_007_199_254_740_993)))
        #expect(PropertyIndexRange.equal(to: .list([.int(1)])) == nil)
    }
}

/// The graph error `body` throws, nil when it throws none.
func graphError(_ body: () throws -> Void) -> GraphError? {
    do {
        try body()
        return nil
    } catch let error as GraphError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}
