import TesseraCore
import TesseraGraph

/// Limits and defaults for statements run by a ``QuerySession``.
public struct QueryOptions: Sendable {
    /// Stop a statement after this many seconds (`nil`: no limit).
    public var timeoutSeconds: Double? = nil
    /// Fail a statement that would return more rows than this.
    public var maxRows: Int = 10_000_000
    /// Fail a statement whose materialised intermediate state (sorts, aggregations, DISTINCT, collected
    /// lists, pending writes) exceeds this many bytes (estimated).
    public var memoryBudgetBytes: Int = 2 << 30
    /// The valid time a statement reads at when it gives none (`nil`: now).
    public var validAt: Int64? = nil
    /// The system time a statement reads at when it gives none (`nil`: the latest belief).
    public var systemAt: Int64? = nil
    /// Whether each statement's commit waits for its write-ahead log to reach the disk (`false`: it
    /// survives a process crash but not a power failure).
    public var syncCommits = true
    /// Whether the planner may seek property indexes (`false`: label scans, for comparisons).
    public var usePropertyIndexes = true
    /// Whether statements at "now" may follow edges through the edges of the present when the process keeps
    /// them (`Graph.buildInMemorySpace()`; `false`: adjacency scans of the store, for comparisons).
    public var usePresentEdges = true
    /// Whether statements at "now" may take node versions from the R-tree of the present once it is built
    /// (label scans, lookups by id, the far ends of relationships; `false`: read the store, for comparisons).
    public var usePresentNodes = true

    public init() {}
}

/// Runs statements of the query language against one graph.
///
/// Each statement is atomic: its writes commit together at its end, or not at all when it fails.
/// A session is not thread-safe; use one per thread.
public final class QuerySession {
    /// The graph statements read and write.
    public let graph: Graph
    /// Limits and time defaults.
    public var options: QueryOptions

    public init(graph: Graph, options: QueryOptions = QueryOptions()) {
        self.graph = graph
        self.options = options
    }

    /// The last statement clock handed out: statements get strictly increasing times.
    private var lastStatementTime: Int64 = 0
    /// Set to stop the running statement from another thread.
    public let cancellation = QueryCancellation()

    /// Parses, plans and runs one statement with the given parameters (`$name`).
    ///
    /// A text run before (by any session of the process) is not parsed again: give values as parameters
    /// rather than spelled into the text, and the statement is parsed once.
    ///
    /// Writes become valid from the statement's `FOR VALID_TIME AS OF` instant (or over its
    /// `FOR VALID_TIME FROM a TO b` interval), by default from now; they commit together at the end.
    public func run(_ text: String, parameters: [String: QueryValue] = [:]) throws(QueryError) -> QueryResult {
        let statement = try StatementCache.shared.statement(text)
        if let command = statement.schema { return try run(command) }
        let compiled = try compile(statement, source: text, parameters: parameters)
        do {
            return try execute(compiled)
        } catch {
            throw error.showing(text)
        }
    }

    /// Runs a compiled statement and commits its writes.
    private func execute(_ compiled: CompiledStatement) throws(QueryError) -> QueryResult {
        let statement = compiled.statement
        let plans = compiled.plans
        let columns = compiled.columns
        let access = compiled.access
        if statement.mode == .explain {
            return QueryResult(columns: columns, rows: [], plan: PlanPrinter.text(plans, statement, profiled: false))
        }
        let started = ContinuousClock.now
        var rows: [[QueryValue]] = []
        for plan in plans {
            _ = try plan.start.emit([])
            _ = try plan.start.finish()
            if plan.start.profiling { plan.start.elapsed = ContinuousClock.now - started }
            rows += plan.sink.rows
        }
        if plans.count > 1 && !statement.unionAll.allSatisfy({ $0 }) {
            var seen: Set<[QueryValue]> = []
            rows = rows.filter { seen.insert($0).inserted }
        }
        if access.hasWrites || access.madePartialNodes {
            // In place, and only the values that hold graph elements (most rows hold none).
            for i in rows.indices {
                for j in rows[i].indices where rows[i][j].holdsGraphElements {
                    rows[i][j] = access.materialized(rows[i][j])
                }
            }
        }
        try access.commit(synced: options.syncCommits)
        var result = QueryResult(columns: columns, rows: rows, statistics: access.statistics)
        if statement.mode == .profile {
            result.plan = PlanPrinter.text(plans, statement, profiled: true, engineReads: access.engineReads)
        }
        return result
    }

    /// A statement parsed and planned but not run: everything that can fail at compile time has.
    struct CompiledStatement {
        var statement: Statement
        var plans: [PlannedQuery]
        var columns: [String]
        var access: GraphAccess
        /// Kept alive while the plans run: their evaluators hold the context `unowned`.
        var context: ExecutionContext
        var planner: Planner
    }

    /// Parses and plans one statement without running it.
    func compile(_ text: String, parameters: [String: QueryValue]) throws(QueryError) -> CompiledStatement {
        try compile(try StatementCache.shared.statement(text), source: text, parameters: parameters)
    }

    /// Plans a parsed statement without running it: binds names, checks semantics and evaluates the
    /// time pins and `SKIP`/`LIMIT`, so that everything that can fail at compile time has.
    func compile(_ statement: Statement, source text: String, parameters: [String: QueryValue]) throws(QueryError)
        -> CompiledStatement
    {
        do {
            return try plan(statement, source: text, parameters: parameters)
        } catch {
            throw error.showing(text)
        }
    }

    private func plan(_ statement: Statement, source text: String, parameters: [String: QueryValue])
        throws(QueryError) -> CompiledStatement
    {
        var now = Time.nowMicros()
        if now <= lastStatementTime { now = lastStatementTime + 1 }
        lastStatementTime = now
        let access = GraphAccess(graph: graph, now: now)
        access.usePresentEdges = options.usePresentEdges
        access.allowPresentNodes = options.usePresentNodes
        var basePin = TimePin.instant(options.validAt ?? now, system: options.systemAt.map { .asOf($0) } ?? .latest)
        let context0 = ExecutionContext(
            access: access, parameters: parameters, options: options, defaultPin: basePin, cancellation: cancellation)
        let bootstrap = Evaluator(context: context0, patterns: PatternExpressions(pin: basePin))
        let bootstrapPlanner = Planner(source: text, context: context0, evaluator: bootstrap, profiling: false)
        basePin = try bootstrapPlanner.pin(statement.time, default: basePin)
        if let time = statement.time {
            if time.validAsOf != nil {
                access.writeFrom = basePin.validFrom
            } else if time.validFrom != nil {
                access.writeFrom = basePin.validFrom
                access.writeTo = basePin.validTo
            }
        }
        let context = ExecutionContext(
            access: access, parameters: parameters, options: options, defaultPin: basePin, cancellation: cancellation)
        context.streamsScans = statement.queries.allSatisfy { $0.clauses.allSatisfy(\.onlyReads) }
        let evaluator = Evaluator(context: context, patterns: PatternExpressions(pin: basePin))
        let planner = Planner(
            source: text, context: context, evaluator: evaluator, profiling: statement.mode == .profile)
        var plans: [PlannedQuery] = []
        for (index, query) in statement.queries.enumerated() {
            plans.append(try planner.plan(query, defaultPin: basePin, isLast: index == statement.queries.count - 1))
        }
        // Schema commands (CREATE INDEX ...) have no pipeline: they run directly (see `run`).
        guard let columns = plans.first?.columns else {
            return CompiledStatement(
                statement: statement, plans: [], columns: [], access: access, context: context, planner: planner)
        }
        for plan in plans.dropFirst() where plan.columns != columns {
            throw QueryError(
                .compile, .semanticError, "all parts of a UNION must return the same columns",
                detail: "DifferentColumnsInUnion")
        }
        return CompiledStatement(
            statement: statement, plans: plans, columns: columns, access: access, context: context, planner: planner)
    }
}

/// Renders operator pipelines for EXPLAIN and PROFILE.
enum PlanPrinter {
    static func text(_ plans: [PlannedQuery], _ statement: Statement, profiled: Bool, engineReads: Int = 0) -> String {
        var lines: [String] = []
        for (index, plan) in plans.enumerated() {
            if index > 0 { lines.append(statement.unionAll[index - 1] ? "UNION ALL" : "UNION") }
            for (position, op) in plan.operators.enumerated().reversed() where op.name != "Start" {
                var line = String(repeating: " ", count: 0) + "+ " + op.name
                if !op.detail.isEmpty { line += " [" + op.detail + "]" }
                if profiled {
                    let below = position + 1 < plan.operators.count ? plan.operators[position + 1].elapsed : .zero
                    let own = op.elapsed - below
                    let micros = Double(own.components.attoseconds) / 1e12 + Double(own.components.seconds) * 1e6
                    line += "  rows=\(op.rowsOut) time=\(String(format3(max(0, micros))))µs"
                }
                lines.append(line)
            }
        }
        if profiled { lines.append("engine reads: \(engineReads)") }
        return lines.joined(separator: "\n")
    }

    static func format3(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }
}
