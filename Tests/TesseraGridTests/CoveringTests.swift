import PropertyBased
import TesseraGrid
import Testing

/// Boxes of all sizes from millimetres to tens of degrees, anywhere on the globe.
private let boxGen = zip(globalPointGen, Gen.double(in: -7...1.5), Gen.double(in: -7...1.5)).map {
    centre, logWidth, logHeight -> GeoBox? in
    let halfWidth = pow10(logWidth)
    let halfHeight = pow10(logHeight)
    return try? GeoBox(
        west: max(centre.longitude - halfWidth, -180), south: max(centre.latitude - halfHeight, -90),
        east: min(centre.longitude + halfWidth, 180), north: min(centre.latitude + halfHeight, 90))
}

private let capGen = Gen.int(in: 1...128)

/// 10^exponent without Foundation.
private func pow10(_ exponent: Double) -> Double {
    var result = 1.0
    var remaining = exponent
    while remaining >= 1 {
        result *= 10
        remaining -= 1
    }
    while remaining <= -1 {
        result /= 10
        remaining += 1
    }
    // 10^r for |r| < 1 from a short series of e^(r ln 10).
    let y = remaining * 2.302_585_092_994_046
    var term = 1.0
    var sum = 1.0
    for n in 1...30 {
        term *= y / Double(n)
        sum += term
    }
    return result * sum
}

/// Whether some range of a sorted, disjoint list contains `key`.
private func covered<Key: Comparable>(_ key: Key, by ranges: [ClosedRange<Key>]) -> Bool {
    var low = 0
    var high = ranges.count
    while low < high {
        let middle = (low + high) / 2
        if ranges[middle].upperBound < key { low = middle + 1 } else { high = middle }
    }
    return low < ranges.count && ranges[low].contains(key)
}

/// Checks the shape of a covering: sorted, disjoint, not adjacent (merged), within the cap.
private func expectWellFormed<Key: Comparable>(_ ranges: [ClosedRange<Key>], cap: Int) {
    #expect(!ranges.isEmpty)
    #expect(ranges.count <= cap)
    for (left, right) in zip(ranges, ranges.dropFirst()) {
        #expect(left.upperBound < right.lowerBound)
    }
}

/// Sample points of a box: corners, edge midpoints, centre and random interior points.
private func samples(of box: GeoBox, random: inout some RandomNumberGenerator) -> [GeoPoint] {
    var points: [GeoPoint] = []
    for longitude in [box.west, (box.west + box.east) / 2, box.east] {
        for latitude in [box.south, (box.south + box.north) / 2, box.north] {
            points.append(GeoPoint(longitude: longitude, latitude: latitude))
        }
    }
    for _ in 0..<200 {
        points.append(
            GeoPoint(
                longitude: box.west == box.east ? box.west : Double.random(in: box.west...box.east, using: &random),
                latitude: box.south == box.north ? box.south : Double.random(in: box.south...box.north, using: &random))
        )
    }
    return points
}

/// A deterministic generator for sample points, seeded by the property test's input.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Covering: capped, sorted key ranges with no false negatives")
struct CoveringTests {
    @Test("boxes: every point inside has its key in a range; ranges sorted, disjoint, at most the cap")
    func boxes() async {
        await propertyCheck(count: 300, input: boxGen, capGen, Gen.uint64()) { box, cap, seed throws in
            guard let box else { return }
            let ranges = GeoSOTCoverer(maxRanges: cap).ranges(covering: box)
            expectWellFormed(ranges, cap: cap)
            var random = SplitMix(state: seed)
            for point in samples(of: box, random: &random) {
                #expect(covered(try GeoSOTCell.key(for: point), by: ranges), "\(point) in \(box), cap \(cap)")
            }
        }
    }

    @Test("polygons: every point inside or on the boundary is covered")
    func polygons() async {
        let shapes = zip(globalPointGen, Gen.double(in: -5...1), Gen.int(in: 3...40), Gen.uint64())
        await propertyCheck(count: 200, input: shapes, capGen) { shape, cap throws in
            let (centre, logRadius, vertexCount, seed) = shape
            var random = SplitMix(state: seed)
            guard let polygon = starPolygon(centre, radius: pow10(logRadius), vertexCount, &random) else { return }
            let ranges = GeoSOTCoverer(maxRanges: cap).ranges(covering: polygon)
            expectWellFormed(ranges, cap: cap)
            var points = polygon.vertices
            for (a, b) in zip(polygon.vertices, polygon.vertices.dropFirst() + [polygon.vertices[0]]) {
                points.append(
                    GeoPoint(longitude: (a.longitude + b.longitude) / 2, latitude: (a.latitude + b.latitude) / 2))
            }
            points += samples(of: polygon.bounds, random: &random).filter { polygon.contains($0) }
            for point in points where polygon.contains(point) {
                #expect(covered(try GeoSOTCell.key(for: point), by: ranges), "\(point), cap \(cap)")
            }
        }
    }

    @Test("3D boxes: every point inside at every height inside is covered")
    func boxes3D() async {
        let heights = zip(Gen.double(in: -30_000...30_000), Gen.double(in: 0...20_000))
        await propertyCheck(count: 150, input: boxGen, heights, capGen, Gen.uint64()) { box, height, cap, seed throws in
            guard let box else { return }
            let (bottom, thickness) = height
            let volume = try GeoBox3D(footprint: box, minHeightMeters: bottom, maxHeightMeters: bottom + thickness)
            let ranges = GeoSOTCoverer(maxRanges: cap).ranges(covering: volume)
            expectWellFormed(ranges, cap: cap)
            var random = SplitMix(state: seed)
            for point in samples(of: box, random: &random).prefix(80) {
                for h in [bottom, bottom + thickness, bottom + Double.random(in: 0...thickness, using: &random)] {
                    let key = try GeoSOTCell3D.key(for: point, heightMeters: h)
                    #expect(covered(key, by: ranges), "\(point) at \(h) m, cap \(cap)")
                }
            }
        }
    }

    @Test("a box that is exactly one 1' cell is covered by that cell's key range alone")
    func alignedBox() throws {
        let cell = try GeoSOTCell(containing: GeoPoint(longitude: 116.31, latitude: 39.91), level: 15)
        let bounds = try #require(cell.bounds)
        let box = try GeoBox(
            west: bounds.west, south: bounds.south, east: bounds.east - 1e-9, north: bounds.north - 1e-9)
        #expect(GeoSOTCoverer().ranges(covering: box) == [cell.keyRange])
    }

    @Test("a cap of one range returns one range holding the whole region")
    func capOfOne() throws {
        let box = try GeoBox(west: -1, south: -1, east: 1, north: 1)
        let ranges = GeoSOTCoverer(maxRanges: 1).ranges(covering: box)
        #expect(ranges.count == 1)
        for point in [GeoPoint(longitude: -1, latitude: -1), GeoPoint(longitude: 1, latitude: 1)] {
            #expect(covered(try GeoSOTCell.key(for: point), by: ranges))
        }
    }

    @Test("a city-block box with the default cap stays tight: few keys outside the box")
    func tightness() throws {
        let box = try GeoBox(west: 116.30, south: 39.90, east: 116.31, north: 39.91)
        let ranges = GeoSOTCoverer().ranges(covering: box)
        #expect(ranges.count <= GeoSOTCoverer.defaultMaxRanges)
        // Sample a 3x larger box: the covering must not take in most of the surroundings.
        var random = SplitMix(state: 42)
        var outside = 0
        var falsePositives = 0
        for _ in 0..<2000 {
            let point = GeoPoint(
                longitude: Double.random(in: 116.29...116.32, using: &random),
                latitude: Double.random(in: 39.89...39.92, using: &random))
            guard !box.contains(point) else { continue }
            outside += 1
            if covered(try GeoSOTCell.key(for: point), by: ranges) { falsePositives += 1 }
        }
        #expect(falsePositives * 4 < outside, "\(falsePositives) of \(outside)")
    }

    @Test("bad boxes and polygons are rejected")
    func badShapes() {
        #expect(
            gridError { () throws(GridError) in try GeoBox(west: 10, south: 0, east: 5, north: 1) }?.kind
                == .invalidShape)
        #expect(
            gridError { () throws(GridError) in try GeoBox(west: 0, south: 0, east: 181, north: 1) }?.kind
                == .invalidCoordinate)
        let twoPoints = [
            GeoPoint(longitude: 0, latitude: 0), GeoPoint(longitude: 1, latitude: 1),
            GeoPoint(longitude: 0, latitude: 0),
        ]
        #expect(gridError { () throws(GridError) in try GeoPolygon(vertices: twoPoints) }?.kind == .invalidShape)
    }

    @Test("polygon containment: even-odd inside, boundary counts, outside rejected")
    func polygonContains() throws {
        // An L shape.
        let polygon = try GeoPolygon(vertices: [
            GeoPoint(longitude: 0, latitude: 0), GeoPoint(longitude: 2, latitude: 0),
            GeoPoint(longitude: 2, latitude: 1),
            GeoPoint(longitude: 1, latitude: 1), GeoPoint(longitude: 1, latitude: 2),
            GeoPoint(longitude: 0, latitude: 2),
            GeoPoint(longitude: 0, latitude: 0),
        ])
        #expect(polygon.vertices.count == 6)
        #expect(polygon.contains(GeoPoint(longitude: 0.5, latitude: 0.5)))
        #expect(polygon.contains(GeoPoint(longitude: 0.5, latitude: 1.5)))
        #expect(!polygon.contains(GeoPoint(longitude: 1.5, latitude: 1.5)))
        #expect(polygon.contains(GeoPoint(longitude: 1.5, latitude: 1)))
        #expect(polygon.contains(GeoPoint(longitude: 0, latitude: 2)))
        #expect(!polygon.contains(GeoPoint(longitude: -0.1, latitude: 1)))
    }
}

/// A star-shaped polygon: vertices at increasing angles around `centre`, random radii.
private func starPolygon(
    _ centre: GeoPoint, radius: Double, _ count: Int, _ random: inout SplitMix
) -> GeoPolygon? {
    // s in (-1, 1) maps monotonically to u = tan(angle / 2), and u to a point on the unit circle.
    let steps = (0..<count).map { _ in Double.random(in: -0.999...0.999, using: &random) }.sorted()
    var vertices: [GeoPoint] = []
    for s in steps {
        let r = radius * Double.random(in: 0.2...1, using: &random)
        let u = s / (1 - s.magnitude)
        let x = (1 - u * u) / (1 + u * u)
        let y = 2 * u / (1 + u * u)
        vertices.append(
            GeoPoint(
                longitude: min(max(centre.longitude + r * x, -180), 180),
                latitude: min(max(centre.latitude + r * y, -90), 90)))
    }
    return try? GeoPolygon(vertices: vertices)
}
