#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Instants on the engine's time axes: Int64 microseconds since the Unix epoch, UTC.
///
/// Valid time and system time both use this representation. ``Time/forever`` marks an
/// open end (`valid_to: null`, or a version that is still believed).
public enum Time {
    /// The open end of an interval: "until further notice".
    public static let forever: Int64 = .max
    /// The earliest representable instant (used as an open start).
    public static let beginning: Int64 = .min

    /// Microseconds per second.
    public static let microsPerSecond: Int64 = 1_000_000

    /// The current wall-clock time in microseconds.
    public static func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * microsPerSecond + Int64(spec.tv_nsec) / 1000
    }

    /// Parses an RFC 3339 timestamp such as `2024-03-01T08:00:00Z` or `2024-03-01T08:00:00.25+02:00`.
    ///
    /// A bare date (`2024-03-01`) is accepted as midnight UTC. Returns `nil` when the text is not a
    /// valid timestamp; ``TimeParseError`` explains why through ``parseOrExplain(_:)``.
    public static func parse(_ text: String) -> Int64? {
        try? parseOrExplain(text)
    }

    /// Parses an RFC 3339 timestamp, or throws an error saying what is wrong with it.
    public static func parseOrExplain(_ text: String) throws(TimeParseError) -> Int64 {
        var copy = text
        let result = copy.withUTF8 { buffer in
            Result { () throws(TimeParseError) -> Int64 in try parse(bytes: buffer) }
        }
        return try result.get()
    }

    /// Parses an RFC 3339 timestamp from UTF-8 bytes.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(TimeParseError) -> Int64 {
        var scanner = DigitScanner(bytes: bytes)
        let year = try scanner.digits(4, "year")
        try scanner.expect(UInt8(ascii: "-"))
        let month = try scanner.digits(2, "month")
        try scanner.expect(UInt8(ascii: "-"))
        let day = try scanner.digits(2, "day")
        guard (1...12).contains(month) else { throw TimeParseError("month \(month) is not in 1-12") }
        guard day >= 1, day <= daysInMonth(year: year, month: month) else {
            throw TimeParseError("day \(day) does not exist in \(year)-\(month)")
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        if scanner.atEnd { return days * 86_400 * microsPerSecond }
        guard let sep = scanner.next(), sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == 0x20 else {
            throw TimeParseError("expected 'T' between date and time")
        }
        let hour = try scanner.digits(2, "hour")
        try scanner.expect(UInt8(ascii: ":"))
        let minute = try scanner.digits(2, "minute")
        try scanner.expect(UInt8(ascii: ":"))
        let second = try scanner.digits(2, "second")
        guard hour < 24, minute < 60, second < 61 else { throw TimeParseError("time of day out of range") }
        let fraction = try scanner.fractionMicros()
        let offset = try scanner.zoneOffsetSeconds()
        guard scanner.atEnd else { throw TimeParseError("unexpected text after the time zone") }
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return seconds * microsPerSecond + fraction
    }

    /// Formats microseconds as RFC 3339 UTC (`2024-03-01T08:00:00Z`, with a fraction only when non-zero).
    public static func format(_ micros: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(micros, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the RFC 3339 UTC form of `micros` to a byte buffer.
    public static func append(_ micros: Int64, to bytes: inout [UInt8]) {
        let (seconds, fraction) = floorDivide(micros, microsPerSecond)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civilFromDays(days)
        if year < 0 || year > 9999 {
            bytes.append(contentsOf: Array(String(year).utf8))
        } else {
            appendDigits(year, 4, &bytes)
        }
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, 2, &bytes)
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            var digits = 6
            var value = fraction
            while value % 10 == 0 {
                value /= 10
                digits -= 1
            }
            appendDigits(value, digits, &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date.
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    static func appendDigits(_ value: Int64, _ count: Int, _ bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<max(count, 1) { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}

/// Why a timestamp could not be parsed.
public struct TimeParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words.
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { "invalid RFC 3339 timestamp: \(reason)" }
}

private struct DigitScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }

    mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func digits(_ count: Int, _ what: String) throws(TimeParseError) -> Int64 {
        var value: Int64 = 0
        for _ in 0..<count {
            guard let byte = next(), byte >= 0x30, byte <= 0x39 else {
                throw TimeParseError("expected \(count) digits for the \(what)")
            }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }

    mutating func expect(_ byte: UInt8) throws(TimeParseError) {
        guard next() == byte else { throw TimeParseError("expected '\(Character(Unicode.Scalar(byte)))'") }
    }

    mutating func fractionMicros() throws(TimeParseError) -> Int64 {
        guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return 0 }
        index += 1
        var micros: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 0x30) }
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw TimeParseError("expected digits after '.'") }
        if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        return micros
    }

    mutating func zoneOffsetSeconds() throws(TimeParseError) -> Int64 {
        guard let byte = next() else { throw TimeParseError("missing time zone ('Z' or ±hh:mm)") }
        if byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "z") { return 0 }
        guard byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else {
            throw TimeParseError("expected 'Z' or a ±hh:mm offset")
        }
        let hours = try digits(2, "offset hours")
        try expect(UInt8(ascii: ":"))
        let minutes = try digits(2, "offset minutes")
        guard hours < 24, minutes < 60 else { throw TimeParseError("time zone offset out of range") }
        let offset = hours * 3600 + minutes * 60
        return byte == UInt8(ascii: "-") ? -offset : offset
    }
}
