/// A 2D Hilbert curve over a `2^order x 2^order` grid, for packing (sorting by the curve keeps neighbours close).
///
/// Consecutive indices are always edge-adjacent cells, which Morton order does not guarantee; Hilbert order
/// is the classic bulk-load order for R-trees (Kamel and Faloutsos, 1994).
public struct HilbertCurve: Hashable, Sendable {
    /// The number of bits per coordinate, 1...32.
    public let order: Int

    /// Creates a curve over a `2^order x 2^order` grid (order 1...32).
    public init(order: Int) {
        precondition(order >= 1 && order <= 32, "a Hilbert curve order must be 1...32")
        self.order = order
    }

    /// The number of cells along each side: `2^order`.
    @inlinable
    public var sideLength: UInt64 { 1 << UInt64(order) }

    /// The position of cell (`x`, `y`) along the curve, in `0 ..< sideLength^2`.
    @inlinable
    public func index(x: UInt32, y: UInt32) -> UInt64 {
        precondition(UInt64(x) < sideLength && UInt64(y) < sideLength, "a coordinate is outside the grid")
        var x = x
        var y = y
        var index: UInt64 = 0
        var bit = UInt32(truncatingIfNeeded: sideLength >> 1)
        while bit > 0 {
            let rx: UInt32 = x & bit != 0 ? 1 : 0
            let ry: UInt32 = y & bit != 0 ? 1 : 0
            index += UInt64(bit) * UInt64(bit) * UInt64((3 * rx) ^ ry)
            if ry == 0 {
                // Only the bits below `bit` matter from here on, so flipping all bits reflects the quadrant.
                if rx == 1 {
                    x = ~x
                    y = ~y
                }
                swap(&x, &y)
            }
            bit >>= 1
        }
        return index
    }

    /// The cell at position `index` (in `0 ..< sideLength^2`) along the curve.
    @inlinable
    public func coordinates(at index: UInt64) -> (x: UInt32, y: UInt32) {
        precondition(order == 32 || index < sideLength * sideLength, "the index is past the end of the curve")
        var x: UInt64 = 0
        var y: UInt64 = 0
        var rest = index
        var side: UInt64 = 1
        while side < sideLength {
            let rx = 1 & (rest >> 1)
            let ry = 1 & (rest ^ rx)
            if ry == 0 {
                if rx == 1 {
                    x = side - 1 - x
                    y = side - 1 - y
                }
                swap(&x, &y)
            }
            x += side * rx
            y += side * ry
            rest >>= 2
            side <<= 1
        }
        return (UInt32(truncatingIfNeeded: x), UInt32(truncatingIfNeeded: y))
    }

    /// The curve index of the grid cell holding a point, the grid spanning longitudes -180...180 (x) and
    /// latitudes -90...90 (y). Coordinates outside those ranges are clamped; NaN maps to 0.
    @inlinable
    public func index(of point: GeoPoint) -> UInt64 {
        index(x: cell(point.longitude, -180, 360), y: cell(point.latitude, -90, 180))
    }

    @inlinable
    func cell(_ value: Double, _ start: Double, _ span: Double) -> UInt32 {
        let scaled = (value - start) / span * Double(sideLength)
        guard scaled > 0 else { return 0 }  // also NaN
        return UInt32(min(scaled, Double(sideLength - 1)))  // truncation is the floor for positive values
    }
}
