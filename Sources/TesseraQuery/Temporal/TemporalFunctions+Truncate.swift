/// `<type>.truncate(unit, value [, fields])`.
extension TemporalFunctions {
    /// Units of truncation, coarsest first; `day` and coarser are date units.
    static let truncationUnits = [
        "millennium", "century", "decade", "year", "weekyear", "quarter", "month", "week", "day", "hour", "minute",
        "second", "millisecond", "microsecond",
    ]

    /// `value` truncated to `unit` as a `kind`, then adjusted by `fields` (which may set `timezone`, keeping
    /// the local time).
    static func truncate(
        _ kind: TemporalKind, unit unitValue: QueryValue, value: QueryValue, fields: QueryValue?, now: Int64
    ) throws(QueryError) -> QueryValue {
        if case .null = value { return .null }
        guard case .string(let unitText) = unitValue else { throw .type("The truncation unit must be a string") }
        let unit = unitText.lowercased()
        guard let rank = truncationUnits.firstIndex(of: unit) else {
            throw .argument(
                "Unknown truncation unit '\(unitText)': expected one of \(truncationUnits.joined(separator: ", "))")
        }
        var map: [String: QueryValue] = [:]
        switch fields {
        case .none, .null?: break
        case .map(let given)?: map = given
        case let other?: throw .type("The truncation fields must be a map, not \(other)")
        }
        guard let parts = TemporalParts(value) else { throw .type("Cannot truncate \(value)") }
        if kind == .date && rank > truncationUnits.firstIndex(of: "day")! {
            throw .argument("A date cannot be truncated to '\(unitText)'")
        }
        if kind.hasDate && parts.day == nil { throw .type("\(kind.rawValue).truncate needs a value with a date") }
        if !kind.hasDate && parts.nano == nil { throw .type("\(kind.rawValue).truncate needs a value with a time") }
        let day = parts.day.map { truncatedDay($0, unit) } ?? 0
        let nano = truncatedNano(parts.nano ?? 0, unit)
        var fields = TemporalBuilder.Fields(map)
        try resolveSubsecondConflicts(&fields, unit: unit, nano: nano)
        var zone = parts.zone ?? .utc
        var preferred = parts.offset
        if let given = fields.values.removeValue(forKey: "timezone") {
            guard case .string(let text) = given else { throw .type("timezone must be a string") }
            zone = try TemporalZone.parse(text)
            preferred = nil
        }
        let truncated: QueryValue
        switch kind {
        case .date:
            truncated = .date(DateValue(epochDay: day))
        case .localTime:
            truncated = .localTime(LocalTimeValue(nanosecondOfDay: nano))
        case .time:
            let offset = zone.offset(atEpochSecond: current(now, zone: .utc).epochSecond)
            truncated = .time(TimeValue(nanosecondOfDay: nano, offsetSeconds: offset))
        case .localDateTime:
            truncated = .localDateTime(LocalDateTimeValue(day: day, nano: nano))
        case .dateTime:
            let local = LocalDateTimeValue(day: day, nano: nano)
            truncated = .dateTime(DateTimeValue(local: local, zone: zone, preferredOffset: preferred))
        }
        if fields.values.isEmpty { return truncated }
        var rebuilt = fields.values
        if kind.hasDate { rebuilt["date"] = truncated }
        if kind.hasTime { rebuilt["time"] = truncated }
        return try fromMap(kind, rebuilt, now: now)
    }

    private static func truncatedDay(_ day: Int64, _ unit: String) -> Int64 {
        let civil = TemporalCalendar.civil(day)
        let floor = { (size: Int64) in TemporalCalendar.floorDiv(civil.year, size) * size }
        switch unit {
        case "millennium": return TemporalCalendar.epochDay(year: floor(1000), month: 1, day: 1)
        case "century": return TemporalCalendar.epochDay(year: floor(100), month: 1, day: 1)
        case "decade": return TemporalCalendar.epochDay(year: floor(10), month: 1, day: 1)
        case "year": return TemporalCalendar.epochDay(year: civil.year, month: 1, day: 1)
        case "weekyear": return TemporalCalendar.firstMondayOfWeekYear(TemporalCalendar.isoWeek(day).weekYear)
        case "quarter":
            let month = (TemporalCalendar.quarter(ofMonth: civil.month) - 1) * 3 + 1
            return TemporalCalendar.epochDay(year: civil.year, month: month, day: 1)
        case "month": return TemporalCalendar.epochDay(year: civil.year, month: civil.month, day: 1)
        case "week": return day - TemporalCalendar.dayOfWeek(day) + 1
        default: return day
        }
    }

    private static func truncatedNano(_ nano: Int64, _ unit: String) -> Int64 {
        let size: Int64
        switch unit {
        case "hour": size = 3600 * TemporalCalendar.nanosPerSecond
        case "minute": size = 60 * TemporalCalendar.nanosPerSecond
        case "second": size = TemporalCalendar.nanosPerSecond
        case "millisecond": size = 1_000_000
        case "microsecond": size = 1000
        default: return 0
        }
        return nano / size * size
    }

    /// Finer sub-second fields given next to a millisecond or microsecond truncation add to what the
    /// truncation kept (`{nanosecond: 2}` after `millisecond` keeps the milliseconds).
    private static func resolveSubsecondConflicts(_ fields: inout TemporalBuilder.Fields, unit: String, nano: Int64)
        throws(QueryError)
    {
        let fraction = nano % TemporalCalendar.nanosPerSecond
        let combined: Int64
        if unit == "millisecond" && (fields.has("microsecond") || fields.has("nanosecond")) {
            combined = try TemporalBuilder.subsecond(
                millisecond: fraction / 1_000_000, microsecond: try fields.int("microsecond"),
                nanosecond: try fields.int("nanosecond"))
        } else if unit == "microsecond" && fields.has("nanosecond") {
            combined = try TemporalBuilder.subsecond(
                millisecond: nil, microsecond: fraction / 1000, nanosecond: try fields.int("nanosecond"))
        } else {
            return
        }
        fields.values["microsecond"] = nil
        fields.values["millisecond"] = nil
        fields.values["nanosecond"] = .int(combined)
    }
}
