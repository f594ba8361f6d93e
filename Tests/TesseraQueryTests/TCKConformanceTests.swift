import Foundation
import TesseraTCK
import Testing

/// Runs the openCypher TCK folders the query engine targets and fails when a scenario on the
/// expected-pass list (`TCK/expected-pass.txt`) no longer passes.
@Suite struct TCKConformanceTests {
    /// The TCK folders checked; add folders here as the engine grows.
    static let folders = [
        "clauses/match", "clauses/match-where", "clauses/return", "clauses/return-orderby",
        "clauses/return-skip-limit", "clauses/with", "clauses/with-where", "clauses/with-skip-limit",
        "clauses/unwind", "clauses/create", "clauses/merge", "clauses/set", "clauses/delete", "clauses/remove",
        "expressions/literals", "expressions/boolean", "expressions/comparison", "expressions/null",
        "expressions/mathematical", "expressions/aggregation", "expressions/string", "expressions/list",
        "expressions/map", "expressions/precedence", "expressions/conditional",
    ]

    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let featuresRoot = packageRoot.appendingPathComponent("../shared/opencypher-tck/tck/features")
        .standardizedFileURL.path
    static let expectedPassPath = testsDirectory.appendingPathComponent("TCK/expected-pass.txt").path

    @Test func expectedScenariosStillPass() throws {
        guard Self.haveFeatures() else { return }
        let expectedText = try String(contentsOfFile: Self.expectedPassPath, encoding: .utf8)
        let expected = TCKReport.readExpectedPassList(expectedText)
        let filter = TCKRunner.folderFilter(Self.folders)
        let report = TCKRunner(featuresRoot: Self.featuresRoot).run(filter: filter)
        print(report.table())

        let newlyPassing = report.newlyPassing(comparedTo: expected)
        if !newlyPassing.isEmpty {
            print("newly passing, add to the list (\(Self.expectedPassPath)):")
            newlyPassing.forEach { print("  " + $0) }
        }
        let regressions = report.regressions(from: expected)
        #expect(regressions.isEmpty, "listed as passing, now failing:\n\(Self.describe(regressions, in: report))")
        let missing = report.unknownKeys(in: expected.filter(filter))
        #expect(missing.isEmpty, "listed but not found in the TCK (renamed?):\n\(missing.joined(separator: "\n"))")
    }

    /// The clause folders again, each scenario's graph keeping the in-memory state of the present from its
    /// creation (as a server does): every commit then keeps the R-tree of the present and the edges of the
    /// present in step, and statements at "now" follow relationships from memory (Docs/Decisions/0013).
    @Test func expectedClauseScenariosPassWithThePresentInMemory() throws {
        guard Self.haveFeatures() else { return }
        let expected = TCKReport.readExpectedPassList(
            try String(contentsOfFile: Self.expectedPassPath, encoding: .utf8))
        let filter = TCKRunner.folderFilter(Self.folders.filter { $0.hasPrefix("clauses/") })
        var runner = TCKRunner(featuresRoot: Self.featuresRoot)
        runner.inMemoryPresent = true
        let report = runner.run(filter: filter)
        print("with the present in memory:\n" + report.table())
        let regressions = report.regressions(from: expected)
        #expect(
            regressions.isEmpty,
            "listed as passing, failing with the present in memory:\n\(Self.describe(regressions, in: report))")
    }

    /// Whether the TCK's features are beside the repository (says so when they are not).
    static func haveFeatures() -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: featuresRoot, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            print("openCypher TCK not found at \(featuresRoot): TCK conformance skipped")
            return false
        }
        return true
    }

    static func describe(_ keys: [String], in report: TCKReport) -> String {
        let reasons = Dictionary(report.results.map { ($0.key, $0.reason ?? "") }, uniquingKeysWith: { a, _ in a })
        return keys.map { "  \($0): \(reasons[$0] ?? "")" }.joined(separator: "\n")
    }

    /// Every value in the TCK's result and parameter tables must be readable, or scenarios would fail
    /// for the runner's sake rather than the engine's.
    @Test func everyExpectedValueParses() {
        guard FileManager.default.fileExists(atPath: Self.featuresRoot) else { return }
        let (scenarios, unreadable) = TCKRunner(featuresRoot: Self.featuresRoot).loadScenarios()
        #expect(unreadable.isEmpty, "unreadable feature files: \(unreadable.map(\.reason))")
        var problems: [String] = []
        for scenario in scenarios {
            for step in scenario.scenario.steps {
                guard let table = step.table else { continue }
                let cells: [String]
                if step.text.hasPrefix("the result should be") {
                    cells = table.body.flatMap { $0 }
                } else if step.text == "parameters are:" {
                    cells = table.rows.compactMap(\.last)
                } else {
                    continue
                }
                for cell in cells {
                    do {
                        _ = try TCKValueParser.parse(cell)
                    } catch {
                        problems.append("\(scenario.key) line \(step.line): \(error)")
                    }
                }
            }
        }
        #expect(
            problems.isEmpty, "\(problems.count) unreadable values:\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test func expectedPassListIsSortedAndUnique() throws {
        let text = try String(contentsOfFile: Self.expectedPassPath, encoding: .utf8)
        let keys = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(keys == keys.sorted(), "expected-pass.txt must be sorted")
        #expect(Set(keys).count == keys.count, "expected-pass.txt has duplicate keys")
    }
}
