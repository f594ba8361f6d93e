import TesseraTestSupport
import Testing

@testable import TesseraGeometry

@Suite("GeometryEngine: GEOS predicates, measures, validity and repair")
struct EngineTests {
    let engine = GeometryEngine()
    static let square = "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"
    static let squareWithHole = "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))"

    /// (a, b, intersects, contains, within, covers, coveredBy)
    static let predicateCases: [(String, String, [Bool])] = [
        (square, "POINT (5 5)", [true, true, false, true, false]),
        (square, "POINT (10 5)", [true, false, false, true, false]),
        (square, "POINT (11 11)", [false, false, false, false, false]),
        (squareWithHole, "POINT (5 5)", [false, false, false, false, false]),
        (squareWithHole, "POINT (2 2)", [true, true, false, true, false]),
        (square, "LINESTRING (-1 5, 11 5)", [true, false, false, false, false]),
        (square, "LINESTRING (1 1, 9 9)", [true, true, false, true, false]),
        (square, "LINESTRING (0 0, 10 0)", [true, false, false, true, false]),
        (square, "POLYGON ((1 1, 2 1, 2 2, 1 1))", [true, true, false, true, false]),
        (square, square, [true, true, true, true, true]),
        ("POINT (5 5)", square, [true, false, true, false, true]),
        ("LINESTRING (0 0, 10 10)", "LINESTRING (0 10, 10 0)", [true, false, false, false, false]),
        (square, "MULTIPOINT ((5 5), (20 20))", [true, false, false, false, false]),
        ("POINT Z (5 5 100)", "POINT (5 5)", [true, true, true, true, true]),
    ]

    @Test("predicates on known cases", arguments: predicateCases)
    func predicates(a: String, b: String, expected: [Bool]) throws {
        let (ga, gb) = (try Geometry(wkt: a), try Geometry(wkt: b))
        let actual = [
            try engine.intersects(ga, gb), try engine.contains(ga, gb), try engine.within(ga, gb),
            try engine.covers(ga, gb), try engine.coveredBy(ga, gb),
        ]
        #expect(actual == expected)
        let prepared = try engine.prepare(ga)
        let preparedActual = [
            try prepared.intersects(gb), try prepared.contains(gb), try prepared.isWithin(gb), try prepared.covers(gb),
            try prepared.isCoveredBy(gb),
        ]
        #expect(preparedActual == expected)
    }

    @Test("planar measures in degrees")
    func planarMeasures() throws {
        let square = try Geometry(wkt: Self.square)
        #expect(try engine.area(of: square) == 100)
        #expect(try engine.length(of: square) == 40)
        #expect(try engine.area(of: Geometry(wkt: Self.squareWithHole)) == 96)
        #expect(try engine.distance(square, Geometry(wkt: "POINT (13 14)")) == 5)
        #expect(try engine.distance(square, Geometry(wkt: "POINT (5 5)")) == 0)
        #expect(try engine.prepare(square).distance(to: Geometry(wkt: "POINT (13 14)")) == 5)
    }

    @Test("areas in square metres agree with the closed form for longitude/latitude rectangles")
    func areaSquareMeters() throws {
        // A rectangle between parallels φ1, φ2 and meridians Δλ apart covers Δλ·a²/2·(q(φ2) - q(φ1)) on the
        // ellipsoid (Snyder 1987, eq. 3-12): 621 587.2434 m² for 0.01° × 0.01° at 60° N, 12 309.0721 m² for
        // 0.001° × 0.001° at the equator.
        let cell = try Geometry(wkt: "POLYGON ((25 60, 25.01 60, 25.01 60.01, 25 60.01, 25 60))")
        #expect(abs(try engine.areaSquareMeters(of: cell) - 621_587.243_447) / 621_587.243_447 < 1e-7)
        let equator = try Geometry(wkt: "POLYGON ((0 0, 0.001 0, 0.001 0.001, 0 0.001, 0 0))")
        #expect(abs(try engine.areaSquareMeters(of: equator) - 12_309.072_079) / 12_309.072_079 < 1e-9)
        let withHole = try Geometry(
            wkt: "POLYGON ((25 60, 25.01 60, 25.01 60.01, 25 60.01, 25 60), (25 60, 25 60.005, 25.005 60.005, 25 60))")
        #expect(try engine.areaSquareMeters(of: withHole) < 621_587.243_447)
        #expect(try engine.areaSquareMeters(of: Geometry(wkt: "LINESTRING (0 0, 1 1)")) == 0)
    }

    @Test("distances in metres: exact for points, nearest-point witness otherwise")
    func distanceMeters() throws {
        let helsinki = Geometry.point(Coordinate(24.9375, 60.170833))
        let tallinn = Geometry.point(Coordinate(24.745, 59.437222))
        #expect(abs(try engine.distanceMeters(helsinki, tallinn) - 82_441.8544) < 0.001)
        #expect(try engine.isWithinDistance(helsinki, tallinn, radiusMeters: 82_442))
        #expect(try !engine.isWithinDistance(helsinki, tallinn, radiusMeters: 82_441))
        // A point 0.01° north of an equatorial line: the nearest point of the line is straight south.
        let equator = try Geometry(wkt: "LINESTRING (0 0, 1 0)")
        let north = Geometry.point(Coordinate(0.5, 0.01))
        #expect(abs(try engine.distanceMeters(equator, north) - 1_105.7428) < 0.001)
        #expect(abs(try engine.distanceMeters(north, equator) - 1_105.7428) < 0.001)
        #expect(try engine.isWithinDistance(equator, north, radiusMeters: 1_106))
        #expect(try !engine.isWithinDistance(equator, north, radiusMeters: 1_105))
        #expect(try engine.distanceMeters(Geometry(wkt: Self.square), Geometry(wkt: "POINT (5 5)")) == 0)
        #expect(throws: GeometryError.self) { try engine.distanceMeters(equator, .lineString([])) }
        #expect(try !engine.isWithinDistance(equator, .lineString([]), radiusMeters: 1e9))
    }

    @Test("prepared and unprepared distance tests agree on random points")
    func preparedAgreement() throws {
        var rng = SeededRandom.announced("EngineTests.preparedAgreement")
        let block = try Geometry(
            wkt: "POLYGON ((24.93 60.16, 24.95 60.16, 24.95 60.17, 24.94 60.175, 24.93 60.17, 24.93 60.16))")
        let prepared = try engine.prepare(block)
        for _ in 0..<300 {
            let point = Geometry.point(
                Coordinate(Double.random(in: 24.90...24.98, using: &rng), Double.random(in: 60.14...60.19, using: &rng))
            )
            let radius = Double.random(in: 0...2_000, using: &rng)
            #expect(try prepared.intersects(point) == engine.intersects(block, point), "\(rng.note)")
            let meters = try engine.distanceMeters(block, point)
            #expect(abs(try prepared.distanceMeters(to: point) - meters) < 1e-6 * max(1, meters), "\(rng.note)")
            // Away from the boundary of the decision, both agree with the distance.
            if abs(meters - radius) > 0.01 {
                #expect(
                    try prepared.isWithinDistance(of: point, radiusMeters: radius) == (meters <= radius), "\(rng.note)")
                #expect(
                    try engine.isWithinDistance(block, point, radiusMeters: radius) == (meters <= radius), "\(rng.note)"
                )
            }
        }
    }

    @Test("the witness distance agrees with a dense sampling of the segment")
    func witnessAccuracy() throws {
        var rng = SeededRandom.announced("EngineTests.witnessAccuracy")
        for _ in 0..<200 {
            let latitude = Double.random(in: -70...70, using: &rng)
            let longitude = Double.random(in: -170...170, using: &rng)
            let a = Coordinate(longitude, latitude)
            let b = Coordinate(longitude + Double.random(in: -0.05...0.05, using: &rng), latitude + 0.03)
            let segment = Geometry.lineString([a, b])
            let point = Coordinate(longitude + Double.random(in: -0.05...0.05, using: &rng), latitude - 0.02)
            // Dense sampling of the segment approaches the true distance from above (2.5 m spacing: within 1 mm).
            var sampled = Double.infinity
            for step in 0...2_000 {
                let t = Double(step) / 2_000
                let onSegment = Coordinate(
                    a.longitude + t * (b.longitude - a.longitude), a.latitude + t * (b.latitude - a.latitude))
                sampled = min(sampled, Geodesic.distanceMeters(point, onSegment))
            }
            let witness = try engine.distanceMeters(segment, .point(point))
            #expect(abs(witness - sampled) <= 1e-6 * sampled, "\(rng.note) witness \(witness) sampled \(sampled)")
        }
    }

    @Test("validity reasons: a self-intersecting bowtie")
    func bowtie() throws {
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        let validity = try engine.validity(of: bowtie)
        #expect(!validity.isValid)
        #expect(validity.reason == "Self-intersection")
        #expect(validity.location == Coordinate(0.5, 0.5))
        #expect(validity.description == "Self-intersection[0.5 0.5]")
        #expect(try engine.validity(of: Geometry(wkt: Self.square)).isValid)
        #expect(try engine.validity(of: Geometry(wkt: Self.square)).description == "Valid Geometry")
    }

    @Test(
        "other validity reasons",
        arguments: [
            ("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (20 20, 21 20, 21 21, 20 20))", "Hole lies outside shell"),
            ("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (0 0, 10 0, 10 10, 0 10, 0 0))", "Self-intersection"),
            ("LINESTRING (1 1, 1 1)", "Too few points"),
            ("POLYGON ((0 0, 1 1, 0 0, 0 0))", "Too few points"),
        ])
    func otherReasons(wkt: String, reason: String) throws {
        let validity = try engine.validity(of: Geometry(wkt: wkt))
        #expect(!validity.isValid)
        #expect(validity.reason?.contains(reason) == true, "\(validity)")
    }

    @Test("repaired() splits a bowtie into two valid triangles, only when asked")
    func repaired() throws {
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        let fixed = try engine.repaired(bowtie)
        #expect(fixed.kind == .multiPolygon)
        #expect(try engine.validity(of: fixed).isValid)
        #expect(try engine.area(of: fixed) == 0.5)
        let valid = try Geometry(wkt: Self.square)
        #expect(try engine.area(of: engine.repaired(valid)) == 100)
        let withHeights = try engine.repaired(Geometry(wkt: "POLYGON Z ((0 0 5, 1 1 5, 1 0 5, 0 1 5, 0 0 5))"))
        #expect(withHeights.hasZ)
    }

    @Test("GEOS errors become GeometryErrors with GEOS's message")
    func engineErrors() throws {
        // GEOS refuses to build a ring that does not close.
        #expect {
            try engine.intersects(
                .polygon([[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(2, 2)]]),
                .point(Coordinate(0, 0)))
        } throws: { error in
            guard let error = error as? GeometryError else { return false }
            return error.kind == .engine && error.reason.contains("closed")
        }
        // The engine keeps working after an error.
        #expect(try engine.intersects(.point(Coordinate(1, 1)), .point(Coordinate(1, 1))))
    }

    @Test("engines work independently on several threads")
    func concurrentEngines() async throws {
        let square = try Geometry(wkt: Self.square)
        let points = (0..<400).map { Geometry.point(Coordinate(Double($0 % 200) / 10, 5)) }
        let expected = try points.filter { try engine.intersects(square, $0) }.count
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let engine = GeometryEngine()
                    let prepared = try engine.prepare(square)
                    return try points.filter { try prepared.intersects($0) }.count
                }
            }
            for try await hits in group { #expect(hits == expected) }
        }
    }
}
