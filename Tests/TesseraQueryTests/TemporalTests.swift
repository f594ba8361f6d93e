import Testing

@testable import TesseraQuery

/// Expected values follow openCypher temporal semantics (java.time calendar rules, Neo4j printing).
@Suite("Temporal functions")
struct TemporalTests {
    static func check(_ expression: String, _ expected: String) throws {
        let actual = try TemporalTestEvaluator.render(expression)
        #expect(actual == expected, "\(expression) gave \(actual)")
    }

    static let fromText: [(String, String)] = [
        ("date('1999-12-31')", "1999-12-31"),
        ("date('19991231')", "1999-12-31"),
        ("date('1999-12')", "1999-12-01"),
        ("date('199912')", "1999-12-01"),
        ("date('2020-W01-1')", "2019-12-30"),
        ("date('2020W011')", "2019-12-30"),
        ("date('2020-W53')", "2020-12-28"),
        ("date('2021W03')", "2021-01-18"),
        ("date('2000-060')", "2000-02-29"),
        ("date('2001060')", "2001-03-01"),
        ("date('1999')", "1999-01-01"),
        ("date('-0044-03-15')", "-0044-03-15"),
        ("date('+12345-06-07')", "+12345-06-07"),
        ("localtime('07:05:09.5')", "07:05:09.500"),
        ("localtime('070509.000001')", "07:05:09.000001"),
        ("localtime('07:05:09')", "07:05:09"),
        ("localtime('070509')", "07:05:09"),
        ("localtime('07:05')", "07:05"),
        ("localtime('0705')", "07:05"),
        ("localtime('07')", "07:00"),
        ("localtime('23:59:59,999999999')", "23:59:59.999999999"),
        ("time('07:05:09.25+0530')", "07:05:09.250+05:30"),
        ("time('070509Z')", "07:05:09Z"),
        ("time('07:05-03:00')", "07:05-03:00"),
        ("time('0705+00:00')", "07:05Z"),
        ("time('0705-07')", "07:05-07:00"),
        ("time('07-18:00')", "07:00-18:00"),
        ("time('07:05')", "07:05Z"),
        ("localdatetime('1999-12-31T23:59:59.9')", "1999-12-31T23:59:59.900"),
        ("localdatetime('2020-W01-1T0705')", "2019-12-30T07:05"),
        ("localdatetime('2000-060T07')", "2000-02-29T07:00"),
        ("localdatetime('1999T070509')", "1999-01-01T07:05:09"),
        ("localdatetime('19991231T07:05')", "1999-12-31T07:05"),
        ("datetime('1999-12-31T23:59:59.9+0100')", "1999-12-31T23:59:59.900+01:00"),
        ("datetime('2020-W01-1T070509Z')", "2019-12-30T07:05:09Z"),
        ("datetime('2000-060T07:05-0230')", "2000-02-29T07:05-02:30"),
        ("datetime('1999T07-00:00')", "1999-01-01T07:00Z"),
        ("datetime('1999-12-31')", "1999-12-31T00:00Z"),
        ("datetime('2016-01-15T10:00+01:00[Europe/Paris]')", "2016-01-15T10:00+01:00[Europe/Paris]"),
        ("datetime('2016-07-15T10:00[Europe/Paris]')", "2016-07-15T10:00+02:00[Europe/Paris]"),
        ("datetime('2016-07-15T10:00-0400[America/New_York]')", "2016-07-15T10:00-04:00[America/New_York]"),
        ("datetime('2016-07-15T10:00+0845[Australia/Eucla]')", "2016-07-15T10:00+08:45[Australia/Eucla]"),
        ("datetime('1850-07-15T10:00[Europe/Stockholm]')", "1850-07-15T10:00+00:53:28[Europe/Stockholm]"),
        ("duration('P1Y2M10DT12H45M30.5S')", "P1Y2M10DT12H45M30.5S"),
        ("duration('P3M2.5D')", "P3M2DT12H"),
        ("duration('P0.5M')", "P15DT5H14M33S"),
        ("duration('PT1.5M')", "PT1M30S"),
        ("duration('P1.5W')", "P10DT12H"),
        ("duration('PT90M')", "PT1H30M"),
        ("duration('PT3600S')", "PT1H"),
        ("duration('P1999-11-30T23:59:59.25')", "P1999Y11M30DT23H59M59.25S"),
        ("duration('-P1D')", "P-1D"),
        ("duration('PT-1M-0.001S')", "PT-1M-0.001S"),
        ("duration('P12Y5M-14DT16H')", "P12Y5M-14DT16H"),
        ("duration('PT0S')", "PT0S"),
        ("duration('P0D')", "PT0S"),
    ]

    @Test("parses ISO 8601 text and prints it back", arguments: fromText)
    func parsesText(expression: String, expected: String) throws { try Self.check(expression, expected) }

    static let fromMaps: [(String, String)] = [
        ("date({year: 2010, month: 2, day: 28})", "2010-02-28"),
        ("date({year: 2010, month: 2})", "2010-02-01"),
        ("date({year: 2010})", "2010-01-01"),
        ("date({year: 2010, week: 1})", "2010-01-04"),
        ("date({year: 2009, week: 53})", "2009-12-28"),
        ("date({year: 2010, week: 1, dayOfWeek: 7})", "2010-01-10"),
        ("date({year: 2010, ordinalDay: 365})", "2010-12-31"),
        ("date({year: 2010, quarter: 2})", "2010-04-01"),
        ("date({year: 2010, quarter: 4, dayOfQuarter: 92})", "2010-12-31"),
        (
            "localtime({hour: 1, minute: 2, second: 3, millisecond: 4, microsecond: 5, nanosecond: 6})",
            "01:02:03.004005006"
        ),
        ("localtime({hour: 1, minute: 2, second: 3, nanosecond: 7})", "01:02:03.000000007"),
        ("localtime({hour: 1, minute: 2, second: 3, microsecond: 7})", "01:02:03.000007"),
        ("localtime({hour: 1, minute: 2, second: 3, millisecond: 7})", "01:02:03.007"),
        ("localtime({hour: 1, minute: 2})", "01:02"),
        ("localtime({hour: 1})", "01:00"),
        ("time({hour: 1, minute: 2, second: 3})", "01:02:03Z"),
        ("time({hour: 1, minute: 2, timezone: '-05:00'})", "01:02-05:00"),
        ("time({hour: 1, timezone: '+02:05:00'})", "01:00+02:05"),
        ("time({hour: 1, timezone: '+02:05:59'})", "01:00+02:05:59"),
        (
            "localdatetime({year: 2010, month: 2, day: 28, hour: 1, minute: 2, second: 3, nanosecond: 4})",
            "2010-02-28T01:02:03.000000004"
        ),
        ("localdatetime({year: 2010, week: 1, dayOfWeek: 2, hour: 5})", "2010-01-05T05:00"),
        ("localdatetime({year: 2010, ordinalDay: 32})", "2010-02-01T00:00"),
        ("datetime({year: 2010, month: 2, day: 28, hour: 1})", "2010-02-28T01:00Z"),
        ("datetime({year: 2010, month: 2, day: 28, hour: 1, timezone: '+01:00'})", "2010-02-28T01:00+01:00"),
        (
            "datetime({year: 2010, month: 2, day: 28, hour: 1, timezone: 'Europe/Stockholm'})",
            "2010-02-28T01:00+01:00[Europe/Stockholm]"
        ),
        (
            "datetime({year: 2010, month: 7, day: 28, timezone: 'Europe/Stockholm'})",
            "2010-07-28T00:00+02:00[Europe/Stockholm]"
        ),
        ("datetime({epochSeconds: 0, nanosecond: 5})", "1970-01-01T00:00:00.000000005Z"),
        ("datetime({epochMillis: 1500})", "1970-01-01T00:00:01.500Z"),
        ("datetime.fromepoch(86399, 999999999)", "1970-01-01T23:59:59.999999999Z"),
        ("datetime.fromepochmillis(-1)", "1969-12-31T23:59:59.999Z"),
        ("duration({days: 3, hours: 4, minutes: 5})", "P3DT4H5M"),
        ("duration({months: 2, days: 0.5})", "P2MT12H"),
        ("duration({months: 0.25})", "P7DT14H37M16.5S"),
        ("duration({weeks: 0.5})", "P3DT12H"),
        ("duration({years: 1, months: 13, seconds: 3661})", "P2Y1MT1H1M1S"),
        ("duration({seconds: 1, milliseconds: 2, microseconds: 3, nanoseconds: 4})", "PT1.002003004S"),
        ("duration({minutes: 2.5, seconds: 1})", "PT2M31S"),
        ("duration({seconds: 2, milliseconds: -1})", "PT1.999S"),
        ("duration({seconds: -2, milliseconds: 1})", "PT-1.999S"),
        ("duration({seconds: -2, milliseconds: -1})", "PT-2.001S"),
        ("duration({days: 1, milliseconds: -1})", "P1DT-0.001S"),
        ("duration({seconds: -60, milliseconds: -1})", "PT-1M-0.001S"),
        ("duration({years: 1.5, months: 0.5})", "P1Y6M15DT5H14M33S"),
        ("duration({days: 1, weeks: -0.1})", "PT7H12M"),
    ]

    @Test("builds values from maps", arguments: fromMaps)
    func buildsFromMaps(expression: String, expected: String) throws { try Self.check(expression, expected) }

    static let selections: [(String, String)] = [
        ("date({date: date('2000-02-29'), year: 2001})", "2001-02-28"),
        ("date({date: date('2000-05-20'), day: 1})", "2000-05-01"),
        ("date({date: date('2000-05-20'), week: 2})", "2000-01-15"),
        ("date({date: date('2000-05-20'), ordinalDay: 2})", "2000-01-02"),
        ("date({date: date('2000-05-20'), quarter: 1})", "2000-02-19"),
        ("date(localdatetime('2000-05-20T10:00'))", "2000-05-20"),
        ("date(datetime('2000-05-20T23:00-05:00'))", "2000-05-20"),
        ("date({date: date('1999-12-31'), week: 3})", "1999-01-22"),
        ("localtime(time('10:11:12.5+03:00'))", "10:11:12.500"),
        ("localtime({time: localdatetime('2000-05-20T10:11'), second: 5})", "10:11:05"),
        ("time(localtime('10:11'))", "10:11Z"),
        ("time({time: localtime('10:11'), timezone: '+03:00'})", "10:11+03:00"),
        ("time({time: time('10:11+01:00'), timezone: '+03:00'})", "12:11+03:00"),
        ("time(datetime('2000-05-20T10:11[Europe/Stockholm]'))", "10:11+02:00"),
        ("localdatetime({date: date('2000-05-20'), time: localtime('10:11')})", "2000-05-20T10:11"),
        ("localdatetime({date: date('2000-05-20'), hour: 3})", "2000-05-20T03:00"),
        ("localdatetime({datetime: datetime('2000-05-20T10:11+05:00'), day: 1})", "2000-05-01T10:11"),
        ("datetime({date: date('2000-05-20'), time: time('10:11+01:00')})", "2000-05-20T10:11+01:00"),
        (
            "datetime({date: date('2000-05-20'), time: time('10:11+01:00'), timezone: '+03:00'})",
            "2000-05-20T12:11+03:00"
        ),
        ("datetime({date: datetime('2000-05-20T10:11+01:00'), hour: 4})", "2000-05-20T04:00Z"),
        (
            "datetime({datetime: localdatetime('2000-05-20T10:11'), timezone: 'Pacific/Honolulu'})",
            "2000-05-20T10:11-10:00[Pacific/Honolulu]"
        ),
        (
            "datetime({datetime: datetime('2000-05-20T10:11[Europe/Stockholm]'), month: 1})",
            "2000-01-20T10:11+01:00[Europe/Stockholm]"
        ),
        (
            "datetime({datetime: datetime('2000-05-20T10:11[Europe/Stockholm]'), timezone: '+00:00'})",
            "2000-05-20T08:11Z"
        ),
        ("datetime(localdatetime('2000-05-20T10:11'))", "2000-05-20T10:11Z"),
    ]

    @Test("selects and overrides fields of other values", arguments: selections)
    func selects(expression: String, expected: String) throws { try Self.check(expression, expected) }

    static let accessors: [(String, String)] = [
        ("date('2010-11-12').year", "2010"),
        ("date('2010-11-12').quarter", "4"),
        ("date('2010-11-12').month", "11"),
        ("date('2010-11-12').week", "45"),
        ("date('2010-11-12').weekYear", "2010"),
        ("date('2010-11-12').day", "12"),
        ("date('2010-11-12').ordinalDay", "316"),
        ("date('2010-11-12').dayOfWeek", "5"),
        ("date('2010-11-12').weekDay", "5"),
        ("date('2010-11-12').dayOfQuarter", "43"),
        ("date('2010-01-02').weekYear", "2009"),
        ("date('2010-01-02').week", "53"),
        ("date('2010-01-02').hour", "null"),
        ("localtime('01:02:03.123456789').hour", "1"),
        ("localtime('01:02:03.123456789').minute", "2"),
        ("localtime('01:02:03.123456789').second", "3"),
        ("localtime('01:02:03.123456789').millisecond", "123"),
        ("localtime('01:02:03.123456789').microsecond", "123456"),
        ("localtime('01:02:03.123456789').nanosecond", "123456789"),
        ("time('01:02-01:30').timezone", "'-01:30'"),
        ("time('01:02-01:30').offset", "'-01:30'"),
        ("time('01:02-01:30').offsetMinutes", "-90"),
        ("time('01:02-01:30').offsetSeconds", "-5400"),
        ("datetime('2001-09-09T01:46:40.5Z').epochSeconds", "1000000000"),
        ("datetime('2001-09-09T01:46:40.5Z').epochMillis", "1000000000500"),
        ("datetime('2001-09-09T03:46:40[Europe/Stockholm]').timezone", "'Europe/Stockholm'"),
        ("datetime('2001-09-09T03:46:40[Europe/Stockholm]').offset", "'+02:00'"),
        ("datetime('2001-09-09T03:46:40[Europe/Stockholm]').epochSeconds", "1000000000"),
        ("localdatetime('2001-09-09T03:46:40').epochSeconds", "null"),
        ("duration({years: 2, months: 7, days: 17, hours: 2, minutes: 3, seconds: 4, nanoseconds: 5}).years", "2"),
        ("duration({years: 2, months: 7}).quarters", "10"),
        ("duration({years: 2, months: 7}).months", "31"),
        ("duration({years: 2, months: 7}).quartersOfYear", "2"),
        ("duration({years: 2, months: 7}).monthsOfQuarter", "1"),
        ("duration({years: 2, months: 7}).monthsOfYear", "7"),
        ("duration({days: 17}).weeks", "2"),
        ("duration({days: 17}).daysOfWeek", "3"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).hours", "2"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).minutes", "123"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).seconds", "7384"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).milliseconds", "7384500"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).microseconds", "7384500000"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).nanoseconds", "7384500000000"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).minutesOfHour", "3"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).secondsOfMinute", "4"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).millisecondsOfSecond", "500"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).microsecondsOfSecond", "500000"),
        ("duration({hours: 2, minutes: 3, seconds: 4.5}).nanosecondsOfSecond", "500000000"),
        ("duration('PT-1.25S').seconds", "-2"),
        ("duration('PT-1.25S').nanosecondsOfSecond", "750000000"),
        ("duration('P1D').unknown", "null"),
    ]

    @Test("reads components", arguments: accessors)
    func readsComponents(expression: String, expected: String) throws { try Self.check(expression, expected) }
}
