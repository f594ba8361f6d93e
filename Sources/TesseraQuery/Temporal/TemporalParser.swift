/// ISO 8601 text of temporal values, in the basic and extended forms openCypher accepts.
///
/// Dates: `2015-07-21`, `20150721`, `2015-07`, `2015-W30-2`, `2015W302`, `2015-W30`, `2015-202`,
/// `2015202`, `2015`, and signed expanded years (`-999999999-01-01`). Times: `21:40:32.142`,
/// `214032.142`, `21:40`, `21`, up to nine fraction digits, then an offset (`Z`, `+01`, `+0100`,
/// `+01:00`) and, for datetimes, a zone in brackets (`[Europe/Stockholm]`).
struct TemporalParser {
    private let bytes: [UInt8]
    private let text: String
    private var index = 0

    private init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    // MARK: - Entry points

    /// A date: its epoch day.
    static func date(_ text: String) throws(QueryError) -> Int64 {
        var parser = TemporalParser(text)
        let day = try parser.parseDate()
        try parser.expectEnd("a date such as 2015-07-21, 2015-W30-2 or 2015-202")
        return day
    }

    /// A local time: its nanosecond of day.
    static func localTime(_ text: String) throws(QueryError) -> Int64 {
        var parser = TemporalParser(text)
        let nano = try parser.parseTime()
        try parser.expectEnd("a local time such as 21:40:32.142")
        return nano
    }

    /// A time with an optional offset (UTC when absent).
    static func time(_ text: String) throws(QueryError) -> TimeValue {
        var parser = TemporalParser(text)
        let nano = try parser.parseTime()
        let offset = try parser.parseOffset() ?? 0
        try parser.expectEnd("a time such as 21:40:32.142+01:00")
        return TimeValue(nanosecondOfDay: nano, offsetSeconds: offset)
    }

    /// A local date and time (`T` separated; the time may be left out).
    static func localDateTime(_ text: String) throws(QueryError) -> LocalDateTimeValue {
        var parser = TemporalParser(text)
        let day = try parser.parseDate()
        let nano = try parser.parseTimeAfterSeparator() ?? 0
        try parser.expectEnd("a local datetime such as 2015-07-21T21:40:32.142")
        return LocalDateTimeValue(day: day, nano: nano)
    }

    /// A datetime with an optional offset and zone name; `defaultZone` applies when both are absent.
    static func dateTime(_ text: String, defaultZone: TemporalZone = .utc) throws(QueryError) -> DateTimeValue {
        var parser = TemporalParser(text)
        let day = try parser.parseDate()
        let nano = try parser.parseTimeAfterSeparator() ?? 0
        let offset = try parser.parseOffset()
        let zoneName = try parser.parseZoneName()
        try parser.expectEnd("a datetime such as 2015-07-21T21:40:32.142+01:00[Europe/Stockholm]")
        let local = LocalDateTimeValue(day: day, nano: nano)
        if let zoneName {
            return DateTimeValue(local: local, zone: try TemporalZone.parse(zoneName), preferredOffset: offset)
        }
        if let offset { return DateTimeValue(local: local, zone: .offset(offset)) }
        return DateTimeValue(local: local, zone: defaultZone)
    }

    // MARK: - Dates

    private mutating func parseDate() throws(QueryError) -> Int64 {
        let year = try parseYear()
        guard index < bytes.count, !isTimeSeparator(bytes[index]) else {
            return try checkedDate(year: year, month: 1, day: 1)
        }
        let extended = bytes[index] == UInt8(ascii: "-")
        if extended { index += 1 }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "W") || bytes[index] == UInt8(ascii: "w")) {
            index += 1
            let week = try digits(2)
            var dayOfWeek: Int64 = 1
            if extended && peek(UInt8(ascii: "-")) {
                index += 1
                dayOfWeek = try digits(1)
            } else if !extended && index < bytes.count && isDigit(bytes[index]) {
                dayOfWeek = try digits(1)
            }
            return try TemporalBuilder.weekDate(weekYear: year, week: week, dayOfWeek: dayOfWeek)
        }
        let run = digitRun()
        switch (extended, run) {
        case (_, 3):
            return try TemporalBuilder.ordinalDate(year: year, ordinalDay: try digits(3))
        case (false, 2), (true, 2):
            let month = try digits(2)
            if extended && peek(UInt8(ascii: "-")) {
                index += 1
                return try checkedDate(year: year, month: month, day: try digits(2))
            }
            return try checkedDate(year: year, month: month, day: 1)
        case (false, 4):
            let month = try digits(2)
            return try checkedDate(year: year, month: month, day: try digits(2))
        default:
            throw invalid("a date such as 2015-07-21, 2015-W30-2 or 2015-202")
        }
    }

    private mutating func parseYear() throws(QueryError) -> Int64 {
        if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
            let negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            let run = digitRun()
            guard run >= 4 && run <= 9 else { throw invalid("a signed year of 4 to 9 digits") }
            let year = try digits(run)
            return negative ? -year : year
        }
        return try digits(4)
    }

    private func checkedDate(year: Int64, month: Int64, day: Int64) throws(QueryError) -> Int64 {
        try TemporalBuilder.calendarDate(year: year, month: month, day: day)
    }

    // MARK: - Times

    private mutating func parseTimeAfterSeparator() throws(QueryError) -> Int64? {
        guard index < bytes.count, isTimeSeparator(bytes[index]) else { return nil }
        index += 1
        return try parseTime()
    }

    private mutating func parseTime() throws(QueryError) -> Int64 {
        let hour = try digits(2)
        var minute: Int64 = 0
        var second: Int64 = 0
        var fraction: Int64 = 0
        var extended = false
        if peek(UInt8(ascii: ":")) {
            extended = true
            index += 1
        }
        if extended || digitRun() >= 2 {
            minute = try digits(2)
            let colon = peek(UInt8(ascii: ":"))
            if colon != extended && colon { throw invalid("a time such as 21:40:32 or 214032") }
            if colon { index += 1 }
            if colon || (!extended && digitRun() >= 2) {
                second = try digits(2)
                if peek(UInt8(ascii: ".")) || peek(UInt8(ascii: ",")) {
                    index += 1
                    fraction = try parseFraction()
                }
            }
        }
        guard hour < 24, minute < 60, second < 60 else {
            throw invalid("a time of day with hour 0-23, minute 0-59 and second 0-59")
        }
        return ((hour * 60 + minute) * 60 + second) * TemporalCalendar.nanosPerSecond + fraction
    }

    /// One to nine fraction digits as nanoseconds.
    private mutating func parseFraction() throws(QueryError) -> Int64 {
        let run = digitRun()
        guard run >= 1 && run <= 9 else { throw invalid("one to nine fraction digits") }
        var value = try digits(run)
        for _ in run..<9 { value *= 10 }
        return value
    }

    private mutating func parseOffset() throws(QueryError) -> Int32? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        if byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "z") {
            index += 1
            return 0
        }
        guard byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else { return nil }
        var end = index + 1
        while end < bytes.count && (isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ":")) { end += 1 }
        guard let offset = TemporalZone.parseOffset(Array(bytes[index..<end])) else {
            throw invalid("an offset such as Z, +01, +0100 or +01:00")
        }
        index = end
        return offset
    }

    private mutating func parseZoneName() throws(QueryError) -> String? {
        guard peek(UInt8(ascii: "[")) else { return nil }
        guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")), close > index + 1 else {
            throw invalid("a zone name in brackets such as [Europe/Stockholm]")
        }
        let name = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
        index = close + 1
        return name
    }

    // MARK: - Lexing

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private func isTimeSeparator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "T") || byte == UInt8(ascii: "t") }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private func digitRun() -> Int {
        var end = index
        while end < bytes.count && isDigit(bytes[end]) { end += 1 }
        return end - index
    }

    private mutating func digits(_ count: Int) throws(QueryError) -> Int64 {
        guard index + count <= bytes.count else { throw invalid("\(count) more digits") }
        var value: Int64 = 0
        for _ in 0..<count {
            guard isDigit(bytes[index]) else { throw invalid("a digit at position \(index + 1)") }
            value = value * 10 + Int64(bytes[index] - 48)
            index += 1
        }
        return value
    }

    private func expectEnd(_ expected: String) throws(QueryError) {
        guard index == bytes.count else { throw invalid(expected) }
    }

    private func invalid(_ expected: String) -> QueryError {
        .argument("Invalid temporal text '\(text)': expected \(expected)")
    }
}
