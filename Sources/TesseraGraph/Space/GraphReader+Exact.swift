import TesseraCore
import TesseraGeometry

extension GraphReader {
    /// Entities whose geometry intersects `geometry` (exactly, through GEOS, in the longitude/latitude plane:
    /// touching counts), valid at `validAt` (default: now) and believed at `system`; one hit per entity, ordered
    /// by id.
    ///
    /// Candidates come from the space-time index (or the in-memory R-tree of history) by bounding box; each is
    /// then decided as ``ExactTest`` says, with the candidate's geometry from the in-memory R-trees when
    /// they hold it (a point's is its box), else read and parsed.
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
        return try spatialScan(
            box, from: instant, to: instant == Time.forever ? instant : instant + 1, system: system, labels: labels,
            heights: heights, onePerEntity: true, withGeometry: false, exactly: .intersects(geometry)
        ) { hit, _ in hit }
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
        return try spatialScan(
            box, from: validFrom, to: validTo, system: system, labels: labels, heights: heights, onePerEntity: false,
            withGeometry: false, exactly: .intersects(geometry)
        ) { hit, _ in hit }
    }

    /// The 2D box of a query geometry; nil when it is empty (nothing intersects it).
    static func queryBox(_ geometry: Geometry) -> SpatialBounds? {
        guard let box = geometry.boundingBox else { return nil }
        return SpatialBounds(
            minLongitude: box.minLongitude, minLatitude: box.minLatitude, maxLongitude: box.maxLongitude,
            maxLatitude: box.maxLatitude)
    }

    /// The geometry of version (`validFrom`, `systemFrom`) of entity `id`, read and parsed. Nil when the version
    /// is gone (a commit between the index read and this one, for a reader without a snapshot).
    func geometry(ofVersion id: String, validFrom: Int64, systemFrom: Int64) throws(GraphError) -> Geometry? {
        guard let version = try entity(id, versionFrom: validFrom, systemFrom: systemFrom),
            let text = version.geometry
        else { return nil }
        do { return try Geometry(geoJSON: text) } catch {
            throw GraphError(.corruption, "stored geometry of \(id) does not parse: \(error)")
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
        var test = ExactTest(.intersects(geometry))
        return try currentHits(
            in: try currentSpace(), intersecting: box, labels: labels, now: Time.nowMicros(),
            keep: { (entry) throws(GraphError) in try test.holds(bounds: entry.bounds) { entry.geometry } }
        ) { hit, _ in hit }
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

/// An exact spatial predicate between each candidate's geometry and one query geometry, in the
/// longitude/latitude plane (OGC definitions, decided by GEOS where boxes and vertices do not decide).
public enum ExactPredicate: Sendable {
    /// The candidate and the geometry share at least one point (touching counts).
    case intersects(Geometry)
    /// The candidate lies within the geometry: no point of it outside, and some point of it in the interior
    /// (a candidate on the boundary only is not within).
    case within(Geometry)

    /// The query geometry.
    public var geometry: Geometry {
        switch self {
        case .intersects(let geometry), .within(let geometry): return geometry
        }
    }
}

/// Decides an ``ExactPredicate`` for candidates, from boxes and vertices where it can: for `intersects`, a
/// candidate whose box lies inside a query that is an axis-aligned rectangle, or with a vertex inside it, meets
/// it; for `within`, a candidate whose box leaves the query's box is not within it, and one whose box lies in
/// the interior of a rectangle query is. The others are tested by GEOS against the query prepared on the first
/// candidate that needs it.
///
/// Candidate boxes are the stored ones, which may differ from the box of the parsed geometry in the last bits
/// (they were computed from the text by another parser, possibly by an older build): a box decides only when it
/// clears the edge by ``margin``; closer than that, the geometry itself is tested.
struct ExactTest {
    let predicate: ExactPredicate
    let query: Geometry
    /// The query's box, and the box itself when the query is an axis-aligned rectangle.
    let box: BoundingBox?
    let rectangle: BoundingBox?
    private var prepared: PreparedGeometry?
    /// Degrees (about 0.1 mm): far more than any rounding of a stored box, far less than any real distance.
    static let margin = 1e-9

    init(_ predicate: ExactPredicate) {
        self.predicate = predicate
        query = predicate.geometry
        box = query.boundingBox
        rectangle = query.axisAlignedRectangle
    }

    /// Whether `candidate` lies inside `outer` shrunk by ``margin`` on every side.
    static func clearlyInside(_ candidate: BoundingBox, _ outer: BoundingBox) -> Bool {
        candidate.minLongitude > outer.minLongitude + margin && candidate.maxLongitude < outer.maxLongitude - margin
            && candidate.minLatitude > outer.minLatitude + margin && candidate.maxLatitude < outer.maxLatitude - margin
    }

    /// Whether `candidate` reaches beyond `outer` grown by ``margin`` on some side.
    static func clearlyLeaves(_ candidate: BoundingBox, _ outer: BoundingBox) -> Bool {
        candidate.minLongitude < outer.minLongitude - margin || candidate.maxLongitude > outer.maxLongitude + margin
            || candidate.minLatitude < outer.minLatitude - margin || candidate.maxLatitude > outer.maxLatitude + margin
    }

    /// Whether the candidate with box `bounds` and the geometry `shape` returns (nil: none, it does not
    /// qualify) passes; `shape` is called only when the box does not decide.
    mutating func holds(bounds: SpatialBounds, shape: () throws(GraphError) -> Geometry?) throws(GraphError) -> Bool {
        let candidate = CurrentSpace.box(bounds)
        switch predicate {
        case .intersects:
            if let rectangle, Self.clearlyInside(candidate, rectangle) { return true }
        case .within:
            if let box, Self.clearlyLeaves(candidate, box) { return false }
            if let rectangle, Self.clearlyInside(candidate, rectangle) { return true }
        }
        guard let shape = try shape() else { return false }
        do {
            switch predicate {
            case .intersects:
                if let rectangle, shape.hasVertex(in: rectangle) { return true }
                if prepared == nil { prepared = try GeometryEngine().prepare(query) }
                return try prepared?.intersects(shape) == true
            case .within:
                // The candidate is within the query when the query contains it.
                if prepared == nil { prepared = try GeometryEngine().prepare(query) }
                return try prepared?.contains(shape) == true
            }
        } catch { throw GraphError(.invalidGeometry, "query geometry: \(error)") }
    }
}
