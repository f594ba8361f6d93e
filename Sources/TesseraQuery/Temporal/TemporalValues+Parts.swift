/// Local fields, zones and normalisation shared by the temporal functions.
extension DateValue {
    /// The civil year, month and day.
    var civil: (year: Int64, month: Int64, day: Int64) { TemporalCalendar.civil(epochDay) }
}

extension LocalDateTimeValue {
    /// The value at local epoch day `day` and nanosecond of day `nano` (`0..<nanosPerDay`).
    init(day: Int64, nano: Int64) {
        self.init(
            epochSecond: day * TemporalCalendar.secondsPerDay + nano / TemporalCalendar.nanosPerSecond,
            nanosecond: Int32(nano % TemporalCalendar.nanosPerSecond))
    }

    /// The local epoch day.
    var day: Int64 { TemporalCalendar.floorDiv(epochSecond, TemporalCalendar.secondsPerDay) }

    /// Nanoseconds since local midnight.
    var nanoOfDay: Int64 {
        TemporalCalendar.floorMod(epochSecond, TemporalCalendar.secondsPerDay) * TemporalCalendar.nanosPerSecond
            + Int64(nanosecond)
    }
}

extension TimeValue {
    /// Nanoseconds since midnight UTC (may fall outside one day), the order of times.
    var utcNano: Int64 { nanosecondOfDay - Int64(offsetSeconds) * TemporalCalendar.nanosPerSecond }
}

extension DateTimeValue {
    /// The value's zone: its IANA name when it has one, else its offset.
    var zone: TemporalZone { zoneId.map { .named($0) } ?? .offset(offsetSeconds) }

    /// Seconds since the epoch in local wall-clock time.
    var localEpochSecond: Int64 { epochSecond + Int64(offsetSeconds) }

    /// The local date and time.
    var local: LocalDateTimeValue { LocalDateTimeValue(epochSecond: localEpochSecond, nanosecond: nanosecond) }

    /// The value at local date and time `local` in `zone`; `preferredOffset` settles overlaps.
    init(local: LocalDateTimeValue, zone: TemporalZone, preferredOffset: Int32? = nil) {
        let resolved = zone.resolve(localEpochSecond: local.epochSecond, preferredOffset: preferredOffset)
        self.init(
            epochSecond: resolved.epochSecond, nanosecond: local.nanosecond, offsetSeconds: resolved.offset,
            zoneId: zone.name)
    }

    /// The value at instant `epochSecond` + `nanosecond` seen in `zone`.
    init(epochSecond: Int64, nanosecond: Int32, zone: TemporalZone) {
        self.init(
            epochSecond: epochSecond, nanosecond: nanosecond, offsetSeconds: zone.offset(atEpochSecond: epochSecond),
            zoneId: zone.name)
    }

    /// The same instant seen in `zone`.
    func converted(to zone: TemporalZone) -> DateTimeValue {
        DateTimeValue(epochSecond: epochSecond, nanosecond: nanosecond, zone: zone)
    }

    /// Nanoseconds since the epoch as a pair that cannot overflow: (seconds, nanoseconds).
    var instant: (seconds: Int64, nanos: Int64) { (epochSecond, Int64(nanosecond)) }
}

extension DurationValue {
    /// A duration from possibly unnormalised seconds and nanoseconds; `nil` on overflow.
    static func normalized(months: Int64, days: Int64, seconds: Int64, nanos: Int64) -> DurationValue? {
        let carry = TemporalCalendar.floorDiv(nanos, TemporalCalendar.nanosPerSecond)
        let (total, overflow) = seconds.addingReportingOverflow(carry)
        guard !overflow else { return nil }
        return DurationValue(
            months: months, days: days, seconds: total,
            nanoseconds: Int32(TemporalCalendar.floorMod(nanos, TemporalCalendar.nanosPerSecond)))
    }

    /// The zero duration.
    static let zero = DurationValue(months: 0, days: 0, seconds: 0, nanoseconds: 0)
}

/// The pieces of any temporal value: what it knows of a date, a time of day and a zone.
struct TemporalParts {
    /// The local epoch day, for values with a date.
    var day: Int64?
    /// The local nanosecond of day, for values with a time.
    var nano: Int64?
    /// The zone, for values with one (a time's fixed offset or a datetime's zone).
    var zone: TemporalZone?
    /// The offset in force, for values with a zone.
    var offset: Int32?

    /// The parts of `value`; `nil` when it is not a date, time or datetime.
    init?(_ value: QueryValue) {
        switch value {
        case .date(let date):
            day = date.epochDay
        case .localTime(let time):
            nano = time.nanosecondOfDay
        case .time(let time):
            nano = time.nanosecondOfDay
            zone = .offset(time.offsetSeconds)
            offset = time.offsetSeconds
        case .localDateTime(let local):
            day = local.day
            nano = local.nanoOfDay
        case .dateTime(let dateTime):
            day = dateTime.local.day
            nano = dateTime.local.nanoOfDay
            zone = dateTime.zone
            offset = dateTime.offsetSeconds
        default:
            return nil
        }
    }
}
