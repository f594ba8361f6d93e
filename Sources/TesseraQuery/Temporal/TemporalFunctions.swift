/// Temporal functions, operators and accessors (date, time, datetime, duration).
enum TemporalFunctions {
    /// Accepted argument counts by lower-cased, dotted function name (`date`, `date.truncate`, ...).
    static let arities: [String: ClosedRange<Int>] = [:]

    /// Calls function `name` (lower-cased); `nil` when no such temporal function exists.
    /// `statementTime` is the statement's clock reading in microseconds since the epoch (UTC).
    static func call(_ name: String, _ arguments: [QueryValue], statementTime: Int64) throws(QueryError)
        -> QueryValue?
    { nil }

    /// `value.key` on a temporal value (`d.year`, `dur.minutes`, ...); `nil` when `value` is not temporal.
    static func property(_ value: QueryValue, _ key: String) throws(QueryError) -> QueryValue? { nil }

    /// `a + b`, `a - b` with temporal operands; `nil` when neither operand is temporal.
    static func add(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue? { nil }
    static func subtract(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue? { nil }
    /// `duration * number`, `duration / number`; `nil` when no operand is a duration.
    static func multiply(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue? { nil }
    static func divide(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue? { nil }

    /// Comparison of two temporal values of the same type: negative, zero, positive, or nil when
    /// incomparable (different types, or durations, which are not ordered).
    static func compare(_ a: QueryValue, _ b: QueryValue) -> Int? { nil }

    /// The ISO 8601 text of a temporal value as openCypher prints it; `nil` when not temporal.
    static func format(_ value: QueryValue) -> String? { nil }
}
