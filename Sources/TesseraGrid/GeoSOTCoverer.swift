/// Covers a box or polygon with a capped, merged, sorted set of GeoSOT key ranges for index scans.
///
/// The covering descends the GeoSOT hierarchy level by level, keeping cells wholly inside the region and
/// refining cells on its boundary. It stops refining at the first level whose covering would need more than
/// ``maxRanges`` ranges (or at ``maxLevel``) and keeps the previous, coarser level; if even that is over the
/// cap, the ranges separated by the smallest gaps are joined until the cap holds.
///
/// The guarantee is one-sided: every point in the region has its level-32 key in some range (no false
/// negatives), but boundary cells reach outside it. **Callers must post-filter** each candidate with the
/// exact predicate (``GeoBox/contains(_:)``, ``GeoPolygon/contains(_:)``, ``GeoBox3D/contains(_:heightMeters:)``).
public struct GeoSOTCoverer: Hashable, Sendable {
    /// The default cap on the number of ranges.
    public static let defaultMaxRanges = 64

    /// The most ranges a covering returns (at least 1).
    public var maxRanges: Int
    /// The finest level the covering refines to (1...32).
    public var maxLevel: Int

    /// Creates a coverer with a cap on the number of ranges and a finest level.
    public init(maxRanges: Int = GeoSOTCoverer.defaultMaxRanges, maxLevel: Int = 32) {
        precondition(maxRanges >= 1, "a covering needs at least one range")
        precondition(maxLevel >= 1 && maxLevel <= 32, "the finest level must be 1...32")
        self.maxRanges = maxRanges
        self.maxLevel = maxLevel
    }

    /// Ranges of 2D level-32 keys (``GeoSOTCell/key(for:)``) covering the box.
    public func ranges(covering box: GeoBox) -> [ClosedRange<UInt64>] {
        var region = CoverRegion(dimensions: 2)
        region.set(axis: 0, CoverRegion.ordinals(box.south, box.north), limit: 90 * GridUnit.perDegree)
        region.set(axis: 1, CoverRegion.ordinals(box.west, box.east), limit: 180 * GridUnit.perDegree)
        return cover(region).map {
            UInt64(truncatingIfNeeded: $0.lowerBound)...UInt64(truncatingIfNeeded: $0.upperBound)
        }
    }

    /// Ranges of 2D level-32 keys covering the polygon.
    public func ranges(covering polygon: GeoPolygon) -> [ClosedRange<UInt64>] {
        var region = CoverRegion(dimensions: 2)
        let box = polygon.bounds
        region.set(axis: 0, CoverRegion.ordinals(box.south, box.north), limit: 90 * GridUnit.perDegree)
        region.set(axis: 1, CoverRegion.ordinals(box.west, box.east), limit: 180 * GridUnit.perDegree)
        region.polygon = polygon
        return cover(region).map {
            UInt64(truncatingIfNeeded: $0.lowerBound)...UInt64(truncatingIfNeeded: $0.upperBound)
        }
    }

    /// Ranges of 3D level-32 keys (``GeoSOTCell3D/key(for:heightMeters:)``) covering the box.
    ///
    /// Heights beyond what the height integer can hold are clamped to its range.
    public func ranges(covering box: GeoBox3D) -> [ClosedRange<GeoSOTKey3D>] {
        var region = CoverRegion(dimensions: 3)
        let footprint = box.footprint
        region.set(axis: 0, CoverRegion.ordinals(footprint.south, footprint.north), limit: 90 * GridUnit.perDegree)
        region.set(axis: 1, CoverRegion.ordinals(footprint.west, footprint.east), limit: 180 * GridUnit.perDegree)
        let heights = CoverRegion.heightOrdinal(box.minHeightMeters)...CoverRegion.heightOrdinal(box.maxHeightMeters)
        region.set(axis: 2, heights, limit: Int64(LogHeight.maxMagnitude))
        return cover(region).map { GeoSOTKey3D($0.lowerBound)...GeoSOTKey3D($0.upperBound) }
    }

    func cover(_ region: CoverRegion) -> [ClosedRange<UInt128>] {
        let search = CoverSearch(region: region)
        var interior: [ClosedRange<UInt128>] = []
        var frontier = search.startingCells(into: &interior)
        var level = 1
        while level < maxLevel, !frontier.isEmpty {
            var nextInterior: [ClosedRange<UInt128>] = []
            let next = search.refine(frontier, into: &nextInterior)
            let candidate = CoverSearch.merged(interior + nextInterior + next.cells.map(region.range))
            if candidate.count > maxRanges || next.cells.count > 8 * maxRanges { break }
            interior = CoverSearch.merged(interior + nextInterior)
            frontier = next
            level += 1
        }
        let ranges = CoverSearch.merged(interior + frontier.cells.map(region.range))
        return CoverSearch.capped(ranges, maxRanges)
    }
}
