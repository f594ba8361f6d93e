import TesseraCore
import TesseraGrid
import TesseraStorage

/// Where entity versions with a geometry are filed in the space-time key space, and how a query
/// over a box and a valid-time window becomes key ranges (Docs/OnDiskFormat.md, "Space-time index").
///
/// - Each version goes to one *tier* by how long it is valid: open-ended versions (and those valid a
///   year or more) in tier 0 without a time bin; closed ones in tiers 1-4 (bins of a day, a week, 30
///   days, a year), the first whose bin is longer than the version, under the bin of their valid-from.
///   A version valid at t then lies in the bin of t or the one before, in its tier.
/// - Within a tier, a version goes to the finest GeoSOT *level* (at most ``finestLevel``) at which its
///   bounding box spans at most 2 x 2 cells, and is written once per cell it touches (at most 4).
///   Points land at ``finestLevel``.
/// - A query covers its box with at most ``maxRangesPerLevel`` ranges per level in use, scans those
///   ranges in the bins its valid-time window can reach, and keeps what intersects in time, system
///   time and bounding box.
enum SpaceTimeIndex {
    /// The finest level used for placement (GeoSOT level 21: cells of one arc-second, about 30 m).
    static let finestLevel = 21
    /// Bin widths of tiers 1...4 (a day, a week, 30 days, 365 days). A closed version goes to the
    /// first tier whose bin is longer than the version; open-ended and longer ones go to tier 0.
    static let tierBinMicros: [Int64] = [0, 1, 7, 30, 365].map { $0 * 86_400 * 1_000_000 }
    /// Cap on the cover of a query box, per level.
    static let maxRangesPerLevel = 16

    /// A place in the index: tier, level, bin and cell key (a level-32 GeoSOT key aligned to the level).
    struct Placement: Hashable {
        let tier: UInt8
        let level: UInt8
        let bin: UInt32
        let cell: UInt64
    }

    static func tier(validFrom: Int64, validTo: Int64) -> UInt8 {
        guard validTo != Time.forever else { return 0 }
        let duration = validTo - validFrom
        for tier in 1..<tierBinMicros.count where duration < tierBinMicros[tier] { return UInt8(tier) }
        return 0
    }

    /// The bin of `instant` in a binned tier.
    static func bin(_ instant: Int64, tier: UInt8) -> UInt32 {
        let index = Time.floorDivide(instant, tierBinMicros[Int(tier)]).0
        return UInt32(truncatingIfNeeded: index + (1 << 31))
    }

    /// The cells a version with these bounds is filed under (1 to 4 placements).
    static func placements(of bounds: SpatialBounds, validFrom: Int64, validTo: Int64) -> [Placement] {
        let tier = tier(validFrom: validFrom, validTo: validTo)
        let bin = tier == 0 ? 0 : bin(validFrom, tier: tier)
        let corners = CornerKeys(bounds)
        // The finest level where the box touches at most 2 x 2 cells; then, within two levels above
        // it, the level touching the fewest cells (a box straddling a fine boundary often fits in one
        // cell a level up), preferring the finer level on ties.
        var level = finestLevel
        while level > 0 {
            let cells = corners.distinctCells(level: level)
            if spansAtMostTwo(cells) {
                var best = (level: level, cells: cells)
                var coarser = level - 1
                while best.cells.count > 1 && coarser >= max(1, level - 2) {
                    let candidate = corners.distinctCells(level: coarser)
                    if candidate.count < best.cells.count { best = (coarser, candidate) }
                    coarser -= 1
                }
                return best.cells.map { Placement(tier: tier, level: UInt8(best.level), bin: bin, cell: $0.key) }
            }
            level -= 1
        }
        return [Placement(tier: tier, level: 0, bin: bin, cell: 0)]
    }

    /// The level-32 keys of a box's corners, worked out once: a corner's cell at any level is its key cut to
    /// that level (``GeoSOTCell/init(key:level:)``), the cell ``GeoSOTCell/init(containing:level:)`` gives.
    struct CornerKeys {
        /// The distinct keys (nil: a corner out of range, which goes to the level-0 cell).
        private var keys: [UInt64?] = []

        init(_ bounds: SpatialBounds) {
            let corners = [
                (bounds.minLongitude, bounds.minLatitude), (bounds.maxLongitude, bounds.minLatitude),
                (bounds.minLongitude, bounds.maxLatitude), (bounds.maxLongitude, bounds.maxLatitude),
            ]
            keys.reserveCapacity(4)
            for (index, corner) in corners.enumerated() {
                // A point's four corners are one: encoded once.
                if corners[..<index].contains(where: { $0 == corner }) { continue }
                let key = try? GeoSOTCell.key(for: GeoPoint(longitude: corner.0, latitude: corner.1))
                if !keys.contains(key) { keys.append(key) }
            }
        }

        /// The distinct cells of the corners at `level`, in key order.
        func distinctCells(level: Int) -> [GeoSOTCell] {
            var cells: [GeoSOTCell] = []
            cells.reserveCapacity(keys.count)
            for key in keys {
                let cell = key.map { GeoSOTCell(key: $0, level: level) } ?? GeoSOTCell(key: 0, level: 0)
                if !cells.contains(cell) { cells.append(cell) }
            }
            if cells.count > 1 { cells.sort { $0.key < $1.key } }
            return cells
        }
    }

    /// Whether the corner cells are at most two apart on each axis, on the same side of both zero lines.
    static func spansAtMostTwo(_ cells: [GeoSOTCell]) -> Bool {
        guard let first = cells.first, first.level > 0 else { return true }
        let signShift = UInt32(first.level - 1)
        for cell in cells {
            guard cell.longitudeIndex >> signShift == first.longitudeIndex >> signShift,
                cell.latitudeIndex >> signShift == first.latitudeIndex >> signShift
            else { return false }
            let columns = abs(Int64(cell.longitudeIndex) - Int64(first.longitudeIndex))
            let rows = abs(Int64(cell.latitudeIndex) - Int64(first.latitudeIndex))
            if columns > 1 || rows > 1 { return false }
        }
        return true
    }

    static func key(_ placement: Placement, entity: UInt64, validFrom: Int64, systemFrom: Int64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.spaceTime.rawValue, capacity: 39)
        key.append(byte: placement.tier)
        key.append(byte: placement.level)
        key.append(placement.bin)
        key.append(placement.cell)
        key.append(entity)
        key.append(validFrom, descending: true)
        key.append(systemFrom, descending: true)
        return key.bytes
    }

    static func rangeStart(tier: UInt8, level: UInt8, bin: UInt32, cell: UInt64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.spaceTime.rawValue, capacity: 15)
        key.append(byte: tier)
        key.append(byte: level)
        key.append(bin)
        key.append(cell)
        return key.bytes
    }

    /// The (tier, level) pair packed as one number, for the set of levels in use.
    static func slot(tier: UInt8, level: UInt8) -> UInt16 { UInt16(tier) << 8 | UInt16(level) }
}

/// The value of a space-time entry: interval ends, bounds, labels and the external id, so that a
/// query is answered from the index alone.
enum SpaceTimeEntryCodec {
    static func encode(
        validTo: Int64, systemTo: Int64, bounds: SpatialBounds, labels: [UInt32], name: String
    ) -> [UInt8] {
        var writer = ByteWriter(capacity: 72 + name.utf8.count)
        writer.writeFixed64(UInt64(bitPattern: validTo))
        writer.writeFixed64(UInt64(bitPattern: systemTo))
        for value in [
            bounds.minLongitude, bounds.minLatitude, bounds.maxLongitude, bounds.maxLatitude,
            bounds.minHeightMeters ?? .nan, bounds.maxHeightMeters ?? .nan,
        ] {
            writer.writeFixed64(value.bitPattern)
        }
        writer.writeVarint(UInt64(labels.count))
        for label in labels { writer.writeVarint(UInt64(label)) }
        writer.writeString(name)
        return writer.bytes
    }

    struct Entry {
        let validTo: Int64
        let systemTo: Int64
        let bounds: SpatialBounds
        let labels: [UInt32]
        let name: String
    }

    static func decode(_ value: [UInt8]) throws(CorruptionError) -> Entry {
        var reader = ByteReader(value, context: "space-time entry")
        let validTo = Int64(bitPattern: try reader.readFixed64())
        let systemTo = Int64(bitPattern: try reader.readFixed64())
        var numbers: [Double] = []
        for _ in 0..<6 { numbers.append(Double(bitPattern: try reader.readFixed64())) }
        var bounds = SpatialBounds(
            minLongitude: numbers[0], minLatitude: numbers[1], maxLongitude: numbers[2], maxLatitude: numbers[3])
        if !numbers[4].isNaN {
            bounds.minHeightMeters = numbers[4]
            bounds.maxHeightMeters = numbers[5]
        }
        let count = try reader.readVarint()
        guard count < 4096 else { throw reader.corrupt("label count \(count)") }
        var labels: [UInt32] = []
        for _ in 0..<count { labels.append(UInt32(truncatingIfNeeded: try reader.readVarint())) }
        return Entry(
            validTo: validTo, systemTo: systemTo, bounds: bounds, labels: labels, name: try reader.readString())
    }
}

/// The persisted set of (tier, level) slots in use, so queries only scan levels that hold entries.
enum SpaceSlots {
    static let key = Keys.meta("space-slots")

    static func encode(_ slots: Set<UInt16>) -> [UInt8] {
        var writer = ByteWriter(capacity: slots.count * 2 + 2)
        writer.writeVarint(UInt64(slots.count))
        for slot in slots.sorted() { writer.writeVarint(UInt64(slot)) }
        return writer.bytes
    }

    static func load(from store: Store) throws(GraphError) -> Set<UInt16> {
        do {
            guard let bytes = try store.get(key) else { return [] }
            var reader = ByteReader(bytes, context: "space-time slots")
            var slots = Set<UInt16>()
            for _ in 0..<(try reader.readVarint()) { slots.insert(UInt16(truncatingIfNeeded: try reader.readVarint())) }
            return slots
        } catch { throw GraphError.wrap(error) }
    }
}
