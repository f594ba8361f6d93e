/// `+`, `-`, `*`, `/` and comparison with temporal operands.
extension TemporalFunctions {
    /// `value + duration` for a date, time or datetime; calendar fields first (months, then days), then
    /// seconds and nanoseconds, as openCypher adds them.
    static func plus(_ value: QueryValue, _ duration: DurationValue) throws(QueryError) -> QueryValue {
        let secondsPerDay = TemporalCalendar.secondsPerDay
        switch value {
        case .date(let date):
            var day = try shiftedDay(date.epochDay, duration)
            day += duration.seconds / secondsPerDay
            return .date(DateValue(epochDay: try checkedDay(day)))
        case .localTime(let time):
            return .localTime(LocalTimeValue(nanosecondOfDay: shiftedNano(time.nanosecondOfDay, duration)))
        case .time(let time):
            return .time(
                TimeValue(
                    nanosecondOfDay: shiftedNano(time.nanosecondOfDay, duration), offsetSeconds: time.offsetSeconds))
        case .localDateTime(let local):
            let shifted = LocalDateTimeValue(day: try shiftedDay(local.day, duration), nano: local.nanoOfDay)
            let (second, nano) = try addSeconds(shifted.epochSecond, Int64(shifted.nanosecond), duration)
            _ = try checkedDay(TemporalCalendar.floorDiv(second, secondsPerDay))
            return .localDateTime(LocalDateTimeValue(epochSecond: second, nanosecond: Int32(nano)))
        case .dateTime(let dateTime):
            var value = dateTime
            if duration.months != 0 || duration.days != 0 {
                let local = dateTime.local
                let shifted = LocalDateTimeValue(day: try shiftedDay(local.day, duration), nano: local.nanoOfDay)
                value = DateTimeValue(local: shifted, zone: dateTime.zone, preferredOffset: dateTime.offsetSeconds)
            }
            let (second, nano) = try addSeconds(value.epochSecond, Int64(value.nanosecond), duration)
            _ = try checkedDay(TemporalCalendar.floorDiv(second, secondsPerDay))
            return .dateTime(DateTimeValue(epochSecond: second, nanosecond: Int32(nano), zone: value.zone))
        default:
            throw .type("Cannot add a duration to \(value)")
        }
    }

    private static func shiftedDay(_ day: Int64, _ duration: DurationValue) throws(QueryError) -> Int64 {
        guard abs(duration.months) <= 12 * 2 * TemporalCalendar.maxYear,
            abs(duration.days) <= 366 * 2 * TemporalCalendar.maxYear
        else { throw outOfRange() }
        return try checkedDay(TemporalCalendar.plusMonths(day, duration.months) + duration.days)
    }

    /// `day` when its year is within ±999 999 999.
    private static func checkedDay(_ day: Int64) throws(QueryError) -> Int64 {
        guard abs(day) <= 366 * TemporalCalendar.maxYear,
            abs(TemporalCalendar.civil(day).year) <= TemporalCalendar.maxYear
        else { throw outOfRange() }
        return day
    }

    private static func shiftedNano(_ nano: Int64, _ duration: DurationValue) -> Int64 {
        let secondOfDay = TemporalCalendar.floorMod(duration.seconds, TemporalCalendar.secondsPerDay)
        let delta = secondOfDay * TemporalCalendar.nanosPerSecond + Int64(duration.nanoseconds)
        return TemporalCalendar.floorMod(nano + delta, TemporalCalendar.nanosPerDay)
    }

    private static func addSeconds(_ second: Int64, _ nano: Int64, _ duration: DurationValue) throws(QueryError)
        -> (Int64, Int64)
    {
        let total = nano + Int64(duration.nanoseconds)
        let (sum, overflow) = second.addingReportingOverflow(duration.seconds)
        guard !overflow else { throw outOfRange() }
        let (result, overflow2) = sum.addingReportingOverflow(total / TemporalCalendar.nanosPerSecond)
        guard !overflow2 else { throw outOfRange() }
        return (result, total % TemporalCalendar.nanosPerSecond)
    }

    static func outOfRange() -> QueryError { .argument("Temporal value is out of range") }

    /// `-duration`.
    static func negated(_ value: DurationValue) throws(QueryError) -> DurationValue {
        guard value.months != .min, value.days != .min, value.seconds != .min else { throw outOfRange() }
        return DurationValue.normalized(
            months: -value.months, days: -value.days, seconds: -value.seconds, nanos: -Int64(value.nanoseconds))
            ?? .zero
    }

    /// `a + b` of two durations, component by component.
    static func sum(_ a: DurationValue, _ b: DurationValue) throws(QueryError) -> DurationValue {
        let (months, o1) = a.months.addingReportingOverflow(b.months)
        let (days, o2) = a.days.addingReportingOverflow(b.days)
        let (seconds, o3) = a.seconds.addingReportingOverflow(b.seconds)
        guard !o1 && !o2 && !o3,
            let value = DurationValue.normalized(
                months: months, days: days, seconds: seconds, nanos: Int64(a.nanoseconds) + Int64(b.nanoseconds))
        else { throw DurationBuilder.outOfRange() }
        return value
    }

    /// `duration * factor`: exact for integers, spreading fractions downwards for floats.
    static func scaled(_ value: DurationValue, by factor: QueryValue) throws(QueryError) -> DurationValue {
        switch factor {
        case .int(let k):
            let (months, o1) = value.months.multipliedReportingOverflow(by: k)
            let (days, o2) = value.days.multipliedReportingOverflow(by: k)
            let (seconds, o3) = value.seconds.multipliedReportingOverflow(by: k)
            let (nanos, o4) = Int64(value.nanoseconds).multipliedReportingOverflow(by: k)
            guard !o1 && !o2 && !o3 && !o4,
                let result = DurationValue.normalized(months: months, days: days, seconds: seconds, nanos: nanos)
            else { throw DurationBuilder.outOfRange() }
            return result
        case .float(let f):
            return try DurationBuilder.approximate(
                months: Double(value.months) * f, days: Double(value.days) * f, seconds: Double(value.seconds) * f,
                nanos: Double(value.nanoseconds) * f)
        default:
            throw .type("A duration can only be multiplied by a number")
        }
    }

    /// `duration / divisor`, spreading fractions downwards.
    static func divided(_ value: DurationValue, by divisor: QueryValue) throws(QueryError) -> DurationValue {
        let d: Double
        switch divisor {
        case .int(let k): d = Double(k)
        case .float(let f): d = f
        default: throw .type("A duration can only be divided by a number")
        }
        guard d != 0 else { throw QueryError(.runtime, .arithmeticError, "Division of a duration by zero") }
        return try DurationBuilder.approximate(
            months: Double(value.months) / d, days: Double(value.days) / d, seconds: Double(value.seconds) / d,
            nanos: Double(value.nanoseconds) / d)
    }

    /// Three-way comparison of same-typed temporal values (not durations).
    static func order(_ a: QueryValue, _ b: QueryValue) -> Int? {
        switch (a, b) {
        case (.date(let x), .date(let y)):
            return sign(x.epochDay, y.epochDay)
        case (.localTime(let x), .localTime(let y)):
            return sign(x.nanosecondOfDay, y.nanosecondOfDay)
        case (.time(let x), .time(let y)):
            let byInstant = sign(x.utcNano, y.utcNano)
            return byInstant != 0 ? byInstant : sign(x.nanosecondOfDay, y.nanosecondOfDay)
        case (.localDateTime(let x), .localDateTime(let y)):
            let bySecond = sign(x.epochSecond, y.epochSecond)
            return bySecond != 0 ? bySecond : sign(Int64(x.nanosecond), Int64(y.nanosecond))
        case (.dateTime(let x), .dateTime(let y)):
            for result in [
                sign(x.epochSecond, y.epochSecond), sign(Int64(x.nanosecond), Int64(y.nanosecond)),
                sign(Int64(x.offsetSeconds), Int64(y.offsetSeconds)),
            ] where result != 0 {
                return result
            }
            let (p, q) = (x.zoneId ?? "", y.zoneId ?? "")
            return p == q ? 0 : (p < q ? -1 : 1)
        default:
            return nil
        }
    }

    private static func sign(_ a: Int64, _ b: Int64) -> Int { a == b ? 0 : (a < b ? -1 : 1) }
}
