/// Proleptic Gregorian calendar arithmetic on epoch days, in integers only.
///
/// The civil conversions follow Howard Hinnant's `days_from_civil` / `civil_from_days`, which hold
/// for every year an `Int64` day count can reach; weeks are ISO 8601 weeks (Monday first, week 1
/// holds the year's first Thursday).
enum TemporalCalendar {
    static let nanosPerSecond: Int64 = 1_000_000_000
    static let secondsPerDay: Int64 = 86_400
    static let nanosPerDay: Int64 = 86_400 * 1_000_000_000
    /// Seconds in the average Gregorian month (365.2425 / 12 days), used to spread fractional months.
    static let secondsPerAverageMonth: Int64 = 2_629_746
    /// The largest year magnitude accepted (as in ISO 8601 expanded years).
    static let maxYear: Int64 = 999_999_999

    /// `a / b` rounded toward negative infinity.
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `a mod b` with the sign of `b`.
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysInYear(_ year: Int64) -> Int64 { isLeapYear(year) ? 366 : 365 }

    /// Days since 1970-01-01 of a valid civil date.
    static func epochDay(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of an epoch day.
    static func civil(_ epochDay: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = epochDay + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO day of week: Monday 1 ... Sunday 7.
    static func dayOfWeek(_ epochDay: Int64) -> Int64 { floorMod(epochDay + 3, 7) + 1 }

    /// Day of year, 1-based.
    static func ordinalDay(_ epochDay: Int64) -> Int64 {
        epochDay - self.epochDay(year: civil(epochDay).year, month: 1, day: 1) + 1
    }

    /// The Monday that starts ISO week 1 of `weekYear`.
    static func firstMondayOfWeekYear(_ weekYear: Int64) -> Int64 {
        let january4 = epochDay(year: weekYear, month: 1, day: 4)
        return january4 - (dayOfWeek(january4) - 1)
    }

    /// The ISO week-based year and week of an epoch day.
    static func isoWeek(_ epochDay: Int64) -> (weekYear: Int64, week: Int64) {
        let thursday = epochDay - dayOfWeek(epochDay) + 4
        return (civil(thursday).year, (ordinalDay(thursday) - 1) / 7 + 1)
    }

    /// Number of ISO weeks (52 or 53) in `weekYear`.
    static func weeksInWeekYear(_ weekYear: Int64) -> Int64 {
        isoWeek(epochDay(year: weekYear, month: 12, day: 28)).week
    }

    /// Quarter 1...4 of a month.
    static func quarter(ofMonth month: Int64) -> Int64 { (month - 1) / 3 + 1 }

    /// Day within the quarter, 1-based.
    static func dayOfQuarter(_ epochDay: Int64) -> Int64 {
        let date = civil(epochDay)
        let firstMonth = (quarter(ofMonth: date.month) - 1) * 3 + 1
        return epochDay - self.epochDay(year: date.year, month: firstMonth, day: 1) + 1
    }

    /// Adds whole months to a date, clamping the day to the end of the target month.
    static func plusMonths(_ epochDay: Int64, _ months: Int64) -> Int64 {
        let date = civil(epochDay)
        let total = date.year * 12 + (date.month - 1) + months
        let year = floorDiv(total, 12)
        let month = floorMod(total, 12) + 1
        return self.epochDay(year: year, month: month, day: min(date.day, daysInMonth(year: year, month: month)))
    }

    /// Whole months from `start` to `end` (both local date and nanosecond of day), truncated toward zero
    /// the way `java.time.LocalDateTime.until(_, MONTHS)` counts them.
    static func monthsBetween(_ start: (day: Int64, nano: Int64), _ end: (day: Int64, nano: Int64)) -> Int64 {
        var endDay = end.day
        if endDay > start.day && end.nano < start.nano {
            endDay -= 1
        } else if endDay < start.day && end.nano > start.nano {
            endDay += 1
        }
        let a = civil(start.day)
        let b = civil(endDay)
        let packedStart = (a.year * 12 + a.month - 1) * 32 + a.day
        let packedEnd = (b.year * 12 + b.month - 1) * 32 + b.day
        return (packedEnd - packedStart) / 32
    }

    /// Whole days from `start` to `end`, truncated toward zero by the time of day.
    static func daysBetween(_ start: (day: Int64, nano: Int64), _ end: (day: Int64, nano: Int64)) -> Int64 {
        var endDay = end.day
        if endDay > start.day && end.nano < start.nano {
            endDay -= 1
        } else if endDay < start.day && end.nano > start.nano {
            endDay += 1
        }
        return endDay - start.day
    }
}
