import Foundation
import TesseraCore
import Testing

@testable import TesseraGraph

/// The R-tree of the present answers a snapshot reader only when it reflects exactly that snapshot.
@Suite struct CurrentSpaceConsistencyTests {
    private static func point(_ longitude: Double, _ latitude: Double) -> String {
        #"{"type": "Point", "coordinates": [\#(longitude), \#(latitude)]}"#
    }

    @Test func aCommitAfterTheSnapshotSendsTheReaderElsewhere() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let graph = try Graph(path: path)
        var first = Transaction()
        try first.putEntity("a", labels: ["Sensor"], geometry: Self.point(10.001, 20.001), validFrom: 0)
        try graph.commit(first)
        let box = SpatialBounds(minLongitude: 10, minLatitude: 20, maxLongitude: 10.01, maxLatitude: 20.01)
        let now = Time.nowMicros()
        let before = graph.reader()
        let seen = try #require(try graph.entitiesNowWithGeometry(intersecting: box, at: now, consistentWith: before))
        #expect(seen.map(\.hit.id) == ["a"])

        var second = Transaction()
        try second.putEntity("b", labels: ["Sensor"], geometry: Self.point(10.002, 20.002), validFrom: 0)
        try graph.commit(second)
        // The R-tree now holds b, which the earlier snapshot does not: it must not answer for it.
        #expect(try graph.entitiesNowWithGeometry(intersecting: box, at: now, consistentWith: before) == nil)
        #expect(
            try graph.nearestNowWithGeometry(
                longitude: 10, latitude: 20, k: 5, at: now, consistentWith: before) == nil)
        let after = graph.reader()
        let fresh = try #require(try graph.entitiesNowWithGeometry(intersecting: box, at: now, consistentWith: after))
        #expect(fresh.map(\.hit.id) == ["a", "b"])
        let nearest = try #require(
            try graph.nearestNowWithGeometry(longitude: 10, latitude: 20, k: 5, at: now, consistentWith: after))
        #expect(nearest.map(\.hit.id) == ["a", "b"])
        // The index at the snapshot agrees with what the R-tree gave that snapshot.
        #expect(try before.entities(intersecting: box, validAt: now).map(\.id) == ["a"])
    }

    /// The R-tree of history too: a snapshot reader taken before a commit sees its snapshot, from disk, while
    /// the tree already holds the commit; a reader taken after sees the commit, from the tree.
    @Test func theHistoryTreeAnswersOnlyItsSnapshot() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-hs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let graph = try Graph(path: path)
        let day: Int64 = 86_400_000_000
        var first = Transaction()
        try first.putEntity("a", labels: ["Sensor"], geometry: Self.point(10.001, 20.001), validFrom: 0)
        try graph.commit(first)
        let box = SpatialBounds(minLongitude: 10, minLatitude: 20, maxLongitude: 10.01, maxLatitude: 20.01)
        try graph.buildInMemorySpace()
        #expect(graph.hasHistorySpace)
        let before = graph.reader()
        #expect(try before.entities(intersecting: box, validAt: 5 * day).map(\.id) == ["a"])

        // a moves out of the box from day 3; b appears inside it from day 1.
        var second = Transaction()
        try second.putEntity("a", labels: ["Sensor"], geometry: Self.point(11.001, 21.001), validFrom: 3 * day)
        try second.putEntity("b", labels: ["Sensor"], geometry: Self.point(10.002, 20.002), validFrom: day)
        try graph.commit(second)
        #expect(graph.hasHistorySpace)
        #expect(try before.entities(intersecting: box, validAt: 5 * day).map(\.id) == ["a"])
        #expect(try before.entities(intersecting: box, validFrom: 0, validTo: 10 * day).map(\.id) == ["a"])
        let after = graph.reader()
        #expect(try after.entities(intersecting: box, validAt: 5 * day).map(\.id) == ["b"])
        #expect(try after.entities(intersecting: box, validAt: 2 * day).map(\.id) == ["a", "b"])
        let ranged = try after.entities(intersecting: box, validFrom: 0, validTo: 10 * day)
        #expect(ranged.map(\.id) == ["a", "b"])
        #expect(ranged.first?.valid == TimeInterval64(from: 0, to: 3 * day))
        // A past system time is answered from disk, with what was believed then.
        let firstCommit = try graph.history(of: "b").first?.system.from ?? 0
        #expect(
            try after.entities(intersecting: box, validAt: 5 * day, system: .asOf(firstCommit - 1)).map(\.id) == ["a"])
    }
}
