import Foundation
import TesseraTCK
import Testing

/// Runs the runner on a small features directory written here, against the current query engine.
@Suite struct TCKRunnerTests {
    static let feature = """
        Feature: Probe - runner behaviour

          Scenario: [1] Setup failure is reported
            Given an empty graph
            And having executed:
              \"\"\"
              CREATE (:Broken
              \"\"\"
            When executing query:
              \"\"\"
              MATCH (n) RETURN n
              \"\"\"
            Then the result should be, in any order:
              | n  |
              | () |

          Scenario: [2] An unknown step fails the scenario
            Given a graph made of cheese

          Scenario Outline: [3] Parameters with <v>
            Given any graph
            And parameters are:
              | p | <v> |
            When executing query:
              \"\"\"
              RETURN $p AS p
              \"\"\"
            Then a <type> should be raised at compile time: Whatever
            And no side effects

            Examples:
              | v   | type          |
              | 1   | SemanticError |
              | 'a' | SyntaxError   |
        """

    func withFeatures<T>(_ body: (String) throws -> T) throws -> T {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-tck-test-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("clauses/probe")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.feature.write(to: folder.appendingPathComponent("Probe1.feature"), atomically: true, encoding: .utf8)
        try "Feature: Broken\n  Scenario: S\n    Given rows:\n      | a \n".write(
            to: folder.appendingPathComponent("Broken.feature"), atomically: true, encoding: .utf8)
        return try body(root.path)
    }

    @Test func reportsEveryScenarioWithReasons() throws {
        let report = try withFeatures { root in TCKRunner(featuresRoot: root).run() }
        let results = Dictionary(uniqueKeysWithValues: report.results.map { ($0.key, $0) })
        #expect(report.results.count == 5)
        let setup = try #require(results["clauses/probe/Probe1.feature:[1] Setup failure is reported"])
        #expect(!setup.passed)
        #expect(setup.reason?.contains("setup query") == true)
        let unknown = try #require(results["clauses/probe/Probe1.feature:[2] An unknown step fails the scenario"])
        #expect(unknown.reason?.contains("unsupported step") == true)
        #expect(results["clauses/probe/Broken.feature:<unreadable>"]?.passed == false)
        #expect(results["clauses/probe/Probe1.feature:[3] Parameters with 1 #1"] != nil)
        #expect(results["clauses/probe/Probe1.feature:[3] Parameters with 'a' #2"]?.passed == false)
        #expect(
            report.table().split(separator: "\n").last == "\(report.passedCount) passed, \(report.failedCount) failed")
        #expect(report.table().hasPrefix("clauses/probe  \(report.passedCount) passed"))
    }

    @Test func filtersByFolder() throws {
        let filter = TCKRunner.folderFilter(["clauses/match"])
        #expect(filter("clauses/match/Match1.feature:[1] x"))
        #expect(!filter("clauses/match-where/MatchWhere1.feature:[1] x"))
        #expect(TCKRunner.folderFilter(["clauses"])("clauses/match/Match1.feature:[1] x"))
        let report = try withFeatures { root in TCKRunner(featuresRoot: root).run(filter: filter) }
        #expect(report.results.isEmpty)
        #expect(report.table() == "0 passed, 0 failed")
    }

    @Test func expectedPassListRoundTrips() {
        let report = TCKReport(results: [
            TCKScenarioResult(key: "b/B.feature:[1] y", folder: "b", file: "b/B.feature", line: 3, passed: true),
            TCKScenarioResult(key: "a/A.feature:[2] x #1", folder: "a", file: "a/A.feature", line: 9, passed: true),
            TCKScenarioResult(key: "a/A.feature:[3] z", folder: "a", file: "a/A.feature", line: 12, passed: false),
        ])
        let keys = TCKReport.readExpectedPassList(report.expectedPassList())
        #expect(keys == ["a/A.feature:[2] x #1", "b/B.feature:[1] y"])
        #expect(report.regressions(from: ["a/A.feature:[3] z", "b/B.feature:[1] y"]) == ["a/A.feature:[3] z"])
        #expect(report.newlyPassing(comparedTo: ["b/B.feature:[1] y"]) == ["a/A.feature:[2] x #1"])
        #expect(report.table() == "a       1 passed, 1 failed\nb       1 passed, 0 failed\n2 passed, 1 failed")
    }
}
