import Foundation
import TesseraQuery
import TesseraTCK
import Testing

/// Checks the runner's step semantics with a stand-in engine that answers a few fixed statements.
@Suite struct TCKRunnerCheckTests {
    static let feature = """
        Feature: Checks - result, side effect and error steps

          Scenario: [1] Columns are matched by name
            Given any graph
            When executing query:
              \"\"\"
              PAIR
              \"\"\"
            Then the result should be, in order:
              | b   | a |
              | 2.0 | 1 |
            And no side effects

          Scenario: [2] Rows in any order
            Given any graph
            When executing query:
              \"\"\"
              ROWS
              \"\"\"
            Then the result should be, in any order:
              | x |
              | 1 |
              | 2 |

          Scenario: [3] Side effects of the executed query only
            Given an empty graph
            And having executed:
              \"\"\"
              CREATE
              \"\"\"
            When executing query:
              \"\"\"
              CREATE
              \"\"\"
            Then the result should be empty
            And the side effects should be:
              | +nodes      | 1 |
              | +labels     | 1 |
              | +properties | 1 |
            When executing control query:
              \"\"\"
              ROWS
              \"\"\"
            Then the result should be, in any order:
              | x |
              | 2 |
              | 1 |

          Scenario: [4] Compile-time error
            Given any graph
            When executing query:
              \"\"\"
              BAD
              \"\"\"
            Then a SyntaxError should be raised at compile time: InvalidThing
            And no side effects

          Scenario: [5] Error at any time
            Given any graph
            When executing query:
              \"\"\"
              BOOM
              \"\"\"
            Then a TypeError should be raised at any time: *

          Scenario: [6] Parameters reach the query
            Given any graph
            And parameters are:
              | p | [1, 'a'] |
            When executing query:
              \"\"\"
              PARAM
              \"\"\"
            Then the result should be, in any order:
              | p        |
              | [1, 'a'] |

          Scenario: [7] Lists ignoring element order
            Given any graph
            When executing query:
              \"\"\"
              LABELS
              \"\"\"
            Then the result should be (ignoring element order for lists):
              | l          |
              | ['a', 'b'] |

          Scenario: [8] Row order matters in order
            Given any graph
            When executing query:
              \"\"\"
              ROWS
              \"\"\"
            Then the result should be, in order:
              | x |
              | 1 |
              | 2 |

          Scenario: [9] Integers are not floats
            Given any graph
            When executing query:
              \"\"\"
              PAIR
              \"\"\"
            Then the result should be, in any order:
              | a   | b   |
              | 1.0 | 2.0 |

          Scenario: [10] Wrong phase
            Given any graph
            When executing query:
              \"\"\"
              BOOM
              \"\"\"
            Then a TypeError should be raised at compile time: *

          Scenario: [11] Wrong side effects
            Given any graph
            When executing query:
              \"\"\"
              CREATE
              \"\"\"
            Then the result should be empty
            And the side effects should be:
              | +nodes | 2 |

          Scenario: [12] Unexpected error
            Given any graph
            When executing query:
              \"\"\"
              BAD
              \"\"\"
            Then the result should be empty

          Scenario: [13] Lists keep their order
            Given any graph
            When executing query:
              \"\"\"
              LABELS
              \"\"\"
            Then the result should be, in any order:
              | l          |
              | ['a', 'b'] |
        """

    static func answer(_ query: String, _ parameters: [String: QueryValue]) throws(QueryError) -> QueryResult {
        switch query {
        case "PAIR": return QueryResult(columns: ["a", "b"], rows: [[.int(1), .float(2)]])
        case "ROWS": return QueryResult(columns: ["x"], rows: [[.int(2)], [.int(1)]])
        case "PARAM": return QueryResult(columns: ["p"], rows: [[parameters["p"] ?? .null]])
        case "LABELS": return QueryResult(columns: ["l"], rows: [[.list([.string("b"), .string("a")])]])
        case "CREATE":
            var statistics = QueryStatistics()
            statistics.nodesCreated = 1
            statistics.labelsAdded = 1
            statistics.propertiesSet = 1
            return QueryResult(columns: [], rows: [], statistics: statistics)
        case "BAD": throw QueryError(.compile, .syntaxError, "bad", detail: "InvalidOther")
        default: throw QueryError(.runtime, .typeError, "boom", detail: "InvalidArgumentType")
        }
    }

    @Test func stepsPassAndFailAsTheTCKMeans() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-tck-check-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Self.feature.write(to: root.appendingPathComponent("Checks.feature"), atomically: true, encoding: .utf8)
        var runner = TCKRunner(featuresRoot: root.path)
        runner.makeStatementRunner = {
            { (query: String, parameters: [String: QueryValue]) throws(QueryError) -> QueryResult in
                try Self.answer(query, parameters)
            }
        }
        let report = runner.run()
        let outcomes = report.results.map { ($0.key.split(separator: "]").first.map(String.init) ?? "", $0.passed) }
        let passing = outcomes.filter(\.1).map(\.0)
        #expect(
            passing == [
                "Checks.feature:[1", "Checks.feature:[2", "Checks.feature:[3", "Checks.feature:[4",
                "Checks.feature:[5", "Checks.feature:[6", "Checks.feature:[7",
            ], "\(report.failureList())")
        #expect(report.failedCount == 6)
        let detail = report.results.first { $0.key.hasPrefix("Checks.feature:[4]") }?.errorDetail
        #expect(detail == TCKErrorDetail(expected: "InvalidThing", actual: "InvalidOther"))
        #expect(detail?.matches == false)
        #expect(report.table() == ".       7 passed, 6 failed\n7 passed, 6 failed")
    }
}
