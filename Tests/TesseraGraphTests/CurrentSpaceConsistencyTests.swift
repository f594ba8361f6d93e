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
}
