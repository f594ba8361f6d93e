import TesseraGeometry

/// Spatial and grid functions: points, geometries, distance, predicates, bounding boxes, BeiDou codes.
enum SpatialFunctions {
    /// Accepted argument counts by lower-cased, possibly dotted function name.
    static let arities: [String: ClosedRange<Int>] = [:]

    /// Calls function `name` (lower-cased); `nil` when no such spatial function exists.
    static func call(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? { nil }

    /// `value.key` on a point (`p.x`, `p.latitude`, `p.srid`, `p.crs`); `nil` when `value` is no point.
    static func property(_ value: QueryValue, _ key: String) throws(QueryError) -> QueryValue? { nil }

    /// The geometry of a node, point, geometry or WKT/GeoJSON text; `nil` for null or a node without one.
    static func geometry(of value: QueryValue) throws(QueryError) -> Geometry? { nil }
}
