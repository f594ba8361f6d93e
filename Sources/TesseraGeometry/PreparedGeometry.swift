internal import CGEOS

/// A geometry prepared once for many predicate tests against other geometries (GEOS prepared geometry:
/// indexed segments and a cached point-in-polygon locator).
///
/// Owns its GEOS geometry and prepared geometry and keeps its ``GeometryEngine`` (and so the GEOS context) alive;
/// like the engine it is not `Sendable` (geos_c.h: prepared geometries are not safe for concurrent use).
public final class PreparedGeometry {
    /// The geometry that was prepared.
    public let geometry: Geometry
    private let engine: GeometryEngine
    private let raw: OpaquePointer
    private let prepared: OpaquePointer
    private let box: BoundingBox?
    /// The geometry in the local projection used for distances in metres, made on first use.
    private var projected: (LocalProjection.Equirectangular, OpaquePointer)?

    init(_ geometry: Geometry, engine: GeometryEngine) throws(GeometryError) {
        self.geometry = geometry
        self.engine = engine
        box = geometry.boundingBox
        let raw = try engine.makeGEOS(geometry)
        guard let prepared = GEOSPrepare_r(engine.context, raw) else {
            GEOSGeom_destroy_r(engine.context, raw)
            throw engine.failure("prepare")
        }
        self.raw = raw
        self.prepared = prepared
    }

    deinit {
        // geos_c.h: the prepared geometry refers to `raw`, so it goes first.
        GEOSPreparedGeom_destroy_r(engine.context, prepared)
        GEOSGeom_destroy_r(engine.context, raw)
        if let projected { GEOSGeom_destroy_r(engine.context, projected.1) }
    }

    /// Whether the prepared geometry and `other` share a point.
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        try test(other, "intersects", GEOSPreparedIntersects_r)
    }

    /// Whether the prepared geometry contains `other`.
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        try test(other, "contains", GEOSPreparedContains_r)
    }

    /// Whether `other` lies in the interior of the prepared geometry, not touching its boundary.
    public func containsProperly(_ other: Geometry) throws(GeometryError) -> Bool {
        try test(other, "containsProperly", GEOSPreparedContainsProperly_r)
    }

    /// Whether no point of `other` lies outside the prepared geometry.
    public func covers(_ other: Geometry) throws(GeometryError) -> Bool {
        try test(other, "covers", GEOSPreparedCovers_r)
    }

    /// Whether no point of the prepared geometry lies outside `other`.
    public func isCoveredBy(_ other: Geometry) throws(GeometryError) -> Bool {
        try test(other, "coveredBy", GEOSPreparedCoveredBy_r)
    }

    /// Whether the prepared geometry lies within `other`.
    public func isWithin(_ other: Geometry) throws(GeometryError) -> Bool {
        try test(other, "within", GEOSPreparedWithin_r)
    }

    /// The planar distance to `other` in degrees of the longitude/latitude plane.
    public func distance(to other: Geometry) throws(GeometryError) -> Double {
        try engine.withGEOS(other) { (rawOther) throws(GeometryError) in
            var result = 0.0
            guard GEOSPreparedDistance_r(engine.context, prepared, rawOther, &result) == 1 else {
                throw engine.failure("distance")
            }
            return result
        }
    }

    /// The distance in metres to `other`, as ``GeometryEngine/distanceMeters(_:_:)`` computes it but with the
    /// projection centred on the prepared geometry.
    public func distanceMeters(to other: Geometry) throws(GeometryError) -> Double {
        guard box != nil, other.boundingBox != nil else {
            throw GeometryError(.invalid, "the distance to an empty geometry is undefined")
        }
        if geometry.isPuntal && other.isPuntal {
            return GeometryEngine.pointSetDistanceMeters(geometry, other, stopAt: 0)
        }
        let (projection, projectedRaw) = try projectedGeometry()
        return try engine.witnessDistanceMeters(projectedRaw, other, projection)
    }

    /// Whether `other` comes within `radiusMeters` on the WGS84 ellipsoid; see
    /// ``GeometryEngine/isWithinDistance(_:_:radiusMeters:)`` for the method.
    public func isWithinDistance(of other: Geometry, radiusMeters: Double) throws(GeometryError) -> Bool {
        precondition(radiusMeters >= 0 && radiusMeters.isFinite, "radius must be finite and not negative")
        guard let box, other.boundingBox != nil else { return false }
        if geometry.isPuntal && other.isPuntal {
            return GeometryEngine.pointSetDistanceMeters(geometry, other, stopAt: radiusMeters) <= radiusMeters
        }
        if let degrees = GeometryEngine.conservativeDegrees(radiusMeters: radiusMeters, around: box) {
            let near = try engine.withGEOS(other) { (rawOther) throws(GeometryError) in
                try engine.predicate(
                    GEOSPreparedDistanceWithin_r(engine.context, prepared, rawOther, degrees), "distance within")
            }
            guard near else { return false }
        }
        return try distanceMeters(to: other) <= radiusMeters
    }

    private func test(
        _ other: Geometry, _ name: String,
        _ function: (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> CChar
    ) throws(GeometryError) -> Bool {
        try engine.withGEOS(other) { (rawOther) throws(GeometryError) in
            try engine.predicate(function(engine.context, prepared, rawOther), name)
        }
    }

    private func projectedGeometry() throws(GeometryError) -> (LocalProjection.Equirectangular, OpaquePointer) {
        if let projected { return projected }
        guard let box else { throw GeometryError(.invalid, "an empty geometry has no projection centre") }
        let projection = LocalProjection.Equirectangular(center: box.center)
        let made = (projection, try engine.makeGEOS(geometry.mapCoordinates(projection.forward)))
        projected = made
        return made
    }
}

extension GeometryEngine {
    /// Prepares `geometry` for repeated predicate tests; the result keeps this engine alive.
    public func prepare(_ geometry: Geometry) throws(GeometryError) -> PreparedGeometry {
        try PreparedGeometry(geometry, engine: self)
    }
}
