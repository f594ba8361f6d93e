import PropertyBased
import TesseraGeometry
import Testing

@testable import TesseraQuery

/// Calls spatial function `name`, recording an issue when it does not exist.
func spatial(_ name: String, _ arguments: QueryValue...) throws(QueryError) -> QueryValue {
    guard let value = try SpatialFunctions.call(name, arguments) else {
        Issue.record("no spatial function \(name)")
        return .null
    }
    return value
}

/// A WGS84 point value, 3D when `height` is given.
func geographic(_ longitude: Double, _ latitude: Double, height: Double? = nil) -> QueryValue {
    .point(PointValue(srid: height == nil ? 4326 : 4979, x: longitude, y: latitude, z: height))
}

/// The number in a float or integer value.
func number(_ value: QueryValue) -> Double? {
    switch value {
    case .float(let float): float
    case .int(let integer): Double(integer)
    default: nil
    }
}

func boolean(_ value: QueryValue) -> Bool? {
    if case .bool(let flag) = value { return flag }
    return nil
}

func text(_ value: QueryValue) -> String? {
    if case .string(let string) = value { return string }
    return nil
}

func isNull(_ value: QueryValue) -> Bool {
    if case .null = value { return true }
    return false
}

/// Expects `body` to throw a query error of `kind` and `detail` whose message mentions `fragment`.
func expectQueryError(
    _ kind: QueryError.Kind, _ detail: String, mentioning fragment: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws(QueryError) -> QueryValue
) {
    do {
        let value = try body()
        Issue.record("expected \(kind.rawValue), got \(value)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.detail == detail, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
    }
}

@Suite("Spatial functions: points, distances, geometries, predicates and BeiDou codes")
struct SpatialFunctionTests {
    static let square = QueryValue.string("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")

    @Test("point() builds Neo4j-compatible points and rejects bad maps")
    func pointConstruction() throws {
        guard case .point(let p) = try spatial("point", .map(["longitude": .float(116.3), "latitude": .int(39)])) else {
            Issue.record("not a point")
            return
        }
        #expect(p == PointValue(srid: 4326, x: 116.3, y: 39))
        let cases: [([String: QueryValue], PointValue)] = [
            (["x": .int(1), "y": .int(2)], PointValue(srid: 7203, x: 1, y: 2)),
            (["x": .int(1), "y": .int(2), "z": .int(3)], PointValue(srid: 9157, x: 1, y: 2, z: 3)),
            (["longitude": .int(1), "latitude": .int(2), "height": .int(3)], PointValue(srid: 4979, x: 1, y: 2, z: 3)),
            (["x": .int(1), "y": .int(2), "crs": .string("WGS-84")], PointValue(srid: 4326, x: 1, y: 2)),
            (["x": .int(1), "y": .int(2), "srid": .int(4326)], PointValue(srid: 4326, x: 1, y: 2)),
            (["X": .int(1), "Y": .int(2), "other": .string("ignored")], PointValue(srid: 7203, x: 1, y: 2)),
        ]
        for (map, expected) in cases {
            guard case .point(let point) = try spatial("point", .map(map)) else {
                Issue.record("\(map) gave no point")
                continue
            }
            #expect(point == expected, "\(map)")
        }
        #expect(isNull(try spatial("point", .map(["x": .null, "y": .int(2)]))))
        #expect(isNull(try spatial("point", .null)))
    }

    @Test("point() errors say what is wrong")
    func pointErrors() {
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "latitude 91") {
            () throws(QueryError) in try spatial("point", .map(["longitude": .int(0), "latitude": .int(91)]))
        }
        expectQueryError(.typeError, "InvalidArgumentType", mentioning: "'x' must be a number") {
            () throws(QueryError) in try spatial("point", .map(["x": .string("a"), "y": .int(1)]))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "not both") {
            () throws(QueryError) in try spatial("point", .map(["x": .int(1), "latitude": .int(1)]))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "unknown crs") {
            () throws(QueryError) in try spatial("point", .map(["x": .int(1), "y": .int(1), "crs": .string("utm")]))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "is 2D but 3 coordinates") {
            () throws(QueryError) in
            try spatial("point", .map(["x": .int(1), "y": .int(1), "z": .int(1), "srid": .int(7203)]))
        }
        expectQueryError(.typeError, "InvalidArgumentType", mentioning: "expects a map") {
            () throws(QueryError) in try spatial("point", .int(3))
        }
    }

    @Test("point properties use Neo4j's names")
    func pointProperties() throws {
        let p = PointValue(srid: 4979, x: 116.3, y: 39.9, z: 50)
        #expect(number(try SpatialFunctions.property(.point(p), "longitude") ?? .null) == 116.3)
        #expect(number(try SpatialFunctions.property(.point(p), "latitude") ?? .null) == 39.9)
        #expect(number(try SpatialFunctions.property(.point(p), "height") ?? .null) == 50)
        #expect(number(try SpatialFunctions.property(.point(p), "srid") ?? .null) == 4979)
        #expect(text(try SpatialFunctions.property(.point(p), "crs") ?? .null) == "wgs-84-3d")
        #expect(try SpatialFunctions.property(.int(1), "x") == nil)
        let flat = QueryValue.point(PointValue(srid: 7203, x: 1, y: 2))
        #expect(text(try SpatialFunctions.property(flat, "crs") ?? .null) == "cartesian")
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "'latitude' is not available") {
            () throws(QueryError) in try SpatialFunctions.property(flat, "latitude") ?? .null
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "no property 'w'") {
            () throws(QueryError) in try SpatialFunctions.property(flat, "w") ?? .null
        }
    }

    @Test("distance: one degree of latitude at the equator, Cartesian, 3D, mixed systems")
    func distances() throws {
        let meridian = try #require(number(try spatial("distance", geographic(0, 0), geographic(0, 1))))
        #expect(abs(meridian - 110_574.389) < 1, "\(meridian)")
        #expect(abs(meridian - Geodesic.distanceMeters(Coordinate(0, 0), Coordinate(0, 1))) < 1e-9)
        let beijing = try #require(
            number(try spatial("point.distance", geographic(116.3126, 39.9932), geographic(121.4737, 31.2304))))
        let reference = Geodesic.distanceMeters(Coordinate(116.3126, 39.9932), Coordinate(121.4737, 31.2304))
        #expect(abs(beijing - reference) < 1e-6)
        #expect(beijing > 1_000_000 && beijing < 1_100_000)
        let a = QueryValue.point(PointValue(srid: 7203, x: 0, y: 0))
        let b = QueryValue.point(PointValue(srid: 7203, x: 3, y: 4))
        #expect(number(try spatial("distance", a, b)) == 5)
        let c = QueryValue.point(PointValue(srid: 9157, x: 0, y: 0, z: 0))
        let d = QueryValue.point(PointValue(srid: 9157, x: 1, y: 2, z: 2))
        #expect(number(try spatial("distance", c, d)) == 3)
        let ground = geographic(0, 0, height: 0)
        let up = try #require(number(try spatial("distance", ground, geographic(0, 0, height: 30))))
        #expect(abs(up - 30) < 1e-9)
        #expect(isNull(try spatial("distance", a, geographic(0, 0))))
        #expect(isNull(try spatial("distance", geographic(0, 0), geographic(0, 0, height: 1))))
        #expect(isNull(try spatial("distance", a, Self.square)))
    }

    @Test("distance between geometries and nodes; a node without geometry gives null")
    func geometryDistances() throws {
        let building = NodeValue(
            id: "b1", labels: ["Building"], properties: [:],
            geometry: #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#)
        let bare = NodeValue(id: "b2", labels: ["Building"], properties: [:])
        let inside = try #require(number(try spatial("distance", .node(building), geographic(0.5, 0.5))))
        #expect(inside == 0)
        let north = try #require(number(try spatial("distance", .node(building), geographic(0.5, 2))))
        let expected = Geodesic.distanceMeters(Coordinate(0.5, 1), Coordinate(0.5, 2))
        #expect(abs(north - expected) < 1, "\(north) vs \(expected)")
        #expect(isNull(try spatial("distance", .node(bare), geographic(0, 0))))
        #expect(isNull(try spatial("intersects", .node(bare), Self.square)))
    }

    @Test("point.withinBBox: edges included, antimeridian boxes, mixed systems")
    func withinBoundingBox() throws {
        let low = geographic(10, 10)
        let high = geographic(20, 20)
        #expect(boolean(try spatial("point.withinbbox", geographic(15, 15), low, high)) == true)
        #expect(boolean(try spatial("point.withinbbox", geographic(20, 10), low, high)) == true)
        #expect(boolean(try spatial("point.withinbbox", geographic(21, 15), low, high)) == false)
        let east = geographic(170, -10)
        let west = geographic(-170, 10)
        #expect(boolean(try spatial("point.withinbbox", geographic(179, 0), east, west)) == true)
        #expect(boolean(try spatial("point.withinbbox", geographic(0, 0), east, west)) == false)
        #expect(isNull(try spatial("point.withinbbox", .point(PointValue(srid: 7203, x: 15, y: 15)), low, high)))
        expectQueryError(.typeError, "InvalidArgumentType", mentioning: "three points") {
            () throws(QueryError) in try spatial("point.withinbbox", .int(1), low, high)
        }
    }

    @Test("predicates on a square: inside, boundary, outside, crossing")
    func predicates() throws {
        let centre = geographic(5, 5)
        let edge = geographic(10, 5)
        let outside = geographic(11, 5)
        #expect(boolean(try spatial("within", centre, Self.square)) == true)
        #expect(boolean(try spatial("contains", Self.square, centre)) == true)
        #expect(boolean(try spatial("contains", centre, Self.square)) == false)
        #expect(boolean(try spatial("within", edge, Self.square)) == false)
        #expect(boolean(try spatial("intersects", edge, Self.square)) == true)
        #expect(boolean(try spatial("intersects", outside, Self.square)) == false)
        let crossing = QueryValue.string("LINESTRING (-1 5, 11 5)")
        #expect(boolean(try spatial("intersects", crossing, Self.square)) == true)
        #expect(boolean(try spatial("within", crossing, Self.square)) == false)
        let box = try spatial("bbox", .float(2), .float(2), .float(3), .int(3))
        #expect(boolean(try spatial("within", box, Self.square)) == true)
        let geoJSON = QueryValue.map(["type": .string("Point"), "coordinates": .list([.int(5), .int(5)])])
        #expect(boolean(try spatial("intersects", geoJSON, Self.square)) == true)
        #expect(boolean(try spatial("dwithin", outside, Self.square, .int(112_000))) == true)
        #expect(boolean(try spatial("dwithin", outside, Self.square, .int(100_000))) == false)
        #expect(isNull(try spatial("within", .point(PointValue(srid: 7203, x: 5, y: 5)), Self.square)))
    }

    @Test("geometry(), wkt(), geojson(), envelope(), centroid(), area and length")
    func geometryFunctions() throws {
        let polygon = try spatial("geometry", Self.square)
        #expect(text(try spatial("wkt", polygon)) == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        let json = try #require(text(try spatial("geojson", geographic(116.5, 39.25))))
        #expect(json.contains("\"Point\"") && json.contains("116.5") && json.contains("39.25"))
        guard case .geometry(let fromJSON) = try spatial("geometry", .string(json)) else {
            Issue.record("geometry() of GeoJSON text gave no geometry")
            return
        }
        #expect(fromJSON == .point(Coordinate(116.5, 39.25)))
        let line = QueryValue.string("LINESTRING (0 0, 4 2)")
        #expect(text(try spatial("wkt", try spatial("envelope", line))) == "POLYGON ((0 0, 4 0, 4 2, 0 2, 0 0))")
        #expect(text(try spatial("wkt", try spatial("envelope", .string("POINT (1 2)")))) == "POINT (1 2)")
        guard case .point(let centre) = try spatial("centroid", .string("POLYGON ((0 0, 4 0, 4 2, 0 2, 0 0))")) else {
            Issue.record("centroid() gave no point")
            return
        }
        #expect(abs(centre.x - 2) < 1e-12 && abs(centre.y - 1) < 1e-12 && centre.srid == 4326)
        let holed = QueryValue.string("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (0 0, 0 2, 2 2, 2 0, 0 0))")
        guard case .point(let shifted) = try spatial("centroid", holed) else {
            Issue.record("centroid() of a polygon with a hole gave no point")
            return
        }
        #expect(abs(shifted.x - 7.0 / 3) < 1e-12 && abs(shifted.y - 7.0 / 3) < 1e-12, "\(shifted)")
        let cell = try spatial("bbox", .float(116.3), .float(39.9), .float(116.31), .float(39.91))
        let area = try #require(number(try spatial("area", cell)))
        let width = Geodesic.distanceMeters(Coordinate(116.3, 39.905), Coordinate(116.31, 39.905))
        let height = Geodesic.distanceMeters(Coordinate(116.305, 39.9), Coordinate(116.305, 39.91))
        #expect(abs(area / (width * height) - 1) < 1e-4, "\(area) vs \(width * height)")
        #expect(number(try spatial("geometry.area", cell)) == area)
        let length = try #require(number(try spatial("geometry.length", .string("LINESTRING (0 0, 0 1)"))))
        #expect(abs(length - Geodesic.distanceMeters(Coordinate(0, 0), Coordinate(0, 1))) < 1e-9)
    }

    @Test("geometry(of:) and boundingBox(of:) for the planner")
    func plannerEntryPoints() throws {
        let node = NodeValue(
            id: "n", labels: [], properties: [:], geometry: #"{"type":"LineString","coordinates":[[1,2],[3,-4]]}"#)
        #expect(try SpatialFunctions.geometry(of: .node(node)) == .lineString([Coordinate(1, 2), Coordinate(3, -4)]))
        let box = try #require(try SpatialFunctions.boundingBox(of: .node(node)))
        #expect([box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude] == [1, -4, 3, 2])
        #expect(try SpatialFunctions.geometry(of: .node(NodeValue(id: "m", labels: [], properties: [:]))) == nil)
        #expect(try SpatialFunctions.geometry(of: .null) == nil)
        #expect(try SpatialFunctions.boundingBox(of: .point(PointValue(srid: 7203, x: 1, y: 2))) == nil)
        #expect(try SpatialFunctions.geometry(of: geographic(1, 2, height: 3)) == .point(Coordinate(1, 2, 3)))
        let feature = QueryValue.map([
            "type": .string("Feature"),
            "geometry": .map(["type": .string("Point"), "coordinates": .list([.float(1.5), .int(2)])]),
        ])
        #expect(try SpatialFunctions.geometry(of: feature) == .point(Coordinate(1.5, 2)))
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "node 'bad'") {
            () throws(QueryError) in
            let bad = NodeValue(id: "bad", labels: [], properties: [:], geometry: "{")
            return try SpatialFunctions.geometry(of: .node(bad)).map(QueryValue.geometry) ?? .null
        }
    }

    @Test("bad geometries, arguments and radii are rejected with clear messages")
    func geometryErrors() throws {
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "not a valid WKT geometry") {
            () throws(QueryError) in try spatial("geometry", .string("POLYGN ((0 0, 1 0, 1 1, 0 0))"))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "latitude 95") {
            () throws(QueryError) in try spatial("geometry", .string("POINT (10 95)"))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "not a valid GeoJSON geometry") {
            () throws(QueryError) in try spatial("geometry", .string(#"{"type":"Pont","coordinates":[1,2]}"#))
        }
        expectQueryError(.typeError, "InvalidArgumentType", mentioning: "got INTEGER") {
            () throws(QueryError) in try spatial("intersects", .int(3), Self.square)
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "Cartesian point") {
            () throws(QueryError) in try spatial("wkt", .point(PointValue(srid: 7203, x: 1, y: 2)))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "finite number >= 0") {
            () throws(QueryError) in try spatial("dwithin", geographic(0, 0), geographic(0, 1), .int(-1))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "must not exceed") {
            () throws(QueryError) in try spatial("bbox", .int(3), .int(0), .int(1), .int(1))
        }
        expectQueryError(.argumentError, "InvalidNumberOfArguments", mentioning: "takes 2 arguments") {
            () throws(QueryError) in try spatial("distance", geographic(0, 0))
        }
        #expect(try SpatialFunctions.call("nosuch", []) == nil)
    }

    @Test("dwithin() across the antimeridian agrees with distance()")
    func dwithinAcrossAntimeridian() throws {
        let point = geographic(110.599_140_748_195_57, 0)
        let box = try spatial("bbox", .float(-174.964_849_517_246_88), .float(0), .float(-174.963), .float(0.001))
        let distance = try #require(number(try spatial("distance", point, box)))
        #expect(distance < 8_300_000, "\(distance)")
        #expect(boolean(try spatial("dwithin", point, box, .float(distance))) == true)
        #expect(boolean(try spatial("dwithin", box, point, .float(distance * 0.99))) == false)
        // The nearest point of a box just across the antimeridian is its western edge, 0.2° away.
        let across = try spatial("bbox", .float(-179.9), .float(0), .float(-179.8), .float(0.1))
        let near = try #require(number(try spatial("distance", geographic(179.9, 0), across)))
        let expected = Geodesic.distanceMeters(Coordinate(179.9, 0), Coordinate(-179.9, 0))
        #expect(abs(near - expected) < 1, "\(near) vs \(expected)")
        #expect(boolean(try spatial("dwithin", across, geographic(179.9, 0), .int(25_000))) == true)
    }

    @Test("dwithin(a, b, d) agrees with distance(a, b) <= d on random points and squares")
    func dwithinMatchesDistance() async {
        let coordinate = zip(Gen.double(in: -180...180), Gen.double(in: -85...85))
        let shape = Gen.int(in: 0...3)
        let input = zip(coordinate, coordinate, shape, Gen.double(in: 0...1.5), Gen.double(in: 0...0.5))
        await propertyCheck(count: 400, input: input) { first, second, shape, factor, size in
            let a = geographic(first.0, first.1)
            // Half the pairs are close together, so that the radius often lands near the distance.
            let near = shape.isMultiple(of: 2)
            let longitude = near ? min(180, max(-180, first.0 + (second.0 / 180) * size)) : second.0
            let latitude = near ? min(85, max(-85, first.1 + (second.1 / 85) * size)) : second.1
            let b: QueryValue
            switch shape {
            case 0, 1: b = geographic(longitude, latitude)
            default:
                let west = max(-180, longitude - size)
                let south = max(-89, latitude - size)
                b = try spatial(
                    "bbox", .float(west), .float(south), .float(min(180, west + size + 0.001)),
                    .float(min(89, south + size + 0.001)))
            }
            let distance = try #require(number(try spatial("distance", a, b)))
            for radius in [distance * factor, distance, distance * (1 + 1e-9), 0] {
                let within = try #require(boolean(try spatial("dwithin", a, b, .float(radius))) as Bool?)
                #expect(within == (distance <= radius), "distance \(distance), radius \(radius)")
            }
        }
    }
}
