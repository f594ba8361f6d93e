import Foundation
import TesseraGraph
import TesseraQuery

/// A scenario of the TCK with its stable key.
public struct TCKScenario: Sendable {
    /// `<feature path>:<scenario name>[ #<example index>]`, made unique with ` (line N)` when needed.
    public var key: String
    /// The feature file's directory relative to the features root.
    public var folder: String
    /// The feature file relative to the features root.
    public var file: String
    /// The scenario, background steps included.
    public var scenario: GherkinScenario
}

/// Runs openCypher TCK feature files against Tessera: each scenario on a fresh graph in a temporary
/// directory, with a per-statement timeout, and every failure recorded rather than thrown.
public struct TCKRunner: Sendable {
    /// The `features` directory of the TCK.
    public var featuresRoot: String
    /// The directory of named graphs (`Given the binary-tree-1 graph`); by default `<features>/../graphs`.
    public var graphsRoot: String
    /// A statement running longer than this fails its scenario.
    public var timeoutSeconds: Double = 10
    /// Whether each scenario's graph keeps its in-memory state of the present (the R-tree of the present and the
    /// edges of the present, `Graph.buildInMemorySpace()`) from its creation, so that statements read through it.
    public var inMemoryPresent = false
    /// Makes the statement runner of each scenario instead of a ``QuerySession`` on its graph (to test the
    /// runner itself); nil runs the query engine.
    public var makeStatementRunner: (@Sendable () -> TCKStatementRunner)?
    /// The directory scenario graphs are created in (each in its own subdirectory, removed afterwards).
    public var scratchDirectory = FileManager.default.temporaryDirectory.path

    /// Creates a runner for the feature files under `featuresRoot`.
    public init(featuresRoot: String, graphsRoot: String? = nil) {
        self.featuresRoot = featuresRoot
        self.graphsRoot =
            graphsRoot
            ?? ((featuresRoot as NSString).deletingLastPathComponent as NSString).appendingPathComponent("graphs")
    }

    /// Keeps the scenarios whose feature folder is one of `folders` or lies under one of them.
    public static func folderFilter(_ folders: [String]) -> @Sendable (String) -> Bool {
        let prefixes = folders.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return { key in
            let folder = folder(ofKey: key)
            return prefixes.contains { folder == $0 || folder.hasPrefix($0 + "/") }
        }
    }

    /// The folder part of a scenario key (`clauses/match` for `clauses/match/Match1.feature:...`).
    public static func folder(ofKey key: String) -> String {
        let file = key.range(of: ".feature:").map { String(key[..<$0.lowerBound]) } ?? key
        return folder(ofFile: file)
    }

    /// The folder of a feature file's relative path (`.` at the root).
    static func folder(ofFile file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// The relative paths of every `.feature` file under the features root, sorted.
    public func featureFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: featuresRoot)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".feature") { files.append(path) }
        }
        return files.sorted()
    }

    /// Reads every feature file: the scenarios with unique keys, and one failed result per unreadable file.
    public func loadScenarios() -> (scenarios: [TCKScenario], unreadable: [TCKScenarioResult]) {
        var scenarios: [TCKScenario] = []
        var unreadable: [TCKScenarioResult] = []
        for file in featureFiles() {
            let folder = Self.folder(ofFile: file)
            let path = (featuresRoot as NSString).appendingPathComponent(file)
            do throws(GherkinError) {
                guard let data = FileManager.default.contents(atPath: path),
                    let text = String(data: data, encoding: .utf8)
                else { throw GherkinError(path: file, line: 1, message: "cannot read the file") }
                let feature = try GherkinReader.parse(text, path: file)
                for scenario in feature.scenarios {
                    let suffix = scenario.exampleIndex.map { " #\($0)" } ?? ""
                    scenarios.append(
                        TCKScenario(
                            key: "\(file):\(scenario.name)\(suffix)", folder: folder, file: file, scenario: scenario))
                }
            } catch {
                unreadable.append(
                    TCKScenarioResult(
                        key: "\(file):<unreadable>", folder: folder, file: file, line: error.line, passed: false,
                        reason: error.description))
            }
        }
        var counts: [String: Int] = [:]
        for scenario in scenarios { counts[scenario.key, default: 0] += 1 }
        for index in scenarios.indices where counts[scenarios[index].key, default: 0] > 1 {
            let scenario = scenarios[index].scenario
            scenarios[index].key += " (line \(scenario.exampleLine ?? scenario.line))"
        }
        return (scenarios, unreadable)
    }

    /// Runs the scenarios whose key passes `filter`, calling `progress` after each one.
    public func run(
        filter: (String) -> Bool = { _ in true }, progress: ((TCKScenarioResult) -> Void)? = nil
    ) -> TCKReport {
        let (scenarios, unreadable) = loadScenarios()
        var results = unreadable.filter { filter($0.key) }
        results.forEach { progress?($0) }
        for scenario in scenarios where filter(scenario.key) {
            let result = run(scenario)
            progress?(result)
            results.append(result)
        }
        return TCKReport(results: results)
    }

    /// Runs one scenario on a fresh graph in a temporary directory, removed afterwards.
    public func run(_ scenario: TCKScenario) -> TCKScenarioResult {
        let start = ContinuousClock.now
        let directory = (scratchDirectory as NSString).appendingPathComponent("tessera-tck-\(UUID().uuidString)")
        defer {
            // A second attempt catches files the storage engine's background threads wrote during the first.
            for _ in 0..<2 where FileManager.default.fileExists(atPath: directory) {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        var result = TCKScenarioResult(
            key: scenario.key, folder: scenario.folder, file: scenario.file,
            line: scenario.scenario.exampleLine ?? scenario.scenario.line, passed: false)
        do {
            result.errorDetail = try execute(scenario.scenario, directory: directory)
            result.passed = true
        } catch {
            result.reason = error.message
        }
        let elapsed = ContinuousClock.now - start
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return result
    }

    /// Runs the steps; the graph and session are released on return, before the directory is removed.
    private func execute(_ scenario: GherkinScenario, directory: String) throws(TCKStepFailure) -> TCKErrorDetail? {
        let graph: Graph
        do {
            graph = try Graph(path: directory, create: true)
            if inMemoryPresent { try graph.buildInMemorySpace() }
        } catch {
            throw TCKStepFailure("cannot create a graph in \(directory): \(error)")
        }
        var options = QueryOptions()
        options.syncCommits = false
        options.timeoutSeconds = timeoutSeconds
        let session = QuerySession(graph: graph, options: options)
        let runStatement: TCKStatementRunner
        if let makeStatementRunner {
            runStatement = makeStatementRunner()
        } else {
            runStatement = { (query: String, parameters: [String: QueryValue]) throws(QueryError) -> QueryResult in
                try session.run(query, parameters: parameters)
            }
        }
        let executor = TCKStepExecutor(
            runStatement: runStatement, graphsRoot: graphsRoot, timeoutSeconds: timeoutSeconds)
        for step in scenario.steps {
            do {
                try executor.run(step)
            } catch {
                throw TCKStepFailure("line \(step.line) '\(step.keyword) \(step.text)': \(error.message)")
            }
        }
        if let pendingError = executor.pendingError {
            throw TCKStepFailure("the query raised \(pendingError) and no step expected it")
        }
        return executor.errorDetail
    }
}
