import TesseraTestSupport
import Testing

@testable import TesseraQuery

/// `ORDER BY` with and without `SKIP`/`LIMIT` against a stable sort of every row in Swift: keys with many ties
/// and nulls, ascending and descending, top-k cut short at every size.
@Suite struct SortTests {
    struct Item {
        let index: Int
        let number: Int64
        let text: String?
    }

    /// The reference order: `number` (descending when asked), then `text` ascending with null last, then input
    /// order.
    static func expected(_ items: [Item], descending: Bool, skip: Int, limit: Int?) -> [Int] {
        let sorted = items.sorted { a, b in
            if a.number != b.number { return descending ? a.number > b.number : a.number < b.number }
            switch (a.text, b.text) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, .none): return true
            case (.none, .some): return false
            default: return a.index < b.index
            }
        }
        let rest = sorted.dropFirst(skip).map(\.index)
        return limit.map { Array(rest.prefix($0)) } ?? rest
    }

    @Test func topRowsAgreeWithAStableSortOfAll() throws {
        var random = SeededRandom.announced("SortTests")
        let db = try ScratchGraph()
        var cutShort = 0
        for round in 0..<120 {
            let count = Int(random.next() % 400)
            var items = (0..<count).map { index in
                Item(
                    index: index, number: Int64(random.next() % 12),
                    text: random.next() % 4 == 0 ? nil : "t\(random.next() % 6)")
            }
            let descending = random.next() % 2 == 0
            // A third of the rounds come already in order, whole or for a prefix (as from a k-nearest search or
            // an index scan), then shuffled from there on.
            if round % 3 == 1 {
                let sortedCount = random.next() % 2 == 0 ? count : Int(random.next() % UInt64(count + 1))
                let order = Self.expected(items, descending: descending, skip: 0, limit: nil)
                let prefix = order.prefix(sortedCount).map { items[$0] }
                let rest = items.filter { item in !prefix.contains { $0.index == item.index } }
                items = (prefix + rest).enumerated().map {
                    Item(index: $0.offset, number: $0.element.number, text: $0.element.text)
                }
            }
            let skip = Int(random.next() % 8)
            let limit: Int? = random.next() % 5 == 0 ? nil : Int(random.next() % 60)
            if let limit, limit + skip < count { cutShort += 1 }
            let rows = QueryValue.list(
                items.map { item in
                    .map([
                        "i": .int(Int64(item.index)), "n": .int(item.number),
                        "t": item.text.map(QueryValue.string) ?? .null,
                    ])
                })
            var statement = "UNWIND $rows AS r RETURN r.i AS i ORDER BY r.n\(descending ? " DESC" : ""), r.t SKIP $skip"
            var parameters: [String: QueryValue] = ["rows": rows, "skip": .int(Int64(skip))]
            if let limit {
                statement += " LIMIT $limit"
                parameters["limit"] = .int(Int64(limit))
            }
            let actual = try db.run(statement, parameters).rows.map { row -> Int in
                guard case .int(let index) = row[0] else { return -1 }
                return Int(index)
            }
            #expect(
                actual == Self.expected(items, descending: descending, skip: skip, limit: limit),
                "\(random.note) round \(round): \(statement) with skip \(skip), limit \(limit.map(String.init) ?? "none")"
            )
        }
        #expect(cutShort > 50)
    }

    /// A top-k sort keeps k rows, not every row it has seen: a budget far below the input passes.
    @Test func topRowsStayWithinASmallMemoryBudget() throws {
        let db = try ScratchGraph()
        var options = QueryOptions()
        options.memoryBudgetBytes = 256 << 10
        let session = QuerySession(graph: db.graph, options: options)
        let rows = try session.run("UNWIND range(1, 200000) AS x RETURN x ORDER BY x % 1000 DESC, x LIMIT 3").rows
        #expect(rows.map { $0[0].render() } == ["999", "1999", "2999"])
        #expect(throws: QueryError.self) {
            _ = try session.run("UNWIND range(1, 200000) AS x RETURN x ORDER BY x % 1000 DESC, x")
        }
    }
}
