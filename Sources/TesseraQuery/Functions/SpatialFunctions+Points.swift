import TesseraGeometry

/// Points: construction from maps, property access, distances and bounding-box tests.
extension SpatialFunctions {
    /// The coordinate reference systems of points: SRID, name, dimensions and whether they are geographic.
    struct ReferenceSystem: Equatable {
        let srid: Int
        let name: String
        let is3D: Bool
        let isGeographic: Bool

        static let wgs84 = ReferenceSystem(srid: 4326, name: "wgs-84", is3D: false, isGeographic: true)
        static let wgs843D = ReferenceSystem(srid: 4979, name: "wgs-84-3d", is3D: true, isGeographic: true)
        static let cartesian = ReferenceSystem(srid: 7203, name: "cartesian", is3D: false, isGeographic: false)
        static let cartesian3D = ReferenceSystem(srid: 9157, name: "cartesian-3d", is3D: true, isGeographic: false)
        static let all = [wgs84, wgs843D, cartesian, cartesian3D]

        /// The system with `srid`, or nil.
        static func with(srid: Int) -> ReferenceSystem? { all.first { $0.srid == srid } }
        /// The system named `name` (case-insensitive), or nil.
        static func named(_ name: String) -> ReferenceSystem? { all.first { $0.name == name.lowercased() } }
    }

    /// The map keys `point()` reads; other keys are ignored.
    static let pointKeys: Set<String> = ["x", "y", "z", "longitude", "latitude", "height", "crs", "srid"]

    /// Dispatches the point functions; nil when `name` is not one of them.
    static func callPointFunction(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        switch name {
        case "point": return try makePoint(arguments[0])
        case "point.distance", "distance": return try distance(arguments[0], arguments[1], name)
        case "point.withinbbox": return try withinBoundingBox(arguments[0], arguments[1], arguments[2])
        default: return nil
        }
    }

    /// `point({longitude, latitude[, height]})` or `point({x, y[, z][, crs | srid]})`.
    static func makePoint(_ argument: QueryValue) throws(QueryError) -> QueryValue {
        guard case .map(let raw) = argument else {
            throw QueryError.type(
                "point() expects a map such as {longitude: 116.3, latitude: 39.9} or {x: 1, y: 2}, got \(typeName(argument))"
            )
        }
        var members: [String: QueryValue] = [:]
        for (key, value) in raw where pointKeys.contains(key.lowercased()) {
            guard members.updateValue(value, forKey: key.lowercased()) == nil else {
                throw QueryError.argument("point(): key '\(key.lowercased())' is given twice (keys ignore case)")
            }
            if case .null = value { return .null }
        }
        let geographicKeys = ["longitude", "latitude", "height"].filter { members[$0] != nil }
        let cartesianKeys = ["x", "y", "z"].filter { members[$0] != nil }
        guard geographicKeys.isEmpty || cartesianKeys.isEmpty else {
            throw QueryError.argument(
                "point(): use either x/y/z or longitude/latitude/height, not both (got \(geographicKeys + cartesianKeys))"
            )
        }
        let geographic = !geographicKeys.isEmpty
        let (xKey, yKey, zKey) = geographic ? ("longitude", "latitude", "height") : ("x", "y", "z")
        guard let xValue = members[xKey], let yValue = members[yKey] else {
            throw QueryError.argument(
                "point() needs both '\(xKey)' and '\(yKey)' (or x and y, or longitude and latitude)")
        }
        let x = try coordinate(xValue, xKey)
        let y = try coordinate(yValue, yKey)
        let z = try members[zKey].map { (value) throws(QueryError) in try coordinate(value, zKey) }
        let system = try referenceSystem(members, geographicKeys: geographic, is3D: z != nil)
        if system.isGeographic {
            guard (-90...90).contains(y) else {
                throw QueryError.argument("point(): latitude \(y) is outside the accepted range -90 to 90")
            }
            guard (-180...180).contains(x) else {
                throw QueryError.argument("point(): longitude \(x) is outside the accepted range -180 to 180")
            }
        }
        return .point(PointValue(srid: system.srid, x: x, y: y, z: z))
    }

    /// A finite number given for coordinate `key`.
    static func coordinate(_ value: QueryValue, _ key: String) throws(QueryError) -> Double {
        let number = try number(value, "point(): '\(key)'")
        guard number.isFinite else { throw QueryError.argument("point(): '\(key)' must be finite, got \(number)") }
        return number
    }

    /// An integer or float argument as a double; `what` names it in the type error.
    static func number(_ value: QueryValue, _ what: String) throws(QueryError) -> Double {
        switch value {
        case .int(let integer): return Double(integer)
        case .float(let float): return float
        default: throw QueryError.type("\(what) must be a number, got \(typeName(value))")
        }
    }

    /// The reference system a `point()` map asks for through `crs` or `srid`, or the default for its keys.
    static func referenceSystem(
        _ members: [String: QueryValue], geographicKeys: Bool, is3D: Bool
    ) throws(QueryError) -> ReferenceSystem {
        var chosen: ReferenceSystem?
        if let crs = members["crs"] {
            guard case .string(let name) = crs else {
                throw QueryError.type("point(): 'crs' must be a string, got \(typeName(crs))")
            }
            guard let system = ReferenceSystem.named(name) else {
                throw QueryError.argument(
                    "point(): unknown crs '\(name)'; accepted: 'wgs-84', 'wgs-84-3d', 'cartesian', 'cartesian-3d'")
            }
            chosen = system
        }
        if let srid = members["srid"] {
            guard case .int(let code) = srid else {
                throw QueryError.type("point(): 'srid' must be an integer, got \(typeName(srid))")
            }
            guard let system = ReferenceSystem.with(srid: Int(code)) else {
                throw QueryError.argument("point(): unknown srid \(code); accepted: 4326, 4979, 7203, 9157")
            }
            if let chosen, chosen != system {
                throw QueryError.argument("point(): crs '\(chosen.name)' and srid \(code) disagree")
            }
            chosen = system
        }
        guard let system = chosen else {
            switch (geographicKeys, is3D) {
            case (true, false): return .wgs84
            case (true, true): return .wgs843D
            case (false, false): return .cartesian
            case (false, true): return .cartesian3D
            }
        }
        guard system.is3D == is3D else {
            throw QueryError.argument(
                "point(): crs '\(system.name)' is \(system.is3D ? "3D" : "2D") but \(is3D ? 3 : 2) coordinates are given"
            )
        }
        guard system.isGeographic || !geographicKeys else {
            throw QueryError.argument(
                "point(): longitude/latitude need a geographic crs ('wgs-84' or 'wgs-84-3d'), got '\(system.name)'")
        }
        return system
    }

    /// `p.key` for `x`, `y`, `z`, `longitude`, `latitude`, `height`, `srid` and `crs`.
    static func pointProperty(_ point: PointValue, _ key: String) throws(QueryError) -> QueryValue {
        let system = ReferenceSystem.with(srid: point.srid)
        switch key {
        case "x": return .float(point.x)
        case "y": return .float(point.y)
        case "srid": return .int(Int64(point.srid))
        case "crs": return .string(system?.name ?? "srid-\(point.srid)")
        case "z":
            if let z = point.z { return .float(z) }
        case "longitude":
            if point.isGeographic { return .float(point.x) }
        case "latitude":
            if point.isGeographic { return .float(point.y) }
        case "height":
            if point.isGeographic, let z = point.z { return .float(z) }
        default:
            throw QueryError.argument(
                "a point has no property '\(key)'; accepted: x, y, z, longitude, latitude, height, srid, crs")
        }
        throw QueryError.argument("property '\(key)' is not available on a point in crs '\(system?.name ?? "?")'")
    }

    /// The distance between two points of the same reference system, or nil when their systems differ.
    ///
    /// Geographic: the WGS84 ellipsoidal distance in metres (with the height difference added in quadrature for
    /// two 3D points). Cartesian: the Euclidean distance in the points' units.
    static func pointDistance(_ a: PointValue, _ b: PointValue) -> Double? {
        guard a.srid == b.srid else { return nil }
        let dz = (a.z ?? 0) - (b.z ?? 0)
        if a.isGeographic {
            let surface = Geodesic.distanceMeters(Coordinate(a.x, a.y), Coordinate(b.x, b.y))
            return dz == 0 ? surface : (surface * surface + dz * dz).squareRoot()
        }
        let dx = a.x - b.x
        let dy = a.y - b.y
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// Whether a value is a Cartesian point, which no geometry can be compared with.
    static func isCartesianPoint(_ value: QueryValue) -> Bool {
        if case .point(let point) = value { return !point.isGeographic }
        return false
    }

    /// `distance(a, b)`: metres between points, geometries or nodes; null for mixed reference systems, a node
    /// without geometry or an empty geometry.
    static func distance(_ a: QueryValue, _ b: QueryValue, _ name: String) throws(QueryError) -> QueryValue {
        if case .point(let p) = a, case .point(let q) = b {
            return pointDistance(p, q).map(QueryValue.float) ?? .null
        }
        if isCartesianPoint(a) || isCartesianPoint(b) { return .null }
        guard let first = try geometry(of: a), let second = try geometry(of: b), !first.isEmpty, !second.isEmpty
        else { return .null }
        do {
            // From a position on the surface to a geometry: measured as k-nearest searches measure it, so that
            // `ORDER BY distance(n, p)` agrees with the order they find.
            if let position = surfacePosition(b) {
                return .float(try GeometryEngine().distanceMeters(from: position, to: first))
            }
            if let position = surfacePosition(a) {
                return .float(try GeometryEngine().distanceMeters(from: position, to: second))
            }
            return .float(try distanceMeters(first, second, GeometryEngine()))
        } catch {
            throw geometryFailure(error, "\(name)()")
        }
    }

    /// The ellipsoidal distance in metres between two non-empty geometries, also across the antimeridian
    /// (``GeometryEngine/surfaceDistanceMeters(_:_:)``).
    static func distanceMeters(_ a: Geometry, _ b: Geometry, _ engine: GeometryEngine) throws(GeometryError)
        -> Double
    {
        try engine.surfaceDistanceMeters(a, b)
    }

    /// The position of a 2D geographic point value (nil for anything else).
    static func surfacePosition(_ value: QueryValue) -> Coordinate? {
        guard case .point(let point) = value, point.isGeographic, point.z == nil else { return nil }
        return Coordinate(point.x, point.y)
    }

    /// `point.withinBBox(p, lowerLeft, upperRight)`: whether `p` lies in the box, edges included.
    ///
    /// Null when the three points are not in the same reference system. A geographic box whose lower-left
    /// longitude exceeds its upper-right longitude crosses the antimeridian.
    static func withinBoundingBox(
        _ point: QueryValue, _ lowerLeft: QueryValue, _ upperRight: QueryValue
    ) throws(QueryError) -> QueryValue {
        guard case .point(let p) = point, case .point(let low) = lowerLeft, case .point(let high) = upperRight else {
            let types = [point, lowerLeft, upperRight].map(typeName)
            throw QueryError.type("point.withinBBox() expects three points, got \(types.joined(separator: ", "))")
        }
        guard p.srid == low.srid, p.srid == high.srid else { return .null }
        let withinX: Bool
        if p.isGeographic && low.x > high.x {
            withinX = p.x >= low.x || p.x <= high.x
        } else {
            withinX = low.x <= p.x && p.x <= high.x
        }
        var inside = withinX && low.y <= p.y && p.y <= high.y
        if let z = p.z, let lowZ = low.z, let highZ = high.z {
            inside = inside && lowZ <= z && z <= highZ
        }
        return .bool(inside)
    }

    /// A geometry error as an argument error of the function `what`.
    static func geometryFailure(_ error: GeometryError, _ what: String) -> QueryError {
        QueryError.argument("\(what): \(error)")
    }
}
