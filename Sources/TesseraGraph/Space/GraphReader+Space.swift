import TesseraCore
import TesseraGeometry
import TesseraGrid
import TesseraStorage

/// An entity version found by a spatial query, answered from the space-time index alone.
public struct SpatialHit: Sendable, Equatable {
    /// The entity's external id.
    public var id: String
    /// Labels of the version, sorted.
    public var labels: [String]
    /// The bounding box of the version's geometry.
    public var bounds: SpatialBounds
    /// When the version was true.
    public var valid: TimeInterval64
    /// When the database believed it.
    public var system: TimeInterval64
}

extension GraphReader {
    /// Entities whose geometry's bounding box intersects `box`, as valid at `validAt` (default: now)
    /// and believed at `system`; one hit per entity, ordered by id.
    ///
    /// - Parameters:
    ///   - labels: keep versions carrying at least one of these labels (all when nil).
    ///   - heights: keep versions whose height range overlaps this one (metres; 2D geometry counts as 0).
    public func entities(
        intersecting box: SpatialBounds, validAt: Int64? = nil, system: SystemTimePin = .latest,
        labels: [String]? = nil, heights: ClosedRange<Double>? = nil
    ) throws(GraphError) -> [SpatialHit] {
        let instant = validAt ?? Time.nowMicros()
        return try spatialScan(
            box, from: instant, to: instant == Time.forever ? instant : instant + 1, system: system, labels: labels,
            heights: heights, onePerEntity: true)
    }

    /// Entity versions whose bounding box intersects `box` and whose valid time overlaps `[validFrom, validTo)`;
    /// one hit per matching version, ordered by id, then valid-from.
    public func entities(
        intersecting box: SpatialBounds, validFrom: Int64, validTo: Int64, system: SystemTimePin = .latest,
        labels: [String]? = nil, heights: ClosedRange<Double>? = nil
    ) throws(GraphError) -> [SpatialHit] {
        guard validFrom < validTo else {
            throw GraphError(.invalidInterval, "the valid-time range must have its start before its end")
        }
        return try spatialScan(
            box, from: validFrom, to: validTo, system: system, labels: labels, heights: heights, onePerEntity: false)
    }

    /// Entities valid at `validAt` whose bounding box intersects the cell of a BeiDou grid code.
    public func entities(inBeiDouCell code: String, validAt: Int64? = nil, system: SystemTimePin = .latest)
        throws(GraphError) -> [SpatialHit]
    {
        let cell: BeiDouCell
        do { cell = try BeiDouCell(code: code) } catch { throw GraphError(.invalidGeometry, "\(error)") }
        let cellBounds = cell.bounds
        return try entities(
            intersecting: SpatialBounds(
                minLongitude: cellBounds.west, minLatitude: cellBounds.south, maxLongitude: cellBounds.east,
                maxLatitude: cellBounds.north),
            validAt: validAt, system: system)
    }

    /// ``entities(intersecting:validAt:system:labels:heights:)`` with each hit's parsed geometry when the
    /// in-memory R-tree of history answers (under the latest belief, once built, while it reflects this reader's
    /// snapshot); no geometry otherwise (points included: their box is their geometry).
    /// Exact predicates can use it without reading the version. With `ordered` false the hits come in no
    /// particular order (a caller that orders them itself saves a sort).
    ///
    /// - Parameter query: when given, only the hits whose geometry passes it exactly (``ExactPredicate``; `box`
    ///   is then the query geometry's box).
    public func entitiesWithGeometry(
        intersecting box: SpatialBounds, validAt: Int64? = nil, system: SystemTimePin = .latest,
        labels: [String]? = nil, ordered: Bool = true, exactly query: ExactPredicate? = nil
    ) throws(GraphError) -> [(hit: SpatialHit, shape: KeptGeometry)] {
        try entitiesWithGeometry(
            intersecting: box, validAt: validAt, system: system, labels: labels, ordered: ordered, exactly: query
        ) { ($0, $1) }
    }

    /// ``entitiesWithGeometry(intersecting:validAt:system:labels:ordered:exactly:)`` with each hit turned into a
    /// result by `make` (a caller building its own values saves the array of pairs).
    public func entitiesWithGeometry<Hit>(
        intersecting box: SpatialBounds, validAt: Int64? = nil, system: SystemTimePin = .latest,
        labels: [String]? = nil, ordered: Bool = true, exactly query: ExactPredicate? = nil,
        _ make: (SpatialHit, KeptGeometry) -> Hit
    ) throws(GraphError) -> [Hit] {
        let instant = validAt ?? Time.nowMicros()
        return try spatialScan(
            box, from: instant, to: instant == Time.forever ? instant : instant + 1, system: system, labels: labels,
            heights: nil, onePerEntity: true, withGeometry: true, ordered: ordered, exactly: query, make)
    }

    /// ``entities(intersecting:validFrom:validTo:system:labels:heights:)`` with geometries as
    /// ``entitiesWithGeometry(intersecting:validAt:system:labels:ordered:exactly:)`` gives them.
    public func entitiesWithGeometry(
        intersecting box: SpatialBounds, validFrom: Int64, validTo: Int64, system: SystemTimePin = .latest,
        labels: [String]? = nil, ordered: Bool = true, exactly query: ExactPredicate? = nil
    ) throws(GraphError) -> [(hit: SpatialHit, shape: KeptGeometry)] {
        try entitiesWithGeometry(
            intersecting: box, validFrom: validFrom, validTo: validTo, system: system, labels: labels,
            ordered: ordered, exactly: query
        ) { ($0, $1) }
    }

    /// ``entitiesWithGeometry(intersecting:validFrom:validTo:system:labels:ordered:exactly:)`` with each hit
    /// turned into a result by `make`.
    public func entitiesWithGeometry<Hit>(
        intersecting box: SpatialBounds, validFrom: Int64, validTo: Int64, system: SystemTimePin = .latest,
        labels: [String]? = nil, ordered: Bool = true, exactly query: ExactPredicate? = nil,
        _ make: (SpatialHit, KeptGeometry) -> Hit
    ) throws(GraphError) -> [Hit] {
        guard validFrom < validTo else {
            throw GraphError(.invalidInterval, "the valid-time range must have its start before its end")
        }
        return try spatialScan(
            box, from: validFrom, to: validTo, system: system, labels: labels, heights: nil, onePerEntity: false,
            withGeometry: true, ordered: ordered, exactly: query, make)
    }

    func spatialScan(
        _ box: SpatialBounds, from: Int64, to: Int64, system: SystemTimePin, labels: [String]?,
        heights: ClosedRange<Double>?, onePerEntity: Bool
    ) throws(GraphError) -> [SpatialHit] {
        try spatialScan(
            box, from: from, to: to, system: system, labels: labels, heights: heights, onePerEntity: onePerEntity,
            withGeometry: false
        ) { hit, _ in hit }
    }

    /// - Parameter query: keep only the versions whose geometry passes it (see ``ExactTest``).
    func spatialScan<Hit>(
        _ box: SpatialBounds, from: Int64, to: Int64, system: SystemTimePin, labels: [String]?,
        heights: ClosedRange<Double>?, onePerEntity: Bool, withGeometry: Bool, ordered: Bool = true,
        exactly query: ExactPredicate? = nil, _ make: (SpatialHit, KeptGeometry) -> Hit
    ) throws(GraphError) -> [Hit] {
        let geoBox: GeoBox
        do {
            geoBox = try GeoBox(
                west: box.minLongitude, south: box.minLatitude, east: box.maxLongitude, north: box.maxLatitude)
        } catch { throw GraphError(.invalidGeometry, "query box \(box): \(error)") }
        let catalog = graph.catalog.withLock { $0 }
        var wanted: Set<UInt32>?
        if let labels { wanted = Set(labels.compactMap { catalog.id(.label, $0) }) }
        // Under the latest belief, the history R-tree holds every version the scan could find.
        var test = query.map(ExactTest.init)
        if system == .latest,
            let found = try graph.withHistorySpace(
                consistentWith: self,
                {
                    $0.hits(
                        intersecting: box, from: from, to: to, labels: wanted, heights: heights,
                        withGeometry: withGeometry, exactly: &test)
                })
        {
            return Self.namedHits(try found.get(), catalog, ordered: ordered, make)
        }
        var scan = SpatialScan(
            box: box, from: from, to: to, system: system, labels: wanted, heights: heights, onePerEntity: onePerEntity,
            cursor: store.cursor(
                from: [Keyspace.spaceTime.rawValue], to: [Keyspace.spaceTime.rawValue + 1], snapshot: snapshot))
        var coverings: [UInt8: [ClosedRange<UInt64>]] = [:]
        for slot in graph.spaceSlots.withLock({ $0 }).sorted() {
            let tier = UInt8(slot >> 8)
            let level = UInt8(slot & 0xFF)
            // Tiers share levels: cover the box once per level.
            let ranges =
                coverings[level]
                ?? (level == 0
                    ? [0...UInt64.max]
                    : GeoSOTCoverer(maxRanges: SpaceTimeIndex.maxRangesPerLevel, maxLevel: Int(level)).ranges(
                        covering: geoBox))
            coverings[level] = ranges
            if tier == 0 {
                try scan.scan(tier: tier, level: level, bin: 0, ranges: ranges)
            } else {
                try scan.scanBins(tier: tier, level: level, ranges: ranges)
            }
        }
        do { try scan.cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        if var test {
            var kept: [SpatialScan.PendingHit] = []
            for hit in scan.hits {
                let holds = try test.holds(bounds: hit.bounds) { () throws(GraphError) in
                    if let point = hit.bounds.point { return point }
                    return try geometry(ofVersion: hit.id, validFrom: hit.valid.from, systemFrom: hit.system.from)
                }
                if holds { kept.append(hit) }
            }
            scan.hits = kept
        }
        return Self.namedHits(scan.hits, catalog, ordered: ordered, make)
    }

    /// Hits with their labels named, ordered by id, then valid-from (in the order found unless `ordered`).
    static func namedHits<Hit>(
        _ hits: [SpatialScan.PendingHit], _ catalog: Catalog, ordered: Bool, _ make: (SpatialHit, KeptGeometry) -> Hit
    ) -> [Hit] {
        // Sort small keys rather than moving whole hits; name each label set once.
        var keys = hits.indices.map { SortKey(hits[$0].id, validFrom: hits[$0].valid.from, index: $0, ordered) }
        // Why unsafe: the keys index `hits`, which is not mutated while they are sorted.
        if ordered {
            hits.withUnsafeBufferPointer { hits in
                keys.sort { a, b in
                    if a.isASCII && b.isASCII && a.prefix != b.prefix { return a.prefix < b.prefix }
                    let x = hits[a.index].id
                    let y = hits[b.index].id
                    return x == y ? a.validFrom < b.validFrom : x < y
                }
            }
        }
        var named: [[UInt32]: [String]] = [:]
        var last: (ids: [UInt32], names: [String])?
        // Why unsafe: the keys index `hits`, which is not mutated while they are read; fields are read in place
        // rather than copying each hit (its strings, arrays and geometry) first.
        return hits.withUnsafeBufferPointer { hits in
            keys.map { key in
                let labelIds = hits[key.index].labelIds
                let labels: [String]
                if let last, last.ids == labelIds {
                    labels = last.names
                } else {
                    if let known = named[labelIds] {
                        labels = known
                    } else {
                        labels = labelIds.map { catalog.name(of: $0) }.sorted()
                        named[labelIds] = labels
                    }
                    last = (labelIds, labels)
                }
                return make(
                    SpatialHit(
                        id: hits[key.index].id, labels: labels, bounds: hits[key.index].bounds,
                        valid: hits[key.index].valid, system: hits[key.index].system),
                    hits[key.index].geometry)
            }
        }
    }
}

/// What spatial hits are ordered by: the entity's external id, then valid-from. The first eight bytes of an ASCII
/// id, big-endian, order it like the string (ASCII strings compare byte by byte), so most comparisons are one
/// integer comparison; equal prefixes and other ids compare as strings. Holds no reference, so that sorting moves
/// plain bytes.
struct SortKey {
    let prefix: UInt64
    let isASCII: Bool
    let validFrom: Int64
    let index: Int

    /// The key of hit `index`; only its index when the hits are not to be sorted.
    init(_ id: String, validFrom: Int64, index: Int, _ ordered: Bool) {
        var prefix: UInt64 = 0
        var isASCII = true
        var count = 0
        for byte in id.utf8 where ordered {
            if byte >= 0x80 { isASCII = false }
            if count < 8 { prefix |= UInt64(byte) << (56 - 8 * count) }
            count += 1
        }
        self.prefix = prefix
        self.isASCII = isASCII
        self.validFrom = validFrom
        self.index = index
    }
}

/// The state of one spatial query: filters, the cursor over the space-time key space, the hits.
struct SpatialScan {
    struct PendingHit {
        var id: String
        var labelIds: [UInt32]
        var bounds: SpatialBounds
        var valid: TimeInterval64
        var system: TimeInterval64
        /// The parsed geometry, when the hit comes from the history R-tree and was asked for with it.
        var geometry = KeptGeometry.none
    }

    let box: SpatialBounds
    let from: Int64
    let to: Int64
    let system: SystemTimePin
    let labels: Set<UInt32>?
    let heights: ClosedRange<Double>?
    let onePerEntity: Bool
    let cursor: Cursor
    var hits: [PendingHit] = []
    var seen = Set<SeenKey>()
    var seenEntities = Set<UInt64>()

    struct SeenKey: Hashable {
        let entity: UInt64
        let validFrom: Int64
        let systemFrom: Int64
    }

    /// Scans the tier-1 bins the window can reach, jumping over empty bins.
    mutating func scanBins(tier: UInt8, level: UInt8, ranges: [ClosedRange<UInt64>]) throws(GraphError) {
        // A short-lived version starts less than one bin before the window can see it.
        let width = SpaceTimeIndex.tierBinMicros[Int(tier)]
        var bin = SpaceTimeIndex.bin(from < Time.beginning + width ? Time.beginning : from - width, tier: tier)
        let last = to == Time.forever ? UInt32.max : SpaceTimeIndex.bin(to - 1, tier: tier)
        while bin <= last {
            cursor.seek(SpaceTimeIndex.rangeStart(tier: tier, level: level, bin: bin, cell: 0))
            guard cursor.isValid else { return }
            let found = cursor.withKey { key -> UInt32? in
                guard key.count >= 7, key[1] == tier, key[2] == level else { return nil }
                return UInt32(key[3]) << 24 | UInt32(key[4]) << 16 | UInt32(key[5]) << 8 | UInt32(key[6])
            }
            guard let found, found <= last else { return }
            bin = max(bin, found)
            try scan(tier: tier, level: level, bin: bin, ranges: ranges)
            if bin == UInt32.max { return }
            bin += 1
        }
    }

    /// Scans the cover's ranges (ascending, disjoint) in one (tier, level, bin). Seeks only when the cursor
    /// stands before a range: after a range, the cursor already sits on the next key of the slot, which may
    /// lie inside the next range (no seek) or beyond several empty ones (skipped without seeking); a key of
    /// another slot ends the scan.
    mutating func scan(tier: UInt8, level: UInt8, bin: UInt32, ranges: [ClosedRange<UInt64>]) throws(GraphError) {
        /// The cell of the key under the cursor, nil when it is unknown (not yet positioned).
        var cursorCell: UInt64?
        /// The entity whose remaining entries in this cell cannot matter (see ``consider``).
        var decided: (cell: UInt64, entity: UInt64)?
        for range in ranges {
            if let cell = cursorCell {
                if cell > range.upperBound { continue }
                if cell < range.lowerBound { cursorCell = nil }
            }
            if cursorCell == nil {
                cursor.seek(SpaceTimeIndex.rangeStart(tier: tier, level: level, bin: bin, cell: range.lowerBound))
            }
            while true {
                guard cursor.isValid else { return }
                let position = cursor.withKey { key -> KeyPosition in
                    guard key.count == 39, key[1] == tier, key[2] == level,
                        UInt32(key[3]) << 24 | UInt32(key[4]) << 16 | UInt32(key[5]) << 8 | UInt32(key[6]) == bin
                    else { return .otherSlot }
                    var reader = KeyReader(key, offset: 7)
                    guard let cell = try? reader.readUInt64(), let entity = try? reader.readUInt64(),
                        let validFrom = try? reader.readInt64(descending: true),
                        let systemFrom = try? reader.readInt64(descending: true)
                    else { return .otherSlot }
                    return .entry(cell: cell, entity: entity, validFrom: validFrom, systemFrom: systemFrom)
                }
                guard case .entry(let cell, let entity, let validFrom, let systemFrom) = position else { return }
                cursorCell = cell
                if cell > range.upperBound { break }
                if validFrom < to, decided.map({ $0.cell != cell || $0.entity != entity }) ?? true,
                    try consider(entity: entity, validFrom: validFrom, systemFrom: systemFrom)
                {
                    decided = (cell, entity)
                }
                cursor.next()
            }
        }
    }

    /// What the cursor stands on during a slot scan.
    enum KeyPosition {
        case entry(cell: UInt64, entity: UInt64, validFrom: Int64, systemFrom: Int64)
        /// A key of another (tier, level, bin), or none of the space-time index.
        case otherSlot
    }

    /// Considers the entry under the cursor; returns whether the entity is decided for the rest of its run of
    /// entries in this cell. At an instant it is once an admitted version starting at or before the instant
    /// has been seen: entries come newest valid-from first, and the versions one system-time pin admits do
    /// not overlap, so no older one in the run can be valid at the instant.
    mutating func consider(entity: UInt64, validFrom: Int64, systemFrom: Int64) throws(GraphError) -> Bool {
        // At one instant and one system time at most one version of an entity is visible, so instants
        // deduplicate by entity (a version filed under several cells is met once per cell).
        if onePerEntity {
            guard !seenEntities.contains(entity) else { return true }
        } else {
            guard !seen.contains(SeenKey(entity: entity, validFrom: validFrom, systemFrom: systemFrom)) else {
                return false
            }
        }
        var decided = false
        // Reject on the interval ends, the box and the heights, read in place, before copying anything.
        let verdict = cursor.withValue { value -> Bool? in
            guard value.count >= 64 else { return nil }
            let validTo = Int64(bitPattern: value.fixed64(at: 0))
            let systemTo = Int64(bitPattern: value.fixed64(at: 8))
            guard system.admits(systemFrom: systemFrom, systemTo: systemTo) else { return false }
            decided = onePerEntity && validFrom <= from
            guard from < validTo else { return false }
            let west = Double(bitPattern: value.fixed64(at: 16))
            let south = Double(bitPattern: value.fixed64(at: 24))
            let east = Double(bitPattern: value.fixed64(at: 32))
            let north = Double(bitPattern: value.fixed64(at: 40))
            guard west <= box.maxLongitude, box.minLongitude <= east, south <= box.maxLatitude,
                box.minLatitude <= north
            else { return false }
            if let heights {
                let low = Double(bitPattern: value.fixed64(at: 48))
                let high = Double(bitPattern: value.fixed64(at: 56))
                return SpatialBounds.storedHeights(low, high, overlap: heights)
            }
            return true
        }
        guard let verdict else { throw GraphError(.corruption, "corrupt space-time entry") }
        guard verdict else { return decided }
        let entry: SpaceTimeEntryCodec.Entry
        do { entry = try SpaceTimeEntryCodec.decode(cursor.value) } catch { throw GraphError.wrap(error) }
        if let labels, labels.isDisjoint(with: entry.labels) { return decided }
        if onePerEntity {
            seenEntities.insert(entity)
        } else {
            seen.insert(SeenKey(entity: entity, validFrom: validFrom, systemFrom: systemFrom))
        }
        hits.append(
            PendingHit(
                id: entry.name, labelIds: entry.labels, bounds: entry.bounds,
                valid: TimeInterval64(from: validFrom, to: entry.validTo),
                system: TimeInterval64(from: systemFrom, to: entry.systemTo)))
        return decided
    }

}

extension Graph {
    /// Entities whose bounding box intersects `box`, valid at `validAt` (default: now), believed at `system`.
    public func entities(
        intersecting box: SpatialBounds, validAt: Int64? = nil, system: SystemTimePin = .latest,
        labels: [String]? = nil, heights: ClosedRange<Double>? = nil
    ) throws(GraphError) -> [SpatialHit] {
        try GraphReader(graph: self, snapshot: nil).entities(
            intersecting: box, validAt: validAt, system: system, labels: labels, heights: heights)
    }

    /// Entity versions whose bounding box intersects `box` with valid time overlapping `[validFrom, validTo)`.
    public func entities(
        intersecting box: SpatialBounds, validFrom: Int64, validTo: Int64, system: SystemTimePin = .latest,
        labels: [String]? = nil, heights: ClosedRange<Double>? = nil
    ) throws(GraphError) -> [SpatialHit] {
        try GraphReader(graph: self, snapshot: nil).entities(
            intersecting: box, validFrom: validFrom, validTo: validTo, system: system, labels: labels,
            heights: heights)
    }

    /// Entities valid at `validAt` whose bounding box intersects a BeiDou grid cell.
    public func entities(inBeiDouCell code: String, validAt: Int64? = nil, system: SystemTimePin = .latest)
        throws(GraphError) -> [SpatialHit]
    {
        try GraphReader(graph: self, snapshot: nil).entities(inBeiDouCell: code, validAt: validAt, system: system)
    }
}
