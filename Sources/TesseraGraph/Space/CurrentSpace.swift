import TesseraCore
import TesseraGeometry
import TesseraStorage

/// The in-memory R-tree over the believed versions that have not ended yet (the present and planned
/// future), for window and k-nearest queries "now" without touching RocksDB.
///
/// Built lazily on the first query from the head entries (one per entity, plus the version valid
/// at build time when the head lies in the future), kept in step with ordinary commits, and rebuilt
/// after bulk loads. Queries copy the state under a lock (the R-tree is a value type), so readers never
/// block writers for longer than that copy.
struct CurrentSpace: Sendable {
    /// One indexed version; a class so that lookups during a query copy a reference, not the fields.
    final class Entry: Sendable {
        let entity: UInt64
        let name: String
        let labels: [UInt32]
        let bounds: SpatialBounds
        /// The parsed geometry, for exact tests and distances (nil only if the stored text cannot be parsed).
        let geometry: Geometry?
        /// Whether the geometry is a single point (its bounds are the point).
        var isPoint: Bool {
            if case .point? = geometry { return true }
            return false
        }
        let validFrom: Int64
        let validTo: Int64
        let systemFrom: Int64

        /// The hit this entry answers with, its labels named `labels`.
        func hit(labels: [String]) -> SpatialHit {
            SpatialHit(
                id: name, labels: labels, bounds: bounds, valid: TimeInterval64(from: validFrom, to: validTo),
                system: TimeInterval64(from: systemFrom, to: Time.forever))
        }

        init(
            entity: UInt64, name: String, labels: [UInt32], bounds: SpatialBounds, geometry: Geometry?,
            validFrom: Int64, validTo: Int64, systemFrom: Int64
        ) {
            self.entity = entity
            self.name = name
            self.labels = labels
            self.bounds = bounds
            self.geometry = geometry
            self.validFrom = validFrom
            self.validTo = validTo
            self.systemFrom = systemFrom
        }
    }

    var tree = RTree()
    /// Entries by entry id (ids are dense, so an array; a removed entry leaves nil).
    var entries = EntryTable()
    var byEntity: [UInt64: [UInt64]] = [:]
    var nextEntry: UInt64 = 1
    /// The engine's commit count when this state was built or last brought in step: it reflects exactly the
    /// database after that many commits (readers of a snapshot compare it with theirs).
    var commitCount: Int64 = -1

    /// A dense table of entries indexed by entry id: lookups in a query are array reads, not hashing.
    struct EntryTable: Sendable {
        private var slots: ContiguousArray<Entry?> = []

        subscript(id: UInt64) -> Entry? {
            get { id < UInt64(slots.count) ? slots[Int(id)] : nil }
            set {
                let index = Int(id)
                if index >= slots.count { slots.append(contentsOf: repeatElement(nil, count: index - slots.count + 1)) }
                slots[index] = newValue
            }
        }
    }

    /// The entry of `entity` valid at `now`, if the R-tree holds one.
    func entry(of entity: UInt64, at now: Int64) -> Entry? {
        for id in byEntity[entity] ?? [] {
            guard let entry = entries[id], entry.validFrom <= now, now < entry.validTo else { continue }
            return entry
        }
        return nil
    }

    static func names(_ labels: [UInt32], _ catalog: Catalog) -> [String] {
        labels.count == 1 ? [catalog.name(of: labels[0])] : labels.map { catalog.name(of: $0) }.sorted()
    }

    static func box(_ bounds: SpatialBounds) -> BoundingBox {
        BoundingBox(
            minLongitude: bounds.minLongitude, minLatitude: bounds.minLatitude, maxLongitude: bounds.maxLongitude,
            maxLatitude: bounds.maxLatitude)
    }

    static func entry(
        entity: UInt64, name: String, content: EntityContent, validFrom: Int64, validTo: Int64, systemFrom: Int64
    ) -> Entry? {
        guard let bounds = content.bounds else { return nil }
        var geometry: Geometry?
        if let text = try? content.decodeBody().geometry { geometry = try? Geometry(geoJSON: text) }
        return Entry(
            entity: entity, name: name, labels: content.labels, bounds: bounds, geometry: geometry,
            validFrom: validFrom, validTo: validTo, systemFrom: systemFrom)
    }

    /// Replaces the entries of one entity.
    mutating func replace(entity: UInt64, with newEntries: [Entry]) {
        for id in byEntity[entity] ?? [] {
            entries[id] = nil
            _ = tree.remove(id)
        }
        var ids: [UInt64] = []
        for entry in newEntries {
            let id = nextEntry
            nextEntry += 1
            entries[id] = entry
            tree.insert(id, CurrentSpace.box(entry.bounds))
            ids.append(id)
        }
        byEntity[entity] = ids.isEmpty ? nil : ids
    }

    /// Builds the state from the head entries of the store.
    static func build(from store: Store, at now: Int64) throws(GraphError) -> CurrentSpace {
        var space = CurrentSpace()
        var scanned: [Entry] = []
        let bounds = Keys.space(.entityHead)
        let cursor = store.cursor(from: bounds.lower, to: bounds.upper, fillCache: false)
        cursor.seekToFirst()
        while cursor.isValid {
            let name = String(decoding: cursor.key.dropFirst(), as: UTF8.self)
            let value = cursor.value
            do {
                var reader = ByteReader(value, context: "entity head")
                let entity = try reader.readFixed64()
                let validFrom = Int64(bitPattern: try reader.readFixed64())
                let systemFrom = Int64(bitPattern: try reader.readFixed64())
                let record = try EntityRecordCodec.decode(Array(value[24...]))
                if record.validTo > now,
                    let entry = entry(
                        entity: entity, name: name, content: record.content, validFrom: validFrom,
                        validTo: record.validTo, systemFrom: systemFrom)
                {
                    scanned.append(entry)
                }
            } catch { throw GraphError.wrap(error) }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        space.place(scanned)
        return space
    }

    /// Numbers `scanned` (entries of an empty state) in the order the packed tree lays out its leaves and makes
    /// each entry afresh in that order, with one shared array per distinct label set, after copying the
    /// geometries in the same order: a window query then reads the entries it meets, their labels and the
    /// geometries it tests from neighbouring memory rather than from all over the heap (the scan made them in id
    /// order, interleaved with everything else it allocated).
    private mutating func place(_ scanned: [Entry]) {
        let boxes = scanned.map { CurrentSpace.box($0.bounds) }
        let order = RTree.packingOrder(boxes)
        var labelSets: [[UInt32]: [UInt32]] = [:]
        // Geometries first, then the entries: each in a run of its own, so the entries stay dense.
        let geometries = order.map { scanned[$0].geometry?.freshlyAllocated() }
        var placed: [Entry] = []
        placed.reserveCapacity(scanned.count)
        for (position, index) in order.enumerated() {
            let old = scanned[index]
            let labels: [UInt32]
            if let shared = labelSets[old.labels] {
                labels = shared
            } else {
                labels = old.labels
                labelSets[labels] = labels
            }
            placed.append(
                Entry(
                    entity: old.entity, name: old.name, labels: labels, bounds: old.bounds,
                    geometry: geometries[position],
                    validFrom: old.validFrom, validTo: old.validTo, systemFrom: old.systemFrom))
        }
        var items: [(id: UInt64, box: BoundingBox)] = []
        items.reserveCapacity(placed.count)
        for (position, entry) in placed.enumerated() {
            let id = nextEntry
            nextEntry += 1
            entries[id] = entry
            byEntity[entry.entity, default: []].append(id)
            items.append((id, boxes[order[position]]))
        }
        tree = RTree(items)
    }
}

extension CommitContext {
    /// The entries each touched entity should have in the current-space R-tree after this commit.
    func currentSpaceEntries(now: Int64) throws(GraphError) -> [(entity: UInt64, entries: [CurrentSpace.Entry])] {
        var result: [(entity: UInt64, entries: [CurrentSpace.Entry])] = []
        for (id, entity) in entities where entity.touched {
            let name = try entityName(id)
            let entries = entity.timeline.slots.filter { $0.isBelieved && $0.validTo > now }.compactMap { slot in
                CurrentSpace.entry(
                    entity: id, name: name, content: slot.content, validFrom: slot.validFrom, validTo: slot.validTo,
                    systemFrom: slot.systemFrom)
            }
            result.append((id, entries))
        }
        return result
    }
}

extension Graph {
    /// Whether the R-tree of the present is built (it is on the first query that needs it).
    public var hasCurrentSpace: Bool { current.withLock { $0 != nil } }

    /// The current-space state, built on first use.
    func currentSpace() throws(GraphError) -> CurrentSpace {
        if let ready = current.withLock({ $0 }) { return ready }
        // Built under the writer lock so that no commit slips between the scan and the publication.
        return try writer.withLock { (state: inout WriterState) throws(GraphError) -> CurrentSpace in
            if let ready = current.withLock({ $0 }) { return ready }
            var built = try CurrentSpace.build(from: store, at: Time.nowMicros())
            built.commitCount = state.commitCount
            current.withLock { $0 = built }
            return built
        }
    }

    /// Entities whose bounding box intersects `box` now (the versions valid at this instant), from memory,
    /// in internal-id order.
    public func entitiesNow(intersecting box: SpatialBounds, labels: [String]? = nil) throws(GraphError) -> [SpatialHit]
    {
        try currentHits(intersecting: box, labels: labels) { hit, _ in hit }
    }

    /// ``entitiesNow(intersecting:labels:)`` with each hit's parsed geometry, kept in memory by the R-tree of the
    /// present (nil only for geometries that could not be parsed).
    /// Exact predicates can use it without reading the version.
    public func entitiesNowWithGeometry(intersecting box: SpatialBounds, labels: [String]? = nil) throws(GraphError)
        -> [(hit: SpatialHit, shape: KeptGeometry)]
    {
        try currentHits(intersecting: box, labels: labels) { hit, entry in (hit, KeptGeometry(source: .present(entry)))
        }
    }

    /// ``entitiesNowWithGeometry(intersecting:labels:)`` at the instant `now`, for `reader`: nil when the R-tree
    /// of the present does not reflect exactly the reader's snapshot (a commit landed between them), so that
    /// what the caller gets agrees with everything else it reads through `reader`.
    ///
    /// - Parameter query: when given, only the hits whose geometry passes it exactly (``ExactPredicate``; `box`
    ///   is then the query geometry's box).
    public func entitiesNowWithGeometry(
        intersecting box: SpatialBounds, labels: [String]? = nil, at now: Int64, consistentWith reader: GraphReader,
        exactly query: ExactPredicate? = nil
    ) throws(GraphError) -> [(hit: SpatialHit, shape: KeptGeometry)]? {
        try entitiesNowWithGeometry(
            intersecting: box, labels: labels, at: now, consistentWith: reader, exactly: query
        ) { ($0, $1) }
    }

    /// ``entitiesNowWithGeometry(intersecting:labels:at:consistentWith:exactly:)`` with each hit turned into a
    /// result by `make` as it is found (a caller building its own values saves the array of pairs).
    ///
    /// - Parameter ordered: false hands the hits over in the R-tree's order instead of internal-id order (for a
    ///   caller that does not need an order, such as a statement without ORDER BY; saves sorting them).
    public func entitiesNowWithGeometry<Hit>(
        intersecting box: SpatialBounds, labels: [String]? = nil, at now: Int64, consistentWith reader: GraphReader,
        ordered: Bool = true, exactly query: ExactPredicate? = nil, _ make: (SpatialHit, KeptGeometry) -> Hit
    ) throws(GraphError) -> [Hit]? {
        guard let space = try currentSpace(consistentWith: reader) else { return nil }
        var test = query.map(ExactTest.init)
        return try currentHits(
            in: space, intersecting: box, labels: labels, now: now, ordered: ordered,
            keep: test == nil
                ? nil
                : { (entry) throws(GraphError) in try test?.holds(bounds: entry.bounds) { entry.geometry } ?? true }
        ) { hit, entry in
            make(hit, KeptGeometry(source: .present(entry)))
        }
    }

    /// The version of entity `name` valid at `now` as the R-tree of the present keeps it (with its parsed
    /// geometry), so a reader need not read it; nil when the R-tree does not reflect `reader`'s snapshot or
    /// holds no version of the entity valid at `now` (it may still have one without a geometry: read it).
    public func entityNowWithGeometry(named name: String, at now: Int64, consistentWith reader: GraphReader)
        throws(GraphError) -> (hit: SpatialHit, geometry: Geometry?)?
    {
        if !hasCurrentSpace { _ = try currentSpace() }
        guard let entity = try reader.entityId(name) else { return nil }
        let commits = reader.snapshot == nil ? nil : try reader.commitCount()
        // Looked up under the lock: a traversal asks this for every node it reaches, and copying the state out
        // would retain each of its parts every time.
        guard let entry = presentEntries(of: CollectionOfOne(entity), at: now, commits: commits)?.first ?? nil else {
            return nil
        }
        return (entry.hit(labels: catalog.withLock { CurrentSpace.names(entry.labels, $0) }), entry.geometry)
    }

    /// Under the lock, the entries of `entities` valid at `now` in the R-tree of the present, without copying its
    /// state out; nil when it is not built or does not reflect `commits` commits (any, when nil).
    func presentEntries<Entities: Sequence<UInt64>>(of entities: Entities, at now: Int64, commits: Int64?)
        -> [CurrentSpace.Entry?]?
    {
        current.withLock { space -> [CurrentSpace.Entry?]? in
            guard let space, commits == nil || commits == space.commitCount else { return nil }
            return entities.map { space.entry(of: $0, at: now) }
        }
    }

    /// The R-tree of the present if it reflects `reader`'s snapshot (any state for a reader without one).
    private func currentSpace(consistentWith reader: GraphReader) throws(GraphError) -> CurrentSpace? {
        let space = try currentSpace()
        guard reader.snapshot != nil else { return space }
        return try reader.commitCount() == space.commitCount ? space : nil
    }

    /// The R-tree entries valid now whose box meets `box`, in internal-id order (unless not `ordered`), as `make`
    /// turns them into results.
    private func currentHits<Result>(
        intersecting box: SpatialBounds, labels: [String]?, _ make: (SpatialHit, CurrentSpace.Entry) -> Result
    ) throws(GraphError) -> [Result] {
        try currentHits(in: try currentSpace(), intersecting: box, labels: labels, now: Time.nowMicros(), make)
    }

    /// - Parameters:
    ///   - ordered: false leaves the hits in the R-tree's order.
    ///   - keep: called on each entry found, in order, before `make`: false leaves it out.
    func currentHits<Result>(
        in space: CurrentSpace, intersecting box: SpatialBounds, labels: [String]?, now: Int64, ordered: Bool = true,
        keep: ((CurrentSpace.Entry) throws(GraphError) -> Bool)? = nil,
        _ make: (SpatialHit, CurrentSpace.Entry) -> Result
    ) throws(GraphError) -> [Result] {
        let catalog = catalog.withLock { $0 }
        let wanted = labels.map { Set($0.compactMap { catalog.id(.label, $0) }) }
        var found: [(entity: UInt64, entry: CurrentSpace.Entry)] = []
        space.tree.forEach(intersecting: CurrentSpace.box(box)) { id in
            guard let entry = space.entries[id], entry.validFrom <= now, now < entry.validTo,
                entry.bounds.intersects(box)
            else { return }
            if let wanted, wanted.isDisjoint(with: entry.labels) { return }
            found.append((entry.entity, entry))
        }
        // Internal-id order: deterministic and much cheaper to sort than strings (sorting pairs, not entries).
        if ordered { found.sort { $0.entity < $1.entity } }
        // Most entities carry one label: name each label once per query and share the array.
        var singleLabelNames: [UInt32: [String]] = [:]
        var results: [Result] = []
        results.reserveCapacity(found.count)
        for item in found {
            let entry = item.entry
            if let keep, try !keep(entry) { continue }
            let names: [String]
            if entry.labels.count == 1 {
                let label = entry.labels[0]
                if let known = singleLabelNames[label] {
                    names = known
                } else {
                    names = [catalog.name(of: label)]
                    singleLabelNames[label] = names
                }
            } else {
                names = CurrentSpace.names(entry.labels, catalog)
            }
            let hit = entry.hit(labels: names)
            results.append(make(hit, entry))
        }
        return results
    }

    /// The `k` entities nearest to a point now, nearest first (ties by internal order), with distances in
    /// metres to their geometry (geodesic for points; GEOS in a local projection otherwise).
    public func nearestNow(longitude: Double, latitude: Double, k: Int, labels: [String]? = nil) throws(GraphError)
        -> [(hit: SpatialHit, distanceMeters: Double)]
    {
        try nearestNowWithGeometry(longitude: longitude, latitude: latitude, k: k, labels: labels).map {
            ($0.hit, $0.distanceMeters)
        }
    }

    /// ``nearestNow(longitude:latitude:k:labels:)`` with each hit's parsed geometry as the R-tree keeps it.
    public func nearestNowWithGeometry(longitude: Double, latitude: Double, k: Int, labels: [String]? = nil)
        throws(GraphError) -> [(hit: SpatialHit, distanceMeters: Double, geometry: Geometry?)]
    {
        try nearest(
            in: try currentSpace(), longitude: longitude, latitude: latitude, k: k, labels: labels,
            now: Time.nowMicros())
    }

    /// ``nearestNowWithGeometry(longitude:latitude:k:labels:)`` at the instant `now`, for `reader`: nil when the
    /// R-tree of the present does not reflect exactly the reader's snapshot.
    public func nearestNowWithGeometry(
        longitude: Double, latitude: Double, k: Int, labels: [String]? = nil, at now: Int64,
        consistentWith reader: GraphReader
    ) throws(GraphError) -> [(hit: SpatialHit, distanceMeters: Double, geometry: Geometry?)]? {
        guard let space = try currentSpace(consistentWith: reader) else { return nil }
        return try nearest(in: space, longitude: longitude, latitude: latitude, k: k, labels: labels, now: now)
    }

    private func nearest(
        in space: CurrentSpace, longitude: Double, latitude: Double, k: Int, labels: [String]?, now: Int64
    ) throws(GraphError) -> [(hit: SpatialHit, distanceMeters: Double, geometry: Geometry?)] {
        let catalog = catalog.withLock { $0 }
        let wanted = labels.map { Set($0.compactMap { catalog.id(.label, $0) }) }
        let point = Coordinate(longitude: longitude, latitude: latitude)
        var engine: GeometryEngine?
        // Entries that do not qualify get an infinite distance, which the finite cap leaves out.
        let bound = Geodesic.BoxLowerBound(from: point)
        let neighbors = space.tree.nearest(k, maxDistance: .greatestFiniteMagnitude, lowerBound: bound.meters) { id in
            guard let entry = space.entries[id], entry.validFrom <= now, now < entry.validTo else { return .infinity }
            if let wanted, wanted.isDisjoint(with: entry.labels) { return .infinity }
            guard let geometry = entry.geometry, !entry.isPoint else {
                return Geodesic.distanceMeters(
                    point, Coordinate(longitude: entry.bounds.minLongitude, latitude: entry.bounds.minLatitude))
            }
            if engine == nil { engine = GeometryEngine() }
            return (try? engine?.distanceMeters(from: point, to: geometry)) ?? .infinity
        }
        return neighbors.compactMap { neighbor in
            guard neighbor.distance.isFinite, let entry = space.entries[neighbor.id] else { return nil }
            return (
                entry.hit(labels: entry.labels.map { catalog.name(of: $0) }.sorted()),
                neighbor.distance, entry.geometry
            )
        }
    }
}
