internal import CGEOS

extension GeometryEngine {
    /// The distance in metres on the WGS84 ellipsoid between the nearest points of the geometries.
    ///
    /// Between points and multipoints: the exact ellipsoidal distance (``Geodesic/distanceMeters(_:_:)``) of the
    /// nearest pair. Otherwise GEOS finds the nearest pair of points in a local equirectangular projection
    /// centred on the pair's bounding box and the result is the ellipsoidal distance between those two points:
    /// both lie on the geometries, so it never undercuts the true distance, and exceeds it only by the
    /// projection's scale change across the pair's extent (Docs/Geometry.md). Zero when the geometries meet.
    public func distanceMeters(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Double {
        guard let boxA = a.boundingBox, let boxB = b.boundingBox else {
            throw GeometryError(.invalid, "the distance to an empty geometry is undefined")
        }
        if a.isPuntal && b.isPuntal { return Self.pointSetDistanceMeters(a, b, stopAt: 0) }
        let projection = LocalProjection.Equirectangular(center: boxA.union(boxB).center)
        return try withGEOS(a.mapCoordinates(projection.forward)) { (rawA) throws(GeometryError) in
            try witnessDistanceMeters(rawA, b, projection)
        }
    }

    /// ``distanceMeters(_:_:)`` also across the antimeridian: the engine finds nearest points in the
    /// longitude/latitude plane, where two shapes on either side of longitude ±180 look a whole globe apart, so
    /// when the pair spans more than 180° of longitude the distance is also measured with `b` moved by 360° and
    /// the smaller result kept (both are distances between points of the two shapes, so neither undercuts the
    /// true distance).
    public func surfaceDistanceMeters(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Double {
        let direct = try distanceMeters(a, b)
        guard let boxA = a.boundingBox, let boxB = b.boundingBox else { return direct }
        let union = boxA.union(boxB)
        guard union.maxLongitude - union.minLongitude > 180, !(a.isPuntal && b.isPuntal) else { return direct }
        let shift = boxB.center.longitude < boxA.center.longitude ? 360.0 : -360.0
        let moved = b.mapCoordinates { Coordinate(longitude: $0.longitude + shift, latitude: $0.latitude, z: $0.z) }
        return min(direct, try distanceMeters(a, moved))
    }

    /// The distance in metres from a position to a geometry: the one definition that k-nearest searches rank by
    /// and the query language's `distance()` of a position and a geometry returns, so that the two agree to the
    /// last bit (``surfaceDistanceMeters(_:_:)`` with the position first; for a single point, the ellipsoidal
    /// distance ``Geodesic/distanceMeters(_:_:)`` from the position to it).
    public func distanceMeters(from position: Coordinate, to geometry: Geometry) throws(GeometryError) -> Double {
        if case .point(let target) = geometry { return Geodesic.distanceMeters(position, target) }
        return try surfaceDistanceMeters(.point(position), geometry)
    }

    /// Whether the geometries come within `radiusMeters` of each other on the WGS84 ellipsoid (ST_DWithin).
    ///
    /// First a conservative test in degrees rejects pairs that cannot be that close: the radius is converted
    /// with the smallest number of metres per degree anywhere the connecting path could run, so no true answer
    /// is lost. Survivors are decided with ``distanceMeters(_:_:)``: exactly for points, and for other geometries
    /// with the nearest-points witness described there.
    public func isWithinDistance(_ a: Geometry, _ b: Geometry, radiusMeters: Double) throws(GeometryError) -> Bool {
        precondition(radiusMeters >= 0 && radiusMeters.isFinite, "radius must be finite and not negative")
        guard let boxA = a.boundingBox, b.boundingBox != nil else { return false }
        if a.isPuntal && b.isPuntal { return Self.pointSetDistanceMeters(a, b, stopAt: radiusMeters) <= radiusMeters }
        if let degrees = Self.conservativeDegrees(radiusMeters: radiusMeters, around: boxA) {
            let near = try withGEOS(a, b) { (rawA, rawB) throws(GeometryError) in
                try predicate(GEOSDistanceWithin_r(context, rawA, rawB, degrees), "distance within")
            }
            guard near else { return false }
        }
        return try distanceMeters(a, b) <= radiusMeters
    }

    /// The ellipsoidal distance between the nearest points of `projectedA` (already projected) and `b`.
    func witnessDistanceMeters(
        _ projectedA: OpaquePointer, _ b: Geometry, _ projection: LocalProjection.Equirectangular
    ) throws(GeometryError) -> Double {
        try withGEOS(b.mapCoordinates(projection.forward)) { (rawB) throws(GeometryError) in
            guard let pair = GEOSNearestPoints_r(context, projectedA, rawB) else { throw failure("nearest points") }
            defer { GEOSCoordSeq_destroy_r(context, pair) }
            var (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0)
            guard GEOSCoordSeq_getXY_r(context, pair, 0, &x0, &y0) == 1,
                GEOSCoordSeq_getXY_r(context, pair, 1, &x1, &y1) == 1
            else { throw failure("nearest points") }
            return Geodesic.distanceMeters(
                projection.inverse(Coordinate(x0, y0)), projection.inverse(Coordinate(x1, y1)))
        }
    }

    /// The smallest ellipsoidal distance between the positions of two point sets; stops early at or below
    /// `stopAt`.
    static func pointSetDistanceMeters(_ a: Geometry, _ b: Geometry, stopAt: Double) -> Double {
        var best = Double.infinity
        a.forEachCoordinate { p in
            guard best > stopAt else { return }
            b.forEachCoordinate { q in
                guard best > stopAt else { return }
                best = min(best, Geodesic.distanceMeters(p, q))
            }
        }
        return best
    }

    /// A radius in degrees of the longitude/latitude plane that every path of at most `radiusMeters` starting
    /// in `box` stays within, or nil when the path could reach a pole (no finite bound).
    ///
    /// Such a path stays within `radiusMeters / M_min` degrees of latitude of the box (M_min = a(1 - e²), the
    /// smallest meridional radius), and along it a degree of longitude is at least as long as on the most
    /// poleward parallel it can reach; dividing by the smaller of the two lengths per degree bounds its planar
    /// length. A relative margin of 10⁻⁹ absorbs rounding.
    static func conservativeDegrees(radiusMeters: Double, around box: BoundingBox) -> Double? {
        let latitudeDegrees = radiusMeters / Geodesic.minimumMetersPerDegreeLatitude
        let poleward = max(abs(box.minLatitude - latitudeDegrees), abs(box.maxLatitude + latitudeDegrees))
        guard poleward < 89.999 else { return nil }
        let metersPerDegree = min(
            Geodesic.minimumMetersPerDegreeLatitude, Geodesic.minimumMetersPerDegreeLongitude(atLatitude: poleward))
        return radiusMeters / metersPerDegree * (1 + 1e-9)
    }
}
