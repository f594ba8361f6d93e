/// The Hilbert curve on a 2^16 × 2^16 grid, used to order boxes for packing.
enum Hilbert {
    /// The side of the grid.
    static let side: UInt32 = 1 << 16

    /// The distance along the curve of cell (x, y), both below ``side``.
    static func index(x: UInt32, y: UInt32) -> UInt64 {
        var x = x
        var y = y
        var distance: UInt64 = 0
        var s = side / 2
        while s > 0 {
            let rx: UInt32 = (x & s) != 0 ? 1 : 0
            let ry: UInt32 = (y & s) != 0 ? 1 : 0
            distance += UInt64(s) * UInt64(s) * UInt64((3 * rx) ^ ry)
            // Rotate the quadrant so the curve inside it starts and ends where the next level expects.
            if ry == 0 {
                if rx == 1 {
                    x = side - 1 - x
                    y = side - 1 - y
                }
                swap(&x, &y)
            }
            s /= 2
        }
        return distance
    }
}
