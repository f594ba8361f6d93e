/// An axis-aligned box in longitude and latitude degrees, with an optional height range in metres.
///
/// Boxes are plain min/max intervals: a box never wraps across the antimeridian, so data crossing
/// longitude ±180 must be split into parts on either side.
public struct BoundingBox: Sendable, Hashable {
    /// The western edge in degrees.
    public var minLongitude: Double
    /// The southern edge in degrees.
    public var minLatitude: Double
    /// The eastern edge in degrees.
    public var maxLongitude: Double
    /// The northern edge in degrees.
    public var maxLatitude: Double
    /// The heights covered in metres, or nil for a 2D box.
    public var zRange: ClosedRange<Double>?

    /// Creates a box from its edges; `min` must not exceed `max` on either axis.
    public init(
        minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double,
        zRange: ClosedRange<Double>? = nil
    ) {
        precondition(minLongitude <= maxLongitude && minLatitude <= maxLatitude, "box edges out of order")
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
        self.zRange = zRange
    }

    /// The degenerate box of one position.
    public init(_ point: Coordinate) {
        minLongitude = point.longitude
        maxLongitude = point.longitude
        minLatitude = point.latitude
        maxLatitude = point.latitude
        zRange = point.z.map { $0...$0 }
    }

    /// The centre of the box (2D).
    public var center: Coordinate {
        Coordinate(longitude: (minLongitude + maxLongitude) / 2, latitude: (minLatitude + maxLatitude) / 2)
    }

    /// Whether the two boxes share at least one point (edges included); heights are compared when both have them.
    public func intersects(_ other: BoundingBox) -> Bool {
        guard
            minLongitude <= other.maxLongitude, other.minLongitude <= maxLongitude,
            minLatitude <= other.maxLatitude, other.minLatitude <= maxLatitude
        else { return false }
        if let zRange, let otherZ = other.zRange { return zRange.overlaps(otherZ) }
        return true
    }

    /// Whether `other` lies inside this box (edges included); heights are compared when both have them.
    public func contains(_ other: BoundingBox) -> Bool {
        guard
            minLongitude <= other.minLongitude, other.maxLongitude <= maxLongitude,
            minLatitude <= other.minLatitude, other.maxLatitude <= maxLatitude
        else { return false }
        if let zRange, let otherZ = other.zRange {
            return zRange.lowerBound <= otherZ.lowerBound && otherZ.upperBound <= zRange.upperBound
        }
        return true
    }

    /// Whether the position lies inside the box (edges included).
    public func contains(_ point: Coordinate) -> Bool { contains(BoundingBox(point)) }

    /// Grows the box to include `point`.
    public mutating func extend(toInclude point: Coordinate) {
        minLongitude = min(minLongitude, point.longitude)
        maxLongitude = max(maxLongitude, point.longitude)
        minLatitude = min(minLatitude, point.latitude)
        maxLatitude = max(maxLatitude, point.latitude)
        if let z = point.z {
            zRange = zRange.map { min($0.lowerBound, z)...max($0.upperBound, z) } ?? z...z
        }
    }

    /// The smallest box holding both boxes.
    public func union(_ other: BoundingBox) -> BoundingBox {
        var box = self
        box.minLongitude = min(minLongitude, other.minLongitude)
        box.maxLongitude = max(maxLongitude, other.maxLongitude)
        box.minLatitude = min(minLatitude, other.minLatitude)
        box.maxLatitude = max(maxLatitude, other.maxLatitude)
        switch (zRange, other.zRange) {
        case (let a?, let b?): box.zRange = min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
        case (let a?, nil): box.zRange = a
        case (nil, let b): box.zRange = b
        }
        return box
    }

    /// The box grown by `radiusMeters` in every direction: it contains every point within that ellipsoidal
    /// distance of a point in this box (clamped to the poles and to longitude ±180; a box reaching a pole spans
    /// all longitudes).
    public func expanded(byMeters radiusMeters: Double) -> BoundingBox {
        precondition(radiusMeters >= 0, "negative radius")
        let latitudeDegrees = radiusMeters / Geodesic.minimumMetersPerDegreeLatitude
        let south = max(-90, minLatitude - latitudeDegrees)
        let north = min(90, maxLatitude + latitudeDegrees)
        var box = self
        box.minLatitude = south
        box.maxLatitude = north
        let poleward = max(abs(south), abs(north))
        let metersPerDegree = Geodesic.minimumMetersPerDegreeLongitude(atLatitude: poleward)
        if poleward >= 90 || metersPerDegree <= 0 || radiusMeters / metersPerDegree >= 180 {
            box.minLongitude = -180
            box.maxLongitude = 180
        } else {
            let longitudeDegrees = radiusMeters / metersPerDegree
            box.minLongitude = max(-180, minLongitude - longitudeDegrees)
            box.maxLongitude = min(180, maxLongitude + longitudeDegrees)
        }
        return box
    }
}

extension BoundingBox: CustomStringConvertible {
    public var description: String {
        var text =
            "[\(NumberText.format(minLongitude)), \(NumberText.format(minLatitude)), "
            + "\(NumberText.format(maxLongitude)), \(NumberText.format(maxLatitude))"
        if let zRange {
            text += ", z \(NumberText.format(zRange.lowerBound))...\(NumberText.format(zRange.upperBound))"
        }
        return text + "]"
    }
}

extension Geometry {
    /// The box of a polygon that is an axis-aligned rectangle without holes (four distinct corners in turn, each
    /// edge along one axis), nil for any other geometry. Predicates against such a window can be decided from a
    /// candidate's box alone when the box lies inside it or apart from it.
    public var axisAlignedRectangle: BoundingBox? {
        guard case .polygon(let rings) = self, rings.count == 1, rings[0].count == 5 else { return nil }
        let ring = rings[0]
        var west = ring[0].longitude
        var east = west
        var south = ring[0].latitude
        var north = south
        for corner in ring {
            west = min(west, corner.longitude)
            east = max(east, corner.longitude)
            south = min(south, corner.latitude)
            north = max(north, corner.latitude)
        }
        guard west < east, south < north else { return nil }
        guard ring[4] == ring[0], ring[0] != ring[2], ring[1] != ring[3] else { return nil }
        for i in 0..<4 {
            let a = ring[i]
            let b = ring[i + 1]
            guard a.longitude == west || a.longitude == east, a.latitude == south || a.latitude == north,
                a != b, a.longitude == b.longitude || a.latitude == b.latitude
            else { return nil }
        }
        return BoundingBox(minLongitude: west, minLatitude: south, maxLongitude: east, maxLatitude: north)
    }
}

extension Geometry {
    /// Whether some vertex lies in the closed `box` (longitude and latitude; heights ignored). A geometry with
    /// a vertex in an axis-aligned rectangle intersects that rectangle, which decides most candidates straddling
    /// a query window's edge with comparisons alone, before any exact test.
    public func hasVertex(in box: BoundingBox) -> Bool {
        let flat = BoundingBox(
            minLongitude: box.minLongitude, minLatitude: box.minLatitude, maxLongitude: box.maxLongitude,
            maxLatitude: box.maxLatitude)
        func inside(_ c: Coordinate) -> Bool { flat.contains(c) }
        switch self {
        case .point(let point): return inside(point)
        case .lineString(let points), .multiPoint(let points): return points.contains(where: inside)
        case .polygon(let lines), .multiLineString(let lines): return lines.contains { $0.contains(where: inside) }
        case .multiPolygon(let polygons):
            return polygons.contains { rings in rings.contains { $0.contains(where: inside) } }
        case .geometryCollection(let members): return members.contains { $0.hasVertex(in: box) }
        }
    }
}
