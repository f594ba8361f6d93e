import PropertyBased
import TesseraGrid
import Testing

@Suite("BeiDou 2D codes: round trips, tiling, hemispheres, neighbours and rejected input")
struct BeiDouPropertyTests {
    @Test("decode(encode(p)) contains p at every level, and codes parse back to the same cell")
    func encodeDecodeContainsPoint() async {
        await propertyCheck(count: 2000, input: pointGen, beiDouLevelGen) { point, level throws in
            let cell = try BeiDouCell(containing: point, level: level)
            #expect(cell.level == level)
            #expect(loosely(cell.bounds, contains: point), "\(point) not in \(cell) \(cell.bounds)")
            let code = cell.code
            #expect(code.utf8.count == [4, 6, 7, 9, 11, 12, 14, 16, 18, 20][level - 1])
            #expect(try BeiDouCell(code: code) == cell)
            if let parent = cell.parent {
                #expect(code.hasPrefix(parent.code))
                #expect(try BeiDouCell(containing: point, level: level - 1) == parent)
            }
        }
    }

    @Test("mirroring: the same magnitudes west and south give the same digits")
    func hemispheresMirror() async {
        let magnitudes = zip(Gen.double(in: 0...179.999), Gen.double(in: 0.000_001...87.999), beiDouLevelGen)
        await propertyCheck(count: 1000, input: magnitudes) { longitude, latitude, level throws in
            // Western points on a 6° meridian clamp to the zone east of it, so they are not mirror images.
            guard longitude > 0, longitude.truncatingRemainder(dividingBy: 6) != 0 else { return }
            let east = try BeiDouCell(containing: GeoPoint(longitude: longitude, latitude: latitude), level: level)
            let west = try BeiDouCell(containing: GeoPoint(longitude: -longitude, latitude: -latitude), level: level)
            let eastCode = Array(east.code.utf8)
            let westCode = Array(west.code.utf8)
            #expect(eastCode[0] == UInt8(ascii: "N") && westCode[0] == UInt8(ascii: "S"))
            let eastZone = Int(eastCode[1] - 48) * 10 + Int(eastCode[2] - 48)
            let westZone = Int(westCode[1] - 48) * 10 + Int(westCode[2] - 48)
            #expect(eastZone + westZone == 61)
            #expect(eastCode[3...] == westCode[3...])
            #expect(east.column == -west.column - 1 && east.row == -west.row - 1)
        }
    }

    @Test("children tile their parent exactly", arguments: 1...9)
    func childrenTileParent(level: Int) async {
        await propertyCheck(count: 60, input: pointGen) { point throws in
            let cell = try BeiDouCell(containing: point, level: level)
            let children = cell.children
            let expected = [96, 6, 150, 225, 4, 64, 64, 64, 64][level - 1]
            #expect(children.count == expected)
            #expect(Set(children).count == expected)
            // The children are exactly the next level's cells within the parent's columns and rows.
            let ratioX = [12, 2, 15, 15, 2, 8, 8, 8, 8][level - 1]
            let ratioY = [8, 3, 10, 15, 2, 8, 8, 8, 8][level - 1]
            let columns = Set(children.map(\.column))
            let rows = Set(children.map(\.row))
            #expect(columns == Set(cell.column * ratioX..<(cell.column + 1) * ratioX))
            #expect(rows == Set(cell.row * ratioY..<(cell.row + 1) * ratioY))
            #expect(columns.count * rows.count == expected)
            for child in children {
                #expect(child.parent == cell)
                #expect(cell.contains(child))
                #expect(try BeiDouCell(code: child.code) == child)
                #expect(child.code.hasPrefix(cell.code))
            }
            let box = cell.bounds
            #expect(children.map(\.bounds.west).min() == box.west)
            #expect(children.map(\.bounds.east).max() == box.east)
            #expect(children.map(\.bounds.south).min() == box.south)
            #expect(children.map(\.bounds.north).max() == box.north)
            // The child holding the parent's centre is the one the encoder picks.
            let centre = GeoPoint(longitude: (box.west + box.east) / 2, latitude: (box.south + box.north) / 2)
            #expect(children.contains(try BeiDouCell(containing: centre, level: level + 1)))
        }
    }

    @Test("neighbours share an edge or a corner and wrap around the antimeridian")
    func neighboursTouch() async {
        await propertyCheck(count: 500, input: pointGen, beiDouLevelGen) { point, level throws in
            let cell = try BeiDouCell(containing: point, level: level)
            let box = cell.bounds
            for neighbour in cell.neighbors {
                #expect(neighbour.level == level)
                #expect(neighbour != cell)
                let other = neighbour.bounds
                let touchesInLongitude =
                    other.west == box.east || other.east == box.west || other.west == box.west
                    || (box.east == 180 && other.west == -180) || (box.west == -180 && other.east == 180)
                let touchesInLatitude = other.south == box.north || other.north == box.south || other.south == box.south
                #expect(touchesInLongitude && touchesInLatitude, "\(cell) and \(neighbour)")
                #expect(try BeiDouCell(code: neighbour.code) == neighbour)
            }
            #expect(cell.offset(eastward: 0, northward: 0) == cell)
            if let east = cell.offset(eastward: 1, northward: 0) {
                #expect(east.offset(eastward: -1, northward: 0) == cell)
            }
        }
    }

    @Test("neighbours stop at the polar limit and wrap at ±180°")
    func neighbourEdges() throws {
        let northEast = try BeiDouCell(containing: GeoPoint(longitude: 179.9, latitude: 87.9), level: 1)
        #expect(northEast.code == "N60V")
        #expect(northEast.neighbors.count == 5)
        #expect(northEast.offset(eastward: 0, northward: 1) == nil)
        #expect(northEast.offset(eastward: 1, northward: 0)?.code == "N01V")
        let equator = try BeiDouCell(containing: GeoPoint(longitude: 0.1, latitude: 0.1), level: 2)
        #expect(equator.offset(eastward: 0, northward: -1)?.code == "S31A00")
        #expect(equator.offset(eastward: -1, northward: 0)?.code == "N30A00")
    }

    static let polar: [Double] = [88, -88, 88.000_000_1, -89.5, 90, -90]

    @Test("|latitude| >= 88° is rejected as a polar cap", arguments: polar)
    func polarCapsRejected(latitude: Double) {
        let error = gridError { () throws(GridError) in
            try BeiDouCell(containing: GeoPoint(longitude: 116, latitude: latitude), level: 5)
        }
        #expect(error?.kind == .polarCap)
        #expect(error?.message.contains("88") == true)
    }

    static let invalid: [(Double, Double, Int, GridError.Kind)] = [
        (180.000_001, 0, 5, .invalidCoordinate), (-181, 0, 5, .invalidCoordinate), (.nan, 0, 5, .invalidCoordinate),
        (0, .nan, 5, .invalidCoordinate), (0, 90.5, 5, .invalidCoordinate), (0, -.infinity, 5, .invalidCoordinate),
        (0, 0, 0, .invalidLevel), (0, 0, 11, .invalidLevel),
    ]

    @Test("bad coordinates and levels are rejected with what is accepted", arguments: invalid)
    func badInputRejected(longitude: Double, latitude: Double, level: Int, kind: GridError.Kind) {
        let error = gridError { () throws(GridError) in
            try BeiDouCell(containing: GeoPoint(longitude: longitude, latitude: latitude), level: level)
        }
        #expect(error?.kind == kind)
    }

    @Test("the hierarchy ends at levels 1 and 10; ancestors agree with parents")
    func hierarchyEnds() throws {
        let top = try BeiDouCell(code: "S21I")
        #expect(top.parent == nil)
        #expect(top.children.count == 96)
        let bottom = try BeiDouCell(code: "S21I85176D3075022147")
        #expect(bottom.children.isEmpty)
        #expect(bottom.ancestor(atLevel: 1) == top)
        var cell = bottom
        while let parent = cell.parent {
            #expect(bottom.ancestor(atLevel: parent.level) == parent)
            #expect(parent.contains(bottom) && !bottom.contains(parent))
            cell = parent
        }
        #expect(cell == top)
    }
}
