internal import CGEOS

extension GeometryEngine {
    /// A new GEOS geometry equal to `geometry`; the caller owns it and destroys it with GEOSGeom_destroy_r.
    ///
    /// geos_c.h: the constructors take ownership of the sequences and geometries passed to them, even when they
    /// fail, so only objects not yet handed over are destroyed on an error path.
    func makeGEOS(_ geometry: Geometry) throws(GeometryError) -> OpaquePointer {
        try makeGEOS(geometry, hasZ: geometry.hasZ)
    }

    private func makeGEOS(_ geometry: Geometry, hasZ: Bool) throws(GeometryError) -> OpaquePointer {
        switch geometry {
        case .point(let point): return try makePoint(point, hasZ: hasZ)
        case .lineString(let points):
            let sequence = try makeSequence(points, hasZ: hasZ)
            guard let line = GEOSGeom_createLineString_r(context, sequence) else { throw failure("LineString") }
            return line
        case .polygon(let rings): return try makePolygon(rings, hasZ: hasZ)
        case .multiPoint(let points):
            return try makeCollection(GEOS_MULTIPOINT, points) { (point) throws(GeometryError) in
                try makePoint(point, hasZ: hasZ)
            }
        case .multiLineString(let lines):
            return try makeCollection(GEOS_MULTILINESTRING, lines) { (line) throws(GeometryError) in
                try makeGEOS(.lineString(line), hasZ: hasZ)
            }
        case .multiPolygon(let polygons):
            return try makeCollection(GEOS_MULTIPOLYGON, polygons) { (rings) throws(GeometryError) in
                try makePolygon(rings, hasZ: hasZ)
            }
        case .geometryCollection(let members):
            return try makeCollection(GEOS_GEOMETRYCOLLECTION, members) { (member) throws(GeometryError) in
                try makeGEOS(member, hasZ: hasZ)
            }
        }
    }

    private func makePoint(_ point: Coordinate, hasZ: Bool) throws(GeometryError) -> OpaquePointer {
        if !hasZ {
            guard let raw = GEOSGeom_createPointFromXY_r(context, point.longitude, point.latitude) else {
                throw failure("Point")
            }
            return raw
        }
        let sequence = try makeSequence([point], hasZ: true)
        guard let raw = GEOSGeom_createPoint_r(context, sequence) else { throw failure("Point") }
        return raw
    }

    private func makePolygon(_ rings: [[Coordinate]], hasZ: Bool) throws(GeometryError) -> OpaquePointer {
        guard !rings.isEmpty else {
            guard let empty = GEOSGeom_createEmptyPolygon_r(context) else { throw failure("Polygon") }
            return empty
        }
        var made: [OpaquePointer?] = []
        made.reserveCapacity(rings.count)
        for ring in rings {
            do throws(GeometryError) {
                let sequence = try makeSequence(ring, hasZ: hasZ)
                guard let raw = GEOSGeom_createLinearRing_r(context, sequence) else { throw failure("LinearRing") }
                made.append(raw)
            } catch {
                for raw in made { GEOSGeom_destroy_r(context, raw) }
                throw error
            }
        }
        let shell = made[0]
        let holeCount = UInt32(made.count - 1)
        // Why unsafe: GEOS reads `holeCount` pointers from the array during the call and takes ownership of the
        // rings they point to; the array itself stays ours (geos_c.h, GEOSGeom_createPolygon).
        let polygon = made.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(context, shell, buffer.baseAddress.map { $0 + 1 }, holeCount)
        }
        guard let polygon else { throw failure("Polygon") }
        return polygon
    }

    private func makeCollection<T>(
        _ type: GEOSGeomTypes, _ items: [T], _ member: (T) throws(GeometryError) -> OpaquePointer
    ) throws(GeometryError) -> OpaquePointer {
        var made: [OpaquePointer?] = []
        made.reserveCapacity(items.count)
        for item in items {
            do throws(GeometryError) {
                made.append(try member(item))
            } catch {
                for raw in made { GEOSGeom_destroy_r(context, raw) }
                throw error
            }
        }
        // Why unsafe: as for polygons, GEOS takes ownership of the members and leaves the array to us.
        let collection = made.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(context, Int32(type.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        guard let collection else { throw failure("collection") }
        return collection
    }

    /// A GEOS coordinate sequence (owned by the caller until handed to a constructor).
    private func makeSequence(_ points: [Coordinate], hasZ: Bool) throws(GeometryError) -> OpaquePointer {
        let width = hasZ ? 3 : 2
        if points.isEmpty {
            guard let empty = GEOSCoordSeq_create_r(context, 0, UInt32(width)) else {
                throw failure("coordinate sequence")
            }
            return empty
        }
        var buffer = [Double](repeating: 0, count: points.count * width)
        for (index, point) in points.enumerated() {
            buffer[index * width] = point.longitude
            buffer[index * width + 1] = point.latitude
            if hasZ { buffer[index * width + 2] = point.z ?? 0 }
        }
        // Why unsafe: GEOSCoordSeq_copyFromBuffer_r copies the doubles during the call (geos_c.h).
        let sequence = buffer.withUnsafeBufferPointer { doubles in
            GEOSCoordSeq_copyFromBuffer_r(context, doubles.baseAddress, UInt32(points.count), hasZ ? 1 : 0, 0)
        }
        guard let sequence else { throw failure("coordinate sequence") }
        return sequence
    }
}
