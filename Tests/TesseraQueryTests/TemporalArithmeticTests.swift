import Testing

@testable import TesseraQuery

@Suite("Temporal arithmetic, comparison, between and truncation")
struct TemporalArithmeticTests {
    static let arithmetic: [(String, String)] = [
        // Dates take months, then days, then whole days of the seconds.
        ("date('2000-01-31') + duration('P1M')", "2000-02-29"),
        ("date('2000-03-31') - duration('P1M')", "2000-02-29"),
        ("date('2000-01-31') + duration('P1M1D')", "2000-03-01"),
        ("date('2000-01-01') + duration('PT47H')", "2000-01-02"),
        ("date('2000-01-01') - duration('PT47H')", "1999-12-31"),
        ("date('2000-01-01') + duration('PT23H')", "2000-01-01"),
        ("duration('P1Y') + date('2000-02-29')", "2001-02-28"),
        ("localtime('23:00') + duration('PT2H0.000000001S')", "01:00:00.000000001"),
        ("localtime('01:00') - duration('P5DT2H')", "23:00"),
        ("time('23:00+01:00') + duration('PT2H')", "01:00+01:00"),
        ("localdatetime('2000-01-31T23:00') + duration('P1MT2H')", "2000-03-01T01:00"),
        ("localdatetime('2000-01-01T00:00') - duration('PT0.5S')", "1999-12-31T23:59:59.500"),
        ("datetime('2000-01-31T23:00+01:00') + duration('P1MT2H')", "2000-03-01T01:00+01:00"),
        // Across a daylight saving change: days keep the wall clock, hours keep elapsed time.
        (
            "datetime('2017-03-25T12:00[Europe/Stockholm]') + duration('P1D')",
            "2017-03-26T12:00+02:00[Europe/Stockholm]"
        ),
        (
            "datetime('2017-03-25T12:00[Europe/Stockholm]') + duration('PT24H')",
            "2017-03-26T13:00+02:00[Europe/Stockholm]"
        ),
        ("duration('P1Y2M3DT4H') + duration('P1M-3DT-4H0.5S')", "P1Y3MT0.5S"),
        ("duration('P1D') - duration('P1D')", "PT0S"),
        ("duration('PT1S') - duration('PT1.5S')", "PT-0.5S"),
        ("duration('P1Y1M1DT1H1M1S') * 2", "P2Y2M2DT2H2M2S"),
        ("duration('P1Y1M1DT1H1M1S') * 0.5", "P6M15DT17H45M3.5S"),
        ("duration('P1Y1M1DT1H1M1S') / 2", "P6M15DT17H45M3.5S"),
        ("duration('P1M') / 0.5", "P2M"),
        ("duration('PT1S') * -1", "PT-1S"),
        ("duration('P3D') / 2", "P1DT12H"),
        ("date('2000-01-01') + null", "null"),
    ]

    @Test("adds, subtracts, multiplies and divides", arguments: arithmetic)
    func computes(expression: String, expected: String) throws {
        let actual = try TemporalTestEvaluator.render(expression)
        #expect(actual == expected, "\(expression) gave \(actual)")
    }

    static let betweens: [(String, String)] = [
        ("duration.between(date('2000-01-31'), date('2000-03-01'))", "P1M1D"),
        ("duration.between(date('2000-03-01'), date('2000-01-31'))", "P-1M-1D"),
        ("duration.between(date('2000-01-15'), localdatetime('2001-02-16T10:30:00.5'))", "P1Y1M1DT10H30M0.5S"),
        ("duration.between(localtime('10:00'), date('2000-01-01'))", "PT-10H"),
        ("duration.between(date('2000-01-01'), time('10:00+05:00'))", "PT10H"),
        ("duration.between(time('10:00'), time('10:00+02:00'))", "PT-2H"),
        ("duration.between(localtime('10:00'), time('11:00+02:00'))", "PT1H"),
        ("duration.between(localdatetime('2000-01-01T10:00'), datetime('2000-01-01T10:00+03:00'))", "PT0S"),
        ("duration.between(datetime('2000-01-01T10:00+02:00'), datetime('2001-01-01T10:00+01:00'))", "P1YT1H"),
        (
            "duration.between(localdatetime('2000-01-02T10:00:00.3'), localdatetime('2000-01-01T10:00:00.5'))",
            "PT-23H-59M-59.8S"
        ),
        (
            "duration.between(datetime('2017-10-28T23:00[Europe/Stockholm]'), "
                + "datetime('2017-10-29T04:00[Europe/Stockholm]'))", "PT6H"
        ),
        ("duration.between(date('-999999999-01-01'), date('+999999999-12-31'))", "P1999999998Y11M30D"),
        ("duration.inMonths(date('2000-01-31'), date('2001-03-30'))", "P1Y1M"),
        ("duration.inMonths(date('2002-01-31'), date('2000-03-30'))", "P-1Y-10M"),
        ("duration.inMonths(localtime('10:00'), date('2000-01-01'))", "PT0S"),
        ("duration.inDays(date('2000-01-01'), date('2001-01-01'))", "P366D"),
        ("duration.inDays(localdatetime('2000-01-02T10:00'), date('2000-01-01'))", "P-1D"),
        ("duration.inSeconds(date('2000-01-01'), date('2000-01-02'))", "PT24H"),
        ("duration.inSeconds(datetime('2017-10-29T00:00[Europe/Stockholm]'), date('2017-10-30'))", "PT25H"),
        ("duration.inSeconds(localtime('00:00'), datetime('2017-10-29T04:00[Europe/Stockholm]'))", "PT5H"),
        ("duration.inSeconds(localtime('12:00:00.7'), localtime('12:00:00.3'))", "PT-0.4S"),
        (
            "duration.inSeconds(localdatetime('-999999999-01-01'), localdatetime('+999999999-12-31T23:59:59'))",
            "PT17531639991215H59M59S"
        ),
        ("duration.between(null, date('2000-01-01'))", "null"),
        ("duration.inSeconds(date(), date())", "PT0S"),
    ]

    @Test("computes durations between values", arguments: betweens)
    func between(expression: String, expected: String) throws {
        let actual = try TemporalTestEvaluator.render(expression)
        #expect(actual == expected, "\(expression) gave \(actual)")
    }

    static let truncations: [(String, String)] = [
        ("date.truncate('millennium', date('2017-10-11'))", "2000-01-01"),
        ("date.truncate('century', date('1984-10-11'), {day: 2})", "1900-01-02"),
        ("date.truncate('decade', localdatetime('1984-10-11T12:00'))", "1980-01-01"),
        ("date.truncate('year', datetime('1984-10-11T12:00+01:00'))", "1984-01-01"),
        ("date.truncate('weekYear', date('1984-01-01'))", "1983-01-03"),
        ("date.truncate('weekYear', date('1984-02-01'), {day: 5})", "1984-01-05"),
        ("date.truncate('quarter', date('1984-11-11'))", "1984-10-01"),
        ("date.truncate('month', date('1984-11-11'))", "1984-11-01"),
        ("date.truncate('week', date('1984-10-11'), {dayOfWeek: 2})", "1984-10-09"),
        ("date.truncate('day', datetime('1984-10-11T23:00-05:00'))", "1984-10-11"),
        ("datetime.truncate('year', date('1984-10-11'))", "1984-01-01T00:00Z"),
        (
            "datetime.truncate('year', date('1984-10-11'), {timezone: 'Europe/Stockholm'})",
            "1984-01-01T00:00+01:00[Europe/Stockholm]"
        ),
        (
            "datetime.truncate('hour', datetime('1984-10-11T12:31:14-01:00'), {timezone: 'Europe/Stockholm'})",
            "1984-10-11T12:00+01:00[Europe/Stockholm]"
        ),
        (
            "datetime.truncate('day', datetime('1984-10-11T12:31:14+01:00'), {nanosecond: 2})",
            "1984-10-11T00:00:00.000000002+01:00"
        ),
        (
            "datetime.truncate('millisecond', localdatetime('1984-10-11T12:31:14.645876123'), {nanosecond: 2})",
            "1984-10-11T12:31:14.645000002Z"
        ),
        (
            "localdatetime.truncate('microsecond', datetime('1984-10-11T12:31:14.645876123+01:00'), {nanosecond: 2})",
            "1984-10-11T12:31:14.645876002"
        ),
        ("localdatetime.truncate('minute', localdatetime('1984-10-11T12:31:14.645876123'))", "1984-10-11T12:31"),
        ("localtime.truncate('day', localtime('12:31:14'))", "00:00"),
        ("localtime.truncate('second', datetime('1984-10-11T12:31:14.645876123+01:00'))", "12:31:14"),
        ("time.truncate('hour', localtime('12:31:14'))", "12:00Z"),
        ("time.truncate('hour', time('12:31:14-01:00'), {timezone: '+01:00'})", "12:00+01:00"),
        ("time.truncate('minute', localdatetime('1984-10-11T12:31:14'), {second: 7})", "12:31:07Z"),
    ]

    @Test("truncates", arguments: truncations)
    func truncates(expression: String, expected: String) throws {
        let actual = try TemporalTestEvaluator.render(expression)
        #expect(actual == expected, "\(expression) gave \(actual)")
    }

    static let comparisons: [(String, String, Int?)] = [
        ("date('1980-12-24')", "date('1984-10-11')", -1),
        ("date('1984-10-11')", "date('1984-10-11')", 0),
        ("localtime('10:35')", "localtime('12:31:14.645876123')", -1),
        ("time('10:00+01:00')", "time('09:35:14+00:00')", -1),
        ("time('10:00+01:00')", "time('09:00Z')", 1),
        ("localdatetime('1984-10-11T12:31:14.1')", "localdatetime('1984-10-11T12:31:14')", 1),
        ("datetime('1980-12-11T12:31:14Z')", "datetime('1984-10-11T12:31:14+05:00')", -1),
        ("datetime('1984-10-11T12:31:14+05:00')", "datetime('1984-10-11T12:31:14+05:00')", 0),
        ("duration('P1D')", "duration('PT24H')", nil),
        ("date('1984-10-11')", "localdatetime('1984-10-11T00:00')", nil),
    ]

    @Test("orders values of one type", arguments: comparisons)
    func orders(lhs: String, rhs: String, expected: Int?) throws {
        let a = try TemporalTestEvaluator.evaluate(lhs)
        let b = try TemporalTestEvaluator.evaluate(rhs)
        #expect(TemporalFunctions.compare(a, b) == expected, "\(lhs) vs \(rhs)")
        if let expected { #expect(TemporalFunctions.compare(b, a) == -expected) }
    }

    @Test("equality: durations by components, different types unequal, non-temporal unknown")
    func equality() throws {
        let value = { (text: String) in try TemporalTestEvaluator.evaluate(text) }
        let twelve = try value("duration({years: 12, months: 5, days: 14, hours: 16, minutes: 12, seconds: 70})")
        #expect(TemporalFunctions.equals(twelve, try value("duration('P12Y5M14DT16H13M10S')")) == true)
        #expect(TemporalFunctions.equals(twelve, try value("duration('P12Y5M13DT40H13M10S')")) == false)
        #expect(TemporalFunctions.equals(twelve, try value("date('1984-10-11')")) == false)
        #expect(TemporalFunctions.equals(try value("time('10:00+01:00')"), try value("time('09:00Z')")) == false)
        #expect(TemporalFunctions.equals(try value("date('1984-10-11')"), .int(1)) == nil)
        #expect(TemporalFunctions.equals(.int(1), .int(1)) == nil)
    }

    static let invalid: [String] = [
        "date('2015-13-01')", "date('2015-02-29')", "date('2015-W54')", "date('2015-366')", "date('15-07-21')",
        "localtime('24:00')", "localtime('12:60')", "localtime('12:00:00.1234567890')", "time('12:00+19:00')",
        "datetime('2015-07-21T12:00[Mars/Olympus]')", "duration('P')", "duration('PT1Y')", "duration('1D')",
        "duration('P1D2Y')", "date({month: 1})", "date({year: 2015, month: 2, day: 30})",
        "localtime({hour: 12, millisecond: 1000})", "localtime({hour: 12, millisecond: 1, microsecond: 1000})",
        "date({year: 2015, hour: 1})", "duration({years: 1, eons: 2})", "date.truncate('hour', date('2015-07-21'))",
        "date.truncate('fortnight', date('2015-07-21'))", "datetime({year: 2015, timezone: '+25:00'})",
    ]

    @Test("rejects malformed input with an argument error", arguments: invalid)
    func rejects(expression: String) {
        #expect(throws: QueryError.self, "\(expression)") { try TemporalTestEvaluator.evaluate(expression) }
    }

    @Test("wrong argument types are type errors")
    func typeErrors() throws {
        for expression in ["date(1)", "duration(1.5)", "date({year: 'x'})", "duration({days: 'x'})"] {
            do {
                _ = try TemporalTestEvaluator.evaluate(expression)
                Issue.record("\(expression) did not throw")
            } catch let error as QueryError {
                #expect(error.kind == .typeError, "\(expression): \(error)")
            }
        }
    }

    static let clocks: [(String, String)] = [
        ("date()", "2024-03-01"),
        ("localtime()", "08:00:00.123456"),
        ("time()", "08:00:00.123456Z"),
        ("localdatetime.transaction()", "2024-03-01T08:00:00.123456"),
        ("datetime()", "2024-03-01T08:00:00.123456Z"),
        ("datetime.statement('Europe/Stockholm')", "2024-03-01T09:00:00.123456+01:00[Europe/Stockholm]"),
        ("datetime({timezone: '+05:00'})", "2024-03-01T13:00:00.123456+05:00"),
        ("date.statement('-10:00')", "2024-02-29"),
    ]

    @Test("reads the statement clock", arguments: clocks)
    func clock(expression: String, expected: String) throws {
        let actual = try TemporalTestEvaluator.render(expression)
        #expect(actual == expected, "\(expression) gave \(actual)")
    }

    @Test("converts to and from engine microseconds")
    func engineMicros() throws {
        let value = { (text: String) in try TemporalTestEvaluator.evaluate(text) }
        #expect(
            TemporalFunctions.micros(of: try value("datetime('2024-03-01T09:00:00.25+01:00')")) == 1_709_280_000_250_000
        )
        #expect(TemporalFunctions.micros(of: try value("localdatetime('2024-03-01T08:00')")) == 1_709_280_000_000_000)
        #expect(TemporalFunctions.micros(of: try value("date('2024-03-01')")) == 1_709_251_200_000_000)
        #expect(TemporalFunctions.micros(of: .string("2024-03-01T08:00:00.000001Z")) == 1_709_280_000_000_001)
        #expect(TemporalFunctions.micros(of: .string("not a time")) == nil)
        #expect(TemporalFunctions.micros(of: .int(3)) == nil)
        #expect(TemporalFunctions.format(TemporalFunctions.dateTime(micros: -1)) == "1969-12-31T23:59:59.999999Z")
        #expect(
            TemporalFunctions.micros(of: TemporalFunctions.dateTime(micros: 1_709_280_000_123_456))
                == 1_709_280_000_123_456)
    }
}
