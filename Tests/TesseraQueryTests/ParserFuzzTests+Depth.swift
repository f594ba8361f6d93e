import Foundation
import Synchronization
import Testing

@testable import TesseraQuery

/// A construct repeated `n` times: `prefix + open×n + inner + close×n + suffix`.
struct Nesting: CustomTestStringConvertible, Sendable {
    let name: String
    let prefix: String
    let open: String
    let inner: String
    let close: String
    var suffix = ""

    func text(_ n: Int) -> String {
        prefix + String(repeating: open, count: n) + inner + String(repeating: close, count: n) + suffix
    }

    var testDescription: String { name }

    /// Every way of nesting or chaining that builds a deeper syntax tree.
    static let all: [Nesting] = [
        Nesting(name: "parentheses", prefix: "RETURN ", open: "(", inner: "1", close: ")"),
        Nesting(name: "lists", prefix: "RETURN ", open: "[", inner: "1", close: "]"),
        Nesting(name: "maps", prefix: "RETURN ", open: "{a: ", inner: "1", close: "}"),
        Nesting(name: "unary minus", prefix: "RETURN ", open: "- ", inner: "$x", close: ""),
        Nesting(name: "NOT", prefix: "RETURN ", open: "NOT ", inner: "true", close: ""),
        Nesting(name: "CASE", prefix: "RETURN ", open: "CASE WHEN ", inner: "true", close: " THEN true END"),
        Nesting(name: "function calls", prefix: "RETURN ", open: "abs(", inner: "1", close: ")"),
        Nesting(name: "subscripts", prefix: "WITH [0] AS x RETURN ", open: "x[", inner: "0", close: "]"),
        Nesting(name: "list comprehensions", prefix: "RETURN ", open: "[x IN ", inner: "[1]", close: " | x]"),
        Nesting(
            name: "pattern comprehensions", prefix: "MATCH (a) RETURN ", open: "[(a)-->(b) | ", inner: "1", close: "]"),
        Nesting(name: "patterns in property maps", prefix: "RETURN ", open: "({a: ", inner: "1", close: "})"),
        Nesting(
            name: "patterns in comprehension maps", prefix: "MATCH (a) RETURN ", open: "[(a {p: ", inner: "1",
            close: "})-->() | 1]"),
        Nesting(
            name: "parenthesised paths", prefix: "MATCH ", open: "(", inner: "(a)-->(b)", close: ")",
            suffix: " RETURN a"),
        Nesting(
            name: "EXISTS subqueries", prefix: "MATCH (a) WHERE ", open: "EXISTS { (a)-->(b) WHERE ", inner: "true",
            close: " }", suffix: " RETURN a"),
        Nesting(name: "quantifiers", prefix: "RETURN ", open: "all(x IN [1] WHERE ", inner: "true", close: ")"),
        Nesting(name: "reduce", prefix: "RETURN ", open: "reduce(s = 0, x IN [1] | ", inner: "s", close: ")"),
        Nesting(
            name: "time pins", prefix: "MATCH (n) FOR VALID_TIME AS OF ", open: "abs(", inner: "0", close: ")",
            suffix: " RETURN n"),
        // Chains are parsed in loops, but each link wraps the tree one level deeper.
        Nesting(name: "property chains", prefix: "WITH {a: 1} AS m RETURN m", open: ".a", inner: "", close: ""),
        Nesting(name: "subscript chains", prefix: "WITH [0] AS x RETURN x", open: "[0]", inner: "", close: ""),
        Nesting(name: "addition chains", prefix: "RETURN 1", open: " + 1", inner: "", close: ""),
        Nesting(name: "power chains", prefix: "RETURN 1", open: " ^ 1", inner: "", close: ""),
        Nesting(name: "AND chains", prefix: "RETURN true", open: " AND true", inner: "", close: ""),
        Nesting(name: "OR chains", prefix: "RETURN true", open: " OR true", inner: "", close: ""),
        Nesting(name: "comparison chains", prefix: "RETURN 1", open: " < 1", inner: "", close: ""),
        Nesting(name: "IS NULL chains", prefix: "RETURN 1", open: " IS NULL", inner: "", close: ""),
        Nesting(name: "STARTS WITH chains", prefix: "RETURN 'a'", open: " STARTS WITH 'a'", inner: "", close: ""),
        Nesting(name: "SET property chains", prefix: "MATCH (n) SET n", open: ".a", inner: ".b = 1", close: ""),
        Nesting(name: "REMOVE property chains", prefix: "MATCH (n) REMOVE n", open: ".a", inner: ".b", close: ""),
        Nesting(name: "SKIP expressions", prefix: "MATCH (n) RETURN n SKIP ", open: "abs(", inner: "0", close: ")"),
    ]
}

extension ParserFuzzTests {
    static let tooDeep = 10_000

    private final class Outcome: Sendable {
        let error = Mutex<QueryError?>(nil)
    }

    /// Parses on a thread with a main thread's 8 MiB stack, guarded against hangs: nil when the text
    /// parses, else the error.
    static func parseError(_ input: String) async -> QueryError? {
        let outcome = Outcome()
        let report = await HangGuard.run([input], label: "parse") {
            let check: (String) -> String? = { input in
                do throws(QueryError) {
                    _ = try Parser.parse(input)
                } catch {
                    outcome.error.withLock { $0 = error }
                }
                return nil
            }
            return (check, { "" })
        }
        for failure in report.failures { Issue.record("\(failure)") }
        return outcome.error.withLock { $0 }
    }

    /// 10,000 levels of every construct fail with the depth error, at a token inside the nesting,
    /// and do not overflow the stack.
    @Test(arguments: Nesting.all) func deepNestingFailsWithTheDepthError(_ nesting: Nesting) async throws {
        let input = nesting.text(Self.tooDeep)
        guard let error = await Self.parseError(input) else {
            Issue.record("\(nesting.name): \(Self.tooDeep) levels were accepted")
            return
        }
        #expect(error.detail == "NestingTooDeep", "\(error)")
        #expect(error.message.contains("more than \(Parser.maxDepth) levels"), "\(error.message)")
        let location = try #require(error.location)
        let nestingEnd = nesting.prefix.utf8.count + nesting.open.utf8.count * Self.tooDeep + nesting.inner.utf8.count
        #expect(location.offset > nesting.prefix.utf8.count && location.offset <= nestingEnd, "\(location)")
        #expect(ParseContract.misplaced(error, in: input, required: true) == nil)
        #expect(error.description.hasPrefix("\(location.line):\(location.column): SyntaxError (NestingTooDeep)"))
    }

    /// The deepest accepted form of every construct is not far below the limit, and the planner and
    /// the evaluator walk it without overflowing the stack.
    @Test(arguments: Nesting.all) func deepestAcceptedNestingCompilesAndRuns(_ nesting: Nesting) async throws {
        var low = 1
        var high = Parser.maxDepth + 1
        #expect(await Self.accepts(nesting.text(low)), "\(nesting.name): one level is rejected")
        #expect(
            !(await Self.accepts(nesting.text(high))), "\(nesting.name): more than \(Parser.maxDepth) levels accepted")
        while high - low > 1 {
            let middle = (low + high) / 2
            if await Self.accepts(nesting.text(middle)) { low = middle } else { high = middle }
        }
        #expect(low >= Parser.maxDepth / 5, "\(nesting.name): only \(low) levels accepted")
        let report = await HangGuard.check([nesting.text(low)], label: "\(nesting.name) ×\(low)", runs: true)
        for failure in report.failures { Issue.record("\(failure)") }
    }

    static func accepts(_ input: String) async -> Bool {
        guard let error = await parseError(input) else { return true }
        return !Parser.isNestingTooDeep(error)
    }
}
