extension Geometry {
    /// Checks what can be checked without GEOS, throwing the first problem with its path.
    ///
    /// Every value is finite; longitudes are in [-180, 180] and latitudes in [-90, 90]; line strings have 0 or
    /// at least 2 positions; every polygon ring has at least 4 positions and ends where it starts (heights
    /// included). Paths count from zero: `polygon 1, ring 0, position 3`.
    public func checkCoordinates() throws(GeometryError) {
        var path = CoordinatePath()
        try check(&path)
    }

    private func check(_ path: inout CoordinatePath) throws(GeometryError) {
        switch self {
        case .point(let point): try Self.check(point, &path)
        case .lineString(let points): try Self.checkLine(points, &path)
        case .polygon(let rings): try Self.checkRings(rings, &path)
        case .multiPoint(let points):
            try path.each("point", points) { (point, path) throws(GeometryError) in try Self.check(point, &path) }
        case .multiLineString(let lines):
            try path.each("line", lines) { (line, path) throws(GeometryError) in try Self.checkLine(line, &path) }
        case .multiPolygon(let polygons):
            try path.each("polygon", polygons) { (rings, path) throws(GeometryError) in
                try Self.checkRings(rings, &path)
            }
        case .geometryCollection(let members):
            try path.each("member", members) { (member, path) throws(GeometryError) in try member.check(&path) }
        }
    }

    private static func checkLine(_ points: [Coordinate], _ path: inout CoordinatePath) throws(GeometryError) {
        guard points.count != 1 else {
            throw GeometryError(.invalid, "a line string needs 0 or at least 2 positions, found 1", path: path.text)
        }
        try path.each("position", points) { (point, path) throws(GeometryError) in try check(point, &path) }
    }

    private static func checkRings(_ rings: [[Coordinate]], _ path: inout CoordinatePath) throws(GeometryError) {
        try path.each("ring", rings) { (ring, path) throws(GeometryError) in
            guard ring.count >= 4 else {
                throw GeometryError(
                    .invalid, "a polygon ring needs at least 4 positions (first = last), found \(ring.count)",
                    path: path.text)
            }
            try path.each("position", ring) { (point, path) throws(GeometryError) in try check(point, &path) }
            guard let first = ring.first, let last = ring.last, first == last else {
                throw GeometryError(
                    .invalid, "ring is not closed: its last position must equal its first", path: path.text)
            }
        }
    }

    private static func check(_ point: Coordinate, _ path: inout CoordinatePath) throws(GeometryError) {
        guard point.longitude.isFinite, point.latitude.isFinite, point.z?.isFinite ?? true else {
            throw GeometryError(.outOfRange, "position \(point) has a value that is not finite", path: path.text)
        }
        guard (-180...180).contains(point.longitude) else {
            throw GeometryError(
                .outOfRange, "longitude \(NumberText.format(point.longitude)) is outside [-180, 180]", path: path.text)
        }
        guard (-90...90).contains(point.latitude) else {
            throw GeometryError(
                .outOfRange, "latitude \(NumberText.format(point.latitude)) is outside [-90, 90]", path: path.text)
        }
    }

    /// Reads GeoJSON for ingest: parses it, then checks coordinates (``checkCoordinates()``) and OGC validity,
    /// throwing the first problem found. Never repairs: call ``GeometryEngine/repaired(_:)`` explicitly for that.
    public static func validated(geoJSON bytes: [UInt8], engine: GeometryEngine? = nil) throws(GeometryError)
        -> Geometry
    {
        let geometry = try Geometry(geoJSON: bytes)
        try (engine ?? GeometryEngine()).validate(geometry)
        return geometry
    }
}

extension GeometryEngine {
    /// Throws unless `geometry` passes ``Geometry/checkCoordinates()`` and GEOS finds it valid; the error for an
    /// invalid geometry carries GEOS's reason and location.
    public func validate(_ geometry: Geometry) throws(GeometryError) {
        try geometry.checkCoordinates()
        let validity = try validity(of: geometry)
        guard validity.isValid else {
            var reason = "invalid geometry: \(validity.reason ?? "unknown reason")"
            if let location = validity.location { reason += " near \(location)" }
            throw GeometryError(.invalid, reason)
        }
    }
}

/// The position inside a nested geometry, named only when an error needs it.
struct CoordinatePath {
    private var steps: [(String, Int)] = []

    /// `polygon 1, ring 0, position 3`, or nil at the top level.
    var text: String? {
        steps.isEmpty ? nil : steps.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }

    mutating func each<T>(_ name: String, _ items: [T], _ body: (T, inout CoordinatePath) throws(GeometryError) -> Void)
        throws(GeometryError)
    {
        for (index, item) in items.enumerated() {
            steps.append((name, index))
            try body(item, &self)
            steps.removeLast()
        }
    }
}
