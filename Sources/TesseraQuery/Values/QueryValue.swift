import TesseraCore
import TesseraGeometry

/// A value of the query language: what expressions evaluate to and what results hold.
///
/// Property values (``TesseraCore/Value``) are a subset; graph elements, paths, points, geometries and
/// temporal values exist only in queries and results.
public enum QueryValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([QueryValue])
    case map([String: QueryValue])
    case node(NodeValue)
    case relationship(RelationshipValue)
    case path(PathValue)
    case point(PointValue)
    case geometry(Geometry)
    case date(DateValue)
    case localTime(LocalTimeValue)
    case time(TimeValue)
    case localDateTime(LocalDateTimeValue)
    case dateTime(DateTimeValue)
    case duration(DurationValue)
}

/// A path: `nodes.count == relationships.count + 1`; relationship `i` joins node `i` and node `i + 1`
/// (in either direction).
public struct PathValue: Sendable {
    public var nodes: [NodeValue]
    public var relationships: [RelationshipValue]

    public init(nodes: [NodeValue], relationships: [RelationshipValue]) {
        self.nodes = nodes
        self.relationships = relationships
    }
}

/// A point in a coordinate reference system, compatible with Neo4j's spatial points.
///
/// SRID 4326 (WGS84 2D: x = longitude, y = latitude), 4979 (WGS84 3D, z = height in metres),
/// 7203 (Cartesian 2D) and 9157 (Cartesian 3D).
public struct PointValue: Sendable, Hashable {
    public var srid: Int
    public var x: Double
    public var y: Double
    public var z: Double?

    public init(srid: Int, x: Double, y: Double, z: Double? = nil) {
        self.srid = srid
        self.x = x
        self.y = y
        self.z = z
    }

    /// Whether the point is geographic (WGS84).
    public var isGeographic: Bool { srid == 4326 || srid == 4979 }
}

extension PathValue: Hashable {}
