import PropertyBased
import Testing

@testable import TesseraQuery

/// Epoch days of 0001-01-01 and 9999-12-31, and of the widest years the language accepts.
private let commonDays =
    TemporalCalendar.epochDay(
        year: 1, month: 1, day: 1)...TemporalCalendar.epochDay(
        year: 9999, month: 12, day: 31)
private let allDays =
    TemporalCalendar.epochDay(
        year: -999_999_999, month: 1, day: 1)...TemporalCalendar.epochDay(
        year: 999_999_999, month: 12, day: 31)

/// Epoch days: mostly years 1-9999, some anywhere in ±999 999 999, some around year 0 and leap days.
private let dayGen = Gen.oneOf(
    Gen.int64(in: commonDays).eraseToAnySequence(),
    Gen.int64(in: allDays).eraseToAnySequence(),
    Gen.int64(in: -720_000...(-700_000)).eraseToAnySequence(),
    Gen.int64(in: -400...400).map { TemporalCalendar.epochDay(year: $0 * 4, month: 2, day: 29) }.eraseToAnySequence()
)

/// Nanoseconds of day with whole, milli-, micro- and nanosecond precision.
private let nanoGen = Gen.oneOf(
    Gen.int64(in: 0...86_399).map { $0 * 1_000_000_000 }.eraseToAnySequence(),
    Gen.int64(in: 0...(86_400_000 - 1)).map { $0 * 1_000_000 }.eraseToAnySequence(),
    Gen.int64(in: 0...(TemporalCalendar.nanosPerDay - 1)).eraseToAnySequence()
)

/// Offsets within ±18 hours, mostly whole quarter hours.
private let offsetGen = Gen.oneOf(
    Gen.int(in: -72...72).map { Int32($0 * 900) }.eraseToAnySequence(),
    Gen.int(in: -64_800...64_800).map { Int32($0) }.eraseToAnySequence()
)

private let durationGen = zip(
    Gen.int64(in: -120_000...120_000), Gen.int64(in: -1_000_000...1_000_000),
    Gen.int64(in: -10_000_000_000...10_000_000_000), Gen.int64(in: 0...999_999_999)
).map { DurationValue(months: $0, days: $1, seconds: $2, nanoseconds: Int32($3)) }

@Suite("Temporal properties")
struct TemporalPropertyTests {
    @Test("epoch day and civil date round-trip; consecutive days are consecutive dates")
    func civilRoundTrip() async {
        await propertyCheck(count: 2000, input: dayGen) { day throws in
            let civil = TemporalCalendar.civil(day)
            #expect((1...12).contains(civil.month))
            #expect((1...TemporalCalendar.daysInMonth(year: civil.year, month: civil.month)).contains(civil.day))
            #expect(TemporalCalendar.epochDay(year: civil.year, month: civil.month, day: civil.day) == day)
            let next = TemporalCalendar.civil(day + 1)
            if civil.day < TemporalCalendar.daysInMonth(year: civil.year, month: civil.month) {
                #expect(next.year == civil.year && next.month == civil.month && next.day == civil.day + 1)
            } else {
                #expect(next.day == 1)
            }
            #expect(TemporalCalendar.dayOfWeek(day + 1) == TemporalCalendar.dayOfWeek(day) % 7 + 1)
        }
    }

    @Test("ISO week dates, ordinal dates and quarter dates name the same day")
    func weekAndOrdinalRoundTrip() async throws {
        await propertyCheck(count: 1000, input: dayGen) { day throws in
            let week = TemporalCalendar.isoWeek(day)
            let civil = TemporalCalendar.civil(day)
            #expect(
                try TemporalBuilder.weekDate(
                    weekYear: week.weekYear, week: week.week, dayOfWeek: TemporalCalendar.dayOfWeek(day)) == day)
            #expect(
                try TemporalBuilder.ordinalDate(year: civil.year, ordinalDay: TemporalCalendar.ordinalDay(day)) == day)
            #expect(
                try TemporalBuilder.quarterDate(
                    year: civil.year, quarter: TemporalCalendar.quarter(ofMonth: civil.month),
                    dayOfQuarter: TemporalCalendar.dayOfQuarter(day)) == day)
        }
    }

    @Test("dates, local datetimes and datetimes print and parse back to the same value")
    func formatParseRoundTrip() async throws {
        await propertyCheck(count: 1000, input: dayGen, nanoGen, offsetGen) { day, nano, offset throws in
            let date = QueryValue.date(DateValue(epochDay: day))
            let dateText = try #require(TemporalFunctions.format(date))
            #expect(try TemporalParser.date(dateText) == day, "\(dateText)")

            let time = LocalTimeValue(nanosecondOfDay: nano)
            let timeText = try #require(TemporalFunctions.format(.localTime(time)))
            #expect(try TemporalParser.localTime(timeText) == nano, "\(timeText)")

            let local = LocalDateTimeValue(day: day, nano: nano)
            let localText = TemporalFormatter.localDateTime(local)
            #expect(try TemporalParser.localDateTime(localText) == local, "\(localText)")

            let dateTime = DateTimeValue(local: local, zone: .offset(offset))
            let dateTimeText = TemporalFormatter.dateTime(dateTime)
            let parsed = try TemporalParser.dateTime(dateTimeText)
            #expect(parsed == dateTime, "\(dateTimeText)")
            #expect(TemporalFunctions.compare(.dateTime(parsed), .dateTime(dateTime)) == 0)
        }
    }

    @Test("durations print and parse back to equal durations")
    func durationRoundTrip() async throws {
        await propertyCheck(count: 1000, input: durationGen) { duration throws in
            let text = TemporalFormatter.duration(duration)
            let parsed = try DurationParser.parse(text)
            #expect(parsed == duration, "\(text)")
            #expect(TemporalFunctions.equals(.duration(parsed), .duration(duration)) == true)
        }
    }

    @Test("adding then subtracting days and times gives the start back")
    func arithmeticInverse() async throws {
        await propertyCheck(count: 1000, input: Gen.int64(in: commonDays), nanoGen, durationGen) {
            day, nano, d throws in
            let days = DurationValue(months: 0, days: d.days, seconds: 0, nanoseconds: 0)
            let date = QueryValue.date(DateValue(epochDay: day))
            let back = try TemporalFunctions.subtract(
                try #require(try TemporalFunctions.add(date, .duration(days))), .duration(days))
            #expect(TemporalFunctions.equals(try #require(back), date) == true)

            let oneDay = QueryValue.duration(DurationValue(months: 0, days: 1, seconds: 0, nanoseconds: 0))
            let shifted = try #require(try TemporalFunctions.add(date, oneDay))
            #expect(TemporalFunctions.compare(shifted, date) == 1)
            #expect(
                TemporalFunctions.equals(try #require(try TemporalFunctions.subtract(shifted, oneDay)), date) == true)

            let exact = DurationValue(months: 0, days: d.days, seconds: d.seconds, nanoseconds: d.nanoseconds)
            let local = QueryValue.localDateTime(LocalDateTimeValue(day: day, nano: nano))
            let there = try #require(try TemporalFunctions.add(local, .duration(exact)))
            #expect(
                TemporalFunctions.equals(try #require(try TemporalFunctions.subtract(there, .duration(exact))), local)
                    == true)
        }
    }

    @Test("a date plus the duration between it and another date is the other date")
    func betweenThenAdd() async throws {
        await propertyCheck(count: 1000, input: Gen.int64(in: commonDays), Gen.int64(in: commonDays)) { a, b throws in
            let start = QueryValue.date(DateValue(epochDay: a))
            let end = QueryValue.date(DateValue(epochDay: b))
            let difference = try TemporalFunctions.between(start, end, unit: .all)
            #expect(TemporalFunctions.equals(try #require(try TemporalFunctions.add(start, difference)), end) == true)
            guard case .duration(let days) = try TemporalFunctions.between(start, end, unit: .days) else {
                Issue.record("inDays did not give a duration")
                return
            }
            #expect(days.days == b - a)
        }
    }
}
