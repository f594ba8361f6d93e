/// Temporal values printed as openCypher prints them (the java.time ISO forms).
enum TemporalFormatter {
    /// `2015-07-21`; years beyond four digits carry a sign (`+10000-01-01`, `-0028-11-11`).
    static func date(_ epochDay: Int64) -> String {
        let civil = TemporalCalendar.civil(epochDay)
        var text: String
        if abs(civil.year) < 1000 {
            text = (civil.year < 0 ? "-" : "") + pad(abs(civil.year), 4)
        } else {
            text = (civil.year > 9999 ? "+" : "") + String(civil.year)
        }
        text += "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
        return text
    }

    /// `21:40`, `21:40:32`, or with 3, 6 or 9 fraction digits (`21:40:32.142`).
    static func time(_ nanoOfDay: Int64) -> String {
        let second = nanoOfDay / TemporalCalendar.nanosPerSecond
        let fraction = nanoOfDay % TemporalCalendar.nanosPerSecond
        var text = pad(second / 3600, 2) + ":" + pad(second / 60 % 60, 2)
        guard second % 60 != 0 || fraction != 0 else { return text }
        text += ":" + pad(second % 60, 2)
        guard fraction != 0 else { return text }
        if fraction % 1_000_000 == 0 {
            text += "." + pad(fraction / 1_000_000, 3)
        } else if fraction % 1000 == 0 {
            text += "." + pad(fraction / 1000, 6)
        } else {
            text += "." + pad(fraction, 9)
        }
        return text
    }

    static func localDateTime(_ value: LocalDateTimeValue) -> String {
        date(value.day) + "T" + time(value.nanoOfDay)
    }

    static func dateTime(_ value: DateTimeValue) -> String {
        var text = localDateTime(value.local) + TemporalZone.formatOffset(value.offsetSeconds)
        if let zoneId = value.zoneId { text += "[" + zoneId + "]" }
        return text
    }

    /// `P1Y2M3DT4H5M6.7S`; `PT0S` when zero. Hours, minutes and seconds share the sign of the total
    /// seconds; years and months, and days, keep their own signs.
    static func duration(_ value: DurationValue) -> String {
        if value == .zero { return "PT0S" }
        var text = "P"
        append(&text, value.months / 12, "Y")
        append(&text, value.months % 12, "M")
        append(&text, value.days, "D")
        // Sign-magnitude seconds and nanoseconds.
        var seconds = value.seconds
        var nanos = Int64(value.nanoseconds)
        if seconds < 0 && nanos > 0 {
            seconds += 1
            nanos -= TemporalCalendar.nanosPerSecond
        }
        guard seconds != 0 || nanos != 0 else { return text }
        text += "T"
        append(&text, seconds / 3600, "H")
        append(&text, seconds % 3600 / 60, "M")
        let remainder = seconds % 60
        if remainder == 0 && nanos == 0 { return text }
        text += (remainder == 0 && nanos < 0) ? "-0" : String(remainder)
        if nanos != 0 {
            var digits = pad(abs(nanos), 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "S"
    }

    private static func append(_ text: inout String, _ amount: Int64, _ designator: String) {
        if amount != 0 { text += String(amount) + designator }
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
