import TesseraCore
import TesseraGeometry

/// OGC validity of polygonal geometry through GEOS, for writes: a self-intersecting ring or a hole
/// outside its shell is rejected with GEOS's reason and location, or repaired when asked to.
///
/// Not thread-safe (it owns a GEOS context): one per thread.
final class GeometryValidator {
    let engine = GeometryEngine()
    /// Whether invalid geometry is repaired (GEOS MakeValid) instead of rejected.
    let repair: Bool

    init(repair: Bool = false) { self.repair = repair }

    /// Checks GeoJSON bytes already checked by ``GeoJSONCheck``; returns replacement bytes and bounds when
    /// the geometry was repaired, nil when it is valid as written.
    func check(_ bytes: [UInt8]) throws(GraphError) -> (geometry: [UInt8], bounds: SpatialBounds?)? {
        // Only areas can be invalid in ways the structural check cannot see.
        guard Self.mentionsPolygon(bytes) else { return nil }
        let geometry: Geometry
        let validity: Validity
        do {
            geometry = try Geometry(geoJSON: bytes)
            validity = try engine.validity(of: geometry)
        } catch { throw GraphError(.invalidGeometry, "geometry: \(error)") }
        guard !validity.isValid else { return nil }
        guard repair else {
            throw GraphError(
                .invalidGeometry,
                "geometry is not valid: \(validity) (load with --repair-geometry to repair it with GEOS MakeValid)")
        }
        do {
            let fixed = try engine.repaired(geometry).geoJSONBytes
            return (fixed, try GeoJSONCheck.validate(fixed))
        } catch let error as GraphError {
            throw error
        } catch {
            throw GraphError(.invalidGeometry, "geometry could not be repaired: \(error)")
        }
    }

    static func mentionsPolygon(_ bytes: [UInt8]) -> Bool {
        let needle = Array("Polygon".utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
