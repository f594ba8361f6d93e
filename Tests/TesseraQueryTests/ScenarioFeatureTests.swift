import Foundation
import TesseraTCK
import Testing

/// Runs the city scenarios in `Scenarios/*.feature` (questions a city twin asks, over a small fixture
/// city) through the TCK runner and requires every one of them to pass.
@Suite struct ScenarioFeatureTests {
    static let scenariosRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scenarios").path

    /// The scenarios cover at least one question each of the 25 example questions.
    static let minimumScenarioCount = 25

    /// Also with each scenario's graph keeping the present in memory from its creation (as a server does), so
    /// that its statements read through the R-tree and the edges of the present.
    @Test(arguments: [false, true]) func everyScenarioPasses(inMemoryPresent: Bool) {
        var runner = TCKRunner(featuresRoot: Self.scenariosRoot, graphsRoot: Self.scenariosRoot)
        runner.inMemoryPresent = inMemoryPresent
        let report = runner.run()
        print((inMemoryPresent ? "with the present in memory:\n" : "") + report.table())
        #expect(
            report.results.count >= Self.minimumScenarioCount,
            "expected at least \(Self.minimumScenarioCount) scenarios, found \(report.results.count)")
        let failures = report.results.filter { !$0.passed }
        #expect(failures.isEmpty, "failing scenarios:\n\(Self.describe(failures))")
    }

    static func describe(_ failures: [TCKScenarioResult]) -> String {
        failures.map { "  \($0.key) (line \($0.line)): \($0.reason ?? "no reason")" }.joined(separator: "\n")
    }
}
