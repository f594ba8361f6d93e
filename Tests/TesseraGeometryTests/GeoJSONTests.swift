import Testing

@testable import TesseraGeometry

@Suite("GeoJSON: RFC 7946 reading and writing, errors with offsets")
struct GeoJSONTests {
    static let readable: [(String, Geometry)] = [
        (#"{"type":"Point","coordinates":[24.9384,60.1699]}"#, .point(Coordinate(24.9384, 60.1699))),
        (#"{"type":"Point","coordinates":[1,2,3]}"#, .point(Coordinate(1, 2, 3))),
        (#"{"coordinates":[1e1,-2.5E-1],"type":"Point"}"#, .point(Coordinate(10, -0.25))),
        (
            #"{"type":"LineString","bbox":[0,0,1,1],"coordinates":[[0,0],[1,1]],"title":{"x":[1,2]}}"#,
            .lineString([Coordinate(0, 0), Coordinate(1, 1)])
        ),
        (#"{"type":"MultiPoint","coordinates":[]}"#, .multiPoint([])),
        (
            #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#,
            .polygon([[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 0)]])
        ),
        (
            #"{"geometries":[{"coordinates":[1,2],"type":"Point"},{"type":"GeometryCollection","geometries":[]}],"#
                + #""type":"GeometryCollection"}"#,
            .geometryCollection([.point(Coordinate(1, 2)), .geometryCollection([])])
        ),
        (
            #"{"type":"Point","coordinates":[1,2],"crs":{"type":"name","properties":{"name":"EPSG:4326"}}}"#,
            .point(Coordinate(1, 2))
        ),
        (#"{"type":"Point","crs":null,"coordinates":[1,2]}"#, .point(Coordinate(1, 2))),
    ]

    @Test("reads valid objects, members in any order", arguments: readable)
    func reads(text: String, expected: Geometry) throws {
        #expect(try Geometry(geoJSON: text) == expected)
    }

    @Test("writes compact RFC 7946 objects")
    func writes() {
        #expect(
            Geometry.point(Coordinate(24.9384, 60.1699)).geoJSON == #"{"type":"Point","coordinates":[24.9384,60.1699]}"#
        )
        #expect(Geometry.point(Coordinate(1, 2, 3)).geoJSON == #"{"type":"Point","coordinates":[1,2,3]}"#)
        #expect(
            Geometry.geometryCollection([.multiPoint([])]).geoJSON
                == #"{"type":"GeometryCollection","geometries":[{"type":"MultiPoint","coordinates":[]}]}"#)
    }

    @Test("polygon output follows the right-hand rule: exterior counter-clockwise, holes clockwise")
    func rightHandRuleOutput() throws {
        let clockwiseShell = [Coordinate(0, 0), Coordinate(0, 4), Coordinate(4, 4), Coordinate(4, 0), Coordinate(0, 0)]
        let counterClockwiseHole = [
            Coordinate(1, 1), Coordinate(2, 1), Coordinate(2, 2), Coordinate(1, 2), Coordinate(1, 1),
        ]
        let polygon = Geometry.polygon([clockwiseShell, counterClockwiseHole])
        #expect(
            polygon.geoJSON
                == #"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}"#
        )
        for output in [polygon, .multiPolygon([[clockwiseShell, counterClockwiseHole]])] {
            let decoded = try Geometry(geoJSON: output.geoJSON)
            let polygons: [[[Coordinate]]]
            switch decoded {
            case .polygon(let rings): polygons = [rings]
            case .multiPolygon(let all): polygons = all
            default: polygons = []
            }
            #expect(polygons.count == 1)
            for rings in polygons {
                #expect(Orientation.isCounterClockwise(rings[0]))
                #expect(rings.dropFirst().allSatisfy { !Orientation.isCounterClockwise($0) })
            }
        }
        // Already right-handed rings are written as they are.
        let good = Geometry.polygon([clockwiseShell.reversed(), counterClockwiseHole.reversed()])
        #expect(try Geometry(geoJSON: good.geoJSON) == good)
    }

    @Test("signed ring area")
    func signedArea() {
        let square = [Coordinate(0, 0), Coordinate(2, 0), Coordinate(2, 2), Coordinate(0, 2), Coordinate(0, 0)]
        #expect(Orientation.signedArea(square) == 4)
        #expect(Orientation.signedArea(square.reversed()) == -4)
        #expect(Orientation.signedArea([Coordinate(0, 0), Coordinate(1, 1), Coordinate(2, 2), Coordinate(0, 0)]) == 0)
    }

    static let malformed: [(String, Int, GeometryError.Kind, String)] = [
        (#"{"type":"Point","coordinates":[1]}"#, 30, .malformed, "a position needs 2 or 3 numbers"),
        (#"{"type":"Point","coordinates":[]}"#, 30, .unsupported, "empty points"),
        (#"{"type":"Point","coordinates":[1,2,3,4]}"#, 30, .unsupported, "M is not supported"),
        (#"{"type":"Point","coordinates":[1,"2"]}"#, 33, .malformed, "expected a number"),
        (#"{"type":"Point","coordinates":[[1,2]]}"#, 31, .malformed, "nested too deeply"),
        (#"{"type":"Polygon","coordinates":[[0,0],[1,1]]}"#, 34, .malformed, "expected an array of numbers"),
        (#"{"type":"LineString","coordinates":[[1,2],[3,4,5]]}"#, 42, .unsupported, "earlier positions have 2"),
        (#"{"type":"Point"}"#, 0, .malformed, #"Point has no "coordinates" member"#),
        (#"{"coordinates":[1,2]}"#, 0, .malformed, #"no "type" member"#),
        (#"{"type":"GeometryCollection"}"#, 0, .malformed, #"no "geometries" member"#),
        (#"{"type":"point","coordinates":[1,2]}"#, 8, .malformed, "names are case-sensitive"),
        (#"{"type":"Feature","geometry":null}"#, 8, .malformed, "found a Feature"),
        (#"{"type":7}"#, 8, .malformed, #""type" must be a string"#),
        (#"{"type":"Point","coordinates":[1,2],"type":"Point"}"#, 43, .malformed, "duplicate \"type\""),
        (#"{"type":"Point","coordinates":[1,2]"#, 35, .malformed, "unterminated object"),
        (#"{"type":"Point","coordinates":[1,2]} x"#, 37, .malformed, "unexpected text after the JSON value"),
        (#"{"type":"Point","coordinates":[1,02]}"#, 33, .malformed, "leading zeros"),
        (#"[1,2]"#, 0, .malformed, "expected a GeoJSON geometry object"),
        (
            #"{"type":"Point","coordinates":[1,2],"crs":{"type":"name","properties":{"name":"EPSG:3857"}}}"#,
            42, .unsupported, "\"crs\" is not supported"
        ),
        (
            #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2,3]},"#
                + #"{"type":"Point","coordinates":[1,2]}]}"#,
            112, .unsupported, "earlier positions have 3"
        ),
    ]

    @Test("reports what is wrong and where", arguments: malformed)
    func errors(text: String, offset: Int, kind: GeometryError.Kind, reason: String) {
        #expect {
            try Geometry(geoJSON: text)
        } throws: { error in
            guard let error = error as? GeometryError else { return false }
            return error.offset == offset && error.kind == kind && error.reason.contains(reason)
        }
    }
}
