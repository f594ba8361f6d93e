import TesseraCore
import TesseraGeometry

extension GraphReader {
    /// Entities whose geometry intersects `geometry` (exactly, through GEOS, in the longitude/latitude plane:
    /// touching counts), valid at `validAt` (default: now) and believed at `system`; one hit per entity, ordered
    /// by id.
    ///
    /// Candidates come from the space-time index (or the in-memory R-tree of history) by bounding box; each is then decided from its box when
    /// `geometry` is an axis-aligned rectangle and the box lies inside it, else tested against `geometry`
    /// prepared once, with the candidate's geometry from the in-memory R-trees when they hold it (a point's is
    /// its box), else read and parsed.
    ///
    /// - Parameters:
    ///   - labels: keep versions carrying at least one of these labels (all when nil).
    ///   - heights: keep versions whose height range overlaps this one (metres; 2D geometry counts as 0).
    public func entities(
        intersecting geometry: Geometry, validAt: Int64? = nil, system: SystemTimePin = .latest,
        labels: [String]? = nil, heights: ClosedRange<Double>? = nil
    ) throws(GraphError) -> [SpatialHit] {
        guard let box = Self.queryBox(geometry) else { return [] }
        let instant = validAt ?? Time.nowMicros()
        let candidates = try spatialScan(
            box, from: instant, to: instant == Time.forever ? instant : instant + 1, system: system, labels: labels,
            heights: heights, onePerEntity: true, withGeometry: true
        ) { ($0, $1) }
        return try exactly(candidates, intersecting: geometry)
    }

    /// Entity versions whose geometry intersects `geometry` (exactly, as
    /// ``entities(intersecting:validAt:system:labels:heights:)-(Geometry,_,_,_,_)`` decides it) with valid
    /// time overlapping `[validFrom, validTo)`; one hit per matching version, ordered by id, then valid-from.
    public func entities(
        intersecting geometry: Geometry, validFrom: Int64, validTo: Int64, system: SystemTimePin = .latest,
        labels: [String]? = nil, heights: ClosedRange<Double>? = nil
    ) throws(GraphError) -> [SpatialHit] {
        guard validFrom < validTo else {
            throw GraphError(.invalidInterval, "the valid-time range must have its start before its end")
        }
        guard let box = Self.queryBox(geometry) else { return [] }
        let candidates = try spatialScan(
            box, from: validFrom, to: validTo, system: system, labels: labels, heights: heights, onePerEntity: false,
            withGeometry: true
        ) { ($0, $1) }
        return try exactly(candidates, intersecting: geometry)
    }

    /// The 2D box of a query geometry; nil when it is empty (nothing intersects it).
    static func queryBox(_ geometry: Geometry) -> SpatialBounds? {
        guard let box = geometry.boundingBox else { return nil }
        return SpatialBounds(
            minLongitude: box.minLongitude, minLatitude: box.minLatitude, maxLongitude: box.maxLongitude,
            maxLatitude: box.maxLatitude)
    }

    /// The candidates whose geometry intersects `query`, in their order.
    func exactly(_ candidates: [(hit: SpatialHit, geometry: Geometry?)], intersecting query: Geometry)
        throws(GraphError) -> [SpatialHit]
    {
        let rectangle = query.axisAlignedRectangle
        // Made on the first candidate that needs GEOS; windows decided from boxes and vertices never create one.
        var prepared: PreparedGeometry?
        var kept: [SpatialHit] = []
        for (hit, known) in candidates {
            if let rectangle, rectangle.contains(CurrentSpace.box(hit.bounds)) {
                kept.append(hit)
                continue
            }
            var shape = known
            if shape == nil { shape = try geometry(of: hit) }
            guard let shape else { continue }
            if let rectangle, shape.hasVertex(in: rectangle) {
                kept.append(hit)
                continue
            }
            do {
                if prepared == nil { prepared = try GeometryEngine().prepare(query) }
                if try prepared?.intersects(shape) == true { kept.append(hit) }
            } catch { throw GraphError(.invalidGeometry, "query geometry: \(error)") }
        }
        return kept
    }

    /// The geometry of the version a hit names: a point's is its box; others are read and parsed. Nil when the
    /// version is gone (a commit between the index read and this one, for a reader without a snapshot).
    func geometry(of hit: SpatialHit) throws(GraphError) -> Geometry? {
        if let point = hit.bounds.point { return point }
        guard let version = try entity(hit.id, versionFrom: hit.valid.from, systemFrom: hit.system.from),
            let text = version.geometry
        else { return nil }
        do { return try Geometry(geoJSON: text) } catch {
            throw GraphError(.corruption, "stored geometry of \(hit.id) does not parse: \(error)")
        }
    }
}

extension Graph {
    /// Entities whose geometry intersects `geometry` exactly now, from the in-memory R-tree of the present (built
    /// on first use), which keeps every geometry parsed; in internal-id order like
    /// ``entitiesNow(intersecting:labels:)``.
    public func entitiesNow(intersecting geometry: Geometry, labels: [String]? = nil) throws(GraphError)
        -> [SpatialHit]
    {
        guard let box = GraphReader.queryBox(geometry) else { return [] }
        return try GraphReader(graph: self, snapshot: nil).exactly(
            entitiesNowWithGeometry(intersecting: box, labels: labels), intersecting: geometry)
    }

    /// Entities whose geometry intersects `geometry` exactly, valid at `validAt` (default: now), believed at
    /// `system` (see ``GraphReader/entities(intersecting:validAt:system:labels:heights:)-(Geometry,_,_,_,_)``).
    public func entities(
        intersecting geometry: Geometry, validAt: Int64? = nil, system: SystemTimePin = .latest,
        labels: [String]? = nil, heights: ClosedRange<Double>? = nil
    ) throws(GraphError) -> [SpatialHit] {
        try GraphReader(graph: self, snapshot: nil).entities(
            intersecting: geometry, validAt: validAt, system: system, labels: labels, heights: heights)
    }

    /// Entity versions whose geometry intersects `geometry` exactly, with valid time overlapping
    /// `[validFrom, validTo)`.
    public func entities(
        intersecting geometry: Geometry, validFrom: Int64, validTo: Int64, system: SystemTimePin = .latest,
        labels: [String]? = nil, heights: ClosedRange<Double>? = nil
    ) throws(GraphError) -> [SpatialHit] {
        try GraphReader(graph: self, snapshot: nil).entities(
            intersecting: geometry, validFrom: validFrom, validTo: validTo, system: system, labels: labels,
            heights: heights)
    }
}
