/// The outcome of one scenario.
public struct TCKScenarioResult: Sendable {
    /// `<feature path>:<scenario name>[ #<example index>]`, unique in a run.
    public var key: String
    /// The feature file's directory relative to the features root (`clauses/match`).
    public var folder: String
    /// The feature file relative to the features root.
    public var file: String
    /// The 1-based line of the scenario (of its example row, for an outline expansion).
    public var line: Int
    /// Whether every step passed.
    public var passed: Bool
    /// Why it failed: the failing step's line and text, and what was wrong.
    public var reason: String?
    /// For a scenario expecting an error: the detail expected and the detail raised.
    public var errorDetail: TCKErrorDetail?
    /// Wall-clock time taken.
    public var seconds: Double

    /// Creates a result.
    public init(
        key: String, folder: String, file: String, line: Int, passed: Bool, reason: String? = nil,
        errorDetail: TCKErrorDetail? = nil, seconds: Double = 0
    ) {
        self.key = key
        self.folder = folder
        self.file = file
        self.line = line
        self.passed = passed
        self.reason = reason
        self.errorDetail = errorDetail
        self.seconds = seconds
    }
}

/// The outcomes of a TCK run, with per-folder totals and the expected-pass list helpers.
public struct TCKReport: Sendable {
    /// One result per scenario run, in feature-file order.
    public var results: [TCKScenarioResult]

    /// Creates a report from scenario results.
    public init(results: [TCKScenarioResult]) {
        self.results = results
    }

    /// How many scenarios passed.
    public var passedCount: Int { results.count { $0.passed } }

    /// How many scenarios failed.
    public var failedCount: Int { results.count { !$0.passed } }

    /// The keys of the passing scenarios, sorted.
    public var passedKeys: [String] { results.filter(\.passed).map(\.key).sorted() }

    /// One line per folder (`clauses/match  3 passed, 40 failed`), then the total line
    /// `N passed, N failed` last.
    public func table() -> String {
        var counts: [String: (passed: Int, failed: Int)] = [:]
        for result in results {
            var count = counts[result.folder] ?? (0, 0)
            if result.passed { count.passed += 1 } else { count.failed += 1 }
            counts[result.folder] = count
        }
        let width = max(counts.keys.map(\.count).max() ?? 0, 6)
        var lines = counts.keys.sorted().map { folder in
            let count = counts[folder] ?? (0, 0)
            let padding = String(repeating: " ", count: width - folder.count)
            return "\(folder)\(padding)  \(count.passed) passed, \(count.failed) failed"
        }
        lines.append("\(passedCount) passed, \(failedCount) failed")
        return lines.joined(separator: "\n")
    }

    /// Every failed scenario with its reason, one per line.
    public func failureList() -> String {
        results.filter { !$0.passed }.map { "\($0.key) [line \($0.line)]: \($0.reason ?? "failed")" }
            .joined(separator: "\n")
    }

    /// Scenarios in `expected` that ran and did not pass, sorted.
    public func regressions(from expected: Set<String>) -> [String] {
        results.filter { !$0.passed && expected.contains($0.key) }.map(\.key).sorted()
    }

    /// Scenarios that pass but are not in `expected`, sorted.
    public func newlyPassing(comparedTo expected: Set<String>) -> [String] {
        passedKeys.filter { !expected.contains($0) }
    }

    /// Keys in `expected` that name no scenario of this run (renamed or filtered out), sorted.
    public func unknownKeys(in expected: Set<String>) -> [String] {
        let keys = Set(results.map(\.key))
        return expected.filter { !keys.contains($0) }.sorted()
    }

    /// The text of an expected-pass list for the passing scenarios: a comment header, then one key a line.
    public func expectedPassList() -> String {
        var lines = [
            "# Scenarios of the openCypher TCK that pass; a scenario listed here that fails is a regression.",
            "# Regenerate with: swift run tessera-tck FEATURES_DIR --folder ... --write-expected FILE",
        ]
        lines += passedKeys
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads an expected-pass list: one key a line; blank lines and lines starting with `#` are skipped.
    public static func readExpectedPassList(_ text: String) -> Set<String> {
        var keys = Set<String>()
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let key = line.trimmedWhitespace
            if !key.isEmpty && !key.hasPrefix("#") { keys.insert(key) }
        }
        return keys
    }
}
