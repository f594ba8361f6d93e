import Foundation
import TesseraCore
import TesseraGeometry
import Testing

@testable import TesseraGraph

/// k-nearest and "now" windows against brute force over every entity's version at the query time.
@Suite struct NearestTests {
    @Test(arguments: [5, 6] as [UInt64]) func nearestAgreesWithBruteForce(seed: UInt64) throws {
        print("seed", seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-knn-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/city.ndjson"
        try writeCity(entities: 800, seed: seed, to: file)
        let graph = try Graph(path: directory + "/db")
        _ = try BulkLoader(graph: graph).load(paths: [file])
        let ids = try SpatialIndexTests.entityIds(in: file)
        // A few entities valid now and later, so that "now" has something to find.
        var transaction = Transaction()
        for index in 0..<40 {
            try transaction.putEntity(
                "now\(index)", labels: ["hydrant"],
                geometry:
                    #"{"type":"Point","coordinates":[\#(116.3 + Double(index) * 0.003),\#(39.9 + Double(index % 7) * 0.002)]}"#,
                validFrom: Time.parse("2020-01-01")!)
        }
        try graph.commit(transaction)
        var random = SplitMix(seed: seed)
        let engine = GeometryEngine()
        for round in 0..<40 {
            let point = Coordinate(
                longitude: 116.25 + Double(random.next() % 30_000) / 100_000,
                latitude: 39.8 + Double(random.next() % 20_000) / 100_000)
            let k = Int(1 + random.next() % 12)
            let instant = Time.parse("2025-01-15T00:00:00Z")! + Int64(random.next() % (330 * 86_400)) * 1_000_000
            var expected: [(String, Double)] = []
            for id in ids + (0..<40).map({ "now\($0)" }) {
                guard let version = try graph.entity(id, validAt: instant), let text = version.geometry else {
                    continue
                }
                let geometry = try Geometry(geoJSON: text)
                let distance: Double
                if case .point(let location) = geometry {
                    distance = Geodesic.distanceMeters(point, location)
                } else {
                    distance = try engine.distanceMeters(.point(point), geometry)
                }
                expected.append((id, distance))
            }
            expected.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            let actual = try graph.nearest(
                longitude: point.longitude, latitude: point.latitude, k: k, validAt: instant)
            #expect(actual.count == min(k, expected.count))
            for (found, wanted) in zip(actual, expected.prefix(k)) {
                #expect(abs(found.distanceMeters - wanted.1) < 1e-6, "round \(round): \(found.hit.id) vs \(wanted.0)")
            }
            // Now: the R-tree of the present against the index at the current instant.
            let now = try graph.nearestNow(longitude: point.longitude, latitude: point.latitude, k: k)
            let viaIndex = try graph.nearest(
                longitude: point.longitude, latitude: point.latitude, k: k, validAt: Time.nowMicros())
            #expect(now.map(\.distanceMeters).elementsEqual(viaIndex.map(\.distanceMeters)) { abs($0 - $1) < 1e-6 })
            let box = SpatialBounds(
                minLongitude: point.longitude - 0.02, minLatitude: point.latitude - 0.02,
                maxLongitude: point.longitude + 0.02, maxLatitude: point.latitude + 0.02)
            let windowNow = try graph.entitiesNow(intersecting: box).map(\.id).sorted()
            let windowIndex = try graph.entities(intersecting: box).map(\.id).sorted()
            #expect(windowNow == windowIndex, "round \(round)")
        }
    }
}
