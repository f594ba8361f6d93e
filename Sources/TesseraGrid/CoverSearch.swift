/// A region to cover, per axis in GeoSOT order (latitude, longitude, height): the ordinals it spans (see
/// ``GridUnit``) and the axis's largest magnitude; optionally a polygon that refines the box.
struct CoverRegion {
    let dimensions: Int
    var query: [ClosedRange<Int64>]
    var limits: [Int64]
    var polygon: GeoPolygon?

    init(dimensions: Int) {
        self.dimensions = dimensions
        self.query = Array(repeating: 0...0, count: dimensions)
        self.limits = Array(repeating: 0, count: dimensions)
    }

    mutating func set(axis: Int, _ ordinals: ClosedRange<Int64>, limit: Int64) {
        query[axis] = ordinals
        limits[axis] = limit
    }

    /// The ordinals of the keys of all values in `low...high` (degrees), as the point encoder floors them.
    static func ordinals(_ low: Double, _ high: Double) -> ClosedRange<Int64> {
        GridUnit.ordinal(low)...GridUnit.ordinal(high)
    }

    /// The ordinal of a height, clamped to the range of the height integer.
    static func heightOrdinal(_ heightMeters: Double) -> Int64 {
        do {
            return try LogHeight(heightMeters: heightMeters).ordinal
        } catch {
            let magnitude = Int64(LogHeight.maxMagnitude)
            return heightMeters > 0 ? magnitude : -(magnitude + 1)
        }
    }

    /// The level-32 keys of a cell's descendants.
    func range(_ cell: CoverCell) -> ClosedRange<UInt128> {
        let key =
            dimensions == 2
            ? UInt128(Morton.interleave(latitude: cell.axes.0, longitude: cell.axes.1))
            : Morton.interleave(latitude: cell.axes.0, longitude: cell.axes.1, height: cell.axes.2)
        let free = UInt128(dimensions * (32 - cell.level))
        return key...(key | ((1 as UInt128) << free - 1))
    }
}

/// A cell being refined: its axis values (the top `level` bits significant) and, for polygons, the edges that
/// meet it (a slice of ``CoverFrontier/edges``).
struct CoverCell {
    var axes: (UInt32, UInt32, UInt32)
    var level: Int
    var edgeStart: Int
    var edgeCount: Int
}

/// The boundary cells of one level and the polygon edges that meet each.
struct CoverFrontier {
    var cells: [CoverCell] = []
    var edges: [Int32] = []

    var isEmpty: Bool { cells.isEmpty }
}

/// Classifies cells against a region.
struct CoverSearch {
    let region: CoverRegion
    /// All polygon edges, for cells no edge meets.
    let allEdges: [Int32]
    /// How far cell rectangles are grown before polygon tests, in degrees, so floating-point rounding cannot
    /// drop a cell that holds a point of the polygon (a level-32 cell is about 1.4e-7°).
    static let slackDegrees = 1e-9

    init(region: CoverRegion) {
        self.region = region
        self.allEdges = (0..<Int32(region.polygon?.vertices.count ?? 0)).map { $0 }
    }

    enum Relation {
        case outside, inside, boundary
    }

    /// The level-1 cells (one per sign combination): inside ones go to `interior`, boundary ones are returned.
    func startingCells(into interior: inout [ClosedRange<UInt128>]) -> CoverFrontier {
        var root = CoverFrontier()
        root.edges = allEdges
        root.cells = [CoverCell(axes: (0, 0, 0), level: 0, edgeStart: 0, edgeCount: allEdges.count)]
        return refine(root, into: &interior)
    }

    /// Classifies the children of every frontier cell: inside ones go to `interior`, boundary ones are returned.
    func refine(_ frontier: CoverFrontier, into interior: inout [ClosedRange<UInt128>]) -> CoverFrontier {
        var next = CoverFrontier()
        let dimensions = region.dimensions
        for parent in frontier.cells {
            let level = parent.level + 1
            let bit = 32 - level
            let parentEdges = frontier.edges[parent.edgeStart..<(parent.edgeStart + parent.edgeCount)]
            for digit in 0..<(1 << dimensions) {
                var child = parent
                child.level = level
                child.axes.0 |= UInt32((digit >> (dimensions - 1)) & 1) << bit
                child.axes.1 |= UInt32((digit >> (dimensions - 2)) & 1) << bit
                if dimensions == 3 { child.axes.2 |= UInt32(digit & 1) << bit }
                child.edgeStart = next.edges.count
                switch classify(child, parentEdges, &next.edges) {
                case .outside:
                    next.edges.removeSubrange(child.edgeStart...)
                case .inside:
                    next.edges.removeSubrange(child.edgeStart...)
                    interior.append(region.range(child))
                case .boundary:
                    child.edgeCount = next.edges.count - child.edgeStart
                    next.cells.append(child)
                }
            }
        }
        return next
    }

    /// How a cell relates to the region; for polygons, appends the edges that meet the cell to `edges`.
    func classify(_ cell: CoverCell, _ parentEdges: ArraySlice<Int32>, _ edges: inout [Int32]) -> Relation {
        var partial = false
        var latitude: ClosedRange<Int64> = 0...0
        var longitude: ClosedRange<Int64> = 0...0
        for axis in 0..<region.dimensions {
            let value = axis == 0 ? cell.axes.0 : axis == 1 ? cell.axes.1 : cell.axes.2
            guard let span = GeoSOTAxis.ordinals(prefix: value, level: cell.level, limit: region.limits[axis]) else {
                return .outside
            }
            let query = region.query[axis]
            guard span.overlaps(query) else { return .outside }
            if span.lowerBound < query.lowerBound || span.upperBound > query.upperBound { partial = true }
            if axis == 0 { latitude = span } else if axis == 1 { longitude = span }
        }
        guard let polygon = region.polygon else { return partial ? .boundary : .inside }
        let slack = CoverSearch.slackDegrees
        let rectangle = GeoBox(
            uncheckedWest: GridUnit.degrees(longitude.lowerBound) - slack,
            south: GridUnit.degrees(latitude.lowerBound) - slack,
            east: GridUnit.degrees(longitude.upperBound + 1) + slack,
            north: GridUnit.degrees(latitude.upperBound + 1) + slack)
        let vertices = polygon.vertices
        for edge in parentEdges {
            let index = Int(edge)
            let a = vertices[index]
            let b = vertices[index + 1 == vertices.count ? 0 : index + 1]
            if GeoPolygon.segment(a, b, meets: rectangle) { edges.append(edge) }
        }
        if edges.count > cell.edgeStart { return .boundary }
        let center = GeoPoint(
            longitude: (rectangle.west + rectangle.east) / 2, latitude: (rectangle.south + rectangle.north) / 2)
        return polygon.contains(center) ? .inside : .outside
    }

    /// Sorts ranges and joins overlapping or adjacent ones.
    static func merged(_ ranges: [ClosedRange<UInt128>]) -> [ClosedRange<UInt128>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var result: [ClosedRange<UInt128>] = []
        result.reserveCapacity(sorted.count)
        for range in sorted {
            if let last = result.last, last.upperBound == .max || range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// Joins the ranges separated by the smallest gaps until at most `cap` remain (sorted, disjoint input).
    static func capped(_ ranges: [ClosedRange<UInt128>], _ cap: Int) -> [ClosedRange<UInt128>] {
        guard ranges.count > cap else { return ranges }
        // Keep the cap - 1 widest gaps (earlier gap first on ties) and close all others.
        let gaps = (1..<ranges.count).map { (size: ranges[$0].lowerBound - ranges[$0 - 1].upperBound, index: $0) }
        let kept = Set(
            gaps.sorted { $0.size != $1.size ? $0.size > $1.size : $0.index < $1.index }.prefix(cap - 1).map(\.index))
        var result: [ClosedRange<UInt128>] = []
        var start = ranges[0].lowerBound
        for index in 1..<ranges.count where kept.contains(index) {
            result.append(start...ranges[index - 1].upperBound)
            start = ranges[index].lowerBound
        }
        result.append(start...ranges[ranges.count - 1].upperBound)
        return result
    }
}
