/// A position on the WGS84 ellipsoid: longitude and latitude in degrees (east and north positive).
///
/// The value is not checked on creation; encoders reject non-finite or out-of-range coordinates with a
/// ``GridError``.
public struct GeoPoint: Hashable, Sendable, CustomStringConvertible {
    /// Longitude in degrees, -180...180.
    public var longitude: Double
    /// Latitude in degrees, -90...90.
    public var latitude: Double

    /// Creates a point from longitude and latitude in degrees.
    @inlinable
    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    public var description: String { "(\(longitude), \(latitude))" }
}

/// A longitude/latitude box in degrees with closed edges: `west...east` by `south...north`.
///
/// Boxes do not cross the antimeridian: split such a box in two and cover each half.
public struct GeoBox: Hashable, Sendable, CustomStringConvertible {
    /// The western edge (minimum longitude) in degrees.
    public let west: Double
    /// The southern edge (minimum latitude) in degrees.
    public let south: Double
    /// The eastern edge (maximum longitude) in degrees.
    public let east: Double
    /// The northern edge (maximum latitude) in degrees.
    public let north: Double

    /// Creates a box, or throws if an edge is not finite, out of range, or the box is inverted.
    public init(west: Double, south: Double, east: Double, north: Double) throws(GridError) {
        try GridCheck.longitude(west, "west edge")
        try GridCheck.longitude(east, "east edge")
        try GridCheck.latitude(south, "south edge")
        try GridCheck.latitude(north, "north edge")
        guard west <= east else {
            throw GridError(
                .invalidShape,
                "box west edge \(west) is east of its east edge \(east); split boxes that cross the antimeridian")
        }
        guard south <= north else {
            throw GridError(.invalidShape, "box south edge \(south) is north of its north edge \(north)")
        }
        self.init(uncheckedWest: west, south: south, east: east, north: north)
    }

    /// Creates a box whose edges the caller knows to be valid.
    @usableFromInline
    init(uncheckedWest west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }

    /// Whether the point lies in the box, edges included.
    @inlinable
    public func contains(_ point: GeoPoint) -> Bool {
        point.longitude >= west && point.longitude <= east && point.latitude >= south && point.latitude <= north
    }

    public var description: String { "[\(west)...\(east)] x [\(south)...\(north)]" }
}

/// A longitude/latitude box with a range of ellipsoidal heights in metres, edges closed.
public struct GeoBox3D: Hashable, Sendable, CustomStringConvertible {
    /// The horizontal extent.
    public let footprint: GeoBox
    /// The lowest ellipsoidal height in metres.
    public let minHeightMeters: Double
    /// The highest ellipsoidal height in metres.
    public let maxHeightMeters: Double

    /// Creates a box, or throws if a height is not finite or the heights are inverted.
    ///
    /// Heights are ellipsoidal (WGS84/CGCS2000); convert heights above a national datum first.
    public init(footprint: GeoBox, minHeightMeters: Double, maxHeightMeters: Double) throws(GridError) {
        guard minHeightMeters.isFinite, maxHeightMeters.isFinite else {
            throw GridError(.invalidHeight, "box heights must be finite, got \(minHeightMeters)...\(maxHeightMeters)")
        }
        guard minHeightMeters <= maxHeightMeters else {
            throw GridError(
                .invalidShape, "box minimum height \(minHeightMeters) m is above its maximum \(maxHeightMeters) m")
        }
        self.footprint = footprint
        self.minHeightMeters = minHeightMeters
        self.maxHeightMeters = maxHeightMeters
    }

    /// Whether the point at the given height lies in the box, edges included.
    @inlinable
    public func contains(_ point: GeoPoint, heightMeters: Double) -> Bool {
        footprint.contains(point) && heightMeters >= minHeightMeters && heightMeters <= maxHeightMeters
    }

    public var description: String { "\(footprint) x [\(minHeightMeters)...\(maxHeightMeters)] m" }
}

/// Range checks shared by the encoders, with messages that say what is accepted.
@usableFromInline
enum GridCheck {
    @usableFromInline
    static func longitude(_ value: Double, _ what: String = "longitude") throws(GridError) {
        guard value >= -180, value <= 180 else {
            throw GridError(.invalidCoordinate, "\(what) \(value) is not a longitude in -180...180")
        }
    }

    @usableFromInline
    static func latitude(_ value: Double, _ what: String = "latitude") throws(GridError) {
        guard value >= -90, value <= 90 else {
            throw GridError(.invalidCoordinate, "\(what) \(value) is not a latitude in -90...90")
        }
    }

    /// Throws the error for a point that failed the fast range check of a BeiDou encoder.
    @usableFromInline
    static func beiDouPointError(_ point: GeoPoint) -> GridError {
        do {
            try longitude(point.longitude)
            try latitude(point.latitude)
        } catch {
            return error
        }
        return GridError(
            .polarCap,
            "latitude \(point.latitude) is in a polar cap: BeiDou grid codes are supported for |latitude| < 88°")
    }
}

extension GridCheck {
    /// The error for a point that failed the fast range check of a GeoSOT encoder.
    @usableFromInline
    static func geoSOTPointError(_ point: GeoPoint) -> GridError {
        do {
            try longitude(point.longitude)
            try latitude(point.latitude)
        } catch {
            return error
        }
        return GridError(.invalidCoordinate, "\(point) is not a valid longitude/latitude")
    }
}
