import Foundation
import TesseraQuery

/// Why a step failed, in words for the report.
struct TCKStepFailure: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// Runs one statement with parameters: a ``QuerySession`` on the scenario's graph, or a stand-in.
public typealias TCKStatementRunner = (String, [String: QueryValue]) throws(QueryError) -> QueryResult

/// Runs the steps of one scenario against one session, keeping what later steps check.
final class TCKStepExecutor {
    let runStatement: TCKStatementRunner
    let graphsRoot: String
    private let timeoutSeconds: Double
    private var parameters: [String: QueryValue] = [:]
    /// The result of the last query (`executing query` or `executing control query`).
    var lastResult: QueryResult?
    /// An error raised by the last query that no step has expected yet.
    private(set) var pendingError: QueryError?
    /// The error the last query raised, if it failed (what an error expectation checks).
    private var lastError: QueryError?
    /// What the last `executing query` statement changed (zero when it failed).
    var sideEffects = QueryStatistics()
    /// The expected and actual detail of the last error expectation that passed.
    private(set) var errorDetail: TCKErrorDetail?

    init(runStatement: @escaping TCKStatementRunner, graphsRoot: String, timeoutSeconds: Double) {
        self.runStatement = runStatement
        self.graphsRoot = graphsRoot
        self.timeoutSeconds = timeoutSeconds
    }

    /// The graph's nodes, relationships, labels and properties (nil when the engine cannot list them).
    private func snapshot() -> GraphSnapshot? {
        let nodes: QueryResult
        let relationships: QueryResult
        do {
            nodes = try runStatement("MATCH (n) RETURN elementId(n), labels(n), properties(n)", [:])
            relationships = try runStatement("MATCH ()-[r]->() RETURN elementId(r), properties(r)", [:])
        } catch {
            return nil
        }
        var snapshot = GraphSnapshot()
        for row in nodes.rows where row.count == 3 {
            let id = row[0].render()
            snapshot.nodes.insert(id)
            if case .list(let labels) = row[1] { for label in labels { snapshot.labels.insert(label.render()) } }
            if case .map(let properties) = row[2] {
                for (key, value) in properties {
                    snapshot.properties.insert("n" + id + "\u{1}" + key + "\u{1}" + value.render())
                }
            }
        }
        for row in relationships.rows where row.count == 2 {
            let id = row[0].render()
            snapshot.relationships.insert(id)
            if case .map(let properties) = row[1] {
                for (key, value) in properties {
                    snapshot.properties.insert("r" + id + "\u{1}" + key + "\u{1}" + value.render())
                }
            }
        }
        return snapshot
    }

    /// Runs one step; throws when the step fails or is not a TCK step.
    func run(_ step: GherkinStep) throws(TCKStepFailure) {
        let text = step.text
        if let pendingError, TCKErrorExpectation(text) == nil {
            throw TCKStepFailure("the query raised \(pendingError)")
        }
        switch text {
        case "an empty graph", "any graph":
            return
        case "having executed:":
            let query = try docString(of: step)
            if case .failure(let error) = execute(query, parameters: [:]) {
                throw TCKStepFailure("the setup query raised \(error)")
            }
        case "parameters are:":
            try readParameters(step)
        case "executing query:":
            let before = snapshot()
            let outcome = execute(try docString(of: step), parameters: parameters)
            record(outcome)
            if case .success(let result) = outcome {
                // Side effects are what changed in the graph, as the TCK defines them.
                if let before, let after = snapshot() {
                    sideEffects = GraphSnapshot.difference(before, after)
                } else {
                    sideEffects = result.statistics
                }
            } else {
                sideEffects = .init()
            }
        case "executing control query:":
            record(execute(try docString(of: step), parameters: parameters))
        case "the result should be empty":
            let result = try requireResult()
            guard result.rows.isEmpty else {
                throw TCKStepFailure("expected no rows, got \(result.rows.count): \(Self.describe(result))")
            }
        case "the side effects should be:":
            try checkSideEffects(try requireTable(step))
        case "no side effects":
            try checkSideEffects(GherkinTable(rows: []))
        default:
            try runParameterised(step)
        }
    }

    /// Steps recognised by pattern rather than by exact text.
    private func runParameterised(_ step: GherkinStep) throws(TCKStepFailure) {
        let text = step.text
        if let expectation = TCKErrorExpectation(text) {
            try check(expectation)
        } else if let check = TCKResultCheck(text) {
            try checkResult(try requireTable(step), ordered: check.isOrdered, options: check.options)
        } else if text.hasPrefix("the "), text.hasSuffix(" graph") {
            try loadNamedGraph(String(text.dropFirst(4).dropLast(6)))
        } else {
            throw TCKStepFailure("unsupported step '\(step.keyword) \(text)'")
        }
    }

    func execute(_ query: String, parameters: [String: QueryValue]) -> Result<QueryResult, QueryError> {
        let start = ContinuousClock.now
        let outcome: Result<QueryResult, QueryError>
        do {
            outcome = .success(try runStatement(query, parameters))
        } catch {
            outcome = .failure(error)
        }
        let elapsed = ContinuousClock.now - start
        if elapsed > .seconds(timeoutSeconds) {
            return .failure(QueryError(.runtime, .limitExceeded, "timed out after \(elapsed)"))
        }
        return outcome
    }

    private func record(_ outcome: Result<QueryResult, QueryError>) {
        switch outcome {
        case .success(let result):
            lastResult = result
            lastError = nil
            pendingError = nil
        case .failure(let error):
            lastResult = nil
            lastError = error
            pendingError = error
        }
    }

    private func docString(of step: GherkinStep) throws(TCKStepFailure) -> String {
        guard let docString = step.docString else { throw TCKStepFailure("the step has no doc string") }
        return docString
    }

    private func requireTable(_ step: GherkinStep) throws(TCKStepFailure) -> GherkinTable {
        guard let table = step.table else { throw TCKStepFailure("the step has no table") }
        return table
    }

    func requireResult() throws(TCKStepFailure) -> QueryResult {
        guard let lastResult else { throw TCKStepFailure("no query has run") }
        return lastResult
    }

    private func readParameters(_ step: GherkinStep) throws(TCKStepFailure) {
        for row in try requireTable(step).rows {
            guard row.count == 2 else { throw TCKStepFailure("a parameter row needs 2 cells, has \(row.count)") }
            do {
                parameters[row[0]] = try TCKValueParser.parse(row[1]).queryValue()
            } catch let error as TCKValueError {
                throw TCKStepFailure("parameter \(row[0]): \(error)")
            } catch {
                throw TCKStepFailure("parameter \(row[0]): \(error)")
            }
        }
    }

    private func check(_ expectation: TCKErrorExpectation) throws(TCKStepFailure) {
        guard let error = lastError else {
            throw TCKStepFailure("expected \(expectation), but the query succeeded")
        }
        pendingError = nil
        let phaseMatches = expectation.phase.map { $0 == error.phase } ?? true
        guard error.kind.rawValue == expectation.type && phaseMatches else {
            throw TCKStepFailure(
                "expected \(expectation), got \(error.kind.rawValue) at \(error.phase.rawValue): \(error)")
        }
        errorDetail = TCKErrorDetail(expected: expectation.detail, actual: error.detail)
    }
}

/// The detail code an error expectation named, and the one the raised error carried.
public struct TCKErrorDetail: Sendable, Equatable {
    /// The detail the TCK expects (`UndefinedVariable`, `*` for any).
    public var expected: String
    /// The detail the query error carried.
    public var actual: String?

    /// Creates a detail pair.
    public init(expected: String, actual: String?) {
        self.expected = expected
        self.actual = actual
    }

    /// Whether the details agree (`*` agrees with anything).
    public var matches: Bool { expected == "*" || expected == actual }
}

/// `a <Type> should be raised at <phase>: <Detail>`.
struct TCKErrorExpectation: CustomStringConvertible {
    var type: String
    /// nil for "any time".
    var phase: QueryError.Phase?
    var phaseText: String
    var detail: String

    init?(_ text: String) {
        let words = text.split(separator: " ", maxSplits: 2)
        guard words.count == 3, words[0] == "a" || words[0] == "an" else { return nil }
        let rest = String(words[2])
        let phases: [(String, QueryError.Phase?)] = [
            ("compile time", .compile), ("runtime", .runtime), ("any time", nil),
        ]
        for (phaseText, phase) in phases {
            let prefix = "should be raised at \(phaseText):"
            guard rest.hasPrefix(prefix) else { continue }
            type = String(words[1])
            self.phase = phase
            self.phaseText = phaseText
            detail = String(rest.dropFirst(prefix.count)).trimmedWhitespace
            return
        }
        return nil
    }

    var description: String { "\(type) at \(phaseText) (\(detail))" }
}

/// `the result should be, in any order:` and its variants.
struct TCKResultCheck {
    var isOrdered: Bool
    var options: TCKMatchOptions

    init?(_ text: String) {
        let variants: [String: (Bool, Bool)] = [
            "the result should be, in any order:": (false, false),
            "the result should be, in order:": (true, false),
            "the result should be (ignoring element order for lists):": (false, true),
            "the result should be, in any order (ignoring element order for lists):": (false, true),
            "the result should be, in order (ignoring element order for lists):": (true, true),
        ]
        guard let (ordered, ignoresListOrder) = variants[text] else { return nil }
        isOrdered = ordered
        options = TCKMatchOptions(ignoresListOrder: ignoresListOrder)
    }
}

/// The parts of a graph the TCK's side effects count.
struct GraphSnapshot {
    var nodes: Set<String> = []
    var relationships: Set<String> = []
    var labels: Set<String> = []
    /// element | key | value
    var properties: Set<String> = []

    static func difference(_ before: GraphSnapshot, _ after: GraphSnapshot) -> QueryStatistics {
        var statistics = QueryStatistics()
        statistics.nodesCreated = after.nodes.subtracting(before.nodes).count
        statistics.nodesDeleted = before.nodes.subtracting(after.nodes).count
        statistics.relationshipsCreated = after.relationships.subtracting(before.relationships).count
        statistics.relationshipsDeleted = before.relationships.subtracting(after.relationships).count
        statistics.labelsAdded = after.labels.subtracting(before.labels).count
        statistics.labelsRemoved = before.labels.subtracting(after.labels).count
        statistics.propertiesSet = after.properties.subtracting(before.properties).count
        statistics.propertiesRemoved = before.properties.subtracting(after.properties).count
        return statistics
    }
}
