import TesseraGrid
import Testing

/// The 2D vectors of GRID-CODES.md section 1.
@Suite("BeiDou 2D codes: GRID-CODES.md vectors 1-5")
struct BeiDouVectorTests {
    /// Vector 1: the standard's Appendix B example, 39°59'35.38"N 116°18'45.37"E.
    static let appendixB = GeoPoint(longitude: 116.312_602_777_777_78, latitude: 39.993_161_111_111_114)

    static let appendixBPrefixes: [(Int, String)] = [
        (1, "N50J"), (2, "N50J47"), (3, "N50J475"), (4, "N50J47539"), (5, "N50J47539B8"), (6, "N50J47539B82"),
        (7, "N50J47539B8255"), (8, "N50J47539B825534"), (9, "N50J47539B82553461"), (10, "N50J47539B8255346152"),
    ]

    @Test("vector 1: the Appendix B point at every level", arguments: appendixBPrefixes)
    func appendixBLevels(level: Int, code: String) throws {
        let cell = try BeiDouCell(containing: Self.appendixB, level: level)
        #expect(cell.code == code)
        #expect(cell.level == level)
        #expect(try BeiDouCell(code: code) == cell)
    }

    @Test("vector 2: the same magnitudes west and south mirror the digits")
    func mirroredHemispheres() throws {
        let point = GeoPoint(longitude: -116.312_602_777_777_78, latitude: -39.993_161_111_111_114)
        #expect(try BeiDouCell(containing: point, level: 10).code == "S11J47539B8255346152")
    }

    @Test("vector 3 (oracle): the level-8 cell box of the Appendix B point")
    func appendixBLevelEightBox() throws {
        let cell = try BeiDouCell(containing: Self.appendixB, level: 8)
        #expect(cell.code == "N50J47539B825534")
        let box = cell.bounds
        #expect(abs(box.west - 116.312_595_486_111_1) < 1e-12)
        #expect(abs(box.east - 116.312_604_166_666_66) < 1e-12)
        #expect(abs(box.south - 39.993_159_722_222_23) < 1e-12)
        #expect(abs(box.north - 39.993_168_402_777_78) < 1e-12)
    }

    @Test("vector 4 (oracle): a level-4 code and its 1' box")
    func levelFourBox() throws {
        let cell = try BeiDouCell(containing: GeoPoint(longitude: 116.315_222, latitude: 39.910_278), level: 4)
        #expect(cell.code == "N50J47534")
        let box = cell.bounds
        #expect(abs(box.west - 116.3) < 1e-9)
        #expect(abs(box.south - 39.9) < 1e-9)
        #expect(abs(box.east - 116.316_667) < 1e-6)
        #expect(abs(box.north - 39.916_667) < 1e-6)
    }

    static let cities: [(String, Double, Double, String)] = [
        ("Suzhou", 120.583_050_8, 31.141_557_5, "N51H16048E7136733343"),
        ("Shanghai", 121.4737, 31.2304, "N51H263D36C055261075"),
        ("Shenzhen", 114.0579, 22.5431, "N50F0503278214650057"),
        ("Seattle", -122.3321, 47.6062, "N10L47146D5361127127"),
        ("Sydney", 151.2093, -33.8688, "S56I234C281256752670"),
        ("Buenos Aires", -58.3816, -34.6037, "S21I85176D3075022147"),
        ("(0, 0)", 0, 0, "N31A0000000000000000"),
    ]

    @Test("vector 5 (regression): level-10 codes of cities in all four quadrants", arguments: cities)
    func cityCodes(name: String, longitude: Double, latitude: Double, code: String) throws {
        let point = GeoPoint(longitude: longitude, latitude: latitude)
        let cell = try BeiDouCell(containing: point, level: 10)
        #expect(cell.code == code, "\(name)")
        #expect(try BeiDouCell(code: code) == cell)
        #expect(loosely(cell.bounds, contains: point))
    }

    static let edgeCases: [(Double, Double, String)] = [
        (180, 0, "N60AB01E0E0170707070"),
        (-180, 0, "N01AB01E0E0170707070"),
        (180, -45.5, "S60LB31E0E0170707070"),
        (-120, 40.5, "N11KB11E0E0170707070"),
        (-114, 40.5, "N12KB11E0E0170707070"),
        (-6, 1, "N30AB21E0E0170707070"),
        (6, 1, "N32A0200000000000000"),
        (0, -0.5, "S31A0100000000000000"),
        (-0.5, 0, "N30A1000000000000000"),
        (-0.0, -0.0, "N31A0000000000000000"),
        (116.5, 40.0, "N50K5000000000000000"),
        (-116.5, -40.0, "S11K5000000000000000"),
        (120, 36, "N51J0000000000000000"),
        (179.999_999_99, 87.999_999_99, "N60VB75E9EE377777777"),
        (-179.999_999_99, -87.999_999_99, "S01VB75E9EE377777777"),
    ]

    @Test(
        "boundaries: 180° clamps to zone 60, western 6° meridians clamp to the zone east, latitude 0 is N",
        arguments: edgeCases)
    func boundaryCodes(longitude: Double, latitude: Double, code: String) throws {
        let point = GeoPoint(longitude: longitude, latitude: latitude)
        let cell = try BeiDouCell(containing: point, level: 10)
        #expect(cell.code == code)
        #expect(loosely(cell.bounds, contains: point))
        for level in 1...9 {
            let coarse = try BeiDouCell(containing: point, level: level)
            #expect(cell.code.hasPrefix(coarse.code))
            #expect(coarse.contains(cell))
        }
    }
}
