import PropertyBased
import Testing

@testable import TesseraGeometry

/// The geometry GeoJSON output describes: every polygon's exterior counter-clockwise and its holes clockwise.
func rightHandRule(_ geometry: Geometry) -> Geometry {
    func orient(_ rings: [[Coordinate]]) -> [[Coordinate]] {
        rings.enumerated().map { index, ring in
            let area = Orientation.signedArea(ring)
            return (index == 0 && area < 0) || (index > 0 && area > 0) ? ring.reversed() : ring
        }
    }
    switch geometry {
    case .polygon(let rings): return .polygon(orient(rings))
    case .multiPolygon(let polygons): return .multiPolygon(polygons.map(orient))
    case .geometryCollection(let members): return .geometryCollection(members.map(rightHandRule))
    default: return geometry
    }
}

@Suite("Round trips: WKT, WKB and GeoJSON for every kind, 2D and Z")
struct RoundTripTests {
    @Test("WKT reads back what it writes")
    func wkt() async {
        await propertyCheck(count: 500, input: RandomGeometry.generator) { geometry throws in
            let text = geometry.wkt
            #expect(try Geometry(wkt: text) == geometry, "\(text)")
            #expect(try Geometry(wkt: text.lowercased()) == geometry)
        }
    }

    @Test("WKB reads back what it writes, bit for bit")
    func wkb() async {
        await propertyCheck(count: 500, input: RandomGeometry.generator) { geometry throws in
            let bytes = geometry.wkb
            let decoded = try Geometry(wkb: bytes)
            #expect(decoded == geometry, "\(geometry.wkt)")
            #expect(decoded.wkb == bytes)
        }
    }

    @Test("WKB reads big-endian input as well")
    func wkbBigEndian() async {
        await propertyCheck(count: 300, input: RandomGeometry.generator) { geometry throws in
            #expect(try Geometry(wkb: bigEndian(geometry.wkb)) == geometry, "\(geometry.wkt)")
        }
    }

    @Test("GeoJSON reads back what it writes, rings oriented by the right-hand rule")
    func geoJSON() async {
        await propertyCheck(count: 500, input: RandomGeometry.generator) { geometry throws in
            let text = geometry.geoJSON
            let decoded = try Geometry(geoJSON: text)
            #expect(decoded == rightHandRule(geometry), "\(text)")
            #expect(decoded.geoJSON == text)
            #expect(!text.contains("crs"))
        }
    }

    @Test("the formats agree with each other")
    func crossFormat() async {
        await propertyCheck(count: 300, input: RandomGeometry.generator) { geometry throws in
            let viaWKB = try Geometry(wkb: Geometry(wkt: geometry.wkt).wkb)
            #expect(viaWKB.wkt == geometry.wkt)
            let viaGeoJSON = try Geometry(geoJSON: Geometry(wkb: geometry.wkb).geoJSONBytes)
            #expect(viaGeoJSON.wkb == rightHandRule(geometry).wkb)
        }
    }

    @Test("every kind with and without Z", arguments: [false, true])
    func everyKind(hasZ: Bool) throws {
        let z: (Double) -> Double? = { hasZ ? $0 : nil }
        let ring = [Coordinate(0, 0, z(1)), Coordinate(4, 0, z(2)), Coordinate(4, 4, z(3)), Coordinate(0, 0, z(1))]
        let hole = [Coordinate(1, 1, z(0)), Coordinate(2, 2, z(0)), Coordinate(2, 1, z(0)), Coordinate(1, 1, z(0))]
        let samples: [Geometry] = [
            .point(Coordinate(24.9384, 60.1699, z(12.5))),
            .lineString([Coordinate(0, 0, z(1)), Coordinate(1, 1, z(2))]),
            .polygon([ring, hole]),
            .multiPoint([Coordinate(1, 2, z(3)), Coordinate(-1, -2, z(-3))]),
            .multiLineString([
                [Coordinate(0, 0, z(1)), Coordinate(1, 1, z(2))], [Coordinate(2, 2, z(0)), Coordinate(3, 3, z(0))],
            ]),
            .multiPolygon([[ring], [hole]]),
            .geometryCollection([.point(Coordinate(1, 2, z(3))), .polygon([ring]), .geometryCollection([])]),
            .lineString([]), .polygon([]), .multiPoint([]), .multiLineString([]), .multiPolygon([]),
            .geometryCollection([]),
        ]
        for geometry in samples {
            #expect(try Geometry(wkt: geometry.wkt) == geometry, "\(geometry.wkt)")
            #expect(try Geometry(wkb: geometry.wkb) == geometry, "\(geometry.wkt)")
            #expect(try Geometry(geoJSON: geometry.geoJSON) == rightHandRule(geometry), "\(geometry.geoJSON)")
            #expect(geometry.wkt.contains(" Z ") == (hasZ && !geometry.isEmpty))
        }
    }
}

/// Rewrites little-endian WKB from ``Geometry/wkb`` in big-endian order.
func bigEndian(_ wkb: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var index = 0
    func copyGeometry() {
        out.append(0)
        index += 1
        let code =
            UInt32(wkb[index]) | UInt32(wkb[index + 1]) << 8 | UInt32(wkb[index + 2]) << 16
            | UInt32(wkb[index + 3]) << 24
        word(4)
        let width = code > 1000 ? 3 : 2
        func count() -> Int {
            let value =
                Int(wkb[index]) | Int(wkb[index + 1]) << 8 | Int(wkb[index + 2]) << 16 | Int(wkb[index + 3]) << 24
            word(4)
            return value
        }
        func positions(_ n: Int) { for _ in 0..<(n * width) { word(8) } }
        switch code % 1000 {
        case 1: positions(1)
        case 2: positions(count())
        case 3: for _ in 0..<count() { positions(count()) }
        default: for _ in 0..<count() { copyGeometry() }
        }
    }
    func word(_ size: Int) {
        out.append(contentsOf: wkb[index..<(index + size)].reversed())
        index += size
    }
    copyGeometry()
    return out
}
