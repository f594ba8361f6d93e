import TesseraCore
import TesseraGeometry

extension Graph {
    /// The `k` entities nearest to a point as valid at `validAt` and believed at `system`, nearest first,
    /// with distances in metres; answered from the space-time index by widening a search box until
    /// the `k`-th distance lies inside it.
    ///
    /// - Parameter reader: reads through this reader (its snapshot) instead of a new one.
    public func nearest(
        longitude: Double, latitude: Double, k: Int, validAt: Int64, system: SystemTimePin = .latest,
        labels: [String]? = nil, reader given: GraphReader? = nil
    ) throws(GraphError) -> [(hit: SpatialHit, distanceMeters: Double)] {
        guard k > 0 else { return [] }
        let point = Coordinate(longitude: longitude, latitude: latitude)
        let reader = given ?? reader()
        var engine: GeometryEngine?
        var radius = 200.0
        while true {
            let box = BoundingBox(point).expanded(byMeters: radius)
            let query = SpatialBounds(
                minLongitude: max(box.minLongitude, -180), minLatitude: max(box.minLatitude, -90),
                maxLongitude: min(box.maxLongitude, 180), maxLatitude: min(box.maxLatitude, 90))
            let hits = try reader.entities(intersecting: query, validAt: validAt, system: system, labels: labels)
            var measured: [(hit: SpatialHit, distanceMeters: Double)] = []
            for hit in hits {
                let distance: Double
                if hit.bounds.isPoint {
                    distance = Geodesic.distanceMeters(
                        point, Coordinate(longitude: hit.bounds.minLongitude, latitude: hit.bounds.minLatitude))
                } else {
                    guard let text = try reader.entity(hit.id, validAt: validAt, system: system)?.geometry,
                        let geometry = try? Geometry(geoJSON: text)
                    else { continue }
                    if engine == nil { engine = GeometryEngine() }
                    distance = (try? engine?.distanceMeters(from: point, to: geometry)) ?? .infinity
                }
                measured.append((hit, distance))
            }
            measured.sort {
                $0.distanceMeters != $1.distanceMeters ? $0.distanceMeters < $1.distanceMeters : $0.hit.id < $1.hit.id
            }
            let worldwide = radius > 2.1e7
            if measured.count >= k && measured[k - 1].distanceMeters <= radius || worldwide {
                return Array(measured.filter { $0.distanceMeters <= radius || worldwide }.prefix(k))
            }
            radius *= 4
        }
    }
}
