#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Binary and unary arithmetic operators with openCypher semantics.
///
/// Null in, null out. Integer arithmetic is checked: overflow and integer division by zero raise an
/// `ArithmeticError`; mixing an integer with a float gives a float; float division by zero gives infinity or
/// NaN. Operands that do not fit the operator raise a `TypeError` (InvalidArgumentType). Temporal operands are
/// handed to ``TemporalFunctions``.
enum Operators {
    /// `a + b`: numbers, string concatenation (a string with a string or a number), list concatenation
    /// (`list + list`, `list + element` appends, `element + list` prepends) and temporal arithmetic.
    static func add(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.list(let x), _): return .list(x + [b])
        case (_, .list(let y)): return .list([a] + y)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.string(let x), .int), (.string(let x), .float): return .string(x + b.render())
        case (.int, .string(let y)), (.float, .string(let y)): return .string(a.render() + y)
        default:
            if let temporal = try temporal(a, b, "+", TemporalFunctions.add) { return temporal }
            return try numeric(a, b, "+", { $0.addingReportingOverflow($1) }, +)
        }
    }

    /// `a - b`: numbers and temporal arithmetic.
    static func subtract(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue {
        if a.isNull || b.isNull { return .null }
        if let temporal = try temporal(a, b, "-", TemporalFunctions.subtract) { return temporal }
        return try numeric(a, b, "-", { $0.subtractingReportingOverflow($1) }, -)
    }

    /// `a * b`: numbers, and a duration times a number.
    static func multiply(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue {
        if a.isNull || b.isNull { return .null }
        if let temporal = try temporal(a, b, "*", TemporalFunctions.multiply) { return temporal }
        return try numeric(a, b, "*", { $0.multipliedReportingOverflow(by: $1) }, *)
    }

    /// `a / b`: integer division truncates toward zero; a duration divided by a number.
    static func divide(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue {
        if a.isNull || b.isNull { return .null }
        if let temporal = try temporal(a, b, "/", TemporalFunctions.divide) { return temporal }
        if case .int(let divisor) = b, divisor == 0, case .int = a { throw divisionByZero("/") }
        return try numeric(a, b, "/", { $0.dividedReportingOverflow(by: $1) }, /)
    }

    /// `a % b`: the remainder of truncating division, with the sign of `a`.
    static func modulo(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue {
        if a.isNull || b.isNull { return .null }
        if case .int(let x) = a, case .int(let y) = b {
            guard y != 0 else { throw divisionByZero("%") }
            // Int64.min % -1 is 0 mathematically; only the machine division overflows.
            return .int(y == -1 ? 0 : x % y)
        }
        return try numeric(a, b, "%", { $0.remainderReportingOverflow(dividingBy: $1) }) {
            $0.truncatingRemainder(dividingBy: $1)
        }
    }

    /// `a ^ b`: always a float.
    static func power(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue {
        if a.isNull || b.isNull { return .null }
        guard let x = a.asDouble, let y = b.asDouble else { throw mismatch(a, b, "^") }
        return .float(pow(x, y))
    }

    /// `-a`: numbers and durations.
    static func negate(_ a: QueryValue) throws(QueryError) -> QueryValue {
        switch a {
        case .null: return .null
        case .int(let x):
            guard x != .min else {
                throw QueryError(.runtime, .arithmeticError, "-(\(x)) does not fit in a 64-bit integer")
            }
            return .int(-x)
        case .float(let x): return .float(-x)
        case .duration:
            if let negated = try TemporalFunctions.multiply(a, .int(-1)) { return negated }
            throw QueryError.type("unary minus on a duration is not available")
        default:
            throw QueryError.type("unary minus expects a number or a duration, got \(a.typeName)")
        }
    }

    // MARK: - Helpers

    /// Applies an integer operation with overflow checking, or a float operation when either side is a float.
    private static func numeric(
        _ a: QueryValue, _ b: QueryValue, _ symbol: String,
        _ integer: (Int64, Int64) -> (partialValue: Int64, overflow: Bool),
        _ float: (Double, Double) -> Double
    ) throws(QueryError) -> QueryValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (result, overflow) = integer(x, y)
            guard !overflow else {
                throw QueryError(.runtime, .arithmeticError, "\(x) \(symbol) \(y) does not fit in a 64-bit integer")
            }
            return .int(result)
        default:
            guard let x = a.asDouble, let y = b.asDouble else { throw mismatch(a, b, symbol) }
            return .float(float(x, y))
        }
    }

    /// Hands temporal operands to the temporal functions; nil when no operand is temporal.
    private static func temporal(
        _ a: QueryValue, _ b: QueryValue, _ symbol: String,
        _ operation: (QueryValue, QueryValue) throws(QueryError) -> QueryValue?
    ) throws(QueryError) -> QueryValue? {
        guard a.isTemporal || b.isTemporal else { return nil }
        if let result = try operation(a, b) { return result }
        throw mismatch(a, b, symbol)
    }

    private static func divisionByZero(_ symbol: String) -> QueryError {
        QueryError(.runtime, .arithmeticError, "/ by zero: integer \(symbol) with a zero divisor")
    }

    private static func mismatch(_ a: QueryValue, _ b: QueryValue, _ symbol: String) -> QueryError {
        QueryError.type("cannot apply \(symbol) to \(a.typeName) and \(b.typeName)")
    }
}

extension QueryValue {
    /// Whether this is null.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Whether this is a date, time, datetime or duration.
    var isTemporal: Bool {
        switch self {
        case .date, .localTime, .time, .localDateTime, .dateTime, .duration: true
        default: false
        }
    }

    /// The value of a number as a float; nil for anything else.
    var asDouble: Double? {
        switch self {
        case .int(let number): Double(number)
        case .float(let number): number
        default: nil
        }
    }

    /// The openCypher type name, as `valueType` reports it and as error messages name it.
    var typeName: String {
        switch self {
        case .null: "NULL"
        case .bool: "BOOLEAN"
        case .int: "INTEGER"
        case .float: "FLOAT"
        case .string: "STRING"
        case .bytes: "BYTES"
        case .list: "LIST"
        case .map: "MAP"
        case .node: "NODE"
        case .relationship: "RELATIONSHIP"
        case .path: "PATH"
        case .point: "POINT"
        case .geometry: "GEOMETRY"
        case .date: "DATE"
        case .localTime: "LOCAL TIME"
        case .time: "ZONED TIME"
        case .localDateTime: "LOCAL DATETIME"
        case .dateTime: "ZONED DATETIME"
        case .duration: "DURATION"
        }
    }
}
