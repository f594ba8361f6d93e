import Testing

@testable import TesseraGeometry

@Suite("Ingest validation: parse, range, structure and OGC validity, never repairing")
struct ValidationTests {
    static let rejected: [(String, GeometryError.Kind, String, String?)] = [
        (#"{"type":"Point","coordinates":[181,0]}"#, .outOfRange, "longitude 181 is outside [-180, 180]", nil),
        (#"{"type":"Point","coordinates":[0,-90.5]}"#, .outOfRange, "latitude -90.5 is outside [-90, 90]", nil),
        (
            #"{"type":"LineString","coordinates":[[0,0],[1,1],[2,95]]}"#, .outOfRange, "latitude 95",
            "position 2"
        ),
        (#"{"type":"LineString","coordinates":[[0,0]]}"#, .invalid, "0 or at least 2 positions", nil),
        (
            #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#, .invalid, "ring is not closed",
            "ring 0"
        ),
        (
            #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#, .invalid, "at least 4 positions", "ring 0"
        ),
        (
            #"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,1]]]]}"#,
            .invalid, "ring is not closed", "polygon 1, ring 0"
        ),
        (
            #"{"type":"Polygon","coordinates":[[[0,0,1],[1,0,1],[1,1,1],[0,0,2]]]}"#, .invalid, "ring is not closed",
            "ring 0"
        ),
        (
            #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[0,0]},"#
                + #"{"type":"MultiPoint","coordinates":[[0,0],[200,0]]}]}"#,
            .outOfRange, "longitude 200", "member 1, point 1"
        ),
        (
            #"{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}"#, .invalid,
            "invalid geometry: Self-intersection near 0.5 0.5", nil
        ),
        (#"{"type":"Point","coordinates":[0]}"#, .malformed, "a position needs 2 or 3 numbers", nil),
    ]

    @Test("rejects invalid input with the reason and where", arguments: rejected)
    func rejects(text: String, kind: GeometryError.Kind, reason: String, path: String?) {
        #expect {
            try Geometry.validated(geoJSON: Array(text.utf8))
        } throws: { error in
            guard let error = error as? GeometryError else { return false }
            return error.kind == kind && error.reason.contains(reason) && (path == nil || error.path == path)
        }
    }

    @Test("accepts valid input unchanged, with either ring orientation")
    func accepts() throws {
        let engine = GeometryEngine()
        let texts = [
            #"{"type":"Point","coordinates":[180,-90,12]}"#,
            #"{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}"#,
            #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#,
            #"{"type":"GeometryCollection","geometries":[]}"#,
        ]
        for text in texts {
            let geometry = try Geometry.validated(geoJSON: Array(text.utf8), engine: engine)
            #expect(geometry == (try Geometry(geoJSON: text)))
        }
    }

    @Test("error descriptions carry the path")
    func describesPath() {
        do {
            _ = try Geometry.validated(geoJSON: Array(#"{"type":"MultiPoint","coordinates":[[0,0],[0,91]]}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "latitude 91 is outside [-90, 90] (at point 1)")
        }
    }

    @Test("checkCoordinates rejects values that are not finite")
    func nonFinite() {
        #expect(throws: GeometryError.self) { try Geometry.point(Coordinate(.nan, 0)).checkCoordinates() }
        #expect(throws: GeometryError.self) { try Geometry.point(Coordinate(0, 0, .infinity)).checkCoordinates() }
    }
}
