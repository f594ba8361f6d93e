import TesseraTestSupport
import Testing

@testable import TesseraGeometry

/// The shortcuts exact window queries take before GEOS: recognising an axis-aligned rectangle, and a vertex of
/// the candidate inside it (which implies that they intersect).
@Suite struct WindowShortcutTests {
    @Test func rectanglesAreRecognised() {
        func ring(_ points: [(Double, Double)]) -> Geometry {
            .polygon([points.map { Coordinate($0.0, $0.1) }])
        }
        let box = BoundingBox(minLongitude: 1, minLatitude: 2, maxLongitude: 3, maxLatitude: 5)
        #expect(ring([(1, 2), (3, 2), (3, 5), (1, 5), (1, 2)]).axisAlignedRectangle == box)
        #expect(ring([(3, 5), (3, 2), (1, 2), (1, 5), (3, 5)]).axisAlignedRectangle == box)
        // A diamond, a degenerate strip, a trapezoid, a ring that doubles back, and a polygon with a hole.
        #expect(ring([(2, 2), (3, 3), (2, 4), (1, 3), (2, 2)]).axisAlignedRectangle == nil)
        #expect(ring([(1, 2), (3, 2), (3, 2), (1, 2), (1, 2)]).axisAlignedRectangle == nil)
        #expect(ring([(1, 2), (3, 2), (2.5, 5), (1, 5), (1, 2)]).axisAlignedRectangle == nil)
        #expect(ring([(1, 2), (3, 5), (3, 2), (1, 5), (1, 2)]).axisAlignedRectangle == nil)
        let outer = [(1.0, 2.0), (3.0, 2.0), (3.0, 5.0), (1.0, 5.0), (1.0, 2.0)].map { Coordinate($0.0, $0.1) }
        let hole = [(1.5, 3.0), (2.0, 3.0), (2.0, 4.0), (1.5, 3.0)].map { Coordinate($0.0, $0.1) }
        #expect(Geometry.polygon([outer, hole]).axisAlignedRectangle == nil)
        #expect(Geometry.lineString(outer).axisAlignedRectangle == nil)
    }

    @Test func aVertexInsideMeansIntersecting() throws {
        var rng = SeededRandom.announced("WindowShortcutTests.aVertexInsideMeansIntersecting")
        let engine = GeometryEngine()
        var decided = 0
        for _ in 0..<20_000 {
            let west = Double(Int.random(in: -20...18, using: &rng))
            let south = Double(Int.random(in: -20...18, using: &rng))
            let box = BoundingBox(
                minLongitude: west, minLatitude: south, maxLongitude: west + Double(Int.random(in: 1...4, using: &rng)),
                maxLatitude: south + Double(Int.random(in: 1...4, using: &rng)))
            func vertex() -> Coordinate {
                Coordinate(
                    west + Double(Int.random(in: -4...12, using: &rng)) / 2,
                    south + Double(Int.random(in: -4...12, using: &rng)) / 2)
            }
            // Vertices around the box on a grid of halves, so that some fall exactly on its edges and corners.
            let shape: Geometry
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: shape = .point(vertex())
            case 1: shape = .lineString((0..<Int.random(in: 2...5, using: &rng)).map { _ in vertex() })
            default:
                let (a, b, c) = (vertex(), vertex(), vertex())
                let cross =
                    (b.longitude - a.longitude) * (c.latitude - a.latitude)
                    - (b.latitude - a.latitude) * (c.longitude - a.longitude)
                guard cross != 0 else { continue }
                shape = .polygon([cross > 0 ? [a, b, c, a] : [a, c, b, a]])
            }
            var expected = false
            shape.forEachCoordinate { c in
                if c.longitude >= box.minLongitude, c.longitude <= box.maxLongitude, c.latitude >= box.minLatitude,
                    c.latitude <= box.maxLatitude
                {
                    expected = true
                }
            }
            #expect(shape.hasVertex(in: box) == expected, "\(shape) in \(box)")
            if expected {
                decided += 1
                let window = Geometry.polygon([
                    [
                        Coordinate(box.minLongitude, box.minLatitude), Coordinate(box.maxLongitude, box.minLatitude),
                        Coordinate(box.maxLongitude, box.maxLatitude), Coordinate(box.minLongitude, box.maxLatitude),
                        Coordinate(box.minLongitude, box.minLatitude),
                    ]
                ])
                #expect(try engine.intersects(window, shape), "\(shape) has a vertex in \(box) but does not meet it")
            }
        }
        // About a quarter of the cases have a vertex inside (26% over 200,000 cases); 20% leaves no room for chance.
        #expect(decided > 4_000, "only \(decided) of 20,000 cases had a vertex inside the box")
    }
}
