import TesseraGeometry
import TesseraGrid
import Testing

@testable import TesseraQuery

extension SpatialFunctionTests {
    /// Vector 1 of docs GRID-CODES.md (GB/T 39409-2020 Appendix B) with its prefix at every level.
    static let appendixPoint = geographic(116.31260277777778, 39.993161111111114)
    static let appendixCodes = [
        "N50J", "N50J47", "N50J475", "N50J47539", "N50J47539B8", "N50J47539B82", "N50J47539B8255",
        "N50J47539B825534", "N50J47539B82553461", "N50J47539B8255346152",
    ]

    @Test("beidou() reproduces the standard's worked example at every level", arguments: 1...10)
    func appendixVector(level: Int) throws {
        #expect(text(try spatial("beidou", Self.appendixPoint, .int(Int64(level)))) == Self.appendixCodes[level - 1])
    }

    @Test(
        "beidou() matches the published 2D vectors",
        arguments: [
            (-116.31260277777778, -39.993161111111114, 10, "S11J47539B8255346152"),
            (116.315222, 39.910278, 4, "N50J47534"),
            (120.5830508, 31.1415575, 10, "N51H16048E7136733343"),
            (121.4737, 31.2304, 10, "N51H263D36C055261075"),
            (114.0579, 22.5431, 10, "N50F0503278214650057"),
            (-122.3321, 47.6062, 10, "N10L47146D5361127127"),
            (151.2093, -33.8688, 10, "S56I234C281256752670"),
            (-58.3816, -34.6037, 10, "S21I85176D3075022147"),
            (0, 0, 10, "N31A0000000000000000"),
        ])
    func planarVectors(longitude: Double, latitude: Double, level: Int, code: String) throws {
        #expect(text(try spatial("beidou", geographic(longitude, latitude), .int(Int64(level)))) == code)
        // A node with a point geometry and a WKT point give the same code.
        let node = NodeValue(
            id: "n", labels: [], properties: [:],
            geometry: #"{"type":"Point","coordinates":[\#(longitude),\#(latitude)]}"#)
        #expect(text(try spatial("beidou", .node(node), .int(Int64(level)))) == code)
        #expect(try spatial("beidou.contains", .string(code), geographic(longitude, latitude)).isTrue)
    }

    @Test(
        "beidou3d() matches the published 3D vectors",
        arguments: [
            (116.315222, 39.910278, 0, 4, "N050J0047050340"),
            (116.315222, 39.910278, 100, 10, "N050J0047050340D9011345100403410"),
            (116.31260277777778, 39.993161111111114, 25125, 8, "N050J004705039DB8920557347"),
            (120.5830508, 31.1415575, 50, 10, "N051H0016000480E7010366734331434"),
            (-58.3816, -34.6037, 50, 10, "S021I0085010760D3000756024211474"),
            (-122.3321, 47.6062, 50, 10, "N010L0047010460D5030616124711274"),
            (151.2093, -33.8688, 50, 10, "S056I0023040C2081020566754261704"),
        ])
    func solidVectors(longitude: Double, latitude: Double, height: Double, level: Int, code: String) throws {
        let point = geographic(longitude, latitude, height: height)
        #expect(text(try spatial("beidou3d", point, .int(Int64(level)))) == code)
        #expect(number(try spatial("beidou.level", .string(code))) == Double(level))
        #expect(try spatial("beidou.contains", .string(code), point).isTrue)
        let above = geographic(longitude, latitude, height: height + 2500)
        #expect(boolean(try spatial("beidou.contains", .string(code), above)) == false)
    }

    @Test("beidou.cell() gives the oracle boxes of vectors 3 and 4")
    func cellBoxes() throws {
        let cases: [(String, [Double])] = [
            ("N50J47539B825534", [116.3125954861111, 39.99315972222223, 116.31260416666666, 39.99316840277778]),
            ("N50J47534", [116.3, 39.9, 116.316667, 39.916667]),
        ]
        for (code, expected) in cases {
            guard case .geometry(let cell) = try spatial("beidou.cell", .string(code)), let box = cell.boundingBox
            else {
                Issue.record("beidou.cell(\(code)) gave no geometry")
                continue
            }
            let actual = [box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude]
            for (value, target) in zip(actual, expected) { #expect(abs(value - target) < 1e-6, "\(code): \(actual)") }
            #expect(boolean(try spatial("contains", .geometry(cell), .geometry(.point(box.center)))) == true)
        }
        guard case .geometry(let footprint) = try spatial("beidou.cell", .string("N050J0047050340")) else {
            Issue.record("a 3D code gave no cell")
            return
        }
        #expect(footprint.boundingBox?.minLongitude == 116.3)
    }

    @Test("beidou.level() and beidou.parent() walk the hierarchy of 2D and 3D codes")
    func hierarchy() throws {
        let code = QueryValue.string(Self.appendixCodes[9])
        #expect(number(try spatial("beidou.level", code)) == 10)
        #expect(text(try spatial("beidou.parent", code)) == Self.appendixCodes[8])
        for level in 1...10 {
            #expect(text(try spatial("beidou.parent", code, .int(Int64(level)))) == Self.appendixCodes[level - 1])
        }
        #expect(isNull(try spatial("beidou.parent", .string("N50J"))))
        let solid = QueryValue.string("N050J0047050340D9011345100403410")
        #expect(text(try spatial("beidou.parent", solid, .int(4))) == "N050J0047050340")
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "finer than the code's own level 4") {
            () throws(QueryError) in try spatial("beidou.parent", .string("N50J47534"), .int(5))
        }
    }

    @Test("beidou() of a geometry is the smallest enclosing cell at or above the level")
    func enclosingCell() throws {
        // Straddles a level-4 column edge (116.316667) but lies in level-3 cell N50J475.
        let box = try spatial("bbox", .float(116.316), .float(39.905), .float(116.317), .float(39.906))
        #expect(text(try spatial("beidou", box, .int(10))) == "N50J475")
        #expect(text(try spatial("beidou", box, .int(2))) == "N50J47")
        #expect(try spatial("beidou.contains", .string("N50J475"), box).isTrue)
        #expect(boolean(try spatial("beidou.contains", .string("N50J47534"), box)) == false)
        // Across the equator no level-1 cell holds it.
        let equator = try spatial("bbox", .float(1), .float(-1), .float(2), .float(1))
        #expect(isNull(try spatial("beidou", equator, .int(5))))
        let tiny = try spatial("bbox", .float(116.31), .float(39.91), .float(116.3100001), .float(39.9100001))
        let code = try #require(text(try spatial("beidou", tiny, .int(10))))
        #expect(code.count > 11)
        #expect(try spatial("beidou.contains", .string(code), tiny).isTrue)
        let cell = try BeiDouCell(code: code)
        #expect(cell.contains(GeoPoint(longitude: 116.31, latitude: 39.91)))
    }

    @Test("grid errors: levels, polar caps, bad codes, missing heights")
    func gridErrors() {
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "level 11 is not a BeiDou level") {
            () throws(QueryError) in try spatial("beidou", Self.appendixPoint, .int(11))
        }
        expectQueryError(.typeError, "InvalidArgumentType", mentioning: "must be an integer") {
            () throws(QueryError) in try spatial("beidou", Self.appendixPoint, .float(1.5))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "polar cap") {
            () throws(QueryError) in try spatial("beidou", geographic(10, 89), .int(3))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "beidou.cell()") {
            () throws(QueryError) in try spatial("beidou.cell", .string("X50J"))
        }
        expectQueryError(.typeError, "InvalidArgumentType", mentioning: "BeiDou code string") {
            () throws(QueryError) in try spatial("beidou.level", .int(50))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "has no height") {
            () throws(QueryError) in try spatial("beidou3d", Self.appendixPoint, .int(4))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "outside the range of BeiDou 3D codes") {
            () throws(QueryError) in try spatial("beidou3d", geographic(116, 39, height: 40_000), .int(4))
        }
        expectQueryError(.argumentError, "InvalidArgumentValue", mentioning: "needs positions with heights") {
            () throws(QueryError) in try spatial("beidou.contains", .string("N050J0047050340"), Self.appendixPoint)
        }
        #expect((try? spatial("beidou", .null, .int(3))).map(isNull) == true)
    }
}

extension QueryValue {
    /// Whether the value is the boolean true.
    var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }
}
