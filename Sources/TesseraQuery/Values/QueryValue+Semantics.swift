/// Equality, comparison, ordering and arithmetic with openCypher semantics.
extension QueryValue {
    /// `a = b`: true, false, or nil (null) when the answer is unknown.
    static func equals(_ a: QueryValue, _ b: QueryValue) -> Bool? { nil }

    /// `a < b` style comparison: negative, zero, positive, or nil (null) when incomparable.
    static func compare(_ a: QueryValue, _ b: QueryValue) -> Int? { nil }

    /// The total order used by ORDER BY (and min/max across types): negative, zero or positive.
    static func orderCompare(_ a: QueryValue, _ b: QueryValue) -> Int { 0 }
}

/// Binary and unary operators.
enum Operators {
    static func add(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue { .null }
    static func subtract(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue { .null }
    static func multiply(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue { .null }
    static func divide(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue { .null }
    static func modulo(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue { .null }
    static func power(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue { .null }
    static func negate(_ a: QueryValue) throws(QueryError) -> QueryValue { .null }
}

extension QueryValue: Hashable {
    public static func == (a: QueryValue, b: QueryValue) -> Bool { orderCompare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) {}
}
