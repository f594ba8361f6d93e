/// Constructors: `date(...)`, `localtime(...)`, `time(...)`, `localdatetime(...)`, `datetime(...)`.
extension TemporalFunctions {
    /// `kind(argument)`: the current time when `argument` is `nil`, else parsed from a string, built from
    /// a map or selected from another temporal value.
    static func construct(_ kind: TemporalKind, _ argument: QueryValue?, now: Int64) throws(QueryError)
        -> QueryValue
    {
        guard let argument else { return project(current(now, zone: .utc), to: kind) }
        switch argument {
        case .null:
            return .null
        case .string(let text):
            return try parse(kind, text)
        case .map(let map):
            return try fromMap(kind, map, now: now)
        default:
            guard let parts = TemporalParts(argument) else {
                throw .type("\(kind.rawValue)() expects a string, a map or a temporal value, not \(argument)")
            }
            var map: [String: QueryValue] = [:]
            if kind.hasDate {
                guard parts.day != nil else { throw .type("\(kind.rawValue)() cannot be built from a time") }
                map["date"] = argument
            }
            if kind.hasTime, parts.nano != nil { map["time"] = argument }
            if kind == .localTime || kind == .time {
                guard parts.nano != nil else { throw .type("\(kind.rawValue)() cannot be built from a date") }
            }
            return try fromMap(kind, map, now: now)
        }
    }

    /// The statement clock (microseconds since the epoch) as a datetime in `zone`.
    static func current(_ micros: Int64, zone: TemporalZone) -> DateTimeValue {
        DateTimeValue(
            epochSecond: TemporalCalendar.floorDiv(micros, 1_000_000),
            nanosecond: Int32(TemporalCalendar.floorMod(micros, 1_000_000) * 1000), zone: zone)
    }

    /// The `kind` part of a datetime.
    static func project(_ value: DateTimeValue, to kind: TemporalKind) -> QueryValue {
        let local = value.local
        switch kind {
        case .date: return .date(DateValue(epochDay: local.day))
        case .localTime: return .localTime(LocalTimeValue(nanosecondOfDay: local.nanoOfDay))
        case .time: return .time(TimeValue(nanosecondOfDay: local.nanoOfDay, offsetSeconds: value.offsetSeconds))
        case .localDateTime: return .localDateTime(local)
        case .dateTime: return .dateTime(value)
        }
    }

    static func parse(_ kind: TemporalKind, _ text: String) throws(QueryError) -> QueryValue {
        switch kind {
        case .date: return .date(DateValue(epochDay: try TemporalParser.date(text)))
        case .localTime: return .localTime(LocalTimeValue(nanosecondOfDay: try TemporalParser.localTime(text)))
        case .time: return .time(try TemporalParser.time(text))
        case .localDateTime: return .localDateTime(try TemporalParser.localDateTime(text))
        case .dateTime: return .dateTime(try TemporalParser.dateTime(text))
        }
    }

    private static func allowedKeys(_ kind: TemporalKind) -> Set<String> {
        var keys: Set<String> = []
        if kind.hasDate { keys.formUnion(TemporalBuilder.dateKeys.union(["date"])) }
        if kind.hasTime { keys.formUnion(TemporalBuilder.timeKeys.union(["time"])) }
        if kind.hasDate && kind.hasTime { keys.insert("datetime") }
        if kind.hasZone { keys.insert("timezone") }
        if kind == .dateTime { keys.formUnion(["epochseconds", "epochmillis"]) }
        return keys
    }

    /// `kind({...})`: fields on top of optional base values under `date`, `time` and `datetime`.
    static func fromMap(_ kind: TemporalKind, _ map: [String: QueryValue], now: Int64) throws(QueryError)
        -> QueryValue
    {
        let fields = TemporalBuilder.Fields(map)
        let allowed = allowedKeys(kind)
        if let unknown = fields.values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .argument(
                "Unknown field '\(unknown)' for \(kind.rawValue)(): expected \(allowed.sorted().joined(separator: ", "))"
            )
        }
        let target: TemporalZone? = try fields.values["timezone"].map { (value) throws(QueryError) in
            guard case .string(let text) = value else { throw .type("timezone must be a string") }
            return try TemporalZone.parse(text)
        }
        if fields.values.keys.allSatisfy({ $0 == "timezone" }) {
            return project(current(now, zone: target ?? .utc), to: kind)
        }
        if kind == .dateTime, fields.has("epochseconds") || fields.has("epochmillis") {
            return .dateTime(try fromEpoch(fields, zone: target ?? .utc))
        }
        let dateBase = try base(fields, "date", orElse: "datetime", needsDate: true)
        let timeBase = try base(fields, "time", orElse: "datetime", needsDate: false)
        let day = kind.hasDate ? try TemporalBuilder.date(fields, base: dateBase?.day) : 0
        let nano = kind.hasTime ? try TemporalBuilder.time(fields, base: timeBase?.nano) : 0
        switch kind {
        case .date:
            return .date(DateValue(epochDay: day))
        case .localTime:
            return .localTime(LocalTimeValue(nanosecondOfDay: nano))
        case .localDateTime:
            return .localDateTime(LocalDateTimeValue(day: day, nano: nano))
        case .time:
            guard let source = timeBase?.offset else {
                let offset = (target ?? .utc).offset(atEpochSecond: current(now, zone: .utc).epochSecond)
                return .time(TimeValue(nanosecondOfDay: nano, offsetSeconds: offset))
            }
            let time = TimeValue(nanosecondOfDay: nano, offsetSeconds: source)
            guard let target else { return .time(time) }
            let offset = target.offset(atEpochSecond: current(now, zone: .utc).epochSecond)
            let shifted = time.utcNano + Int64(offset) * TemporalCalendar.nanosPerSecond
            return .time(
                TimeValue(
                    nanosecondOfDay: TemporalCalendar.floorMod(shifted, TemporalCalendar.nanosPerDay),
                    offsetSeconds: offset))
        case .dateTime:
            let local = LocalDateTimeValue(day: day, nano: nano)
            guard let source = timeBase?.zone else {
                return .dateTime(DateTimeValue(local: local, zone: target ?? .utc))
            }
            let value = DateTimeValue(local: local, zone: source, preferredOffset: timeBase?.offset)
            return .dateTime(target.map { value.converted(to: $0) } ?? value)
        }
    }

    /// The parts of the base value under `key` (or `fallback`); a type error when it lacks what is needed.
    private static func base(_ fields: TemporalBuilder.Fields, _ key: String, orElse fallback: String, needsDate: Bool)
        throws(QueryError) -> TemporalParts?
    {
        guard let value = fields.values[key] ?? fields.values[fallback] else { return nil }
        guard let parts = TemporalParts(value) else {
            throw .type("Field '\(key)' must be a temporal value, not \(value)")
        }
        if needsDate && parts.day == nil { throw .type("Field '\(key)' must be a value with a date") }
        if !needsDate && parts.nano == nil && fields.values[key] != nil {
            throw .type("Field '\(key)' must be a value with a time")
        }
        return parts
    }

    /// `datetime({epochSeconds, nanosecond})` or `datetime({epochMillis})`.
    private static func fromEpoch(_ fields: TemporalBuilder.Fields, zone: TemporalZone) throws(QueryError)
        -> DateTimeValue
    {
        var seconds: Int64 = 0
        var nanos: Int64 = 0
        if let epochSeconds = try fields.int("epochseconds") { seconds = epochSeconds }
        if let millis = try fields.int("epochmillis") {
            seconds += TemporalCalendar.floorDiv(millis, 1000)
            nanos += TemporalCalendar.floorMod(millis, 1000) * 1_000_000
        }
        nanos += try TemporalBuilder.subsecond(
            millisecond: try fields.int("millisecond"), microsecond: try fields.int("microsecond"),
            nanosecond: try fields.int("nanosecond"))
        seconds += nanos / TemporalCalendar.nanosPerSecond
        return DateTimeValue(
            epochSecond: seconds, nanosecond: Int32(nanos % TemporalCalendar.nanosPerSecond), zone: zone)
    }

    /// `datetime.fromepoch(seconds, nanoseconds)` and `datetime.fromepochmillis(milliseconds)`.
    static func fromEpoch(seconds: QueryValue, nanos: QueryValue?) throws(QueryError) -> QueryValue {
        if case .null = seconds { return .null }
        if let nanos, case .null = nanos { return .null }
        guard case .int(let s) = seconds else { throw .type("datetime.fromepoch expects integer seconds") }
        var map: [String: QueryValue] = ["epochSeconds": .int(s)]
        if let nanos {
            guard case .int = nanos else { throw .type("datetime.fromepoch expects integer nanoseconds") }
            map["nanosecond"] = nanos
        }
        return .dateTime(try fromEpoch(TemporalBuilder.Fields(map), zone: .utc))
    }
}
