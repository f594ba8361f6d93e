import TesseraCore
import TesseraGrid
import TesseraTestSupport
import Testing

@testable import TesseraGraph

/// Where a version is filed in the space-time index is part of the on-disk format: the placement worked out
/// from each corner's key once must equal the one worked out from the coordinates at every level.
@Suite struct SpaceTimePlacementTests {
    /// The placement rule of Docs/OnDiskFormat.md, computed the direct way: every corner's cell encoded from its
    /// coordinates at each level tried.
    private static func referencePlacements(of bounds: SpatialBounds, validFrom: Int64, validTo: Int64)
        -> [SpaceTimeIndex.Placement]
    {
        let tier = SpaceTimeIndex.tier(validFrom: validFrom, validTo: validTo)
        let bin = tier == 0 ? 0 : SpaceTimeIndex.bin(validFrom, tier: tier)
        let corners = [
            (bounds.minLongitude, bounds.minLatitude), (bounds.maxLongitude, bounds.minLatitude),
            (bounds.minLongitude, bounds.maxLatitude), (bounds.maxLongitude, bounds.maxLatitude),
        ]
        func cells(_ level: Int) -> [GeoSOTCell] {
            var cells: [GeoSOTCell] = []
            for corner in corners {
                let cell =
                    (try? GeoSOTCell(containing: GeoPoint(longitude: corner.0, latitude: corner.1), level: level))
                    ?? GeoSOTCell(key: 0, level: 0)
                if !cells.contains(cell) { cells.append(cell) }
            }
            return cells.sorted { $0.key < $1.key }
        }
        for level in stride(from: SpaceTimeIndex.finestLevel, to: 0, by: -1) {
            let atLevel = cells(level)
            guard SpaceTimeIndex.spansAtMostTwo(atLevel) else { continue }
            var best = (level: level, cells: atLevel)
            for coarser in stride(from: level - 1, through: max(1, level - 2), by: -1) where best.cells.count > 1 {
                let candidate = cells(coarser)
                if candidate.count < best.cells.count { best = (coarser, candidate) }
            }
            return best.cells.map {
                SpaceTimeIndex.Placement(tier: tier, level: UInt8(best.level), bin: bin, cell: $0.key)
            }
        }
        return [SpaceTimeIndex.Placement(tier: tier, level: 0, bin: bin, cell: 0)]
    }

    private static func describe(_ placements: [SpaceTimeIndex.Placement]) -> [String] {
        placements.map { "tier \($0.tier) level \($0.level) bin \($0.bin) cell \($0.cell)" }
    }

    @Test func placementsEqualTheDirectRuleOnRandomBoxes() {
        var random = SeededRandom(seed: 20_261_121)
        let day: Int64 = 86_400_000_000
        var checked = 0
        for round in 0..<20_000 {
            // Points, building-sized and district-sized boxes; some on the zero lines and the antimeridian.
            let longitude: Double
            let latitude: Double
            switch round % 5 {
            case 0: (longitude, latitude) = (Double.random(in: -0.01...0.01, using: &random), 60.17)
            case 1: (longitude, latitude) = (24.94, Double.random(in: -0.01...0.01, using: &random))
            case 2: (longitude, latitude) = (Double.random(in: 179.95...179.999, using: &random), -33.9)
            default:
                (longitude, latitude) = (
                    Double.random(in: -180...179.9, using: &random), Double.random(in: -87...87, using: &random)
                )
            }
            let size = [0, 0.000_01, 0.000_3, 0.002, 0.05, 1.5][Int.random(in: 0..<6, using: &random)]
            let width = size * Double.random(in: 0.2...1, using: &random)
            let height = size * Double.random(in: 0.2...1, using: &random)
            let bounds = SpatialBounds(
                minLongitude: longitude, minLatitude: latitude, maxLongitude: min(180, longitude + width),
                maxLatitude: min(87.9, latitude + height))
            let validFrom = Int64.random(in: 0...(400 * day), using: &random)
            let validTo =
                round % 3 == 0 ? Time.forever : validFrom + Int64.random(in: 1...(60 * day), using: &random)
            let placements = SpaceTimeIndex.placements(of: bounds, validFrom: validFrom, validTo: validTo)
            let expected = Self.referencePlacements(of: bounds, validFrom: validFrom, validTo: validTo)
            #expect(
                Self.describe(placements) == Self.describe(expected), "bounds \(bounds) valid \(validFrom)..<\(validTo)"
            )
            checked += 1
        }
        #expect(checked == 20_000)
    }

    @Test func aPointGoesToOneCellAtTheFinestLevel() {
        let bounds = SpatialBounds(
            minLongitude: 24.9384, minLatitude: 60.1699, maxLongitude: 24.9384, maxLatitude: 60.1699)
        let placements = SpaceTimeIndex.placements(of: bounds, validFrom: 0, validTo: Time.forever)
        let expected = GeoSOTCell(key: 0, level: 0)
        #expect(placements.count == 1)
        #expect(placements.first?.level == UInt8(SpaceTimeIndex.finestLevel))
        #expect(
            placements.first?.cell
                == (try? GeoSOTCell(
                    containing: GeoPoint(longitude: 24.9384, latitude: 60.1699), level: SpaceTimeIndex.finestLevel))?
                .key)
        #expect(placements.first?.cell != expected.key)
    }
}
