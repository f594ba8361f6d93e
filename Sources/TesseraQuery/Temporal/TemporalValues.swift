/// A calendar date (proleptic Gregorian), without a time zone.
public struct DateValue: Sendable, Hashable {
    /// Days since 1970-01-01.
    public var epochDay: Int64
    public init(epochDay: Int64) { self.epochDay = epochDay }
}

/// A time of day without a time zone.
public struct LocalTimeValue: Sendable, Hashable {
    /// Nanoseconds since midnight, `0..<86_400 * 10^9`.
    public var nanosecondOfDay: Int64
    public init(nanosecondOfDay: Int64) { self.nanosecondOfDay = nanosecondOfDay }
}

/// A time of day with a UTC offset.
public struct TimeValue: Sendable, Hashable {
    /// Nanoseconds since local midnight.
    public var nanosecondOfDay: Int64
    /// Offset from UTC in seconds.
    public var offsetSeconds: Int32
    public init(nanosecondOfDay: Int64, offsetSeconds: Int32) {
        self.nanosecondOfDay = nanosecondOfDay
        self.offsetSeconds = offsetSeconds
    }
}

/// A date and time without a time zone.
public struct LocalDateTimeValue: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00 in local wall-clock time.
    public var epochSecond: Int64
    /// Nanoseconds within the second, `0..<10^9`.
    public var nanosecond: Int32
    public init(epochSecond: Int64, nanosecond: Int32) {
        self.epochSecond = epochSecond
        self.nanosecond = nanosecond
    }
}

/// An instant with a UTC offset and optionally a named time zone.
public struct DateTimeValue: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z (UTC).
    public var epochSecond: Int64
    /// Nanoseconds within the second, `0..<10^9`.
    public var nanosecond: Int32
    /// Offset from UTC in seconds at that instant.
    public var offsetSeconds: Int32
    /// The IANA zone name (`Europe/Stockholm`), when the value was given one.
    public var zoneId: String?
    public init(epochSecond: Int64, nanosecond: Int32, offsetSeconds: Int32, zoneId: String? = nil) {
        self.epochSecond = epochSecond
        self.nanosecond = nanosecond
        self.offsetSeconds = offsetSeconds
        self.zoneId = zoneId
    }

    /// Microseconds since the epoch (the engine's time unit), truncating below a microsecond.
    public var epochMicros: Int64 { epochSecond &* 1_000_000 &+ Int64(nanosecond / 1000) }
}

/// An amount of time in months, days, seconds and nanoseconds, kept apart as openCypher requires.
public struct DurationValue: Sendable, Hashable {
    public var months: Int64
    public var days: Int64
    public var seconds: Int64
    /// `0..<10^9` after normalisation.
    public var nanoseconds: Int32
    public init(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int32) {
        self.months = months
        self.days = days
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }
}
