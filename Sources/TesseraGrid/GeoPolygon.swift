/// A polygon given by one ring of longitude/latitude vertices in degrees, treated as planar.
///
/// The ring is closed implicitly (a repeated first vertex at the end is dropped). Points inside follow the
/// even-odd rule, and points on an edge count as inside. Rings should be simple; a self-intersecting ring is
/// still well defined by the even-odd rule. Edges are straight in longitude/latitude and never cross the
/// antimeridian: split a polygon that does.
public struct GeoPolygon: Hashable, Sendable {
    /// The vertices, without a closing repeat of the first.
    public let vertices: [GeoPoint]
    /// The smallest box containing the polygon.
    public let bounds: GeoBox

    /// Creates a polygon, or throws if it has fewer than three vertices or a vertex is out of range.
    public init(vertices: [GeoPoint]) throws(GridError) {
        var ring = vertices
        if ring.count > 1, ring.first == ring.last { ring.removeLast() }
        guard ring.count >= 3 else {
            throw GridError(.invalidShape, "a polygon needs at least 3 distinct vertices, got \(ring.count)")
        }
        var west = 180.0
        var south = 90.0
        var east = -180.0
        var north = -90.0
        for (index, vertex) in ring.enumerated() {
            do {
                try GridCheck.longitude(vertex.longitude, "vertex \(index + 1) longitude")
                try GridCheck.latitude(vertex.latitude, "vertex \(index + 1) latitude")
            } catch {
                throw GridError(.invalidShape, error.message)
            }
            west = min(west, vertex.longitude)
            east = max(east, vertex.longitude)
            south = min(south, vertex.latitude)
            north = max(north, vertex.latitude)
        }
        self.vertices = ring
        self.bounds = GeoBox(uncheckedWest: west, south: south, east: east, north: north)
    }

    /// Whether the point is inside the polygon (even-odd rule) or on its boundary.
    public func contains(_ point: GeoPoint) -> Bool {
        guard bounds.contains(point) else { return false }
        var inside = false
        var previous = vertices[vertices.count - 1]
        for vertex in vertices {
            if GeoPolygon.isOnSegment(point, previous, vertex) { return true }
            if GeoPolygon.crossesRay(from: point, previous, vertex) { inside.toggle() }
            previous = vertex
        }
        return inside
    }

    /// Whether the edge `a`-`b` crosses the ray going east from `point` (half-open in latitude, so a vertex on
    /// the ray is counted once).
    static func crossesRay(from point: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Bool {
        guard (a.latitude > point.latitude) != (b.latitude > point.latitude) else { return false }
        let t = (point.latitude - a.latitude) / (b.latitude - a.latitude)
        return point.longitude < a.longitude + t * (b.longitude - a.longitude)
    }

    /// Whether `point` lies on the segment `a`-`b` (exactly, in floating point).
    static func isOnSegment(_ point: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Bool {
        guard point.longitude >= min(a.longitude, b.longitude), point.longitude <= max(a.longitude, b.longitude),
            point.latitude >= min(a.latitude, b.latitude), point.latitude <= max(a.latitude, b.latitude)
        else { return false }
        return cross(a, b, point) == 0
    }

    /// The z component of (b - a) x (p - a): positive when `p` is left of the line from `a` to `b`.
    static func cross(_ a: GeoPoint, _ b: GeoPoint, _ p: GeoPoint) -> Double {
        (b.longitude - a.longitude) * (p.latitude - a.latitude) - (b.latitude - a.latitude)
            * (p.longitude - a.longitude)
    }

    /// Whether the segment `a`-`b` meets the closed rectangle (touching counts).
    static func segment(_ a: GeoPoint, _ b: GeoPoint, meets rectangle: GeoBox) -> Bool {
        guard max(a.longitude, b.longitude) >= rectangle.west, min(a.longitude, b.longitude) <= rectangle.east,
            max(a.latitude, b.latitude) >= rectangle.south, min(a.latitude, b.latitude) <= rectangle.north
        else { return false }
        // The boxes overlap; the segment misses the rectangle only if all four corners lie strictly on one side.
        let sides = (
            cross(a, b, GeoPoint(longitude: rectangle.west, latitude: rectangle.south)),
            cross(a, b, GeoPoint(longitude: rectangle.east, latitude: rectangle.south)),
            cross(a, b, GeoPoint(longitude: rectangle.east, latitude: rectangle.north)),
            cross(a, b, GeoPoint(longitude: rectangle.west, latitude: rectangle.north))
        )
        let positive = sides.0 >= 0 || sides.1 >= 0 || sides.2 >= 0 || sides.3 >= 0
        let negative = sides.0 <= 0 || sides.1 <= 0 || sides.2 <= 0 || sides.3 <= 0
        return positive && negative
    }
}
