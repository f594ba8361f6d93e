/// An OGC simple-features geometry over WGS84 ``Coordinate``s, 2D or with heights (Z).
///
/// Rings are arrays of coordinates whose first and last positions are equal; a polygon's first ring is
/// its exterior and the others are holes. Apart from points, every kind may be empty (an empty array).
/// A geometry is either 2D or 3D throughout: the readers reject inputs that mix the two, and the
/// writers treat a geometry as 3D when any of its positions has a height (writing 0 where one lacks it).
public enum Geometry: Sendable, Hashable {
    /// A single position.
    case point(Coordinate)
    /// A path of zero or at least two positions.
    case lineString([Coordinate])
    /// Rings: the exterior first, then the holes.
    case polygon([[Coordinate]])
    /// Several positions.
    case multiPoint([Coordinate])
    /// Several paths.
    case multiLineString([[Coordinate]])
    /// Several polygons, each a list of rings.
    case multiPolygon([[[Coordinate]]])
    /// A heterogeneous list of geometries.
    case geometryCollection([Geometry])

    /// The kind of geometry, without its coordinates.
    public enum Kind: String, Sendable, CaseIterable {
        case point = "Point"
        case lineString = "LineString"
        case polygon = "Polygon"
        case multiPoint = "MultiPoint"
        case multiLineString = "MultiLineString"
        case multiPolygon = "MultiPolygon"
        case geometryCollection = "GeometryCollection"

        /// The ISO WKB type code of the 2D variant (1...7); Z variants add 1000.
        var wkbCode: UInt32 {
            switch self {
            case .point: 1
            case .lineString: 2
            case .polygon: 3
            case .multiPoint: 4
            case .multiLineString: 5
            case .multiPolygon: 6
            case .geometryCollection: 7
            }
        }

        /// The WKT keyword (`POINT`, `MULTIPOLYGON`, ...).
        var wktKeyword: String { rawValue.uppercased() }
    }

    /// The kind of geometry.
    public var kind: Kind {
        switch self {
        case .point: .point
        case .lineString: .lineString
        case .polygon: .polygon
        case .multiPoint: .multiPoint
        case .multiLineString: .multiLineString
        case .multiPolygon: .multiPolygon
        case .geometryCollection: .geometryCollection
        }
    }

    /// Whether the geometry has no positions at all.
    public var isEmpty: Bool {
        var empty = true
        forEachCoordinate { _ in empty = false }
        return empty
    }

    /// Whether any position has a height.
    public var hasZ: Bool {
        switch self {
        case .point(let point): return point.z != nil
        case .lineString(let points), .multiPoint(let points): return points.contains { $0.z != nil }
        case .polygon(let lines), .multiLineString(let lines):
            return lines.contains { line in line.contains { $0.z != nil } }
        case .multiPolygon(let polygons):
            return polygons.contains { rings in rings.contains { ring in ring.contains { $0.z != nil } } }
        case .geometryCollection(let members): return members.contains { $0.hasZ }
        }
    }

    /// Calls `body` with every position, depth first, in storage order.
    public func forEachCoordinate(_ body: (Coordinate) throws -> Void) rethrows {
        switch self {
        case .point(let point): try body(point)
        case .lineString(let points), .multiPoint(let points): for point in points { try body(point) }
        case .polygon(let lines), .multiLineString(let lines):
            for line in lines { for point in line { try body(point) } }
        case .multiPolygon(let polygons):
            for rings in polygons { for ring in rings { for point in ring { try body(point) } } }
        case .geometryCollection(let members): for member in members { try member.forEachCoordinate(body) }
        }
    }

    /// The number of positions.
    public var coordinateCount: Int {
        var count = 0
        forEachCoordinate { _ in count += 1 }
        return count
    }

    /// The smallest box holding every position, or nil for an empty geometry.
    public var boundingBox: BoundingBox? {
        var box: BoundingBox?
        forEachCoordinate { point in
            if box == nil {
                box = BoundingBox(point)
            } else {
                box?.extend(toInclude: point)
            }
        }
        return box
    }

    /// The same geometry with every position's height removed.
    public var flattened: Geometry { mapCoordinates(\.flattened) }

    /// The same geometry with `transform` applied to every position.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        switch self {
        case .point(let point): return .point(try transform(point))
        case .lineString(let points): return .lineString(try points.map(transform))
        case .multiPoint(let points): return .multiPoint(try points.map(transform))
        case .polygon(let rings): return .polygon(try rings.map { try $0.map(transform) })
        case .multiLineString(let lines): return .multiLineString(try lines.map { try $0.map(transform) })
        case .multiPolygon(let polygons):
            return .multiPolygon(try polygons.map { rings in try rings.map { try $0.map(transform) } })
        case .geometryCollection(let members):
            return .geometryCollection(try members.map { try $0.mapCoordinates(transform) })
        }
    }

    /// Whether the geometry is a single point or a multipoint (the kinds whose metre distances are exact).
    var isPuntal: Bool {
        switch self {
        case .point, .multiPoint: true
        default: false
        }
    }
}

extension Geometry: CustomStringConvertible {
    /// The WKT text.
    public var description: String { wkt }
}

extension Geometry {
    /// The same geometry in freshly allocated arrays, sharing no storage with this one: a caller that keeps
    /// many geometries can allocate them in the order it will read them (copies of an array otherwise share
    /// its storage wherever it was first allocated).
    public func freshlyAllocated() -> Geometry {
        func fresh(_ path: [Coordinate]) -> [Coordinate] { path.map { $0 } }
        switch self {
        case .point: return self
        case .lineString(let path): return .lineString(fresh(path))
        case .polygon(let rings): return .polygon(rings.map(fresh))
        case .multiPoint(let points): return .multiPoint(fresh(points))
        case .multiLineString(let paths): return .multiLineString(paths.map(fresh))
        case .multiPolygon(let polygons): return .multiPolygon(polygons.map { $0.map(fresh) })
        case .geometryCollection(let members): return .geometryCollection(members.map { $0.freshlyAllocated() })
        }
    }
}
