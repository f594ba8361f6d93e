/// One running aggregate (count, sum, avg, min, max, collect, ...).
protocol Aggregator {
    /// Feeds one value (already evaluated; nulls included, the aggregator decides).
    mutating func add(_ value: QueryValue) throws(QueryError)
    /// The aggregate of everything fed so far.
    func result() throws(QueryError) -> QueryValue
}

enum Aggregation {
    /// Accepted argument counts of aggregate functions by lower-cased name.
    static let arities: [String: ClosedRange<Int>] = [:]

    /// A new aggregator for function `name` (lower-cased); `constantArguments` are the evaluated
    /// arguments after the first (the percentile of percentileCont); `nil` when `name` is no aggregate.
    static func make(_ name: String, distinct: Bool, constantArguments: [QueryValue]) throws(QueryError)
        -> (any Aggregator)?
    { nil }
}
