import Foundation
import TesseraCore
import TesseraGeometry
import TesseraGraph
import TesseraTestSupport
import Testing

@testable import TesseraQuery

/// `intersects` and `within` against a rectangle, answered through the spatial access path (the R-tree of the
/// present with its kept geometries, or the space-time index), against GEOS on every entity's geometry.
@Suite struct SpatialPredicateDifferentialTests {
    @Test func windowPredicatesAgreeWithGEOS() throws {
        var random = SeededRandom.announced("SpatialPredicateDifferentialTests")
        let db = try ScratchGraph()
        let text = try db.loadCity(entities: 600, seed: random.seed)
        let ids = Set(
            text.split(separator: "\n").compactMap { line -> String? in
                guard line.contains("\"type\""), !line.contains("\"from\"") else { return nil }
                let value = try? JSONReader.parse(String(line))
                if case .map(let members)? = value, case .string(let id)? = members["id"] { return id }
                return nil
            })
        let past = Time.parse("2025-06-01T00:00:00Z")!
        let engine = GeometryEngine()
        // Geometries valid now and at the past instant, parsed once.
        func shapes(at instant: Int64?) throws -> [(String, Geometry)] {
            try ids.sorted().compactMap { id in
                let version = instant == nil ? try db.graph.entity(id) : try db.graph.entity(id, validAt: instant!)
                guard let text = version?.geometry else { return nil }
                return (id, try Geometry(geoJSON: text))
            }
        }
        let now = try shapes(at: nil)
        let then = try shapes(at: past)
        #expect(now.count > 300)
        var straddling = 0
        var polygonHits = 0
        for round in 0..<60 {
            // A box near a random entity, sized so that many geometries cross its edges.
            let (anchorId, anchorShape) = now[Int(random.next() % UInt64(now.count))]
            let anchor = anchorShape.boundingBox!
            let side = 0.0005 + Double(random.next() % 1000) / 1000 * 0.01
            let west = anchor.minLongitude - side * Double(random.next() % 100) / 100
            let south = anchor.minLatitude - side * Double(random.next() % 100) / 100
            let box = BoundingBox(
                minLongitude: west, minLatitude: south, maxLongitude: west + side, maxLatitude: south + side)
            let rectangle = Geometry.polygon([
                [
                    Coordinate(longitude: west, latitude: south), Coordinate(longitude: west + side, latitude: south),
                    Coordinate(longitude: west + side, latitude: south + side),
                    Coordinate(longitude: west, latitude: south + side), Coordinate(longitude: west, latitude: south),
                ]
            ])
            let text = "bbox(\(west), \(south), \(west + side), \(south + side))"
            let pinned = round.isMultiple(of: 3)
            let shapes = pinned ? then : now
            let timeTravel = pinned ? "FOR VALID_TIME AS OF '2025-06-01T00:00:00Z' " : ""
            // The rectangle through the spatial access path (alone, and next to another conjunct), and over nodes
            // read whole (no index after WITH); then windows the engine tests with GEOS throughout: a triangle in
            // the box, and an entity's own geometry (the anchor's, as valid now).
            let triangle = Geometry.polygon([
                [
                    Coordinate(longitude: west, latitude: south), Coordinate(longitude: west + side, latitude: south),
                    Coordinate(longitude: west + side / 2, latitude: south + side),
                    Coordinate(longitude: west, latitude: south),
                ]
            ])
            let forms: [(window: Geometry, match: String, argument: String)] = [
                (rectangle, "MATCH (n) \(timeTravel)WHERE", text),
                (rectangle, "MATCH (n) \(timeTravel)WHERE n.id IS NOT NULL AND", text),
                (rectangle, "MATCH (n) \(timeTravel)WITH n WHERE", text),
                (triangle, "MATCH (n) \(timeTravel)WHERE", "geometry('\(triangle.wkt)')"),
                (anchorShape, "MATCH (w {id: '\(anchorId)'}) MATCH (n) \(timeTravel)WHERE", "w"),
                // Nodes reached one at a time (as a traversal reaches them), tested by the match's predicate.
                (rectangle, "MATCH (m) \(timeTravel)WITH m.id AS i MATCH (n {id: i}) \(timeTravel)WHERE", text),
            ]
            for (window, match, argument) in forms {
                for predicate in ["intersects", "within", "intersects, window first"] {
                    let call =
                        predicate == "intersects, window first"
                        ? "intersects(\(argument), n)" : "\(predicate)(n, \(argument))"
                    let expected = try Set(
                        shapes.filter { _, shape in
                            predicate == "within"
                                ? try engine.within(shape, window) : try engine.intersects(shape, window)
                        }.map(\.0))
                    let rows = try db.run("\(match) \(call) RETURN n.id AS id").rows
                    let actual = Set(
                        rows.map { $0[0].render().trimmingCharacters(in: CharacterSet(charactersIn: "'")) })
                    #expect(rows.count == actual.count, "\(random.note) round \(round): a row reported twice")
                    #expect(
                        actual == expected,
                        "\(random.note) round \(round) \(match) \(predicate) \(argument): missing \(expected.subtracting(actual).sorted()), extra \(actual.subtracting(expected).sorted())"
                    )
                    if window != rectangle { polygonHits += expected.count }
                }
            }
            straddling += shapes.filter { box.intersects($0.1.boundingBox!) && !box.contains($0.1.boundingBox!) }.count
        }
        // The rounds must exercise the exact test, not only boxes decided from the bounds.
        #expect(straddling > 100)
        #expect(polygonHits > 100)
        try intervalWindows(db, ids: ids, engine: engine, random: &random)
        try nearest(db, anchors: now.map { $0.1.boundingBox! }, random: &random)
    }

    /// `ORDER BY distance(n, p) LIMIT k` through the k-nearest access path, against the distances of every node
    /// read without an index.
    func nearest(_ db: ScratchGraph, anchors: [BoundingBox], random: inout SeededRandom) throws {
        for round in 0..<12 {
            let anchor = anchors[Int(random.next() % UInt64(anchors.count))]
            let point =
                "point({longitude: \(anchor.minLongitude + 0.001), latitude: \(anchor.maxLatitude - 0.0005)})"
            let k = 1 + Int(random.next() % 12)
            let timeTravel = round.isMultiple(of: 2) ? "" : "FOR VALID_TIME AS OF '2025-06-01T00:00:00Z' "
            let statement =
                "MATCH (n) \(timeTravel)RETURN distance(n, \(point)) AS d ORDER BY distance(n, \(point)) LIMIT \(k)"
            let plan = try db.run("EXPLAIN " + statement).plan ?? ""
            #expect(plan.contains("k-nearest"), "\(plan)")
            let indexed = try db.run(statement).rows.map { $0[0] }
            let everything = try db.run(
                "MATCH (n) \(timeTravel)WHERE n.id IS NOT NULL WITH distance(n, \(point)) AS d WHERE d IS NOT NULL RETURN d ORDER BY d LIMIT \(k)"
            ).rows.map { $0[0] }
            #expect(
                indexed.map { $0.render() } == everything.map { $0.render() },
                "\(random.note) nearest round \(round) \(timeTravel)k=\(k) at \(point)")
        }
    }

    /// Over a valid-time range a row is a version: compare (id, valid-from) pairs with every believed version
    /// overlapping the range.
    func intervalWindows(_ db: ScratchGraph, ids: Set<String>, engine: GeometryEngine, random: inout SeededRandom)
        throws
    {
        let from = Time.parse("2025-06-01T00:00:00Z")!
        let to = Time.parse("2025-07-01T00:00:00Z")!
        var versions: [(String, Int64, Geometry)] = []
        for id in ids.sorted() {
            for version in try db.graph.history(of: id)
            where version.system.to == Time.forever && version.valid.from < to && from < version.valid.to {
                guard let text = version.geometry else { continue }
                versions.append((id, version.valid.from, try Geometry(geoJSON: text)))
            }
        }
        for round in 0..<20 {
            let anchor = versions[Int(random.next() % UInt64(versions.count))].2.boundingBox!
            let side = 0.001 + Double(random.next() % 1000) / 1000 * 0.01
            let west = anchor.minLongitude - side * Double(random.next() % 100) / 100
            let south = anchor.minLatitude - side * Double(random.next() % 100) / 100
            let rectangle = Geometry.polygon([
                [
                    Coordinate(longitude: west, latitude: south), Coordinate(longitude: west + side, latitude: south),
                    Coordinate(longitude: west + side, latitude: south + side),
                    Coordinate(longitude: west, latitude: south + side), Coordinate(longitude: west, latitude: south),
                ]
            ])
            let expected = try Set(
                versions.filter { try engine.intersects($0.2, rectangle) }.map { "\($0.0)@\($0.1)" })
            let rows = try db.run(
                """
                MATCH (n) FOR VALID_TIME FROM '2025-06-01T00:00:00Z' TO '2025-07-01T00:00:00Z'
                WHERE intersects(n, bbox(\(west), \(south), \(west + side), \(south + side)))
                RETURN n.id AS id, validFrom(n) AS since
                """
            ).rows
            let actual = Set(
                rows.map { row in
                    let id = row[0].render().trimmingCharacters(in: CharacterSet(charactersIn: "'"))
                    guard case .dateTime(let since) = row[1] else { return "\(id)@-" }
                    return "\(id)@\(since.epochMicros)"
                })
            #expect(rows.count == actual.count, "\(random.note) interval round \(round): a version reported twice")
            #expect(
                actual == expected,
                "\(random.note) interval round \(round): missing \(expected.subtracting(actual).sorted()), extra \(actual.subtracting(expected).sorted())"
            )
        }
    }
}
