import PropertyBased
import TesseraGrid
import Testing

@Suite("GeoSOT cells as sortable keys: GRID-CODES.md vectors 11-14")
struct GeoSOTTests {
    @Test("vector 11: level 15, column 7442, row 2550, a 1' box")
    func levelFifteen() throws {
        let cell = try GeoSOTCell(containing: GeoPoint(longitude: 116.315_228, latitude: 39.910_28), level: 15)
        #expect(cell.groupedCode == "G001310322-230230")
        #expect(cell.code == "G001310322230230")
        #expect(cell.longitudeIndex == 7442)
        #expect(cell.latitudeIndex == 2550)
        let box = try #require(cell.bounds)
        #expect(abs(box.west - 116.3) < 1e-9 && abs(box.east - 116.316_667) < 1e-6)
        #expect(abs(box.south - 39.9) < 1e-9 && abs(box.north - 39.916_667) < 1e-6)
        #expect(try GeoSOTCell(code: "G001310322-230230") == cell)
    }

    @Test("vector 12: level 32 string and UInt64 key")
    func levelThirtyTwo() throws {
        let point = GeoPoint(longitude: 76.233, latitude: 27.688)
        let cell = try GeoSOTCell(containing: point, level: 32)
        #expect(cell.groupedCode == "G001023122-203103-131010.33003300330")
        #expect(cell.key == 339_638_376_531_246_140)
        #expect(try GeoSOTCell.key(for: point) == 339_638_376_531_246_140)
        #expect(try GeoSOTCell(code: "G001023122-203103-131010.33003300330") == cell)
        #expect(try GeoSOTCell(code: "G00102312220310313101033003300330") == cell)
    }

    @Test("vector 13 (oracle): GGER 2D level 15 and 3D level 32 at 100 m")
    func ggerOrder() throws {
        let point = GeoPoint(longitude: 116.315_222, latitude: 39.910_278)
        #expect(try GeoSOTCell(containing: point, level: 15).code == "G001310322230230")
        let cell = try GeoSOTCell3D(containing: point, heightMeters: 100, level: 32)
        #expect(cell.code == "GZ00262064446046062063523002211204")
        #expect(try GeoSOTCell3D(code: "GZ00262064446046062063523002211204") == cell)
        #expect(cell.footprint == (try GeoSOTCell(containing: point, level: 32)))
    }

    static let regression: [(String, Double, Double, String)] = [
        ("New York", -73.9857, 40.7484, "G101203001313211"),
        ("Sydney", 151.2093, -33.8688, "G210210113221300"),
    ]

    @Test("vector 14 (regression): western and southern points carry the sign bits", arguments: regression)
    func hemispheres(name: String, longitude: Double, latitude: Double, code: String) throws {
        let cell = try GeoSOTCell(containing: GeoPoint(longitude: longitude, latitude: latitude), level: 15)
        #expect(cell.code == code, "\(name)")
    }

    static let levels = Gen.int(in: 0...32)

    @Test("a point's key lies in the key range of its cell at every level, and the box contains the point")
    func keyRanges() async {
        await propertyCheck(count: 2000, input: globalPointGen, Self.levels) { point, level throws in
            let key = try GeoSOTCell.key(for: point)
            let cell = try GeoSOTCell(containing: point, level: level)
            #expect(cell.keyRange.contains(key))
            #expect(cell.contains(key: key))
            #expect(cell.contains(GeoSOTCell(key: key, level: 32)))
            let box = try #require(cell.bounds)
            #expect(loosely(box, contains: point), "\(point) not in \(box) at level \(level)")
            #expect(try GeoSOTCell(code: cell.code) == cell)
            #expect(try GeoSOTCell(code: cell.groupedCode) == cell)
            #expect(cell.code.utf8.count == level + 1)
            if let parent = cell.parent {
                #expect(parent.contains(cell) && parent < cell)
                #expect(parent.children.contains(cell))
                #expect(parent.keyRange.lowerBound <= cell.keyRange.lowerBound)
                #expect(parent.keyRange.upperBound >= cell.keyRange.upperBound)
            }
        }
    }

    @Test("children split the key range into four contiguous, ordered quarters")
    func childrenPartitionKeys() async {
        await propertyCheck(count: 300, input: globalPointGen, Gen.int(in: 0...31)) { point, level throws in
            let cell = try GeoSOTCell(containing: point, level: level)
            let children = cell.children
            #expect(children.count == 4)
            #expect(children.first?.keyRange.lowerBound == cell.keyRange.lowerBound)
            #expect(children.last?.keyRange.upperBound == cell.keyRange.upperBound)
            for (left, right) in zip(children, children.dropFirst()) {
                #expect(left.keyRange.upperBound + 1 == right.keyRange.lowerBound)
                #expect(left < right)
            }
        }
    }

    @Test("key order keeps a cell just before its descendants and after earlier siblings")
    func ordering() throws {
        let a = try GeoSOTCell(code: "G0013")
        let b = try GeoSOTCell(code: "G00130")
        let c = try GeoSOTCell(code: "G00131")
        let d = try GeoSOTCell(code: "G002")
        #expect([d, c, b, a].sorted() == [a, b, c, d])
    }

    @Test("virtual cells (minutes 60-63) have no bounds; real ones do")
    func virtualCells() throws {
        // Level 15 keeps sign, 8 degree bits and 6 minute bits; minute 60 is virtual.
        let real = try GeoSOTCell(containing: GeoPoint(longitude: 0.99, latitude: 0.99), level: 15)
        #expect(real.bounds != nil)
        let sixty = try GeoSOTCell(code: "G000000000" + "333300")  // degree 0, minutes 60 on both axes
        #expect(sixty.bounds == nil)
    }

    @Test("BeiDou levels 4-10 convert to GeoSOT levels 15-32 and back, covering the same box")
    func beiDouConversion() async {
        await propertyCheck(count: 1000, input: pointGen, Gen.int(in: 4...10)) { point, level throws in
            let beiDou = try BeiDouCell(containing: point, level: level)
            let geoSOT = try GeoSOTCell(beiDou)
            #expect(geoSOT.level == [15, 19, 20, 23, 26, 29, 32][level - 4])
            #expect(geoSOT.bounds == beiDou.bounds)
            #expect(try BeiDouCell(geoSOT) == beiDou)
        }
    }

    @Test("conversions at levels that are not shared, and of virtual or polar cells, are rejected")
    func conversionErrors() throws {
        let coarse = try BeiDouCell(code: "N50J475")
        #expect(gridError { () throws(GridError) in try GeoSOTCell(coarse) }?.kind == .notConvertible)
        let level16 = try GeoSOTCell(containing: GeoPoint(longitude: 1, latitude: 1), level: 16)
        #expect(gridError { () throws(GridError) in try BeiDouCell(level16) }?.kind == .notConvertible)
        let polar = try GeoSOTCell(containing: GeoPoint(longitude: 1, latitude: 89), level: 15)
        #expect(gridError { () throws(GridError) in try BeiDouCell(polar) }?.kind == .polarCap)
        let virtual = try GeoSOTCell(code: "G000000000333300")
        #expect(gridError { () throws(GridError) in try BeiDouCell(virtual) }?.kind == .notConvertible)
    }

    /// (code, zero-based offset, words the message must contain)
    static let invalidCodes: [(String, Int, String)] = [
        ("", 0, "starts with G"),
        ("g0", 0, "upper case"),
        ("G4", 1, "expected 0-3"),
        ("G0-0", 2, "out of place"),
        ("G001310322.2", 10, "wrong separator"),
        ("G001310322-", 11, "a digit must follow"),
        ("G" + String(repeating: "0", count: 33), 33, "32 digits"),
    ]

    @Test("invalid GeoSOT codes are rejected at the right character", arguments: invalidCodes)
    func invalidCodesRejected(code: String, offset: Int, words: String) {
        let error = gridError { () throws(GridError) in try GeoSOTCell(code: code) }
        #expect(error?.kind == .invalidCode)
        #expect(error?.offset == offset)
        #expect(error?.message.contains(words) == true, "\(error?.message ?? "no error")")
    }

    @Test("3D keys: the point lies in its cell at every level; footprint and height match the 2D and height codes")
    func threeDimensional() async {
        await propertyCheck(count: 1000, input: globalPointGen, heightGen, Self.levels) { point, height, level throws in
            let key = try GeoSOTCell3D.key(for: point, heightMeters: height)
            let cell = try GeoSOTCell3D(containing: point, heightMeters: height, level: level)
            #expect(cell.keyRange.contains(key))
            #expect(cell.contains(GeoSOTCell3D(key: key, level: 32)))
            #expect(cell.footprint == (try GeoSOTCell(containing: point, level: level)))
            let range = try #require(cell.heightRangeMeters)
            #expect(height >= range.lowerBound - 1e-6 && height <= range.upperBound + 1e-6, "\(height) in \(range)")
            #expect(try GeoSOTCell3D(code: cell.code) == cell)
            if let parent = cell.parent {
                #expect(parent.contains(cell) && parent < cell)
                #expect(parent.children.contains(cell))
            }
        }
    }

    @Test("BeiDou 3D cells convert to GeoSOT 3D cells at shared levels and back")
    func threeDimensionalConversion() async {
        await propertyCheck(count: 500, input: pointGen, heightGen, Gen.int(in: 4...10)) {
            point, height, level throws in
            let beiDou = try BeiDouCell3D(containing: point, heightMeters: height, level: level)
            let geoSOT = try GeoSOTCell3D(beiDou)
            #expect(try BeiDouCell3D(geoSOT) == beiDou)
            let key = try GeoSOTCell3D.key(for: point, heightMeters: height)
            // Clamped BeiDou cells (180°, western 6° meridians) hold points whose own keys lie in the next cell.
            if point.longitude.truncatingRemainder(dividingBy: 6) != 0 {
                #expect(geoSOT.keyRange.contains(key))
            }
        }
    }

    @Test("level 0 is the whole globe: code G, the full key range, no parent")
    func levelZero() throws {
        let root = try GeoSOTCell(code: "G")
        #expect(root.level == 0 && root.parent == nil)
        #expect(root.keyRange == 0...UInt64.max)
        #expect(root.bounds == (try GeoBox(west: -180, south: -90, east: 180, north: 90)))
        #expect(root.children.map(\.code) == ["G0", "G1", "G2", "G3"])
        let root3D = try GeoSOTCell3D(code: "GZ")
        #expect(root3D.keyRange == GeoSOTKey3D.min...GeoSOTKey3D(high: .max, low: .max))
        #expect(root3D.children.count == 8)
        let leaf = try GeoSOTCell(containing: GeoPoint(longitude: 1, latitude: 1))
        #expect(leaf.level == 32 && leaf.children.isEmpty && leaf.keyRange.count == 1)
    }
}
