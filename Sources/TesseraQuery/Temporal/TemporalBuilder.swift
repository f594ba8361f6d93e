/// The five instant-like temporal types.
enum TemporalKind: String, Sendable, CaseIterable {
    case date
    case localTime = "localtime"
    case time
    case localDateTime = "localdatetime"
    case dateTime = "datetime"

    var hasDate: Bool { self == .date || self == .localDateTime || self == .dateTime }
    var hasTime: Bool { self != .date }
    var hasZone: Bool { self == .time || self == .dateTime }
}

/// Builds dates, times and datetimes from validated calendar fields, maps of fields and other values.
enum TemporalBuilder {
    // MARK: - Validated calendar dates

    static func calendarDate(year: Int64, month: Int64, day: Int64) throws(QueryError) -> Int64 {
        try checkYear(year)
        guard (1...12).contains(month) else { throw .argument("Invalid month \(month): expected 1 to 12") }
        let length = TemporalCalendar.daysInMonth(year: year, month: month)
        guard (1...length).contains(day) else {
            throw .argument("Invalid day \(day) for \(year)-\(month): expected 1 to \(length)")
        }
        return TemporalCalendar.epochDay(year: year, month: month, day: day)
    }

    static func weekDate(weekYear: Int64, week: Int64, dayOfWeek: Int64) throws(QueryError) -> Int64 {
        try checkYear(weekYear)
        let weeks = TemporalCalendar.weeksInWeekYear(weekYear)
        guard (1...weeks).contains(week) else {
            throw .argument("Invalid week \(week) of week year \(weekYear): expected 1 to \(weeks)")
        }
        guard (1...7).contains(dayOfWeek) else {
            throw .argument("Invalid day of week \(dayOfWeek): expected 1 (Monday) to 7 (Sunday)")
        }
        return TemporalCalendar.firstMondayOfWeekYear(weekYear) + (week - 1) * 7 + dayOfWeek - 1
    }

    static func ordinalDate(year: Int64, ordinalDay: Int64) throws(QueryError) -> Int64 {
        try checkYear(year)
        let length = TemporalCalendar.daysInYear(year)
        guard (1...length).contains(ordinalDay) else {
            throw .argument("Invalid ordinal day \(ordinalDay) of \(year): expected 1 to \(length)")
        }
        return TemporalCalendar.epochDay(year: year, month: 1, day: 1) + ordinalDay - 1
    }

    static func quarterDate(year: Int64, quarter: Int64, dayOfQuarter: Int64) throws(QueryError) -> Int64 {
        try checkYear(year)
        guard (1...4).contains(quarter) else { throw .argument("Invalid quarter \(quarter): expected 1 to 4") }
        let first = TemporalCalendar.epochDay(year: year, month: (quarter - 1) * 3 + 1, day: 1)
        let next = TemporalCalendar.plusMonths(first, 3)
        guard (1...(next - first)).contains(dayOfQuarter) else {
            throw .argument("Invalid day of quarter \(dayOfQuarter): expected 1 to \(next - first)")
        }
        return first + dayOfQuarter - 1
    }

    static func checkYear(_ year: Int64) throws(QueryError) {
        guard abs(year) <= TemporalCalendar.maxYear else {
            throw .argument("Invalid year \(year): expected -999999999 to 999999999")
        }
    }

    // MARK: - Fields

    /// Integer fields of a construction map, keyed by lower-cased name; null fields count as absent.
    struct Fields {
        var values: [String: QueryValue]

        init(_ map: [String: QueryValue]) {
            values = [:]
            for (key, value) in map {
                if case .null = value { continue }
                values[key.lowercased()] = value
            }
        }

        func has(_ key: String) -> Bool { values[key] != nil }

        func int(_ key: String) throws(QueryError) -> Int64? {
            guard let value = values[key] else { return nil }
            switch value {
            case .int(let number):
                return number
            case .float(let number) where number.rounded() == number && abs(number) < 9e18:
                return Int64(number)
            default:
                throw .type("Temporal field '\(key)' must be an integer")
            }
        }
    }

    static let dateKeys: Set<String> = [
        "year", "month", "day", "week", "dayofweek", "quarter", "dayofquarter", "ordinalday",
    ]
    static let timeKeys: Set<String> = ["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"]

    /// The epoch day named by the date fields of `fields`, on top of `base` (an epoch day) when given.
    static func date(_ fields: Fields, base: Int64?) throws(QueryError) -> Int64 {
        let year = try fields.int("year")
        if fields.has("week") || fields.has("dayofweek") {
            let baseWeek = base.map(TemporalCalendar.isoWeek)
            guard let weekYear = year ?? baseWeek?.weekYear else { throw missingYear() }
            return try weekDate(
                weekYear: weekYear, week: try fields.int("week") ?? baseWeek?.week ?? 1,
                dayOfWeek: try fields.int("dayofweek") ?? base.map(TemporalCalendar.dayOfWeek) ?? 1)
        }
        let civil = base.map(TemporalCalendar.civil)
        guard let year = year ?? civil?.year else { throw missingYear() }
        if let ordinal = try fields.int("ordinalday") {
            return try ordinalDate(year: year, ordinalDay: ordinal)
        }
        if fields.has("quarter") || fields.has("dayofquarter") {
            let quarter = try fields.int("quarter") ?? civil.map { TemporalCalendar.quarter(ofMonth: $0.month) } ?? 1
            let dayOfQuarter = try fields.int("dayofquarter") ?? base.map(TemporalCalendar.dayOfQuarter) ?? 1
            return try quarterDate(year: year, quarter: quarter, dayOfQuarter: dayOfQuarter)
        }
        let month = try fields.int("month") ?? civil?.month ?? 1
        var day = try fields.int("day") ?? civil?.day ?? 1
        if !fields.has("day"), (1...12).contains(month) {
            day = min(day, TemporalCalendar.daysInMonth(year: year, month: month))
        }
        return try calendarDate(year: year, month: month, day: day)
    }

    private static func missingYear() -> QueryError {
        .argument("A date needs a year (or a base value under 'date'), e.g. {year: 2015, month: 7, day: 21}")
    }

    /// The nanosecond of day named by the time fields of `fields`, on top of `base` when given.
    static func time(_ fields: Fields, base: Int64?) throws(QueryError) -> Int64 {
        let nanosPerSecond = TemporalCalendar.nanosPerSecond
        let baseSecond = base.map { $0 / nanosPerSecond }
        let hour = try fields.int("hour") ?? baseSecond.map { $0 / 3600 } ?? 0
        let minute = try fields.int("minute") ?? baseSecond.map { $0 / 60 % 60 } ?? 0
        let second = try fields.int("second") ?? baseSecond.map { $0 % 60 } ?? 0
        guard (0...23).contains(hour) else { throw .argument("Invalid hour \(hour): expected 0 to 23") }
        guard (0...59).contains(minute) else { throw .argument("Invalid minute \(minute): expected 0 to 59") }
        guard (0...59).contains(second) else { throw .argument("Invalid second \(second): expected 0 to 59") }
        var fraction = base.map { $0 % nanosPerSecond } ?? 0
        if fields.has("millisecond") || fields.has("microsecond") || fields.has("nanosecond") {
            fraction = try subsecond(
                millisecond: try fields.int("millisecond"), microsecond: try fields.int("microsecond"),
                nanosecond: try fields.int("nanosecond"))
        }
        return (hour * 3600 + minute * 60 + second) * nanosPerSecond + fraction
    }

    /// Nanoseconds of the second from milli-, micro- and nanosecond fields; each finer field is bounded by
    /// the next coarser one given (a microsecond under a millisecond is below 1000).
    static func subsecond(millisecond: Int64?, microsecond: Int64?, nanosecond: Int64?) throws(QueryError) -> Int64 {
        let ms = millisecond ?? 0
        let us = microsecond ?? 0
        let ns = nanosecond ?? 0
        guard (0..<1000).contains(ms) else { throw .argument("Invalid millisecond \(ms): expected 0 to 999") }
        let usLimit: Int64 = millisecond != nil ? 1000 : 1_000_000
        guard (0..<usLimit).contains(us) else {
            throw .argument("Invalid microsecond \(us): expected 0 to \(usLimit - 1)")
        }
        let nsLimit: Int64 = microsecond != nil ? 1000 : millisecond != nil ? 1_000_000 : 1_000_000_000
        guard (0..<nsLimit).contains(ns) else {
            throw .argument("Invalid nanosecond \(ns): expected 0 to \(nsLimit - 1)")
        }
        return ms * 1_000_000 + us * 1000 + ns
    }
}
