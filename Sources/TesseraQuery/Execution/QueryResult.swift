/// Counts of what a statement changed.
public struct QueryStatistics: Sendable, Equatable {
    public var nodesCreated = 0
    public var nodesDeleted = 0
    public var relationshipsCreated = 0
    public var relationshipsDeleted = 0
    public var labelsAdded = 0
    public var labelsRemoved = 0
    public var propertiesSet = 0
    public var propertiesRemoved = 0
    public var indexesAdded = 0
    public var indexesRemoved = 0

    public init() {}

    /// Whether the statement changed anything.
    public var containsUpdates: Bool { self != QueryStatistics() }
}

/// The outcome of one statement: columns, rows, what changed, and for EXPLAIN / PROFILE the plan.
public struct QueryResult: Sendable {
    /// Column names in RETURN order.
    public var columns: [String]
    /// Rows; each has one value per column.
    public var rows: [[QueryValue]]
    /// What the statement changed.
    public var statistics: QueryStatistics
    /// The plan as text, for EXPLAIN and PROFILE.
    public var plan: String?

    public init(
        columns: [String], rows: [[QueryValue]], statistics: QueryStatistics = QueryStatistics(), plan: String? = nil
    ) {
        self.columns = columns
        self.rows = rows
        self.statistics = statistics
        self.plan = plan
    }
}
