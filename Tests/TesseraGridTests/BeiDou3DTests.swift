import PropertyBased
import TesseraGrid
import Testing

@Suite("BeiDou 3D codes and the logarithmic height integer: GRID-CODES.md vectors 6-10")
struct BeiDou3DTests {
    @Test("vector 6: level 4 at height 0")
    func groundLevelFour() throws {
        let point = GeoPoint(longitude: 116.315_222, latitude: 39.910_278)
        let cell = try BeiDouCell3D(containing: point, heightMeters: 0, level: 4)
        #expect(cell.code == "N050J0047050340")
        #expect(cell.footprint.code == "N50J47534")
        #expect(try BeiDouCell3D(code: "N050J0047050340") == cell)
    }

    @Test("vector 7: level 10 at 100 m")
    func hundredMetres() throws {
        let point = GeoPoint(longitude: 116.315_222, latitude: 39.910_278)
        let cell = try BeiDouCell3D(containing: point, heightMeters: 100, level: 10)
        #expect(cell.code == "N050J0047050340D9011345100403410")
        #expect(cell.heightRangeMeters.contains(100))
    }

    @Test("vector 8 (oracle): 25,125 m at level 8, cell bottom at 25,124.46 m")
    func highAltitude() throws {
        let point = GeoPoint(longitude: 116.312_602_777_777_78, latitude: 39.993_161_111_111_114)
        let cell = try BeiDouCell3D(containing: point, heightMeters: 25_125, level: 8)
        #expect(cell.code == "N050J004705039DB8920557347")
        #expect(abs(cell.heightRangeMeters.lowerBound - 25_124.46) < 0.01)
        #expect(cell.heightRangeMeters.contains(25_125))
        #expect(try BeiDouCell3D(code: cell.code) == cell)
    }

    static let cities: [(String, Double, Double, String)] = [
        ("Suzhou", 120.583_050_8, 31.141_557_5, "N051H0016000480E7010366734331434"),
        ("Buenos Aires", -58.3816, -34.6037, "S021I0085010760D3000756024211474"),
        ("Seattle", -122.3321, 47.6062, "N010L0047010460D5030616124711274"),
        ("Sydney", 151.2093, -33.8688, "S056I0023040C2081020566754261704"),
    ]

    @Test("vector 9 (regression): cities at 50 m, level 10", arguments: cities)
    func citiesAtFiftyMetres(name: String, longitude: Double, latitude: Double, code: String) throws {
        let cell = try BeiDouCell3D(
            containing: GeoPoint(longitude: longitude, latitude: latitude), heightMeters: 50, level: 10)
        #expect(cell.code == code, "\(name)")
        #expect(try BeiDouCell3D(code: code) == cell)
    }

    static let heights: [(Double, Bool, UInt32)] = [(100, false, 6680), (9999, false, 667_483), (-10, true, 668)]

    @Test("vector 10: height integers above and below ground", arguments: heights)
    func heightIntegers(heightMeters: Double, below: Bool, magnitude: UInt32) throws {
        let height = try LogHeight(heightMeters: heightMeters)
        #expect(height.isBelowGround == below)
        #expect(height.magnitude == magnitude)
        #expect(height.rangeMeters.contains(heightMeters))
    }

    @Test("decode(encode(p, h)) contains the point and height at every level; codes parse back")
    func roundTrip() async {
        await propertyCheck(count: 1500, input: pointGen, heightGen, beiDouLevelGen) { point, height, level throws in
            let cell = try BeiDouCell3D(containing: point, heightMeters: height, level: level)
            #expect(cell.level == level)
            #expect(loosely(cell.footprint.bounds, contains: point))
            let range = cell.heightRangeMeters
            #expect(height >= range.lowerBound - 1e-6 && height <= range.upperBound + 1e-6, "\(height) in \(range)")
            #expect(cell.isBelowGround == (height < 0))
            let code = cell.code
            #expect(code.utf8.count == [7, 10, 12, 15, 18, 20, 23, 26, 29, 32][level - 1])
            #expect(try BeiDouCell3D(code: code) == cell)
            #expect(cell.footprint == (try BeiDouCell(containing: point, level: level)))
            if let parent = cell.parent {
                #expect(parent == (try BeiDouCell3D(containing: point, heightMeters: height, level: level - 1)))
            }
        }
    }

    @Test("heights beyond about ±27 km are rejected", arguments: [27_700.0, -27_600, 1e7, .nan, -7e6, .infinity])
    func outOfRangeHeights(heightMeters: Double) {
        let error = gridError { () throws(GridError) in
            try BeiDouCell3D(containing: GeoPoint(longitude: 116, latitude: 40), heightMeters: heightMeters, level: 4)
        }
        #expect(error?.kind == .invalidHeight)
    }

    @Test("the last accepted heights: just below 15 minutes of the re-expressed angle")
    func heightLimits() throws {
        let top = try #require(LogHeight(isBelowGround: false, magnitude: 1_843_199)).rangeMeters
        let cell = try BeiDouCell3D(
            containing: GeoPoint(longitude: 116, latitude: 40), heightMeters: top.lowerBound + 1e-3, level: 10)
        #expect(cell.code.hasSuffix("7"))
        #expect(top.upperBound > 27_600 && top.upperBound < 27_700)
        let bottom = try #require(LogHeight(isBelowGround: true, magnitude: 1_843_199)).rangeMeters
        #expect(bottom.lowerBound < -27_500 && bottom.lowerBound > -27_600)
    }

    /// (code, zero-based offset, kind, words the message must contain)
    static let invalid: [(String, Int, GridError.Kind, String)] = [
        ("N250J00", 1, .invalidCode, "height sign"),
        ("N050J0", 6, .invalidCode, "a level-1 3D code has 7 characters"),
        ("N050J64", 5, .invalidCode, "00-63"),
        ("N050J01", 5, .invalidHeight, "27 km"),
        ("N050J00471", 9, .invalidHeight, "27 km"),
        ("N050J0047051", 11, .invalidHeight, "27 km"),
        ("N050J004705034F", 14, .invalidCode, "level-4 height digit: expected 0-9 or A-E"),
        ("N050J0047050340D9", 17, .invalidCode, "a level-5 3D code has 18 characters"),
        ("N050J0047050340D9011345100403410", -1, .invalidCode, ""),
        ("N050J0047050340D90113451004034100", 32, .invalidCode, "32 characters"),
        ("N050J0047050340D9022", 19, .invalidCode, "level-6 height digit"),
    ]

    @Test("invalid 3D codes are rejected at the right character", arguments: invalid)
    func invalidCodes(code: String, offset: Int, kind: GridError.Kind, words: String) {
        let error = gridError { () throws(GridError) in try BeiDouCell3D(code: code) }
        guard offset >= 0 else {
            #expect(error == nil)
            return
        }
        #expect(error?.kind == kind)
        #expect(error?.offset == offset)
        #expect(error?.message.contains(words) == true, "\(error?.message ?? "no error")")
    }

    @Test("the sign follows the height: -0 is above ground, any negative height below, magnitude 0 at the ellipsoid")
    func heightSign() throws {
        #expect(try LogHeight(heightMeters: 0) == LogHeight(isBelowGround: false, magnitude: 0))
        #expect(try LogHeight(heightMeters: -0.0) == LogHeight(isBelowGround: false, magnitude: 0))
        #expect(try LogHeight(heightMeters: -0.001) == LogHeight(isBelowGround: true, magnitude: 0))
        #expect(LogHeight(isBelowGround: false, magnitude: LogHeight.maxMagnitude + 1) == nil)
        let below = try BeiDouCell3D(containing: GeoPoint(longitude: 116, latitude: 40), heightMeters: -10, level: 10)
        #expect(below.code.utf8.dropFirst().first == UInt8(ascii: "1"))
        #expect(below.isBelowGround && below.lowestHeight.magnitude == 668)
        #expect(below.heightRangeMeters.contains(-10))
        #expect(below.contains(GeoPoint(longitude: 116, latitude: 40), heightMeters: -10))
    }

    @Test("3D boxes reject non-finite or inverted heights")
    func boxHeights() throws {
        let footprint = try GeoBox(west: 0, south: 0, east: 1, north: 1)
        let inverted = gridError { () throws(GridError) in
            try GeoBox3D(footprint: footprint, minHeightMeters: 10, maxHeightMeters: 0)
        }
        #expect(inverted?.kind == .invalidShape)
        let infinite = gridError { () throws(GridError) in
            try GeoBox3D(footprint: footprint, minHeightMeters: 0, maxHeightMeters: .infinity)
        }
        #expect(infinite?.kind == .invalidHeight)
    }
}
