/// Pure scalar functions of the language (math, string, list, conversion, null handling).
enum ScalarFunctions {
    /// Accepted argument counts by lower-cased function name.
    static let arities: [String: ClosedRange<Int>] = [:]

    /// Calls function `name` (lower-cased); `nil` when no such function exists here.
    static func call(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? { nil }
}
