internal import CGEOS

extension GeometryEngine {
    /// Whether the geometries share at least one point (DE-9IM intersects; boundaries count).
    public func intersects(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Bool {
        try withGEOS(a, b) { (rawA, rawB) throws(GeometryError) in
            try predicate(GEOSIntersects_r(context, rawA, rawB), "intersects")
        }
    }

    /// Whether `a` contains `b`: no point of `b` outside `a`, and some point of `b` in the interior of `a`.
    public func contains(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Bool {
        try withGEOS(a, b) { (rawA, rawB) throws(GeometryError) in
            try predicate(GEOSContains_r(context, rawA, rawB), "contains")
        }
    }

    /// Whether `a` lies within `b` (the converse of ``contains(_:_:)``).
    public func within(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Bool {
        try withGEOS(a, b) { (rawA, rawB) throws(GeometryError) in
            try predicate(GEOSWithin_r(context, rawA, rawB), "within")
        }
    }

    /// Whether no point of `b` lies outside `a` (like contains, but a `b` on `a`'s boundary counts).
    public func covers(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Bool {
        try withGEOS(a, b) { (rawA, rawB) throws(GeometryError) in
            try predicate(GEOSCovers_r(context, rawA, rawB), "covers")
        }
    }

    /// Whether no point of `a` lies outside `b` (the converse of ``covers(_:_:)``).
    public func coveredBy(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Bool {
        try withGEOS(a, b) { (rawA, rawB) throws(GeometryError) in
            try predicate(GEOSCoveredBy_r(context, rawA, rawB), "coveredBy")
        }
    }

    /// The planar distance between the geometries in degrees of the longitude/latitude plane (0 when they
    /// intersect). Use ``distanceMeters(_:_:)`` for metres.
    public func distance(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Double {
        try withGEOS(a, b) { (rawA, rawB) throws(GeometryError) in
            var result = 0.0
            guard GEOSDistance_r(context, rawA, rawB, &result) == 1 else { throw failure("distance") }
            return result
        }
    }

    /// The planar area in square degrees of the longitude/latitude plane. Use ``areaSquareMeters(of:)`` for m².
    public func area(of geometry: Geometry) throws(GeometryError) -> Double {
        try withGEOS(geometry) { (raw) throws(GeometryError) in
            var result = 0.0
            guard GEOSArea_r(context, raw, &result) == 1 else { throw failure("area") }
            return result
        }
    }

    /// The planar length (perimeter for polygons) in degrees of the longitude/latitude plane.
    /// ``Geometry/lengthMeters`` gives the ellipsoidal length in metres.
    public func length(of geometry: Geometry) throws(GeometryError) -> Double {
        try withGEOS(geometry) { (raw) throws(GeometryError) in
            var result = 0.0
            guard GEOSLength_r(context, raw, &result) == 1 else { throw failure("length") }
            return result
        }
    }

    /// The area in square metres: GEOS's planar area after a Lambert azimuthal equal-area projection of the
    /// WGS84 ellipsoid centred on the geometry's bounding box.
    ///
    /// The projection preserves area exactly at every point; what remains is the shape of the edges between
    /// vertices (straight in the projection rather than in longitude/latitude): a relative error that grows with
    /// the square of the size: below 10⁻⁸ at 1 km across, 10⁻⁶ at 10 km and 10⁻⁴ at 100 km (Docs/Geometry.md).
    public func areaSquareMeters(of geometry: Geometry) throws(GeometryError) -> Double {
        guard let box = geometry.boundingBox else { return 0 }
        let projection = LocalProjection.LambertEqualArea(center: box.center)
        return try area(of: geometry.mapCoordinates(projection.forward))
    }

    /// Whether the geometry is valid in the OGC sense, and if not why and where.
    public func validity(of geometry: Geometry) throws(GeometryError) -> Validity {
        try withGEOS(geometry) { (raw) throws(GeometryError) in
            var reason: UnsafeMutablePointer<CChar>?
            var location: OpaquePointer?
            let result = GEOSisValidDetail_r(context, raw, 0, &reason, &location)
            // Why unsafe: GEOS allocates the reason and location for the caller to free (geos_c.h,
            // GEOSisValidDetail); both are read and released before this closure returns.
            defer {
                if let reason { GEOSFree_r(context, reason) }
                if let location { GEOSGeom_destroy_r(context, location) }
            }
            switch result {
            case 1: return Validity(isValid: true, reason: nil, location: nil)
            case 0:
                let text = reason.map { String(cString: $0) } ?? "invalid geometry"
                return Validity(isValid: false, reason: text, location: location.flatMap(pointCoordinate))
            default: throw failure("validity check")
            }
        }
    }

    /// A valid geometry covering the same points (GEOS MakeValid: rings split at self-intersections, collapsed
    /// parts kept as lines or points). Only called when asked: Tessera never repairs input on its own.
    public func repaired(_ geometry: Geometry) throws(GeometryError) -> Geometry {
        try withGEOS(geometry) { (raw) throws(GeometryError) in
            guard let fixed = GEOSMakeValid_r(context, raw) else { throw failure("MakeValid") }
            defer { GEOSGeom_destroy_r(context, fixed) }
            return try self.geometry(from: fixed)
        }
    }

    /// The x/y of a GEOS point, or nil when it is empty.
    func pointCoordinate(_ raw: OpaquePointer) -> Coordinate? {
        var x = 0.0
        var y = 0.0
        guard GEOSGeomGetX_r(context, raw, &x) == 1, GEOSGeomGetY_r(context, raw, &y) == 1 else { return nil }
        return Coordinate(x, y)
    }
}

/// The outcome of an OGC validity check.
public struct Validity: Sendable, Equatable, CustomStringConvertible {
    /// Whether the geometry is valid.
    public let isValid: Bool
    /// Why not (GEOS's text, e.g. `Self-intersection`, `Too few points in geometry component`).
    public let reason: String?
    /// Where the rule is broken.
    public let location: Coordinate?

    /// Creates a validity outcome.
    public init(isValid: Bool, reason: String?, location: Coordinate?) {
        self.isValid = isValid
        self.reason = reason
        self.location = location
    }

    /// `Valid Geometry`, or the reason followed by the location as GEOSisValidReason writes it
    /// (`Self-intersection[0.5 0.5]`).
    public var description: String {
        guard !isValid else { return "Valid Geometry" }
        var text = reason ?? "Invalid Geometry"
        if let location { text += "[\(NumberText.format(location.longitude)) \(NumberText.format(location.latitude))]" }
        return text
    }
}
