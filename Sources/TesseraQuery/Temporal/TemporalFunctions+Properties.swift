/// Component access: `d.year`, `t.timezone`, `dur.minutes`, ...
extension TemporalFunctions {
    /// A date, time or datetime component by lower-cased key; `nil` when the value lacks it.
    static func component(_ value: QueryValue, _ key: String) -> QueryValue? {
        guard let parts = TemporalParts(value) else { return nil }
        if let day = parts.day, let field = dateComponent(day, key) { return .int(field) }
        if let nano = parts.nano, let field = timeComponent(nano, key) { return .int(field) }
        if let offset = parts.offset {
            switch key {
            case "timezone": return .string(parts.zone?.name ?? TemporalZone.formatOffset(offset))
            case "offset": return .string(TemporalZone.formatOffset(offset))
            case "offsetminutes": return .int(Int64(offset / 60))
            case "offsetseconds": return .int(Int64(offset))
            default: break
            }
        }
        if case .dateTime(let dateTime) = value {
            switch key {
            case "epochseconds": return .int(dateTime.epochSecond)
            case "epochmillis": return .int(dateTime.epochSecond * 1000 + Int64(dateTime.nanosecond / 1_000_000))
            default: break
            }
        }
        return nil
    }

    private static func dateComponent(_ day: Int64, _ key: String) -> Int64? {
        let civil = TemporalCalendar.civil(day)
        switch key {
        case "year": return civil.year
        case "quarter": return TemporalCalendar.quarter(ofMonth: civil.month)
        case "month": return civil.month
        case "week": return TemporalCalendar.isoWeek(day).week
        case "weekyear": return TemporalCalendar.isoWeek(day).weekYear
        case "dayofquarter", "quarterday": return TemporalCalendar.dayOfQuarter(day)
        case "day": return civil.day
        case "ordinalday": return TemporalCalendar.ordinalDay(day)
        case "dayofweek", "weekday": return TemporalCalendar.dayOfWeek(day)
        default: return nil
        }
    }

    private static func timeComponent(_ nano: Int64, _ key: String) -> Int64? {
        let second = nano / TemporalCalendar.nanosPerSecond
        let fraction = nano % TemporalCalendar.nanosPerSecond
        switch key {
        case "hour": return second / 3600
        case "minute": return second / 60 % 60
        case "second": return second % 60
        case "millisecond": return fraction / 1_000_000
        case "microsecond": return fraction / 1000
        case "nanosecond": return fraction
        default: return nil
        }
    }

    /// A duration component by lower-cased key; `nil` for unknown keys.
    static func durationComponent(_ value: DurationValue, _ key: String) -> Int64? {
        let nanos = Int64(value.nanoseconds)
        switch key {
        case "years": return value.months / 12
        case "quarters": return value.months / 3
        case "months": return value.months
        case "weeks": return value.days / 7
        case "days": return value.days
        case "hours": return value.seconds / 3600
        case "minutes": return value.seconds / 60
        case "seconds": return value.seconds
        case "milliseconds": return value.seconds &* 1000 &+ nanos / 1_000_000
        case "microseconds": return value.seconds &* 1_000_000 &+ nanos / 1000
        case "nanoseconds": return value.seconds &* 1_000_000_000 &+ nanos
        case "quartersofyear": return value.months / 3 % 4
        case "monthsofquarter": return value.months % 3
        case "monthsofyear": return value.months % 12
        case "daysofweek": return value.days % 7
        case "minutesofhour": return value.seconds / 60 % 60
        case "secondsofminute": return value.seconds % 60
        case "millisecondsofsecond": return nanos / 1_000_000
        case "microsecondsofsecond": return nanos / 1000
        case "nanosecondsofsecond": return nanos
        default: return nil
        }
    }
}
