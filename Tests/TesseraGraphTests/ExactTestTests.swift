import TesseraGeometry
import Testing

@testable import TesseraGraph

/// The exact window test decides from a candidate's stored box only when the box clears the query's edge: a
/// stored box may differ from the parsed geometry's box in its last bits, and the answer must be the geometry's.
@Suite struct ExactTestTests {
    static func box(_ west: Double, _ south: Double, _ east: Double, _ north: Double) -> SpatialBounds {
        SpatialBounds(minLongitude: west, minLatitude: south, maxLongitude: east, maxLatitude: north)
    }

    static func polygon(_ west: Double, _ south: Double, _ east: Double, _ north: Double) -> Geometry {
        .polygon([
            [
                Coordinate(west, south), Coordinate(east, south), Coordinate(east, north), Coordinate(west, north),
                Coordinate(west, south),
            ]
        ])
    }

    @Test func storedBoxesOffByRoundingDoNotDecide() throws {
        let building = Self.polygon(116.2598242, 39.7669459, 116.2599385, 39.767027)
        let triangle = Geometry.polygon([
            [
                Coordinate(116.2598242, 39.7669459), Coordinate(116.2599385, 39.7669459),
                Coordinate(116.2598242, 39.767027), Coordinate(116.2598242, 39.7669459),
            ]
        ])
        // The stored boxes of both, one ulp wider on every side than the parsed geometries'.
        func widened(_ geometry: Geometry) -> SpatialBounds {
            let b = geometry.boundingBox!
            return Self.box(
                b.minLongitude.nextDown, b.minLatitude.nextDown, b.maxLongitude.nextUp, b.maxLatitude.nextUp)
        }
        func narrowed(_ geometry: Geometry) -> SpatialBounds {
            let b = geometry.boundingBox!
            return Self.box(
                b.minLongitude.nextUp, b.minLatitude.nextUp, b.maxLongitude.nextDown, b.maxLatitude.nextDown)
        }
        for query in [building, triangle] {
            for stored in [widened(query), narrowed(query)] {
                // A geometry lies within itself, and meets itself.
                var within = ExactTest(.within(query))
                #expect(try within.holds(bounds: stored) { query })
                var intersects = ExactTest(.intersects(query))
                #expect(try intersects.holds(bounds: stored) { query })
            }
        }
        // A point on the rectangle's edge, stored one ulp inside: not within (its interior misses the
        // rectangle's), though it meets it.
        let edge = Coordinate(116.2598242, 39.7669800)
        let storedPoint = Self.box(edge.longitude.nextUp, edge.latitude, edge.longitude.nextUp, edge.latitude)
        var within = ExactTest(.within(building))
        #expect(try !within.holds(bounds: storedPoint) { .point(edge) })
        var intersects = ExactTest(.intersects(building))
        #expect(try intersects.holds(bounds: storedPoint) { .point(edge) })
        // Boxes that clear the edge decide without the geometry.
        var far = ExactTest(.within(building))
        #expect(try !far.holds(bounds: Self.box(116.2598, 39.7669, 116.26, 39.7671)) { nil })
        var inside = ExactTest(.intersects(building))
        #expect(try inside.holds(bounds: Self.box(116.25985, 39.76695, 116.25986, 39.76696)) { nil })
    }
}
