import TesseraTestSupport
import Testing

@testable import TesseraCore

@Suite("Time: RFC 3339 parsing and formatting")
struct TimeTests {
    /// Expected values computed independently (Python's datetime, proleptic Gregorian, UTC).
    static let parseVectors: [(String, Int64)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T00:00:00.000001Z", 1),
        ("1969-12-31T23:59:59.999999Z", -1),
        ("1969-12-31T23:59:58.5Z", -1_500_000),
        ("1969-07-20T20:17:40Z", -14_182_940_000_000),
        ("2024-03-01T08:00:00Z", 1_709_280_000_000_000),
        ("2024-03-01T08:00:00.25+02:00", 1_709_272_800_250_000),
        ("2024-03-01T01:30:00-05:30", 1_709_276_400_000_000),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000_000),
        ("2000-02-29T00:00:00Z", 951_782_400_000_000),
        ("1600-02-29T00:00:00Z", -11_670_998_400_000_000),
        ("2023-12-31T23:59:59.999999Z", 1_704_067_199_999_999),
        ("2024-01-01T00:30:00+01:00", 1_704_065_400_000_000),
        ("2024-12-31T23:59:59Z", 1_735_689_599_000_000),
        ("1999-12-31T23:59:59-23:59", 946_771_139_000_000),
        ("1900-01-01T00:00:00Z", -2_208_988_800_000_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000_000),
        ("0001-01-01T00:00:00.000001Z", -62_135_596_799_999_999),
        ("9999-12-31T23:59:59.999999Z", 253_402_300_799_999_999),
        // Bare date: midnight UTC.
        ("2024-03-01", 1_709_251_200_000_000),
        // Lower-case separators and a space instead of 'T' (RFC 3339 section 5.6 note).
        ("2024-03-01t08:00:00z", 1_709_280_000_000_000),
        ("2024-03-01 08:00:00Z", 1_709_280_000_000_000),
        // Fractions: short, full and longer than microseconds (truncated).
        ("2024-03-01T08:00:00.1Z", 1_709_280_000_100_000),
        ("2024-03-01T08:00:00.000100Z", 1_709_280_000_000_100),
        ("2024-03-01T08:00:00.1234567Z", 1_709_280_000_123_456),
        ("2024-03-01T08:00:00.999999999Z", 1_709_280_000_999_999),
        // Offsets of zero written three ways.
        ("2024-03-01T08:00:00+00:00", 1_709_280_000_000_000),
        ("2024-03-01T08:00:00-00:00", 1_709_280_000_000_000),
        // A leap second is accepted and folded onto the preceding second.
        ("2016-12-31T23:59:60Z", 1_483_228_799_000_000),
    ]

    @Test("parses known timestamps", arguments: parseVectors)
    func parsesKnownVectors(text: String, micros: Int64) throws {
        #expect(try Time.parseOrExplain(text) == micros)
        #expect(Time.parse(text) == micros)
    }

    static let formatVectors: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (1, "1970-01-01T00:00:00.000001Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (-1_500_000, "1969-12-31T23:59:58.5Z"),
        (-86_400_000_000, "1969-12-31T00:00:00Z"),
        (1_709_272_800_250_000, "2024-03-01T06:00:00.25Z"),
        (1_709_280_000_000_100, "2024-03-01T08:00:00.0001Z"),
        (1_709_208_000_000_000, "2024-02-29T12:00:00Z"),
        (1_704_067_199_999_999, "2023-12-31T23:59:59.999999Z"),
        (1_704_067_200_000_000, "2024-01-01T00:00:00Z"),
        (-62_135_596_800_000_000, "0001-01-01T00:00:00Z"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        (253_402_300_800_000_000, "10000-01-01T00:00:00Z"),
        (-62_135_596_800_000_001, "0000-12-31T23:59:59.999999Z"),
        (Time.forever, "294247-01-10T04:00:54.775807Z"),
        (Time.beginning, "-290308-12-21T19:59:05.224192Z"),
    ]

    @Test("formats known instants", arguments: formatVectors)
    func formatsKnownVectors(micros: Int64, text: String) {
        #expect(Time.format(micros) == text)
        var bytes: [UInt8] = Array("x=".utf8)
        Time.append(micros, to: &bytes)
        #expect(bytes == Array("x=\(text)".utf8))
    }

    static let badInputs: [(String, String)] = [
        ("", "expected 4 digits for the year"),
        ("24-03-01", "expected 4 digits for the year"),
        ("2024", "expected '-'"),
        ("2024/03/01", "expected '-'"),
        ("2024-3-01", "expected 2 digits for the month"),
        ("2024-03-1", "expected 2 digits for the day"),
        ("2024-00-10", "month 0 is not in 1-12"),
        ("2024-13-01", "month 13 is not in 1-12"),
        ("2024-01-00", "day 0 does not exist"),
        ("2023-02-29", "day 29 does not exist in 2023-2"),
        ("1900-02-29", "day 29 does not exist in 1900-2"),
        ("2024-02-30", "day 30 does not exist"),
        ("2024-04-31", "day 31 does not exist"),
        ("2024-03-01X08:00:00Z", "expected 'T' between date and time"),
        ("2024-03-01T", "expected 2 digits for the hour"),
        ("2024-03-01T8:00:00Z", "expected 2 digits for the hour"),
        ("2024-03-01T08-00:00Z", "expected ':'"),
        ("2024-03-01T08:00Z", "expected ':'"),
        ("2024-03-01T24:00:00Z", "time of day out of range"),
        ("2024-03-01T08:60:00Z", "time of day out of range"),
        ("2024-03-01T08:00:61Z", "time of day out of range"),
        ("2024-03-01T08:00:00", "missing time zone"),
        ("2024-03-01T08:00:00.Z", "expected digits after '.'"),
        ("2024-03-01T08:00:00UTC", "expected 'Z' or a ±hh:mm offset"),
        ("2024-03-01T08:00:00+0200", "expected ':'"),
        ("2024-03-01T08:00:00+2:00", "expected 2 digits for the offset hours"),
        ("2024-03-01T08:00:00+02:0", "expected 2 digits for the offset minutes"),
        ("2024-03-01T08:00:00+24:00", "time zone offset out of range"),
        ("2024-03-01T08:00:00+02:60", "time zone offset out of range"),
        ("2024-03-01T08:00:00Z ", "unexpected text after the time zone"),
        ("2024-03-01T08:00:00+02:00Z", "unexpected text after the time zone"),
        ("２０２４-03-01", "expected 4 digits for the year"),
    ]

    @Test("rejects malformed timestamps with a reason", arguments: badInputs)
    func rejectsBadInputs(text: String, reason: String) {
        #expect(Time.parse(text) == nil)
        let error = #expect(throws: TimeParseError.self) { try Time.parseOrExplain(text) }
        #expect(error?.reason.contains(reason) == true, "reason was: \(error?.reason ?? "none")")
        #expect(error?.description.hasPrefix("invalid RFC 3339 timestamp: ") == true)
    }

    @Test("format then parse returns the same instant for random instants in years 1-9999")
    func roundTripRandomInstants() throws {
        var rng = SeededRandom.announced("Time round trip")
        let first = try Time.parseOrExplain("0001-01-01T00:00:00Z")
        let last = try Time.parseOrExplain("9999-12-31T23:59:59.999999Z")
        for step in 0..<20_000 {
            var micros = Int64.random(in: first...last, using: &rng)
            // Also cover whole seconds and short fractions, which format differently.
            switch step % 4 {
            case 0: micros -= micros % 1_000_000
            case 1: micros -= micros % 1000
            default: break
            }
            let text = Time.format(micros)
            #expect(text.utf8.count >= 20 && text.utf8.count <= 27, "\(text) \(rng.note)")
            let parsed = Time.parse(text)
            #expect(parsed == micros, "\(text) \(rng.note)")
            if parsed != micros { return }
        }
    }

    @Test("a local time with an offset denotes the same instant as its UTC form")
    func offsetsShiftTheInstant() throws {
        var rng = SeededRandom.announced("Time offsets")
        let first = try Time.parseOrExplain("0002-01-01T00:00:00Z")
        let last = try Time.parseOrExplain("9998-12-31T23:59:59.999999Z")
        for _ in 0..<5000 {
            let micros = Int64.random(in: first...last, using: &rng)
            let offsetMinutes = Int64.random(in: -(23 * 60 + 59)...(23 * 60 + 59), using: &rng)
            let local = Time.format(micros + offsetMinutes * 60_000_000)
            let magnitude = abs(offsetMinutes)
            let hh = magnitude / 60 < 10 ? "0\(magnitude / 60)" : "\(magnitude / 60)"
            let mm = magnitude % 60 < 10 ? "0\(magnitude % 60)" : "\(magnitude % 60)"
            let text = String(local.dropLast()) + (offsetMinutes < 0 ? "-" : "+") + hh + ":" + mm
            let parsed = Time.parse(text)
            #expect(parsed == micros, "\(text) \(rng.note)")
            if parsed != micros { return }
        }
    }

    @Test("day numbers are consecutive and invert for every date in years 1-9999")
    func civilCalendarIsConsistent() {
        var expected = Time.daysFromCivil(year: 1, month: 1, day: 1)
        #expect(expected == -719_162)
        var mismatches = 0
        for year: Int64 in 1...9999 {
            for month: Int64 in 1...12 {
                let length = Time.daysInMonth(year: year, month: month)
                for day in 1...length {
                    let days = Time.daysFromCivil(year: year, month: month, day: day)
                    let civil = Time.civilFromDays(days)
                    if days != expected || civil != (year, month, day) {
                        mismatches += 1
                        if mismatches < 5 { Issue.record("\(year)-\(month)-\(day): \(days) vs \(expected), \(civil)") }
                    }
                    expected += 1
                }
            }
        }
        #expect(mismatches == 0)
        // 9999 years of the Gregorian calendar: 24 leap days per century minus the centuries not divisible by 400.
        #expect(
            expected - Time.daysFromCivil(year: 1, month: 1, day: 1) == 9999 * 365 + 9999 / 4 - 9999 / 100 + 9999 / 400)
    }

    @Test(
        "leap years follow the Gregorian rule",
        arguments: [
            (1600, 29), (1700, 28), (1900, 28), (2000, 29), (2023, 28), (2024, 29), (2100, 28), (2400, 29), (4, 29),
            (1, 28),
        ] as [(Int64, Int64)])
    func februaryLength(year: Int64, days: Int64) {
        #expect(Time.daysInMonth(year: year, month: 2) == days)
        let padded = String(repeating: "0", count: 4 - String(year).count) + String(year)
        #expect((Time.parse("\(padded)-02-29") != nil) == (days == 29))
        #expect(Time.parse("\(padded)-02-28") != nil)
    }

    @Test("the wall clock is plausible and the sentinels bracket it")
    func clockAndSentinels() throws {
        let now = Time.nowMicros()
        #expect(now > (try Time.parseOrExplain("2020-01-01T00:00:00Z")))
        #expect(now < (try Time.parseOrExplain("2200-01-01T00:00:00Z")))
        #expect(Time.beginning < now && now < Time.forever)
        #expect(Time.forever == Int64.max && Time.beginning == Int64.min)
    }
}
