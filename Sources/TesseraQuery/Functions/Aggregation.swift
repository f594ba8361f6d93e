/// One running aggregate (count, sum, avg, min, max, collect, ...).
protocol Aggregator {
    /// Feeds one value (already evaluated; nulls included, the aggregator decides).
    mutating func add(_ value: QueryValue) throws(QueryError)
    /// The aggregate of everything fed so far.
    func result() throws(QueryError) -> QueryValue
}

/// The aggregate functions. Every one of them skips nulls; `count(*)` is the executor feeding a non-null
/// marker per row. With DISTINCT, values are deduplicated by equivalence (the `==` of ``QueryValue``: `1` and
/// `1.0` count once) before they reach the aggregate.
enum Aggregation {
    /// Accepted argument counts of aggregate functions by lower-cased name.
    static let arities: [String: ClosedRange<Int>] = [
        "count": 1...1, "sum": 1...1, "avg": 1...1, "min": 1...1, "max": 1...1, "collect": 1...1, "stdev": 1...1,
        "stdevp": 1...1, "percentilecont": 2...2, "percentiledisc": 2...2,
    ]

    /// A new aggregator for function `name` (lower-cased); `constantArguments` are the evaluated
    /// arguments after the first (the percentile of percentileCont); `nil` when `name` is no aggregate.
    static func make(_ name: String, distinct: Bool, constantArguments: [QueryValue]) throws(QueryError)
        -> (any Aggregator)?
    {
        let aggregator: any Aggregator
        switch name {
        case "count": aggregator = CountAggregator()
        case "sum": aggregator = SumAggregator()
        case "avg": aggregator = AverageAggregator()
        case "min": aggregator = ExtremeAggregator(sign: -1)
        case "max": aggregator = ExtremeAggregator(sign: 1)
        case "collect": aggregator = CollectAggregator()
        case "stdev": aggregator = DeviationAggregator(sample: true)
        case "stdevp": aggregator = DeviationAggregator(sample: false)
        case "percentilecont", "percentiledisc":
            let percentile = try percentile(name, constantArguments.first ?? .null)
            aggregator = PercentileAggregator(percentile: percentile, continuous: name == "percentilecont")
        default: return nil
        }
        return distinct ? DistinctAggregator(inner: aggregator) : aggregator
    }

    /// The percentile argument: a number in `0...1`.
    private static func percentile(_ name: String, _ value: QueryValue) throws(QueryError) -> Double {
        guard let percentile = value.asDouble else {
            throw QueryError.argument(
                "\(name)() needs a percentile between 0.0 and 1.0, got \(value.typeName) \(value.render())",
                detail: "InvalidArgumentType")
        }
        guard (0...1).contains(percentile) else {
            throw QueryError.argument(
                "\(name)() needs a percentile between 0.0 and 1.0, got \(value.render())", detail: "NumberOutOfRange")
        }
        return percentile
    }

    /// The TypeError for a value an aggregate cannot take.
    static func wrongType(_ function: String, _ value: QueryValue, expected: String) -> QueryError {
        QueryError.type("\(function)() expects \(expected), got \(value.typeName) \(value.render())")
    }
}

/// Passes each distinct value once to the aggregator it wraps.
struct DistinctAggregator: Aggregator {
    var inner: any Aggregator
    var seen: Set<QueryValue> = []

    mutating func add(_ value: QueryValue) throws(QueryError) {
        guard !value.isNull, seen.insert(value).inserted else { return }
        try inner.add(value)
    }

    func result() throws(QueryError) -> QueryValue { try inner.result() }
}

/// `count(x)`: the number of non-null values.
struct CountAggregator: Aggregator {
    var count: Int64 = 0
    mutating func add(_ value: QueryValue) { if !value.isNull { count += 1 } }
    func result() -> QueryValue { .int(count) }
}

/// `sum(x)`: integers stay integers (overflow is an error), any float makes the sum a float, durations add
/// up as durations; 0 for no values.
struct SumAggregator: Aggregator {
    var total: QueryValue = .int(0)
    var sawDuration = false
    var sawNumber = false

    mutating func add(_ value: QueryValue) throws(QueryError) {
        switch value {
        case .null: return
        case .int, .float:
            guard !sawDuration else { throw Aggregation.wrongType("sum", value, expected: "durations only") }
            sawNumber = true
            total = try Operators.add(total, value)
        case .duration:
            guard !sawNumber else { throw Aggregation.wrongType("sum", value, expected: "numbers only") }
            if !sawDuration {
                sawDuration = true
                total = value
            } else if let sum = try TemporalFunctions.add(total, value) {
                total = sum
            } else {
                throw QueryError.type("sum() of durations is not available")
            }
        default: throw Aggregation.wrongType("sum", value, expected: "numbers or durations")
        }
    }

    func result() -> QueryValue { total }
}

/// `avg(x)`: the mean of numbers as a float (sum over count, integers summed exactly while they fit), or of
/// durations as a duration; null for no values.
struct AverageAggregator: Aggregator {
    var durations = SumAggregator()
    var integerSum: Int64 = 0
    var floatSum = 0.0
    var count: Int64 = 0

    mutating func add(_ value: QueryValue) throws(QueryError) {
        switch value {
        case .null: return
        case .duration: try durations.add(value)
        case .int(let number):
            try requireNumbers(value)
            let (sum, overflow) = integerSum.addingReportingOverflow(number)
            if overflow {
                floatSum += Double(integerSum) + Double(number)
                integerSum = 0
            } else {
                integerSum = sum
            }
        case .float(let number):
            try requireNumbers(value)
            floatSum += number
        default: throw Aggregation.wrongType("avg", value, expected: "numbers or durations")
        }
        count += 1
    }

    private mutating func requireNumbers(_ value: QueryValue) throws(QueryError) {
        guard !durations.sawDuration else { throw Aggregation.wrongType("avg", value, expected: "durations only") }
        durations.sawNumber = true
    }

    func result() throws(QueryError) -> QueryValue {
        guard count > 0 else { return .null }
        guard durations.sawDuration else { return .float((Double(integerSum) + floatSum) / Double(count)) }
        if let average = try TemporalFunctions.divide(durations.total, .int(count)) { return average }
        throw QueryError.type("avg() of durations is not available")
    }
}

/// `min(x)` / `max(x)`: the smallest or largest non-null value in the ORDER BY order.
struct ExtremeAggregator: Aggregator {
    /// -1 for min, 1 for max.
    let sign: Int
    var best: QueryValue = .null

    mutating func add(_ value: QueryValue) {
        if value.isNull { return }
        if best.isNull || QueryValue.orderCompare(value, best) * sign > 0 { best = value }
    }

    func result() -> QueryValue { best }
}

/// `collect(x)`: the non-null values in arrival order.
struct CollectAggregator: Aggregator {
    var items: [QueryValue] = []
    mutating func add(_ value: QueryValue) { if !value.isNull { items.append(value) } }
    func result() -> QueryValue { .list(items) }
}

/// `stDev(x)` (sample) and `stDevP(x)` (population), by Welford's method; 0.0 for too few values.
struct DeviationAggregator: Aggregator {
    let sample: Bool
    var count = 0.0
    var mean = 0.0
    var squares = 0.0

    mutating func add(_ value: QueryValue) throws(QueryError) {
        if value.isNull { return }
        guard let number = value.asDouble else {
            throw Aggregation.wrongType(sample ? "stDev" : "stDevP", value, expected: "numbers")
        }
        count += 1
        let delta = number - mean
        mean += delta / count
        squares += delta * (number - mean)
    }

    func result() -> QueryValue {
        let divisor = sample ? count - 1 : count
        return .float(divisor > 0 ? (squares / divisor).squareRoot() : 0)
    }
}

/// `percentileCont(x, p)` (linear interpolation, a float) and `percentileDisc(x, p)` (the nearest value at or
/// above the rank, unchanged); null for no values.
struct PercentileAggregator: Aggregator {
    let percentile: Double
    let continuous: Bool
    var values: [QueryValue] = []

    mutating func add(_ value: QueryValue) throws(QueryError) {
        if value.isNull { return }
        guard value.asDouble != nil else {
            throw Aggregation.wrongType(continuous ? "percentileCont" : "percentileDisc", value, expected: "numbers")
        }
        values.append(value)
    }

    func result() -> QueryValue {
        guard !values.isEmpty else { return .null }
        let sorted = values.sorted { QueryValue.orderCompare($0, $1) < 0 }
        let count = Double(sorted.count)
        if !continuous {
            let rank = percentile == 0 ? 0 : Int((percentile * count).rounded(.up)) - 1
            return sorted[min(max(rank, 0), sorted.count - 1)]
        }
        let position = percentile * (count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Int(position.rounded(.up))
        let low = sorted[lower].asDouble ?? 0
        let high = sorted[upper].asDouble ?? 0
        return .float(low + (high - low) * (position - Double(lower)))
    }
}
