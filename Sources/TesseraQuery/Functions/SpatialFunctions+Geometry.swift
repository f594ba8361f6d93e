import TesseraCore
import TesseraGeometry

/// Geometries: reading, writing, boxes, measures and predicates.
extension SpatialFunctions {
    /// Dispatches the geometry functions; nil when `name` is not one of them.
    static func callGeometryFunction(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        switch name {
        case "geometry": return try geometry(of: arguments[0]).map(QueryValue.geometry) ?? .null
        case "wkt": return try required(arguments[0], name).map { .string($0.wkt) } ?? .null
        case "geojson": return try required(arguments[0], name).map { .string($0.geoJSON) } ?? .null
        case "bbox": return .geometry(try boxPolygon(arguments))
        case "envelope": return try required(arguments[0], name).map(envelope) ?? .null
        case "centroid": return try required(arguments[0], name).map(centroid) ?? .null
        case "area", "geometry.area":
            guard let geometry = try required(arguments[0], name) else { return .null }
            do {
                return .float(try GeometryEngine().areaSquareMeters(of: geometry))
            } catch {
                throw geometryFailure(error, "\(name)()")
            }
        case "geometry.length": return try required(arguments[0], name).map { .float($0.lengthMeters) } ?? .null
        case "intersects", "within", "contains": return try predicate(name, arguments[0], arguments[1])
        case "dwithin": return try isWithinDistance(arguments[0], arguments[1], arguments[2])
        default: return nil
        }
    }

    /// The geometry of argument `value` of function `name`, with errors that name the function.
    static func required(_ value: QueryValue, _ name: String) throws(QueryError) -> Geometry? {
        do {
            return try geometry(of: value)
        } catch {
            var named = error
            named.message = "\(name)(): " + error.message
            throw named
        }
    }

    /// Reads WKT, or GeoJSON when the text starts with `{`, and checks coordinate ranges.
    static func parseGeometry(_ text: String, what: String = "the text") throws(QueryError) -> Geometry {
        let isGeoJSON = text.utf8.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } == UInt8(ascii: "{")
        let format = isGeoJSON ? "GeoJSON" : "WKT"
        do {
            let geometry = isGeoJSON ? try Geometry(geoJSON: text) : try Geometry(wkt: text)
            try geometry.checkCoordinates()
            return geometry
        } catch {
            let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
            let subject = what == "the text" ? "'\(shown)'" : what
            throw QueryError.argument(
                "\(subject) is not a valid \(format) geometry: \(error) (accepted: WKT such as 'POINT (116.3 39.9)' "
                    + "or a GeoJSON geometry object)")
        }
    }

    /// Reads a GeoJSON-shaped map (`{type: 'Point', coordinates: [116.3, 39.9]}`); a Feature stands for its
    /// geometry member (nil when that is null).
    static func parseGeometry(_ members: [String: QueryValue]) throws(QueryError) -> Geometry? {
        if case .string("Feature") = members["type"] {
            switch members["geometry"] {
            case .map(let geometry): return try parseGeometry(geometry)
            case .null, nil: return nil
            case let other?:
                throw QueryError.argument("a GeoJSON Feature's geometry must be a map, got \(typeName(other))")
            }
        }
        let json = try jsonValue(.map(members))
        do {
            let geometry = try Geometry(geoJSON: JSONWriter.encode(json))
            try geometry.checkCoordinates()
            return geometry
        } catch {
            throw QueryError.argument(
                "the map is not a GeoJSON geometry: \(error) (accepted: {type: 'Point', coordinates: [lon, lat]}, ...)")
        }
    }

    /// A map or list of plain values as JSON; other values cannot occur in GeoJSON.
    static func jsonValue(_ value: QueryValue) throws(QueryError) -> Value {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .int(integer)
        case .float(let float): return .double(float)
        case .string(let text): return .string(text)
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try jsonValue(item)) }
            return .list(values)
        case .map(let members):
            var values: [String: Value] = [:]
            for (key, member) in members { values[key] = try jsonValue(member) }
            return .map(values)
        default:
            throw QueryError.argument("a GeoJSON map holds numbers, strings, lists and maps, not \(typeName(value))")
        }
    }

    /// `bbox(minLon, minLat, maxLon, maxLat)`: the box as a polygon, corners counter-clockwise from south-west.
    static func boxPolygon(_ arguments: [QueryValue]) throws(QueryError) -> Geometry {
        let names = ["minLon", "minLat", "maxLon", "maxLat"]
        var edges: [Double] = []
        for (argument, name) in zip(arguments, names) {
            let edge = try number(argument, "bbox(): \(name)")
            let range: ClosedRange<Double> = name.hasSuffix("Lon") ? -180...180 : -90...90
            guard range.contains(edge) else {
                let accepted = "\(range.lowerBound) to \(range.upperBound)"
                throw QueryError.argument("bbox(): \(name) \(edge) is outside \(accepted)")
            }
            edges.append(edge)
        }
        guard edges[0] <= edges[2], edges[1] <= edges[3] else {
            throw QueryError.argument(
                "bbox(): the minimum must not exceed the maximum (got \(edges)); boxes do not cross the antimeridian")
        }
        return rectangle(west: edges[0], south: edges[1], east: edges[2], north: edges[3])
    }

    /// A box as a polygon, corners counter-clockwise from the south-west.
    static func rectangle(west: Double, south: Double, east: Double, north: Double) -> Geometry {
        .polygon([
            [
                Coordinate(west, south), Coordinate(east, south), Coordinate(east, north), Coordinate(west, north),
                Coordinate(west, south),
            ]
        ])
    }

    /// `envelope(g)`: the bounding box as a polygon; a point or a line when the box is degenerate; null when
    /// the geometry is empty.
    static func envelope(_ geometry: Geometry) -> QueryValue {
        guard let box = geometry.boundingBox else { return .null }
        let southWest = Coordinate(box.minLongitude, box.minLatitude)
        let northEast = Coordinate(box.maxLongitude, box.maxLatitude)
        if southWest == northEast { return .geometry(.point(southWest)) }
        if box.minLongitude == box.maxLongitude || box.minLatitude == box.maxLatitude {
            return .geometry(.lineString([southWest, northEast]))
        }
        let southEast = Coordinate(box.maxLongitude, box.minLatitude)
        let northWest = Coordinate(box.minLongitude, box.maxLatitude)
        return .geometry(.polygon([[southWest, southEast, northEast, northWest, southWest]]))
    }

    /// `centroid(g)`: the centre of mass in the longitude/latitude plane as a WGS84 point; null when empty.
    static func centroid(_ geometry: Geometry) -> QueryValue {
        guard let center = Centroid.of(geometry) else { return .null }
        return .point(PointValue(srid: ReferenceSystem.wgs84.srid, x: center.longitude, y: center.latitude))
    }

    /// `intersects`, `within` and `contains`: null when an operand is null, a node without geometry, or a
    /// Cartesian point.
    static func predicate(_ name: String, _ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue {
        if isCartesianPoint(a) || isCartesianPoint(b) { return .null }
        guard let first = try required(a, name), let second = try required(b, name) else { return .null }
        let engine = GeometryEngine()
        do {
            switch name {
            case "intersects": return .bool(try engine.intersects(first, second))
            case "within": return .bool(try engine.within(first, second))
            default: return .bool(try engine.contains(first, second))
            }
        } catch {
            throw geometryFailure(error, "\(name)()")
        }
    }

    /// `dwithin(a, b, metres)`: whether `distance(a, b) <= metres`, decided without computing far distances.
    static func isWithinDistance(_ a: QueryValue, _ b: QueryValue, _ radius: QueryValue) throws(QueryError)
        -> QueryValue
    {
        let radiusMeters = try number(radius, "dwithin(): the distance")
        guard radiusMeters >= 0, radiusMeters.isFinite else {
            throw QueryError.argument("dwithin(): the distance must be a finite number >= 0, got \(radiusMeters)")
        }
        if case .point(let p) = a, case .point(let q) = b {
            return pointDistance(p, q).map { .bool($0 <= radiusMeters) } ?? .null
        }
        if isCartesianPoint(a) || isCartesianPoint(b) { return .null }
        guard let first = try required(a, "dwithin"), let second = try required(b, "dwithin") else { return .null }
        guard let firstBox = first.boundingBox, let secondBox = second.boundingBox else { return .null }
        let engine = GeometryEngine()
        do {
            // The engine's fast rejection measures in the longitude/latitude plane and so misses paths across the
            // antimeridian: pairs spanning more than half the globe are measured instead.
            let union = firstBox.union(secondBox)
            if union.maxLongitude - union.minLongitude > 180 {
                return .bool(try distanceMeters(first, second, engine) <= radiusMeters)
            }
            return .bool(try engine.isWithinDistance(first, second, radiusMeters: radiusMeters))
        } catch {
            throw geometryFailure(error, "dwithin()")
        }
    }
}
