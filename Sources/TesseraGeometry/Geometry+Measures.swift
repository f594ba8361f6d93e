extension Geometry {
    /// The length in metres on the WGS84 ellipsoid: the sum of the ellipsoidal distances between consecutive
    /// positions of every line and ring (the perimeter for polygons; 0 for points).
    public var lengthMeters: Double {
        switch self {
        case .point, .multiPoint: return 0
        case .lineString(let points): return Self.pathMeters(points)
        case .polygon(let lines), .multiLineString(let lines): return lines.reduce(0) { $0 + Self.pathMeters($1) }
        case .multiPolygon(let polygons):
            return polygons.reduce(0) { total, rings in rings.reduce(total) { $0 + Self.pathMeters($1) } }
        case .geometryCollection(let members): return members.reduce(0) { $0 + $1.lengthMeters }
        }
    }

    static func pathMeters(_ points: [Coordinate]) -> Double {
        guard points.count >= 2 else { return 0 }
        var total = 0.0
        for index in 1..<points.count { total += Geodesic.distanceMeters(points[index - 1], points[index]) }
        return total
    }
}
