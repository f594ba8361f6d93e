import Testing

@testable import TesseraGraph

/// Spatial hits come ordered by external id, then valid-from, exactly as `String` orders the ids: the sort's
/// integer prefixes of ASCII ids must never disagree with it.
@Suite struct SpatialHitOrderTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64]) func orderMatchesStringOrder(seed: UInt64) {
        var random = SplitMix(seed: seed)
        // Short and long ids, shared prefixes of eight bytes and more, non-ASCII, NUL and DEL bytes.
        let stems = ["b", "b1", "building-0000", "building-00001", "é", "e\u{301}", "日本", "a\u{0}", "a", "~", "\u{7f}"]
        var hits: [SpatialScan.PendingHit] = []
        for _ in 0..<400 {
            let stem = stems[Int(random.next() % UInt64(stems.count))]
            let id = random.next() % 3 == 0 ? stem : stem + String(random.next() % 50)
            let from = Int64(random.next() % 5)
            hits.append(
                SpatialScan.PendingHit(
                    id: id, labelIds: [UInt32(random.next() % 2)],
                    bounds: SpatialBounds(minLongitude: 0, minLatitude: 0, maxLongitude: 0, maxLatitude: 0),
                    valid: TimeInterval64(from: from, to: from + 1), system: TimeInterval64(from: 0, to: 1)))
        }
        var catalog = Catalog()
        catalog.add(.label, "x", 0)
        catalog.add(.label, "y", 1)
        let ordered = GraphReader.namedHits(hits, catalog, ordered: true) { hit, _ in hit }
        let expected = hits.sorted { a, b in a.id == b.id ? a.valid.from < b.valid.from : a.id < b.id }
        #expect(ordered.map(\.id) == expected.map(\.id))
        #expect(ordered.map(\.valid.from) == expected.map(\.valid.from))
        #expect(ordered.map(\.labels) == expected.map { [$0.labelIds[0] == 0 ? "x" : "y"] })
        // Unordered: the same hits, as found.
        let found = GraphReader.namedHits(hits, catalog, ordered: false) { hit, _ in hit }
        #expect(found.map(\.id) == hits.map(\.id))
    }
}
