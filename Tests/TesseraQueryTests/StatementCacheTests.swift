import Testing

@testable import TesseraQuery

/// The cache of parsed statements gives exactly what parsing gives, keeps nothing that failed, and stays
/// bounded.
@Suite struct StatementCacheTests {
    /// A statement's full structure as text, to compare a kept statement with a fresh parse.
    static func shape(_ statement: Statement) -> String { String(reflecting: statement) }

    @Test func aKeptStatementIsWhatParsingGives() throws {
        let cache = StatementCache(capacity: 8)
        let texts = [
            "MATCH (a {id: $id})--()--(x) WHERE intersects(x, bbox(116.2, 39.75, 116.6, 40.05)) RETURN elementId(x)",
            "MATCH (n:building) FOR VALID_TIME AS OF '2025-06-01T00:00:00Z' RETURN n.id ORDER BY n.id LIMIT 3",
            "UNWIND [1, 2, 3] AS x RETURN x * 2 AS y",
        ]
        for text in texts {
            let first = try cache.statement(text)
            let second = try cache.statement(text)
            let fresh = try Parser.parse(text)
            #expect(Self.shape(first) == Self.shape(fresh))
            #expect(Self.shape(second) == Self.shape(fresh))
        }
        let statistics = cache.statistics
        #expect(statistics.hits == 3)
        #expect(statistics.misses == 3)
        #expect(statistics.kept == 3)
    }

    @Test func textsThatDifferAreKeptApart() throws {
        let cache = StatementCache(capacity: 8)
        let one = try cache.statement("RETURN 1 AS x")
        let two = try cache.statement("RETURN 2 AS x")
        #expect(Self.shape(one) != Self.shape(two))
        #expect(Self.shape(try cache.statement("RETURN 1 AS x")) == Self.shape(one))
        #expect(Self.shape(try cache.statement("RETURN 2 AS x")) == Self.shape(two))
    }

    @Test func aStatementThatFailsIsNotKeptAndFailsAgainAlike() throws {
        let cache = StatementCache(capacity: 8)
        let text = "MATCH (n RETURN n"
        var messages: [String] = []
        for _ in 0..<2 {
            do {
                _ = try cache.statement(text)
                Issue.record("the statement parsed")
            } catch {
                messages.append("\(error)")
            }
        }
        #expect(messages.count == 2)
        #expect(messages[0] == messages[1])
        #expect(messages[0].contains("1:"))
        #expect(cache.statistics.kept == 0)
        #expect(cache.statistics.misses == 2)
    }

    @Test func statementsInUseStayWhileOthersAgeOut() throws {
        let cache = StatementCache(capacity: 2)
        _ = try cache.statement("RETURN 'a'")
        _ = try cache.statement("RETURN 'b'")
        _ = try cache.statement("RETURN 'c'")  // the newer generation was full: a and b are now the older one
        #expect(cache.statistics.kept == 3)
        _ = try cache.statement("RETURN 'a'")  // found in the older generation, moved to the newer
        #expect(cache.statistics.hits == 1)
        _ = try cache.statement("RETURN 'd'")  // full again: c and a become the older generation, b is dropped
        #expect(cache.statistics.kept == 3)
        let misses = cache.statistics.misses
        _ = try cache.statement("RETURN 'a'")
        _ = try cache.statement("RETURN 'c'")
        _ = try cache.statement("RETURN 'd'")
        #expect(cache.statistics.misses == misses)
        _ = try cache.statement("RETURN 'b'")
        #expect(cache.statistics.misses == misses + 1)
    }

    @Test func longTextsAreParsedEveryTime() throws {
        let cache = StatementCache(capacity: 8)
        let list = (0..<4_000).map(String.init).joined(separator: ", ")
        let text = "RETURN size([\(list)]) AS n"
        #expect(text.utf8.count > StatementCache.maxTextBytes)
        _ = try cache.statement(text)
        _ = try cache.statement(text)
        #expect(cache.statistics.kept == 0)
        #expect(cache.statistics.hits == 0)
    }
}
