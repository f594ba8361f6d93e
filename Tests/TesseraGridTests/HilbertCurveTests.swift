import PropertyBased
import TesseraGrid
import Testing

@Suite("Hilbert curve: a bijection whose consecutive indices are adjacent cells")
struct HilbertCurveTests {
    @Test("small orders: every cell visited once, each step moves to an edge neighbour", arguments: 1...6)
    func exhaustive(order: Int) {
        let curve = HilbertCurve(order: order)
        let count = curve.sideLength * curve.sideLength
        var seen = Set<UInt64>()
        var previous = curve.coordinates(at: 0)
        #expect(previous == (0, 0))
        for index in 0..<count {
            let (x, y) = curve.coordinates(at: index)
            #expect(UInt64(x) < curve.sideLength && UInt64(y) < curve.sideLength)
            #expect(curve.index(x: x, y: y) == index)
            seen.insert(UInt64(x) << 32 | UInt64(y))
            if index > 0 {
                let step = abs(Int(x) - Int(previous.x)) + abs(Int(y) - Int(previous.y))
                #expect(step == 1, "order \(order): \(index - 1) -> \(index)")
            }
            previous = (x, y)
        }
        #expect(seen.count == Int(count))
        #expect(curve.coordinates(at: count - 1) == (UInt32(curve.sideLength - 1), 0))
    }

    @Test("order 2 matches the textbook curve")
    func orderTwo() {
        let curve = HilbertCurve(order: 2)
        let path = (0..<16).map { curve.coordinates(at: UInt64($0)) }.map { [$0.x, $0.y] }
        #expect(
            path == [
                [0, 0], [1, 0], [1, 1], [0, 1], [0, 2], [0, 3], [1, 3], [1, 2],
                [2, 2], [2, 3], [3, 3], [3, 2], [3, 1], [2, 1], [2, 0], [3, 0],
            ])
    }

    @Test("any order: index and coordinates invert each other and neighbours along the curve touch")
    func bijection() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 1...32), Gen.uint64()) { order, raw throws in
            let curve = HilbertCurve(order: order)
            let index = order == 32 ? raw : raw % (curve.sideLength * curve.sideLength)
            let (x, y) = curve.coordinates(at: index)
            #expect(curve.index(x: x, y: y) == index)
            let mask = UInt32(truncatingIfNeeded: curve.sideLength - 1)
            let (x2, y2) = (UInt32(truncatingIfNeeded: raw >> 32) & mask, UInt32(truncatingIfNeeded: raw) & mask)
            #expect(curve.coordinates(at: curve.index(x: x2, y: y2)) == (x2, y2))
            if index < .max, order == 32 || index + 1 < curve.sideLength * curve.sideLength {
                let next = curve.coordinates(at: index + 1)
                let step = abs(Int64(next.x) - Int64(x)) + abs(Int64(next.y) - Int64(y))
                #expect(step == 1)
            }
        }
    }

    @Test("points map into the grid, clamped at the edges")
    func points() {
        let curve = HilbertCurve(order: 16)
        #expect(curve.index(of: GeoPoint(longitude: -180, latitude: -90)) == 0)
        let corner = curve.index(of: GeoPoint(longitude: 180, latitude: -90))
        #expect(curve.coordinates(at: corner) == (65_535, 0))
        #expect(curve.index(of: GeoPoint(longitude: 500, latitude: -500)) == corner)
        #expect(curve.index(of: GeoPoint(longitude: .nan, latitude: .nan)) == 0)
    }
}
