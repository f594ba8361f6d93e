import Foundation

/// Temporal functions, operators and accessors (date, time, datetime, duration).
enum TemporalFunctions {
    /// Accepted argument counts by lower-cased, dotted function name (`date`, `date.truncate`, ...).
    static let arities: [String: ClosedRange<Int>] = {
        var table: [String: ClosedRange<Int>] = [
            "duration": 1...1, "duration.between": 2...2, "duration.inmonths": 2...2, "duration.indays": 2...2,
            "duration.inseconds": 2...2, "datetime.fromepoch": 2...2, "datetime.fromepochmillis": 1...1,
        ]
        for kind in TemporalKind.allCases {
            table[kind.rawValue] = 0...1
            table[kind.rawValue + ".truncate"] = 2...3
            for clock in ["statement", "transaction", "realtime"] { table[kind.rawValue + "." + clock] = 0...1 }
        }
        return table
    }()

    /// Calls function `name` (lower-cased); `nil` when no such temporal function exists.
    /// `statementTime` is the statement's clock reading in microseconds since the epoch (UTC).
    static func call(_ name: String, _ arguments: [QueryValue], statementTime: Int64) throws(QueryError)
        -> QueryValue?
    {
        guard let arity = arities[name] else { return nil }
        guard arity.contains(arguments.count) else {
            throw .argument(
                "\(name)() takes \(arity.lowerBound)...\(arity.upperBound) arguments, not \(arguments.count)",
                detail: "InvalidNumberOfArguments")
        }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if let kind = TemporalKind(rawValue: parts[0]) {
            guard parts.count == 2 else { return try construct(kind, arguments.first, now: statementTime) }
            switch parts[1] {
            case "truncate":
                return try truncate(
                    kind, unit: arguments[0], value: arguments[1], fields: arguments.count > 2 ? arguments[2] : nil,
                    now: statementTime)
            case "statement", "transaction", "realtime":
                let clock = parts[1] == "realtime" ? realtimeMicros() : statementTime
                return try clockReading(kind, clock, zone: arguments.first)
            case "fromepoch":
                return try fromEpoch(seconds: arguments[0], nanos: arguments[1])
            case "fromepochmillis":
                if case .null = arguments[0] { return .null }
                guard case .int = arguments[0] else { throw .type("datetime.fromepochmillis expects an integer") }
                return .dateTime(try fromMapEpochMillis(arguments[0]))
            default:
                return nil
            }
        }
        switch name {
        case "duration":
            return try duration(arguments[0])
        case "duration.between":
            return try between(arguments[0], arguments[1], unit: .all)
        case "duration.inmonths":
            return try between(arguments[0], arguments[1], unit: .months)
        case "duration.indays":
            return try between(arguments[0], arguments[1], unit: .days)
        case "duration.inseconds":
            return try between(arguments[0], arguments[1], unit: .seconds)
        default:
            return nil
        }
    }

    private static func fromMapEpochMillis(_ millis: QueryValue) throws(QueryError) -> DateTimeValue {
        guard case .dateTime(let value) = try fromMap(.dateTime, ["epochMillis": millis], now: 0) else {
            throw outOfRange()
        }
        return value
    }

    /// The wall clock in microseconds since the epoch.
    private static func realtimeMicros() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    /// `kind.statement([zone])` and friends: the clock reading in UTC or the given zone.
    private static func clockReading(_ kind: TemporalKind, _ micros: Int64, zone: QueryValue?) throws(QueryError)
        -> QueryValue
    {
        guard let zone else { return project(current(micros, zone: .utc), to: kind) }
        switch zone {
        case .null: return .null
        case .string(let text): return project(current(micros, zone: try TemporalZone.parse(text)), to: kind)
        case .map(let map): return try fromMap(kind, map, now: micros)
        default: throw .type("A clock function takes a time zone string, not \(zone)")
        }
    }

    /// `duration(text)`, `duration({...})`.
    private static func duration(_ argument: QueryValue) throws(QueryError) -> QueryValue {
        switch argument {
        case .null: return .null
        case .string(let text): return .duration(try DurationParser.parse(text))
        case .map(let map): return .duration(try DurationBuilder.fromMap(map))
        case .duration: return argument
        default: throw .type("duration() expects a string or a map, not \(argument)")
        }
    }

    /// `value.key` on a temporal value (`d.year`, `dur.minutes`, ...); `nil` when `value` is not temporal.
    /// A key the value does not have yields null.
    static func property(_ value: QueryValue, _ key: String) throws(QueryError) -> QueryValue? {
        let lowered = key.lowercased()
        if case .duration(let duration) = value {
            return durationComponent(duration, lowered).map { .int($0) } ?? .null
        }
        guard TemporalParts(value) != nil else { return nil }
        return component(value, lowered) ?? .null
    }

    /// `a + b`, `a - b` with temporal operands; `nil` when neither operand is temporal.
    static func add(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue? {
        guard isTemporal(a) || isTemporal(b) else { return nil }
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.duration(let x), .duration(let y)): return .duration(try sum(x, y))
        case (_, .duration(let y)): return try plus(a, y)
        case (.duration(let x), _): return try plus(b, x)
        default: throw .type("Cannot add \(typeName(a)) and \(typeName(b))")
        }
    }

    static func subtract(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue? {
        guard isTemporal(a) || isTemporal(b) else { return nil }
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.duration(let x), .duration(let y)): return .duration(try sum(x, try negated(y)))
        case (_, .duration(let y)) where TemporalParts(a) != nil: return try plus(a, try negated(y))
        default: throw .type("Cannot subtract \(typeName(b)) from \(typeName(a))")
        }
    }

    /// `duration * number`, `duration / number`; `nil` when no operand is a duration.
    static func multiply(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue? {
        switch (a, b) {
        case (.duration(let x), .null), (.null, .duration(let x)):
            _ = x
            return .null
        case (.duration(let x), _): return .duration(try scaled(x, by: b))
        case (_, .duration(let y)): return .duration(try scaled(y, by: a))
        default:
            guard isTemporal(a) || isTemporal(b) else { return nil }
            throw .type("Cannot multiply \(typeName(a)) by \(typeName(b))")
        }
    }

    static func divide(_ a: QueryValue, _ b: QueryValue) throws(QueryError) -> QueryValue? {
        switch (a, b) {
        case (.duration, .null): return .null
        case (.duration(let x), _): return .duration(try divided(x, by: b))
        default:
            guard isTemporal(a) || isTemporal(b) else { return nil }
            throw .type("Cannot divide \(typeName(a)) by \(typeName(b))")
        }
    }

    /// Comparison of two temporal values of the same type: negative, zero, positive, or nil when
    /// incomparable (different types, or durations, which are not ordered).
    static func compare(_ a: QueryValue, _ b: QueryValue) -> Int? { order(a, b) }

    /// `a = b` for temporal values: `nil` unless both are temporal; values of different types are unequal;
    /// durations are equal when all their components are.
    static func equals(_ a: QueryValue, _ b: QueryValue) -> Bool? {
        guard isTemporal(a) && isTemporal(b) else { return nil }
        if case .duration(let x) = a, case .duration(let y) = b { return x == y }
        guard let result = order(a, b) else { return false }
        return result == 0
    }

    /// The ISO 8601 text of a temporal value as openCypher prints it; `nil` when not temporal.
    static func format(_ value: QueryValue) -> String? {
        switch value {
        case .date(let date): return TemporalFormatter.date(date.epochDay)
        case .localTime(let time): return TemporalFormatter.time(time.nanosecondOfDay)
        case .time(let time):
            return TemporalFormatter.time(time.nanosecondOfDay) + TemporalZone.formatOffset(time.offsetSeconds)
        case .localDateTime(let local): return TemporalFormatter.localDateTime(local)
        case .dateTime(let dateTime): return TemporalFormatter.dateTime(dateTime)
        case .duration(let duration): return TemporalFormatter.duration(duration)
        default: return nil
        }
    }

    /// Microseconds since the epoch (UTC) named by a value, for `FOR VALID_TIME AS OF`: a datetime's instant,
    /// a local datetime or date read as UTC, or ISO datetime text; `nil` for anything else.
    static func micros(of value: QueryValue) -> Int64? {
        switch value {
        case .dateTime(let dateTime):
            return microsChecked(dateTime.epochSecond, Int64(dateTime.nanosecond))
        case .localDateTime(let local):
            return microsChecked(local.epochSecond, Int64(local.nanosecond))
        case .date(let date):
            return microsChecked(date.epochDay.multipliedReportingOverflow(by: 86_400).partialValue, 0)
        case .string(let text):
            guard let dateTime = try? TemporalParser.dateTime(text) else { return nil }
            return microsChecked(dateTime.epochSecond, Int64(dateTime.nanosecond))
        default:
            return nil
        }
    }

    private static func microsChecked(_ seconds: Int64, _ nanos: Int64) -> Int64? {
        let (scaled, o1) = seconds.multipliedReportingOverflow(by: 1_000_000)
        let (total, o2) = scaled.addingReportingOverflow(nanos / 1000)
        return o1 || o2 ? nil : total
    }

    /// The UTC datetime at `micros` microseconds since the epoch.
    static func dateTime(micros: Int64) -> QueryValue { .dateTime(current(micros, zone: .utc)) }

    static func isTemporal(_ value: QueryValue) -> Bool {
        if case .duration = value { return true }
        return TemporalParts(value) != nil
    }

    private static func typeName(_ value: QueryValue) -> String {
        switch value {
        case .date: return "a date"
        case .localTime: return "a local time"
        case .time: return "a time"
        case .localDateTime: return "a local datetime"
        case .dateTime: return "a datetime"
        case .duration: return "a duration"
        default: return "a non-temporal value"
        }
    }
}
