/// A possibly fractional duration component: a whole part and billionths of the same sign.
struct DurationAmount: Sendable {
    var whole: Int64
    /// Billionths of a unit, `|billionths| < 10^9`, with the sign of `whole` (or any sign when it is 0).
    var billionths: Int64

    static let zero = DurationAmount(whole: 0, billionths: 0)

    init(whole: Int64, billionths: Int64) {
        self.whole = whole
        self.billionths = billionths
    }

    /// The amount of an integer or float query value named `key` (for messages).
    init(_ value: QueryValue, key: String) throws(QueryError) {
        switch value {
        case .int(let number):
            self.init(whole: number, billionths: 0)
        case .float(let number):
            try self.init(number, key: key)
        default:
            throw .type("Duration component '\(key)' must be a number")
        }
    }

    /// The amount of a finite double, rounded to a billionth.
    init(_ number: Double, key: String) throws(QueryError) {
        guard number.isFinite, abs(number) < 9.2e18 else {
            throw .argument("Duration component '\(key)' is out of range: \(number)")
        }
        let whole = number.rounded(.towardZero)
        var billionths = ((number - whole) * 1e9).rounded()
        var wholePart = Int64(whole)
        if abs(billionths) >= 1e9 {
            wholePart += billionths > 0 ? 1 : -1
            billionths = 0
        }
        self.init(whole: wholePart, billionths: Int64(billionths))
    }
}

/// Builds durations from components, spreading fractions downwards as openCypher does: a fraction of a
/// month becomes days and seconds by the average month (2 629 746 s), a fraction of a day becomes seconds
/// (86 400 s), and fractions of seconds become nanoseconds.
enum DurationBuilder {
    /// The named components of a duration map (`{years: 1, days: 2.5}`); unknown keys are an error.
    static func fromMap(_ map: [String: QueryValue]) throws(QueryError) -> DurationValue {
        var amounts: [String: DurationAmount] = [:]
        for (key, value) in map {
            let unit = key.lowercased()
            guard componentKeys.contains(unit) else {
                throw .argument(
                    "Unknown duration component '\(key)': expected years, months, weeks, days, hours, minutes, "
                        + "seconds, milliseconds, microseconds or nanoseconds")
            }
            if case .null = value { continue }
            amounts[unit] = try DurationAmount(value, key: key)
        }
        return try build(amounts)
    }

    static let componentKeys: Set<String> = [
        "years", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds",
        "nanoseconds",
    ]

    /// A duration from components keyed by the lower-case names of ``componentKeys``.
    static func build(_ amounts: [String: DurationAmount]) throws(QueryError) -> DurationValue {
        let a = { (key: String) in amounts[key] ?? .zero }
        let billion = TemporalCalendar.nanosPerSecond
        let dayNanos = TemporalCalendar.nanosPerDay
        // Months: years * 12 + months; the fraction of a month spreads to days and seconds.
        var monthFraction = a("years").billionths * 12 + a("months").billionths
        var months = try checked(a("years").whole, times: 12, plus: a("months").whole, plus: monthFraction / billion)
        monthFraction %= billion
        (months, monthFraction) = towardZero(months, monthFraction, unit: billion)
        // Days: weeks * 7 + days; the fraction (in nanoseconds of a day) spreads to seconds.
        var dayFraction =
            a("weeks").billionths * 7 * 86_400 + a("days").billionths * 86_400
            + monthFraction * TemporalCalendar.secondsPerAverageMonth
        var days = try checked(a("weeks").whole, times: 7, plus: a("days").whole, plus: dayFraction / dayNanos)
        dayFraction %= dayNanos
        (days, dayFraction) = towardZero(days, dayFraction, unit: dayNanos)
        // Seconds and nanoseconds.
        var nanos =
            dayFraction + a("hours").billionths * 3600 + a("minutes").billionths * 60 + a("seconds").billionths
            + a("milliseconds").billionths / 1000 + a("microseconds").billionths / 1_000_000
        nanos = try checked(nanos, plus: a("milliseconds").whole, times: 1_000_000)
        nanos = try checked(nanos, plus: a("microseconds").whole, times: 1000)
        nanos = try checked(nanos, plus: a("nanoseconds").whole, times: 1)
        var seconds = try checked(0, plus: a("hours").whole, times: 3600)
        seconds = try checked(seconds, plus: a("minutes").whole, times: 60)
        seconds = try checked(seconds, plus: a("seconds").whole, times: 1)
        guard let value = DurationValue.normalized(months: months, days: days, seconds: seconds, nanos: nanos) else {
            throw outOfRange()
        }
        return value
    }

    /// Truncation toward zero: a whole part and a fraction of opposite signs borrow one unit.
    private static func towardZero(_ whole: Int64, _ fraction: Int64, unit: Int64) -> (Int64, Int64) {
        if whole > 0 && fraction < 0 { return (whole - 1, fraction + unit) }
        if whole < 0 && fraction > 0 { return (whole + 1, fraction - unit) }
        return (whole, fraction)
    }

    /// A duration from components given as doubles (products and quotients of durations).
    static func approximate(months: Double, days: Double, seconds: Double, nanos: Double) throws(QueryError)
        -> DurationValue
    {
        var amounts: [String: DurationAmount] = [:]
        amounts["months"] = try DurationAmount(months, key: "months")
        amounts["days"] = try DurationAmount(days, key: "days")
        amounts["seconds"] = try DurationAmount(seconds, key: "seconds")
        amounts["nanoseconds"] = try DurationAmount(nanos.rounded(.towardZero), key: "nanoseconds")
        return try build(amounts)
    }

    // MARK: - Checked integer arithmetic

    private static func checked(_ a: Int64, times factor: Int64, plus b: Int64, plus c: Int64) throws(QueryError)
        -> Int64
    {
        let (product, o1) = a.multipliedReportingOverflow(by: factor)
        let (sum, o2) = product.addingReportingOverflow(b)
        let (total, o3) = sum.addingReportingOverflow(c)
        guard !o1 && !o2 && !o3 else { throw outOfRange() }
        return total
    }

    private static func checked(_ base: Int64, plus a: Int64, times factor: Int64) throws(QueryError) -> Int64 {
        let (product, o1) = a.multipliedReportingOverflow(by: factor)
        let (total, o2) = base.addingReportingOverflow(product)
        guard !o1 && !o2 else { throw outOfRange() }
        return total
    }

    static func outOfRange() -> QueryError { .argument("Duration is out of range") }
}
