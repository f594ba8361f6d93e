import TesseraCore
import TesseraGeometry
import TesseraStorage

/// The in-memory R-tree over every believed entity version with a geometry, whatever its valid time: windows at
/// past (and future) instants and over valid-time ranges, under the latest belief, without touching RocksDB
/// (Docs/Decisions/0011-history-in-memory.md).
///
/// Built on the first such query from the space-time index (one entry per version; a version filed under several
/// cells is taken once), kept in step with ordinary commits, dropped by bulk loads and rebuilt on next use. Unlike
/// the R-tree of the present it is queried under its lock, never copied: it is large, and a copy held by a reader
/// would make the next commit duplicate it.
struct HistorySpace: Sendable {
    var tree = RTree()
    /// Per entry id (an index into these arrays): the entity, the version's validity and system start, its label
    /// set (an index into ``labelSets``) and its heights (low, high; NaN for 2D).
    var entities: [UInt64] = []
    /// Valid-time intervals side by side, so that testing a candidate touches one cache line.
    var spans: [Span] = []
    var systemFroms: [Int64] = []
    var labelSetIds: [UInt32] = []
    var heights: [Double] = []
    /// Per entry: the index of its parsed geometry in ``geometries``, or ``noGeometry`` for a point (its box is
    /// the geometry) or a stored text that does not parse. Versions of one entity with the same geometry share
    /// one parsed copy, so the table holds about one geometry per shape an entity ever had.
    var geometryIds: [UInt32] = []
    var geometries = GeometryTable()
    /// Entries using each geometry; a geometry no entry uses is released and its index reused.
    var geometryUses: [UInt32] = []
    var freeGeometryIds: [UInt32] = []
    static let noGeometry = UInt32.max
    /// Ids of removed entries, reused by the next insertions.
    var freeIds: [UInt64] = []
    /// The entity's external id, per entry (the entries of one entity share the string's storage).
    var names: [String] = []
    var labelSets: [[UInt32]] = []
    var labelSetIndex: [[UInt32]: UInt32] = [:]
    /// Entries held (removed ones excluded).
    var count = 0
    /// The engine's commit count this state reflects (see ``CurrentSpace/commitCount``).
    var commitCount: Int64 = -1

    struct Span {
        var validFrom: Int64
        var validTo: Int64
    }

    /// One version as the tree files it.
    struct Version {
        var entity: UInt64
        var validFrom: Int64
        var validTo: Int64
        var systemFrom: Int64
        var bounds: SpatialBounds
        var labels: [UInt32]
        /// The parsed geometry of a version that is not a point (set only for versions being added).
        var geometry: Geometry? = nil
    }

    /// The number of a label set, added when new.
    mutating func labelSet(of labels: [UInt32]) -> UInt32 {
        if let known = labelSetIndex[labels] { return known }
        let labelSet = UInt32(labelSets.count)
        labelSets.append(labels)
        labelSetIndex[labels] = labelSet
        return labelSet
    }

    /// Stores a version under a fresh or reused id (not yet in the tree) and returns the id.
    private mutating func store(
        entity: UInt64, span: Span, systemFrom: Int64, bounds: SpatialBounds, labelSet: UInt32, name: String,
        geometryId: UInt32 = HistorySpace.noGeometry
    ) -> UInt64 {
        let low = bounds.minHeightMeters ?? .nan
        let high = bounds.maxHeightMeters ?? .nan
        count += 1
        if let id = freeIds.popLast() {
            let index = Int(id)
            entities[index] = entity
            spans[index] = span
            systemFroms[index] = systemFrom
            labelSetIds[index] = labelSet
            names[index] = name
            geometryIds[index] = geometryId
            heights[2 * index] = low
            heights[2 * index + 1] = high
            return id
        }
        entities.append(entity)
        spans.append(span)
        systemFroms.append(systemFrom)
        labelSetIds.append(labelSet)
        names.append(name)
        geometryIds.append(geometryId)
        heights.append(low)
        heights.append(high)
        return UInt64(entities.count - 1)
    }

    /// Files `geometry` in the table (one more use) and returns its index.
    mutating func addGeometry(_ geometry: Geometry) -> UInt32 {
        if let id = freeGeometryIds.popLast() {
            geometries[Int(id)] = geometry
            geometryUses[Int(id)] = 1
            return id
        }
        geometries.append(geometry)
        geometryUses.append(1)
        return UInt32(geometries.count - 1)
    }

    /// One more entry uses geometry `id`.
    mutating func shareGeometry(_ id: UInt32) -> UInt32 {
        geometryUses[Int(id)] += 1
        return id
    }

    /// One entry fewer uses geometry `id`; the last one releases it.
    mutating func releaseGeometry(_ id: UInt32) {
        guard id != HistorySpace.noGeometry else { return }
        geometryUses[Int(id)] -= 1
        guard geometryUses[Int(id)] == 0 else { return }
        geometries[Int(id)] = nil
        freeGeometryIds.append(id)
    }

    mutating func insert(_ version: Version, name: String) {
        let box = CurrentSpace.box(version.bounds)
        var geometryId = HistorySpace.noGeometry
        if let geometry = version.geometry {
            // Another version of the entity with the same shape has the same box: share its parsed copy.
            tree.forEach(intersecting: box) { id in
                let index = Int(id)
                guard geometryId == HistorySpace.noGeometry, entities[index] == version.entity else { return }
                let other = geometryIds[index]
                if other != HistorySpace.noGeometry, geometries[Int(other)] == geometry { geometryId = other }
            }
            geometryId = geometryId == HistorySpace.noGeometry ? addGeometry(geometry) : shareGeometry(geometryId)
        }
        let id = store(
            entity: version.entity, span: Span(validFrom: version.validFrom, validTo: version.validTo),
            systemFrom: version.systemFrom, bounds: version.bounds, labelSet: labelSet(of: version.labels), name: name,
            geometryId: geometryId)
        tree.insert(id, box)
    }

    /// Removes the entry of `version` (found by its box); false when the tree does not hold it.
    mutating func remove(_ version: Version) -> Bool {
        var found: UInt64?
        tree.forEach(intersecting: CurrentSpace.box(version.bounds)) { id in
            let index = Int(id)
            if entities[index] == version.entity, spans[index].validFrom == version.validFrom,
                systemFroms[index] == version.systemFrom
            {
                found = id
            }
        }
        guard let found, tree.remove(found) != nil else { return false }
        releaseGeometry(geometryIds[Int(found)])
        geometryIds[Int(found)] = HistorySpace.noGeometry
        freeIds.append(found)
        count -= 1
        return true
    }

    /// The versions whose box meets `box`, valid at some instant of `[from, to)` (for an instant `t`, `from` is `t`
    /// and `to` is `t + 1`), with heights overlapping `heights` and at least one of `labels`; each with its
    /// geometry (a point's made from its box) when `withGeometry`.
    ///
    /// With a `test`, only the versions whose geometry passes it (a failure of the test ends the search).
    func hits(
        intersecting box: SpatialBounds, from: Int64, to: Int64, labels: Set<UInt32>?,
        heights range: ClosedRange<Double>?, withGeometry: Bool = false, exactly test: inout ExactTest?
    ) -> Result<[SpatialScan.PendingHit], GraphError> {
        var hits: [SpatialScan.PendingHit] = []
        guard var exact = test else {
            // Why unsafe: every id the tree reports was stored by `store`, so it indexes `spans`; the view lives
            // only for this call and the state is not mutated during it.
            spans.withUnsafeBufferPointer { spans in
                tree.forEachEntry(intersecting: CurrentSpace.box(box)) { id, rect in
                    let index = Int(id)
                    let span = spans[index]
                    guard span.validFrom < to, from < span.validTo,
                        var hit = pending(index, rect, span, labels: labels, heights: range)
                    else { return }
                    if withGeometry { hit.geometry = kept(index, hit.bounds) }
                    hits.append(hit)
                }
            }
            return .success(hits)
        }
        defer { test = exact }
        var failure: GraphError?
        // Why unsafe: as above.
        spans.withUnsafeBufferPointer { spans in
            tree.forEachEntry(intersecting: CurrentSpace.box(box)) { id, rect in
                let index = Int(id)
                let span = spans[index]
                guard failure == nil, span.validFrom < to, from < span.validTo,
                    var hit = pending(index, rect, span, labels: labels, heights: range)
                else { return }
                do throws(GraphError) {
                    guard try exact.holds(bounds: hit.bounds, shape: { geometry(index, hit.bounds) }) else { return }
                } catch {
                    failure = error
                    return
                }
                if withGeometry { hit.geometry = kept(index, hit.bounds) }
                hits.append(hit)
            }
        }
        if let failure { return .failure(failure) }
        return .success(hits)
    }

    /// The hit entry `index` (with box `rect`, valid over `span`) makes, nil when its heights or labels leave it
    /// out; without its geometry.
    private func pending(
        _ index: Int, _ rect: BoundingBox, _ span: Span, labels: Set<UInt32>?, heights range: ClosedRange<Double>?
    ) -> SpatialScan.PendingHit? {
        if let range, !SpatialBounds.storedHeights(heights[2 * index], heights[2 * index + 1], overlap: range) {
            return nil
        }
        let labelIds = labelSets[Int(labelSetIds[index])]
        if let labels, labels.isDisjoint(with: labelIds) { return nil }
        var bounds = SpatialBounds(
            minLongitude: rect.minLongitude, minLatitude: rect.minLatitude, maxLongitude: rect.maxLongitude,
            maxLatitude: rect.maxLatitude)
        if !heights[2 * index].isNaN {
            bounds.minHeightMeters = heights[2 * index]
            bounds.maxHeightMeters = heights[2 * index + 1]
        }
        return SpatialScan.PendingHit(
            id: names[index], labelIds: labelIds, bounds: bounds,
            valid: TimeInterval64(from: span.validFrom, to: span.validTo),
            system: TimeInterval64(from: systemFroms[index], to: Time.forever))
    }

    /// The geometry of entry `index` with box `bounds`: the kept one, or the point its degenerate box is.
    func geometry(_ index: Int, _ bounds: SpatialBounds) -> Geometry? {
        let id = geometryIds[index]
        if id != HistorySpace.noGeometry { return geometries[Int(id)] }
        return bounds.point
    }

    /// ``geometry(_:_:)`` as a hit keeps it, without touching the geometry.
    func kept(_ index: Int, _ bounds: SpatialBounds) -> KeptGeometry {
        let id = geometryIds[index]
        if id != HistorySpace.noGeometry { return geometries.kept(Int(id)) }
        return KeptGeometry(bounds.point)
    }

    /// Why a build stopped: the database holds more versions with a geometry than the limit.
    struct TooLarge: Error {
        let limit: Int
    }

    /// Builds the state from the space-time index: its believed entries, each version once.
    static func build(from store: Store, limit: Int) throws(GraphError) -> Result<HistorySpace, TooLarge> {
        var space = HistorySpace()
        var boxes: [BoundingBox] = []
        /// Versions met under one cell whose box may be filed under others too (points never are), with their
        /// entry: the ones whose geometry is read from the version records afterwards.
        var spread: [SpatialScan.SeenKey: Int] = [:]
        /// One string per entity, shared by its entries.
        var interned: [UInt64: String] = [:]
        let cursor = store.cursor(
            from: [Keyspace.spaceTime.rawValue], to: [Keyspace.spaceTime.rawValue + 1], fillCache: false)
        /// Label sets of one label, by label (most versions carry one).
        var singleLabelSets: [UInt32: UInt32] = [:]
        cursor.seekToFirst()
        while cursor.isValid {
            defer { cursor.next() }
            do {
                let parts = cursor.withKey { key -> (UInt64, Int64, Int64)? in
                    var reader = KeyReader(key, offset: 15)
                    guard key.count == 39, let entity = try? reader.readUInt64(),
                        let validFrom = try? reader.readInt64(descending: true),
                        let systemFrom = try? reader.readInt64(descending: true)
                    else { return nil }
                    return (entity, validFrom, systemFrom)
                }
                guard let (entity, validFrom, systemFrom) = parts else {
                    throw GraphError(.corruption, "corrupt space-time key")
                }
                // Read in place: superseded entries are skipped on their system end, and the name is copied
                // only for an entity not met before.
                let known = interned[entity]
                let fields = cursor.withValue { value -> BuildFields? in
                    BuildFields(value, needsName: known == nil)
                }
                guard let fields else { throw GraphError(.corruption, "corrupt space-time entry") }
                guard fields.believed else { continue }
                let bounds = fields.bounds
                let isPoint = bounds.isPoint
                let seen = SpatialScan.SeenKey(entity: entity, validFrom: validFrom, systemFrom: systemFrom)
                guard isPoint || spread[seen] == nil else { continue }
                guard space.count < limit else { return .failure(TooLarge(limit: limit)) }
                if !isPoint { spread[seen] = space.count }
                let name = known ?? fields.name ?? ""
                if known == nil { interned[entity] = name }
                let labelSet: UInt32
                if fields.labels.count == 1, let single = singleLabelSets[fields.labels[0]] {
                    labelSet = single
                } else {
                    labelSet = space.labelSet(of: fields.labels)
                    if fields.labels.count == 1 { singleLabelSets[fields.labels[0]] = labelSet }
                }
                _ = space.store(
                    entity: entity, span: Span(validFrom: validFrom, validTo: fields.validTo), systemFrom: systemFrom,
                    bounds: bounds, labelSet: labelSet, name: name)
                boxes.append(CurrentSpace.box(bounds))
            } catch { throw GraphError.wrap(error) }
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        try space.readGeometries(of: spread, from: store)
        // Number the entries in the order the packed tree lays out its leaves, so that a query reads the
        // arrays beside the tree in sequence rather than at random.
        let order = RTree.packingOrder(boxes)
        space.entities = order.map { space.entities[$0] }
        space.spans = order.map { space.spans[$0] }
        space.systemFroms = order.map { space.systemFroms[$0] }
        space.labelSetIds = order.map { space.labelSetIds[$0] }
        space.names = order.map { space.names[$0] }
        space.geometryIds = order.map { space.geometryIds[$0] }
        var heights: [Double] = []
        heights.reserveCapacity(space.heights.count)
        for index in order {
            heights.append(space.heights[2 * index])
            heights.append(space.heights[2 * index + 1])
        }
        space.heights = heights
        space.tree = RTree(order.enumerated().map { (UInt64($0.offset), boxes[$0.element]) })
        return .success(space)
    }
}

extension HistorySpace {
    /// Reads and parses the geometries of the `wanted` versions (entries not yet in the tree) in one pass over the
    /// version records, where the versions of an entity lie side by side: a version whose stored text equals the
    /// previous one's of the same entity shares its parsed copy.
    mutating func readGeometries(of wanted: [SpatialScan.SeenKey: Int], from store: Store) throws(GraphError) {
        guard !wanted.isEmpty else { return }
        let cursor = store.cursor(
            from: [Keyspace.entityVersions.rawValue], to: [Keyspace.entityVersions.rawValue + 1], fillCache: false)
        var lastEntity: UInt64?
        var lastText: [UInt8] = []
        var lastId = HistorySpace.noGeometry
        cursor.seekToFirst()
        while cursor.isValid {
            defer { cursor.next() }
            let key = cursor.withKey { key -> SpatialScan.SeenKey? in
                var reader = KeyReader(key, offset: 1)
                guard key.count == 25, let entity = try? reader.readUInt64(),
                    let validFrom = try? reader.readInt64(descending: true),
                    let systemFrom = try? reader.readInt64(descending: true)
                else { return nil }
                return SpatialScan.SeenKey(entity: entity, validFrom: validFrom, systemFrom: systemFrom)
            }
            guard let key else { throw GraphError(.corruption, "corrupt entity version key") }
            guard let index = wanted[key] else { continue }
            if key.entity != lastEntity {
                lastEntity = key.entity
                lastText = []
                lastId = HistorySpace.noGeometry
            }
            let same = cursor.withValue { value -> Bool? in
                guard let text = Self.geometryText(value) else { return nil }
                if lastId != HistorySpace.noGeometry, text.elementsEqual(lastText) { return true }
                lastText = Array(text)
                return false
            }
            guard let same else { throw GraphError(.corruption, "corrupt entity version of entity \(key.entity)") }
            if same {
                geometryIds[index] = shareGeometry(lastId)
            } else if let geometry = try? Geometry(geoJSON: lastText) {
                lastId = addGeometry(geometry)
                geometryIds[index] = lastId
            } else {
                lastId = HistorySpace.noGeometry
            }
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
    }

    /// The stored GeoJSON text of an entity version record (``EntityRecordCodec`` layout), read in place; empty
    /// without a geometry, nil when the record is malformed.
    static func geometryText(_ value: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var offset = 16
        guard value.count > offset, let count = value.varint(at: &offset), count < 4096 else { return nil }
        for _ in 0..<count { guard value.varint(at: &offset) != nil else { return nil } }
        guard let propertyLength = value.varint(at: &offset), propertyLength < UInt64(value.count - offset) else {
            return nil
        }
        offset += Int(propertyLength)
        guard value[offset] == 1 else { return UnsafeBufferPointer(rebasing: value[offset..<offset]) }
        offset += 1
        guard let length = value.varint(at: &offset), length <= UInt64(value.count - offset) else { return nil }
        return UnsafeBufferPointer(rebasing: value[offset..<(offset + Int(length))])
    }
}

/// The fields of a space-time entry the history R-tree needs, read in place (``SpaceTimeEntryCodec`` layout).
struct BuildFields {
    var believed = false
    var validTo: Int64 = 0
    var bounds = SpatialBounds(minLongitude: 0, minLatitude: 0, maxLongitude: 0, maxLatitude: 0)
    var labels: [UInt32] = []
    var name: String?

    /// Nil when the value is malformed.
    init?(_ value: UnsafeBufferPointer<UInt8>, needsName: Bool) {
        guard value.count >= 64 else { return nil }
        guard Int64(bitPattern: value.fixed64(at: 8)) == Time.forever else { return }
        believed = true
        validTo = Int64(bitPattern: value.fixed64(at: 0))
        bounds = SpatialBounds(
            minLongitude: Double(bitPattern: value.fixed64(at: 16)),
            minLatitude: Double(bitPattern: value.fixed64(at: 24)),
            maxLongitude: Double(bitPattern: value.fixed64(at: 32)),
            maxLatitude: Double(bitPattern: value.fixed64(at: 40)))
        let low = Double(bitPattern: value.fixed64(at: 48))
        if !low.isNaN {
            bounds.minHeightMeters = low
            bounds.maxHeightMeters = Double(bitPattern: value.fixed64(at: 56))
        }
        var offset = 64
        guard let count = value.varint(at: &offset), count < 4096 else { return nil }
        labels.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let label = value.varint(at: &offset) else { return nil }
            labels.append(UInt32(truncatingIfNeeded: label))
        }
        guard needsName else { return }
        guard let length = value.varint(at: &offset), length <= UInt64(value.count - offset) else { return nil }
        name = String(decoding: UnsafeBufferPointer(rebasing: value[offset..<(offset + Int(length))]), as: UTF8.self)
    }
}

/// The history R-tree's place in the engine: not built yet, built, or not to be built (too large).
struct HistorySpaceState: Sendable {
    var space: HistorySpace?
    /// Set when a build found more versions than the limit; the disk index answers from then on.
    var tooLarge = false
    /// Queries that could have used the tree while it was not built.
    var misses = 0
    /// Queries answered from the disk index before the tree is built: a process asking one question (a CLI
    /// command) should not pay for a build that only later questions repay.
    static let missesBeforeBuild = 1
}

extension CommitContext {
    /// The versions with a geometry this commit stopped believing and the ones it added, per touched entity.
    func historySpaceChanges() throws(GraphError) -> (
        retired: [HistorySpace.Version], added: [(version: HistorySpace.Version, name: String)]
    ) {
        var retired: [HistorySpace.Version] = []
        var added: [(version: HistorySpace.Version, name: String)] = []
        for (id, entity) in entities where entity.touched {
            for slot in entity.timeline.slots where slot.dirty || !slot.stored {
                guard let bounds = slot.content.bounds else { continue }
                var version = HistorySpace.Version(
                    entity: id, validFrom: slot.validFrom, validTo: slot.validTo, systemFrom: slot.systemFrom,
                    bounds: bounds, labels: slot.content.labels)
                if slot.stored {
                    retired.append(version)
                } else if slot.isBelieved {
                    let isPoint = bounds.isPoint
                    if !isPoint, let text = try? slot.content.decodeBody().geometry {
                        version.geometry = try? Geometry(geoJSON: text)
                    }
                    added.append((version, try entityName(id)))
                }
            }
        }
        return (retired, added)
    }
}

extension Graph {
    /// Most versions with a geometry the history R-tree holds by default (about 260 bytes each, plus each distinct
    /// shape once); beyond it the space-time index on disk answers every window.
    public static let defaultHistorySpaceLimit = 5_000_000

    /// Whether the history R-tree is built.
    public var hasHistorySpace: Bool { history.withLock { $0.space != nil } }

    /// Keeps the history R-tree in step with a commit, or drops it (pipelined commits; anything unexpected).
    func refreshHistorySpace(after context: CommitContext, pipelined: Bool) {
        guard history.withLock({ $0.space != nil }) else { return }
        guard !pipelined, let changes = try? context.historySpaceChanges() else {
            history.withLock { $0.space = nil }
            return
        }
        history.withLock { state in
            guard state.space != nil else { return }
            for version in changes.retired where state.space?.remove(version) == false {
                // The tree missed a version it should hold: rebuild it from the index on next use.
                state.space = nil
                return
            }
            for (version, name) in changes.added { state.space?.insert(version, name: name) }
            state.space?.commitCount = context.state.commitCount
        }
    }

    /// Runs `body` on the history R-tree when it reflects `reader`'s snapshot (any state for a reader without
    /// one), building it first if needed; nil when it is not available (too large, or a commit landed between).
    func withHistorySpace<Result>(
        consistentWith reader: GraphReader, _ body: (HistorySpace) -> Result
    ) throws(GraphError) -> Result? {
        guard historySpaceLimit > 0 else { return nil }
        let build = history.withLock { state -> Bool in
            guard state.space == nil && !state.tooLarge else { return false }
            state.misses += 1
            return state.misses > HistorySpaceState.missesBeforeBuild
        }
        if build { try buildHistorySpace() }
        let wanted: Int64? = reader.snapshot == nil ? nil : try reader.commitCount()
        return history.withLock { state -> Result? in
            guard let space = state.space, wanted == nil || wanted == space.commitCount else { return nil }
            return body(space)
        }
    }

    /// Builds the history R-tree now unless it is built or known to be too large.
    /// Commits wait while it is built (about a second per million versions with a geometry).
    func buildHistorySpace() throws(GraphError) {
        guard historySpaceLimit > 0 else { return }
        // Built under the writer lock so that no commit slips between the scan and the publication.
        try writer.withLock { (state: inout WriterState) throws(GraphError) in
            guard !history.withLock({ $0.space != nil || $0.tooLarge }) else { return }
            switch try HistorySpace.build(from: store, limit: historySpaceLimit) {
            case .success(var built):
                built.commitCount = state.commitCount
                history.withLock { $0.space = built }
            case .failure:
                history.withLock { $0.tooLarge = true }
            }
        }
    }

    /// Builds the in-memory R-trees (of the present, and of history within ``historySpaceLimit``) now instead of
    /// on the queries that need them, as a long-running process does when it opens the database.
    public func buildInMemorySpace() throws(GraphError) {
        _ = try currentSpace()
        try buildHistorySpace()
        try buildCurrentEdges()
    }
}
