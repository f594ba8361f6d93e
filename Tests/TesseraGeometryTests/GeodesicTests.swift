import TesseraTestSupport
import Testing

@testable import TesseraGeometry

@Suite("Geodesic: ellipsoidal distances and box lower bounds")
struct GeodesicTests {
    /// Reference distances from GeographicLib (Karney 2013, `Geodesic.WGS84.Inverse`), the exact solution.
    static let pairs: [(String, Coordinate, Coordinate, Double)] = [
        // Helsinki and Tallinn city centres (60°10′15″N 24°56′15″E, 59°26′14″N 24°44′42″E): 82.44 km. The
        // "about 80 km" often quoted is the ferry crossing between the harbours, not the centres.
        ("Helsinki-Tallinn", Coordinate(24.9375, 60.170833), Coordinate(24.745, 59.437222), 82_441.8544),
        // Vincenty's own test line, Flinders Peak to Buninyong (Geoscience Australia): 54 972.271 m.
        (
            "Flinders Peak-Buninyong", Coordinate(144.424_867_888_889, -37.951_033_416_667),
            Coordinate(143.926_495_527_778, -37.652_821_138_889), 54_972.2711
        ),
        ("Beijing-Shanghai", Coordinate(116.4074, 39.9042), Coordinate(121.4737, 31.2304), 1_065_846.4895),
        ("Greenwich-New York", Coordinate(-0.0014, 51.4778), Coordinate(-74.0060, 40.7128), 5_594_603.1035),
        ("a meridian arc of 0.01° at the equator", Coordinate(0.5, 0), Coordinate(0.5, 0.01), 1_105.7428),
        ("nearly antipodal, still converging", Coordinate(0, 0), Coordinate(179.5, 0.5), 19_936_288.5790),
    ]

    @Test("matches GeographicLib to the millimetre", arguments: pairs)
    func knownPairs(name: String, a: Coordinate, b: Coordinate, meters: Double) {
        #expect(abs(Geodesic.distanceMeters(a, b) - meters) < 0.001, "\(name)")
        #expect(abs(Geodesic.distanceMeters(b, a) - meters) < 0.001, "\(name) reversed")
    }

    @Test("antipodal points fall back within the documented 0.2%")
    func antipodal() {
        // GeographicLib: 20 003 931.4586 m along a meridian through the poles.
        let distance = Geodesic.distanceMeters(Coordinate(0, 0), Coordinate(180, 0))
        #expect(abs(distance - 20_003_931.4586) / 20_003_931.4586 < 0.002)
        #expect(Geodesic.distanceMeters(Coordinate(24.9, 60.2), Coordinate(24.9, 60.2)) == 0)
    }

    @Test("heights do not change the distance")
    func heights() {
        #expect(
            Geodesic.distanceMeters(Coordinate(1, 2, 100), Coordinate(1.1, 2, -5))
                == Geodesic.distanceMeters(Coordinate(1, 2), Coordinate(1.1, 2)))
    }

    @Test("the box lower bound never exceeds the distance to a point in the box")
    func lowerBound() {
        var rng = SeededRandom.announced("GeodesicTests.lowerBound")
        for _ in 0..<20_000 {
            let query = Coordinate(Double.random(in: -180...180, using: &rng), Double.random(in: -90...90, using: &rng))
            let west = Double.random(in: -180...179, using: &rng)
            let south = Double.random(in: -90...89, using: &rng)
            let box = BoundingBox(
                minLongitude: west, minLatitude: south,
                maxLongitude: min(180, west + Double.random(in: 0...30, using: &rng)),
                maxLatitude: min(90, south + Double.random(in: 0...30, using: &rng)))
            let inside = Coordinate(
                Double.random(in: box.minLongitude...box.maxLongitude, using: &rng),
                Double.random(in: box.minLatitude...box.maxLatitude, using: &rng))
            let bound = Geodesic.lowerBoundMeters(from: query, to: box)
            #expect(bound <= Geodesic.distanceMeters(query, inside) + 1e-6, "\(rng.note) \(query) \(box) \(inside)")
            if box.contains(query) { #expect(bound == 0) }
        }
    }

    @Test("the cheap box lower bound never exceeds the distance to a point in the box, nor the exact bound")
    func cheapLowerBound() {
        var rng = SeededRandom.announced("GeodesicTests.cheapLowerBound")
        for round in 0..<40_000 {
            // Half city-scale boxes near the point (where the cheap branch runs), half anywhere on the globe.
            let query = Coordinate(
                Double.random(in: -180...180, using: &rng), Double.random(in: -89.9...89.9, using: &rng))
            let reach = round.isMultiple(of: 2) ? 0.05 : 200.0
            let size = round.isMultiple(of: 2) ? 0.01 : 40.0
            let west = max(-180, min(179.99, query.longitude + Double.random(in: -reach...reach, using: &rng)))
            let south = max(-90, min(89.99, query.latitude + Double.random(in: -reach...reach, using: &rng) / 2))
            let box = BoundingBox(
                minLongitude: west, minLatitude: south,
                maxLongitude: min(180, west + Double.random(in: 0...size, using: &rng)),
                maxLatitude: min(90, south + Double.random(in: 0...size, using: &rng)))
            let inside = Coordinate(
                Double.random(in: box.minLongitude...box.maxLongitude, using: &rng),
                Double.random(in: box.minLatitude...box.maxLatitude, using: &rng))
            let cheap = Geodesic.BoxLowerBound(from: query).meters(to: box)
            #expect(cheap <= Geodesic.distanceMeters(query, inside) + 1e-6, "\(rng.note) \(query) \(box) \(inside)")
            #expect(cheap <= Geodesic.lowerBoundMeters(from: query, to: box) + 1e-6, "\(rng.note) \(query) \(box)")
            #expect(cheap >= 0)
            if box.contains(query) { #expect(cheap == 0) }
        }
    }

    @Test("expanding a box by metres contains every point that close")
    func expandedBox() {
        var rng = SeededRandom.announced("GeodesicTests.expandedBox")
        for _ in 0..<5_000 {
            let center = Coordinate(
                Double.random(in: -170...170, using: &rng), Double.random(in: -80...80, using: &rng))
            let radius = Double.random(in: 1...50_000, using: &rng)
            let box = BoundingBox(center).expanded(byMeters: radius)
            let near = Coordinate(
                center.longitude + Double.random(in: -1...1, using: &rng),
                center.latitude + Double.random(in: -0.5...0.5, using: &rng))
            if Geodesic.distanceMeters(center, near) <= radius {
                #expect(box.contains(near), "\(rng.note) \(center) \(near) radius \(radius)")
            }
        }
    }

    @Test("length of lines and perimeters in metres")
    func lengthMeters() throws {
        let line = try Geometry(wkt: "LINESTRING (0.5 0, 0.5 0.01, 0.5 0)")
        #expect(abs(line.lengthMeters - 2 * 1_105.7428) < 0.002)
        #expect(Geometry.point(Coordinate(1, 2)).lengthMeters == 0)
    }
}
