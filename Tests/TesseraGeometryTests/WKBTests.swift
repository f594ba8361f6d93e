import Testing

@testable import TesseraGeometry

/// Bytes from a hex string (spaces ignored).
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.replacingOccurrences(of: " ", with: "").utf8)
    return stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
    }
}

@Suite("WKB: ISO and extended WKB in both byte orders, errors with offsets")
struct WKBTests {
    static let decodable: [(String, Geometry)] = [
        ("01 01000000 000000000000F03F 0000000000000040", .point(Coordinate(1, 2))),
        ("00 00000001 3FF0000000000000 4000000000000000", .point(Coordinate(1, 2))),
        ("01 E9030000 000000000000F03F 0000000000000040 0000000000000840", .point(Coordinate(1, 2, 3))),
        ("00 000003E9 3FF0000000000000 4000000000000000 4008000000000000", .point(Coordinate(1, 2, 3))),
        // PostGIS EWKB: Z flag and SRID 4326.
        ("01 010000A0 E6100000 000000000000F03F 0000000000000040 0000000000000840", .point(Coordinate(1, 2, 3))),
        ("01 01000020 E6100000 000000000000F03F 0000000000000040", .point(Coordinate(1, 2))),
        ("01 02000000 00000000", .lineString([])),
        (
            "01 02000000 02000000 0000000000000000 0000000000000000 000000000000F03F 000000000000F03F",
            .lineString([Coordinate(0, 0), Coordinate(1, 1)])
        ),
        (
            // A multipoint whose members use the other byte order.
            "01 04000000 02000000 00 00000001 3FF0000000000000 4000000000000000"
                + " 01 01000000 0000000000000840 0000000000001040",
            .multiPoint([Coordinate(1, 2), Coordinate(3, 4)])
        ),
        ("01 07000000 00000000", .geometryCollection([])),
        ("01 EF030000 00000000", .geometryCollection([])),
    ]

    @Test("decodes known bytes", arguments: decodable)
    func decodes(hexText: String, expected: Geometry) throws {
        #expect(try Geometry(wkb: hex(hexText)) == expected)
    }

    @Test("encodes little-endian ISO WKB")
    func encodes() {
        #expect(Geometry.point(Coordinate(1, 2)).wkb == hex("01 01000000 000000000000F03F 0000000000000040"))
        #expect(
            Geometry.point(Coordinate(1, 2, 3)).wkb
                == hex("01 E9030000 000000000000F03F 0000000000000040 0000000000000840"))
        #expect(Geometry.polygon([]).wkb == hex("01 03000000 00000000"))
        #expect(Geometry.multiPolygon([]).wkb.count == 9)
    }

    static let malformed: [(String, Int, GeometryError.Kind, String)] = [
        ("", 0, .malformed, "unexpected end of WKB"),
        ("02 01000000", 0, .malformed, "byte order"),
        ("01 08000000", 1, .malformed, "unknown WKB geometry type 8"),
        ("01 D1070000 000000000000F03F 0000000000000040 0000000000000840", 1, .unsupported, "M coordinates"),
        ("01 B90B0000", 1, .unsupported, "M coordinates"),
        ("01 01000060 000000000000F03F 0000000000000040 0000000000000840", 1, .unsupported, "M coordinates"),
        ("01 01000020 110F0000 000000000000F03F 0000000000000040", 5, .unsupported, "SRID 3857"),
        ("01 01000000 000000000000F03F 0000", 5, .malformed, "expected a position of 2 doubles"),
        ("01 01000000 000000000000F87F 000000000000F87F", 5, .unsupported, "empty points"),
        ("01 01000000 000000000000F07F 0000000000000040", 5, .outOfRange, "not finite"),
        ("01 02000000 FFFFFF7F 00", 5, .malformed, "count 2147483647 does not fit"),
        ("01 01000000 000000000000F03F 0000000000000040 00", 21, .malformed, "1 bytes after the end"),
        (
            "01 04000000 01000000 01 02000000 02000000" + String(repeating: " 0000000000000000", count: 4), 9,
            .malformed, "a MultiPoint may only contain Points"
        ),
        (
            "01 07000000 02000000 01 01000000 000000000000F03F 0000000000000040"
                + " 01 E9030000 000000000000F03F 0000000000000040 0000000000000840",
            35, .unsupported, "position has 3 values but earlier positions have 2"
        ),
    ]

    @Test("reports what is wrong and where", arguments: malformed)
    func errors(hexText: String, offset: Int, kind: GeometryError.Kind, reason: String) {
        #expect {
            try Geometry(wkb: hex(hexText))
        } throws: { error in
            guard let error = error as? GeometryError else { return false }
            return error.offset == offset && error.kind == kind && error.reason.contains(reason)
        }
    }

    @Test("collections nested too deep are refused")
    func nesting() {
        let depth = GeometryLimits.maxCollectionDepth + 1
        var bytes: [UInt8] = []
        for _ in 0..<depth { bytes += hex("01 07000000 01000000") }
        bytes += Geometry.point(Coordinate(1, 2)).wkb
        #expect(throws: GeometryError.self) { try Geometry(wkb: bytes) }
    }
}
