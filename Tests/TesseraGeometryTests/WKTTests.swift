import Testing

@testable import TesseraGeometry

@Suite("WKT: reading, writing and errors with byte offsets")
struct WKTTests {
    static let readable: [(String, Geometry)] = [
        ("POINT (1 2)", .point(Coordinate(1, 2))),
        ("point(1.5 -2.25)", .point(Coordinate(1.5, -2.25))),
        ("POINT Z (1 2 3)", .point(Coordinate(1, 2, 3))),
        ("POINT (1 2 3)", .point(Coordinate(1, 2, 3))),
        ("  POINT\n(\t1e2  +2.5E-1 )  ", .point(Coordinate(100, 0.25))),
        ("SRID=4326;POINT (24.9 60.2)", .point(Coordinate(24.9, 60.2))),
        ("LINESTRING (0 0, 1 1, 2 0)", .lineString([Coordinate(0, 0), Coordinate(1, 1), Coordinate(2, 0)])),
        ("LINESTRING EMPTY", .lineString([])),
        ("LINESTRING Z EMPTY", .lineString([])),
        (
            "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))",
            .polygon([
                [Coordinate(0, 0), Coordinate(4, 0), Coordinate(4, 4), Coordinate(0, 0)],
                [Coordinate(1, 1), Coordinate(2, 1), Coordinate(2, 2), Coordinate(1, 1)],
            ])
        ),
        ("MULTIPOINT ((1 2), (3 4))", .multiPoint([Coordinate(1, 2), Coordinate(3, 4)])),
        ("MULTIPOINT (1 2, 3 4)", .multiPoint([Coordinate(1, 2), Coordinate(3, 4)])),
        ("MULTIPOINT Z ((1 2 3))", .multiPoint([Coordinate(1, 2, 3)])),
        (
            "MULTILINESTRING ((0 0, 1 1), EMPTY)",
            .multiLineString([[Coordinate(0, 0), Coordinate(1, 1)], []])
        ),
        (
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), EMPTY)",
            .multiPolygon([[[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 0)]], []])
        ),
        (
            "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING EMPTY, GEOMETRYCOLLECTION EMPTY)",
            .geometryCollection([.point(Coordinate(1, 2)), .lineString([]), .geometryCollection([])])
        ),
        (
            "GEOMETRYCOLLECTION Z (POINT Z (1 2 3), POINT (4 5 6))",
            .geometryCollection([.point(Coordinate(1, 2, 3)), .point(Coordinate(4, 5, 6))])
        ),
    ]

    @Test("reads valid text", arguments: readable)
    func reads(text: String, expected: Geometry) throws {
        #expect(try Geometry(wkt: text) == expected)
    }

    @Test("writes ISO WKT with shortest numbers")
    func writes() {
        #expect(Geometry.point(Coordinate(1, 2)).wkt == "POINT (1 2)")
        #expect(Geometry.point(Coordinate(-0.0, 0.1, 12)).wkt == "POINT Z (-0 0.1 12)")
        #expect(Geometry.point(Coordinate(1e-7, 123_456_789.125)).wkt == "POINT (1e-07 123456789.125)")
        #expect(Geometry.multiPoint([Coordinate(1, 2), Coordinate(3, 4)]).wkt == "MULTIPOINT ((1 2), (3 4))")
        #expect(Geometry.polygon([]).wkt == "POLYGON EMPTY")
        #expect(
            Geometry.geometryCollection([.point(Coordinate(1, 2, 3)), .lineString([])]).wkt
                == "GEOMETRYCOLLECTION Z (POINT Z (1 2 3), LINESTRING Z EMPTY)")
        // A geometry with heights on some positions only is written 3D, with 0 for the missing heights.
        #expect(Geometry.lineString([Coordinate(0, 0, 5), Coordinate(1, 1)]).wkt == "LINESTRING Z (0 0 5, 1 1 0)")
    }

    static let malformed: [(String, Int, GeometryError.Kind, String)] = [
        ("", 0, .malformed, "expected a geometry keyword"),
        ("CIRCLE (1 2)", 0, .malformed, "unknown geometry keyword 'CIRCLE'"),
        ("POINT (1)", 7, .malformed, "expected a position of 2 or 3 numbers"),
        ("POINT (1 2", 10, .malformed, "expected ')'"),
        ("POINT 1 2", 6, .malformed, "expected '(' or EMPTY"),
        ("POINT (1 2) x", 12, .malformed, "unexpected text after the geometry"),
        ("POINT (1 2 3 4)", 7, .unsupported, "4 values"),
        ("POINT M (1 2 3)", 6, .unsupported, "M coordinates"),
        ("POINT ZM (1 2 3 4)", 6, .unsupported, "ZM coordinates"),
        ("POINT EMPTY", 0, .unsupported, "empty points"),
        ("POINT Z (1 2)", 9, .malformed, "a Z geometry needs 3 numbers"),
        ("POINT (1e999 2)", 7, .outOfRange, "not finite"),
        ("POINT (1..2 3)", 7, .malformed, "malformed number '1..2'"),
        ("LINESTRING (0 0, 1 1 1)", 17, .unsupported, "position has 3 values but earlier positions have 2"),
        ("LINESTRING (0 0; 1 1)", 15, .malformed, "expected ',' or ')'"),
        ("MULTIPOINT (EMPTY)", 12, .unsupported, "empty points"),
        ("SRID=3857;POINT (1 2)", 5, .unsupported, "SRID 3857"),
        ("SRID=4326 POINT (1 2)", 10, .malformed, "expected ';'"),
        ("GEOMETRYCOLLECTION Z (POINT (1 2))", 29, .malformed, "a Z geometry needs 3 numbers"),
    ]

    @Test("reports what is wrong and where", arguments: malformed)
    func errors(text: String, offset: Int, kind: GeometryError.Kind, reason: String) {
        #expect {
            try Geometry(wkt: text)
        } throws: { error in
            guard let error = error as? GeometryError else { return false }
            return error.offset == offset && error.kind == kind && error.reason.contains(reason)
        }
    }

    @Test("error descriptions name the byte")
    func description() {
        #expect(throws: GeometryError.self) { try Geometry(wkt: "POINT (1)") }
        do {
            _ = try Geometry(wkt: "POINT (1)")
        } catch {
            #expect(error.description == "expected a position of 2 or 3 numbers (at byte 8)")
        }
    }

    @Test("collections nested too deep are refused")
    func nesting() {
        let depth = GeometryLimits.maxCollectionDepth + 1
        let text =
            String(repeating: "GEOMETRYCOLLECTION (", count: depth) + "POINT (1 2)"
            + String(repeating: ")", count: depth)
        #expect(throws: GeometryError.self) { try Geometry(wkt: text) }
        let shallow =
            String(repeating: "GEOMETRYCOLLECTION (", count: depth - 1) + "POINT (1 2)"
            + String(repeating: ")", count: depth - 1)
        #expect(throws: Never.self) { try Geometry(wkt: shallow) }
    }
}
