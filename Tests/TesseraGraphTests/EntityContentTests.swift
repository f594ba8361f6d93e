import TesseraTestSupport
import Testing

@testable import TesseraGraph

/// An entity version's labels are stored distinct and ascending, whatever order and repetitions the write gave.
@Suite struct EntityContentTests {
    @Test func labelsAreDistinctAndAscending() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...6, using: &random)
            let labels = (0..<count).map { _ in UInt32.random(in: 0...5, using: &random) }
            let content = EntityContent(labels: labels, propertyBytes: [], geometry: nil, bounds: nil)
            #expect(content.labels == Array(Set(labels)).sorted(), "labels \(labels)")
        }
    }
}
