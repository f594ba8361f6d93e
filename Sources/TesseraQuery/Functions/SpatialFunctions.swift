import TesseraGeometry

/// Spatial and grid functions: points, geometries, distance, predicates, bounding boxes, BeiDou codes.
///
/// Every function returns null when any argument is null. Geometries are WGS84 longitude/latitude; a
/// node stands for its geometry (null when it has none). Docs/QueryLanguage-Space.md documents each function.
enum SpatialFunctions {
    /// Accepted argument counts by lower-cased, possibly dotted function name.
    static let arities: [String: ClosedRange<Int>] = [
        "point": 1...1,
        "point.distance": 2...2,
        "distance": 2...2,
        "point.withinbbox": 3...3,
        "geometry": 1...1,
        "wkt": 1...1,
        "geojson": 1...1,
        "bbox": 4...4,
        "envelope": 1...1,
        "centroid": 1...1,
        "area": 1...1,
        "geometry.area": 1...1,
        "geometry.length": 1...1,
        "intersects": 2...2,
        "within": 2...2,
        "contains": 2...2,
        "dwithin": 3...3,
        "beidou": 2...2,
        "beidou3d": 2...2,
        "beidou.cell": 1...1,
        "beidou.contains": 2...2,
        "beidou.level": 1...1,
        "beidou.parent": 1...2,
    ]

    /// Calls function `name` (lower-cased); `nil` when no such spatial function exists.
    static func call(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        guard let arity = arities[name] else { return nil }
        guard arity.contains(arguments.count) else {
            throw QueryError.argument(
                "\(name)() takes \(arityText(arity)) arguments, got \(arguments.count)",
                detail: "InvalidNumberOfArguments")
        }
        if arguments.contains(where: { if case .null = $0 { true } else { false } }) { return .null }
        if let value = try callPointFunction(name, arguments) { return value }
        if let value = try callGeometryFunction(name, arguments) { return value }
        if let value = try callGridFunction(name, arguments) { return value }
        preconditionFailure("spatial function \(name) is listed in arities but not implemented")
    }

    /// `value.key` on a point (`p.x`, `p.latitude`, `p.srid`, `p.crs`); `nil` when `value` is no point.
    static func property(_ value: QueryValue, _ key: String) throws(QueryError) -> QueryValue? {
        guard case .point(let point) = value else { return nil }
        return try pointProperty(point, key)
    }

    /// The geometry a value stands for: a geometry, a geographic point, WKT or GeoJSON text, a GeoJSON-shaped
    /// map, or a node's geometry.
    ///
    /// Returns nil for null and for a node without geometry. Throws a type error for other kinds of value, and
    /// an argument error for text or maps that are not a geometry, coordinates out of range, or a Cartesian
    /// point (geometries are WGS84 only).
    static func geometry(of value: QueryValue) throws(QueryError) -> Geometry? {
        switch value {
        case .null: return nil
        case .geometry(let geometry): return geometry
        case .point(let point):
            guard point.isGeographic else {
                throw QueryError.argument(
                    "a Cartesian point (srid \(point.srid)) has no geometry: geometries are WGS84 longitude/latitude")
            }
            return .point(Coordinate(longitude: point.x, latitude: point.y, z: point.z))
        case .string(let text): return try parseGeometry(text)
        case .map(let members): return try parseGeometry(members)
        case .node(let node):
            guard let text = node.geometry else { return nil }
            return try parseGeometry(text, what: "the geometry of node '\(node.id)'")
        default:
            throw QueryError.type(
                "expected a geometry, a WGS84 point, WKT or GeoJSON text, a GeoJSON map or a node, got \(typeName(value))"
            )
        }
    }

    /// The longitude/latitude box of the geometry a value stands for (see ``geometry(of:)``).
    ///
    /// Returns nil when ``geometry(of:)`` does, when the geometry is empty, and for Cartesian points (which
    /// have no geographic box).
    static func boundingBox(of value: QueryValue) throws(QueryError) -> BoundingBox? {
        if case .point(let point) = value, !point.isGeographic { return nil }
        return try geometry(of: value)?.boundingBox
    }

    /// `2`, or `1 to 2`, for arity messages.
    static func arityText(_ arity: ClosedRange<Int>) -> String {
        arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
    }
}

extension SpatialFunctions {
    /// The language's name of a value's type, for error messages.
    static func typeName(_ value: QueryValue) -> String { value.typeName }
}
