import PropertyBased
import TesseraGeometry

/// Random geometries of every kind, 2D or 3D throughout, for round-trip tests.
enum RandomGeometry {
    /// A property-test generator of geometries, half of them with heights.
    static let generator = Generator<Geometry, Shrink.None<Geometry>>(run: { rng in
        let hasZ = Bool.random(using: &rng)
        return make(using: &rng, hasZ: hasZ, depth: 0)
    })

    static func make(using rng: inout some RandomNumberGenerator, hasZ: Bool, depth: Int) -> Geometry {
        switch Int.random(in: 0..<(depth < 2 ? 7 : 6), using: &rng) {
        case 0: return .point(coordinate(using: &rng, hasZ: hasZ))
        case 1: return .lineString(path(using: &rng, hasZ: hasZ, allowEmpty: true))
        case 2: return .polygon(polygon(using: &rng, hasZ: hasZ))
        case 3:
            return .multiPoint(
                (0..<Int.random(in: 0...4, using: &rng)).map { _ in coordinate(using: &rng, hasZ: hasZ) })
        case 4:
            return .multiLineString(
                (0..<Int.random(in: 0...3, using: &rng)).map { _ in path(using: &rng, hasZ: hasZ, allowEmpty: false) })
        case 5:
            return .multiPolygon(
                (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                    var rings = polygon(using: &rng, hasZ: hasZ)
                    if rings.isEmpty { rings = [ring(using: &rng, hasZ: hasZ)] }
                    return rings
                })
        default:
            return .geometryCollection(
                (0..<Int.random(in: 0...3, using: &rng)).map { _ in make(using: &rng, hasZ: hasZ, depth: depth + 1) })
        }
    }

    static func polygon(using rng: inout some RandomNumberGenerator, hasZ: Bool) -> [[Coordinate]] {
        (0..<Int.random(in: 0...3, using: &rng)).map { _ in ring(using: &rng, hasZ: hasZ) }
    }

    static func path(using rng: inout some RandomNumberGenerator, hasZ: Bool, allowEmpty: Bool) -> [Coordinate] {
        if allowEmpty && Int.random(in: 0..<6, using: &rng) == 0 { return [] }
        return (0..<Int.random(in: 2...6, using: &rng)).map { _ in coordinate(using: &rng, hasZ: hasZ) }
    }

    /// A closed ring of 4 to 7 positions (not necessarily simple).
    static func ring(using rng: inout some RandomNumberGenerator, hasZ: Bool) -> [Coordinate] {
        var points = (0..<Int.random(in: 3...6, using: &rng)).map { _ in coordinate(using: &rng, hasZ: hasZ) }
        points.append(points[0])
        return points
    }

    static func coordinate(using rng: inout some RandomNumberGenerator, hasZ: Bool) -> Coordinate {
        Coordinate(
            number(in: 180, using: &rng), number(in: 90, using: &rng),
            hasZ ? number(in: 9000, using: &rng) : nil)
    }

    /// Integers, short decimals, full-precision doubles and tiny magnitudes, to exercise number spelling.
    static func number(in limit: Double, using rng: inout some RandomNumberGenerator) -> Double {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return Double(Int.random(in: -Int(limit)...Int(limit), using: &rng))
        case 1: return (Double.random(in: -limit...limit, using: &rng) * 1e6).rounded() / 1e6
        case 2: return Double.random(in: 1e-9...1e-5, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
        default: return Double.random(in: -limit...limit, using: &rng)
        }
    }
}
