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

    /// Parses, plans and runs one statement with the given parameters (`$name`).
    public func run(_ text: String, parameters: [String: QueryValue] = [:]) throws(QueryError) -> QueryResult {
        throw QueryError(.compile, .semanticError, "the query language is not available yet: \(text.prefix(20))")
    }
}
