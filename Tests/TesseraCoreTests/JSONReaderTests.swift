import TesseraTestSupport
import Testing

@testable import TesseraCore

@Suite("JSONReader: strict RFC 8259 parsing")
struct JSONReaderTests {
    static let validDocuments: [(String, Value)] = [
        ("null", .null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        (#""""#, .string("")),
        ("[]", .list([])),
        ("{}", .map([:])),
        ("[1,[2,[3,[]]]]", .list([.int(1), .list([.int(2), .list([.int(3), .list([])])])])),
        (
            #"{"a":{"b":[true,null,"x"]},"c":-1.5}"#,
            .map(["a": .map(["b": .list([.bool(true), .null, .string("x")])]), "c": .double(-1.5)])
        ),
        (" \t\r\n{ \"k\" : [ 1 , 2 ] , \"e\" : { } } \n", .map(["k": .list([.int(1), .int(2)]), "e": .map([:])])),
        (#"{"":""}"#, .map(["": .string("")])),
        (#"["é😀", "日本"]"#, .list([.string("é😀"), .string("日本")])),
    ]

    @Test("parses valid documents", arguments: validDocuments)
    func parsesValidDocuments(text: String, expected: Value) throws {
        #expect(try JSONReader.parse(text) == expected)
        #expect(try parseJSON(bytes: Array(text.utf8)) == expected)
    }

    static let escapes: [(String, String)] = [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u0041\u00e9\u00E9""#, "Aéé"),
        (#""a\u0062c""#, "abc"),
        (#""\u0000""#, "\u{0}"),
        (#""\u001f\u007f""#, "\u{1F}\u{7F}"),
        (#""\u20AC""#, "€"),
        (#""\u2028\uFFFF""#, "\u{2028}\u{FFFF}"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD834\uDD1E""#, "𝄞"),
        (#""\udbff\udfff""#, "\u{10FFFF}"),
        (#""\ud800\udc00""#, "\u{10000}"),
        (#""é\n😀""#, "é\n😀"),
        (#""x\ud83d\ude00y\u00e9z""#, "x😀yéz"),
    ]

    @Test("decodes escapes, including surrogate pairs", arguments: escapes)
    func decodesEscapes(text: String, expected: String) throws {
        let value = try JSONReader.parse(text)
        #expect(value == .string(expected))
        if case .string(let decoded) = value {
            #expect(Array(decoded.unicodeScalars) == Array(expected.unicodeScalars))
        }
    }

    static let numbers: [(String, Value)] = [
        ("0", .int(0)),
        ("-0", .int(0)),
        ("7", .int(7)),
        ("-42", .int(-42)),
        ("123456789012345678", .int(123_456_789_012_345_678)),
        ("-999999999999999999", .int(-999_999_999_999_999_999)),
        ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808.0)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_809.0)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("0.0", .double(0)),
        ("1.5", .double(1.5)),
        ("-0.125", .double(-0.125)),
        ("0.1", .double(0.1)),
        ("3.141592653589793", .double(3.141592653589793)),
        ("1e3", .double(1000)),
        ("1E+2", .double(100)),
        ("2.5e-3", .double(0.0025)),
        ("-1.25E-2", .double(-0.0125)),
        ("0e0", .double(0)),
        ("1e-07", .double(1e-7)),
        ("1e+16", .double(1e16)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        ("2.2250738585072014e-308", .double(.leastNormalMagnitude)),
        ("5e-324", .double(.leastNonzeroMagnitude)),
        ("1e-400", .double(0)),
        ("[-1,2.5,3e0]", .list([.int(-1), .double(2.5), .double(3)])),
    ]

    @Test("reads integers as .int, everything else as .double", arguments: numbers)
    func parsesNumbers(text: String, expected: Value) throws {
        #expect(try JSONReader.parse(text) == expected)
    }

    @Test("keeps the sign of negative zero")
    func negativeZero() throws {
        guard case .double(let value) = try JSONReader.parse("-0.0") else {
            Issue.record("-0.0 did not parse as a double")
            return
        }
        #expect(value.bitPattern == (-0.0 as Double).bitPattern)
    }

    /// Checks one number text against the standard library's correctly rounded conversion.
    private func checkDouble(_ text: String, _ rng: SeededRandom) -> Bool {
        guard let reference = Double(text) else {
            Issue.record("reference conversion failed for \(text)")
            return false
        }
        do {
            let value = try JSONReader.parse(text)
            guard case .double(let parsed) = value, parsed.bitPattern == reference.bitPattern else {
                Issue.record("\(text) parsed as \(value), expected \(reference) (\(rng.note))")
                return false
            }
        } catch {
            guard !reference.isFinite else {
                Issue.record("\(text) failed: \(error) (\(rng.note))")
                return false
            }
            #expect(error.reason.contains("out of range"))
        }
        return true
    }

    private func digits(_ count: Int, leadingNonZero: Bool, _ rng: inout SeededRandom) -> String {
        var text = ""
        for position in 0..<count {
            let low = position == 0 && leadingNonZero ? 1 : 0
            // Runs of zeros and nines exercise carries and exact powers of ten.
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: text.append(position == 0 && leadingNonZero ? "1" : "0")
            case 1: text.append("9")
            default: text.append(String(Int.random(in: low...9, using: &rng)))
            }
        }
        return text
    }

    @Test("plain decimals convert exactly like Double(text), inside and outside the fast path")
    func randomDecimalsAreCorrectlyRounded() {
        var rng = SeededRandom.announced("JSON decimals")
        for step in 0..<20_000 {
            let integerDigits = Int.random(in: 0...12, using: &rng)
            // Mostly at most 18 significant digits (the fast path); every fourth case may be longer.
            let fractionLimit = step % 4 == 0 ? 30 : max(1, 18 - max(integerDigits, 1))
            let fractionDigits = Int.random(in: 1...fractionLimit, using: &rng)
            let integerPart = integerDigits == 0 ? "0" : digits(integerDigits, leadingNonZero: true, &rng)
            let sign = Bool.random(using: &rng) ? "-" : ""
            let text = sign + integerPart + "." + digits(fractionDigits, leadingNonZero: false, &rng)
            if !checkDouble(text, rng) { return }
        }
    }

    @Test("decimals with exponents convert exactly like Double(text)")
    func randomExponentsAreCorrectlyRounded() {
        var rng = SeededRandom.announced("JSON exponents")
        for _ in 0..<5000 {
            let mantissa = digits(Int.random(in: 1...20, using: &rng), leadingNonZero: true, &rng)
            let fraction =
                Bool.random(using: &rng)
                ? "." + digits(Int.random(in: 1...10, using: &rng), leadingNonZero: false, &rng) : ""
            let exponentSign = ["", "+", "-"].randomElement(using: &rng)!
            let marker = Bool.random(using: &rng) ? "e" : "E"
            let text = mantissa + fraction + marker + exponentSign + String(Int.random(in: 0...330, using: &rng))
            if !checkDouble(text, rng) { return }
        }
    }

    @Test("integers up to Int64 stay exact; larger ones become doubles")
    func randomIntegers() throws {
        var rng = SeededRandom.announced("JSON integers")
        for _ in 0..<5000 {
            let magnitude = Int64.random(in: 0...(Int64.max >> Int.random(in: 0...62, using: &rng)), using: &rng)
            let number = Bool.random(using: &rng) ? magnitude : -magnitude
            let value = try JSONReader.parse(String(number))
            #expect(value == .int(number), "\(rng.note)")
            if value != .int(number) { return }
        }
        for _ in 0..<1000 {
            let text =
                (Bool.random(using: &rng) ? "-" : "")
                + digits(Int.random(in: 20...40, using: &rng), leadingNonZero: true, &rng)
            if !checkDouble(text, rng) { return }
        }
    }

    /// Malformed texts with the reason and the zero-based offset the error must report.
    static let rejections: [(String, String, Int)] = [
        ("", "unexpected end of input", 0),
        ("   ", "unexpected end of input", 3),
        ("NaN", "expected a value", 0),
        ("nan", "unexpected end of input", 0),
        ("nanx", "invalid literal (expected null)", 0),
        ("Infinity", "expected a value", 0),
        ("-Infinity", "expected a value", 0),
        ("[1e999]", "out of range", 1),
        ("-1e400", "out of range", 0),
        ("01", "leading zeros", 0),
        ("-01", "leading zeros", 0),
        ("00", "leading zeros", 0),
        ("[1, 007]", "leading zeros", 4),
        ("1.", "malformed number '1.'", 0),
        (".5", "expected a value", 0),
        ("1e", "malformed number", 0),
        ("1e+", "malformed number", 0),
        ("1.2.3", "malformed number", 0),
        ("1-2", "malformed number", 0),
        ("-", "expected a value", 0),
        ("--1", "expected a value", 0),
        ("+1", "expected a value", 0),
        ("0x10", "unexpected text after the JSON value", 1),
        ("[1,]", "expected a value", 3),
        ("[,1]", "expected a value", 1),
        (#"{"a":1,}"#, "expected a member name in double quotes", 7),
        (#"{,"a":1}"#, "expected a member name in double quotes", 1),
        ("[1 2]", "expected ',' or ']'", 3),
        ("[1", "unterminated array", 2),
        ("{", "unterminated object", 1),
        (#"{"a":1"#, "unterminated object", 6),
        (#"{"a" 1}"#, "expected ':' after a member name", 5),
        (#"{"a":1 "b":2}"#, "expected ',' or '}'", 7),
        ("{1:2}", "expected a member name in double quotes", 1),
        ("{'a':1}", "expected a member name in double quotes", 1),
        (#"{"a":}"#, "expected a value", 5),
        (#""abc"#, "unterminated string", 0),
        ("\"a\u{1}b\"", "control character in string", 2),
        ("\"a\tb\"", "control character in string", 2),
        ("\"a\nb\"", "control character in string", 2),
        ("\"\\n\u{0}\"", "control character in string", 3),
        (#""\x""#, #"invalid escape '\x'"#, 2),
        (#""\"#, "unterminated escape", 2),
        (#""\u12G4""#, "invalid hex digit", 5),
        (#""\u12""#, "truncated \\u escape", 3),
        (#""\ud800""#, "unpaired surrogate", 7),
        (#""\ud800x""#, "unpaired surrogate", 7),
        (#""\udc00""#, "unpaired surrogate", 7),
        (#""\ud800\u0041""#, "invalid low surrogate", 13),
        (#""\ud800\ud800""#, "invalid low surrogate", 13),
        ("tru", "unexpected end of input", 0),
        ("trUe", "invalid literal (expected true)", 0),
        ("fals", "unexpected end of input", 0),
        ("[true false]", "expected ',' or ']'", 6),
        ("[1] x", "unexpected text after the JSON value", 4),
        ("{}{}", "unexpected text after the JSON value", 2),
        ("[1]//", "unexpected text after the JSON value", 3),
        (#"{"a":1,"a":2}"#, "duplicate member name \"a\"", 11),
        (#"{"a":1,"\u0061":2}"#, "duplicate member name \"a\"", 16),
        (#"[{"x":{"y":1,"y":{}}}]"#, "duplicate member name \"y\"", 17),
        ("\u{FEFF}1", "expected a value", 0),
    ]

    @Test("rejects malformed JSON with a reason and the offending byte offset", arguments: rejections)
    func rejectsMalformedText(text: String, reason: String, offset: Int) {
        let error = jsonError(text)
        #expect(error != nil, "\(text) should not parse")
        #expect(error?.reason.contains(reason) == true, "reason was: \(error?.reason ?? "none")")
        #expect(error?.offset == offset)
        #expect(error?.description == error.map { "\($0.reason) (at byte \(offset + 1))" })
    }

    static let invalidUTF8: [([UInt8], Int)] = [
        ([0x22, 0xC3, 0x28, 0x22], 1),  // a lead byte followed by ASCII
        ([0x22, 0x80, 0x22], 1),  // a lone continuation byte
        ([0x22, 0xC0, 0x80, 0x22], 1),  // overlong encoding of NUL
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1),  // overlong '/'
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),  // a UTF-16 surrogate encoded as UTF-8
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),  // beyond U+10FFFF
        ([0x22, 0xE2, 0x82, 0x22], 1),  // a truncated 3-byte sequence
        ([0x22, 0x61, 0xFF, 0x22], 1),  // 0xFF never appears in UTF-8
        ([0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22], 1),  // a 5-byte form
        ([0x22, 0xFF, 0x5C, 0x6E, 0x22], 1),  // invalid byte before an escape
        ([0x22, 0x5C, 0x6E, 0xC3, 0x22], 1),  // invalid byte after an escape
        ([0x5B, 0x31, 0x2C, 0x22, 0xC3, 0x22, 0x5D], 4),  // inside an array
        ([0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D], 2),  // in a member name
    ]

    @Test("rejects strings that are not valid UTF-8", arguments: invalidUTF8)
    func rejectsInvalidUTF8(bytes: [UInt8], offset: Int) {
        let error = jsonError(bytes: bytes)
        #expect(error?.reason == "string is not valid UTF-8")
        #expect(error?.offset == offset)
    }

    @Test("accepts valid multi-byte UTF-8 in strings and names")
    func acceptsValidUTF8() throws {
        let text = #"{"ключ":"日本語 😀 \u00e9 é","ñ":["𝄞"]}"#
        #expect(
            try parseJSON(bytes: Array(text.utf8)) == .map(["ключ": .string("日本語 😀 é é"), "ñ": .list([.string("𝄞")])]))
    }

    @Test("enforces the nesting limit without exhausting the stack")
    func depthLimit() throws {
        let limit = JSONReader.maxDepth
        #expect(limit == 256)
        // Containers nested exactly to the limit are fine, one more level is not.
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try JSONReader.parse(deepest) }
        let objects = String(repeating: #"{"a":"#, count: limit - 1) + "{}" + String(repeating: "}", count: limit - 1)
        #expect(throws: Never.self) { try JSONReader.parse(objects) }
        let scalarInside = String(repeating: "[", count: limit - 1) + "1" + String(repeating: "]", count: limit - 1)
        #expect(throws: Never.self) { try JSONReader.parse(scalarInside) }

        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let error = jsonError(tooDeep)
        #expect(error?.reason == "nested more than 256 levels")
        #expect(error?.offset == limit)

        // A hostile document far beyond the limit fails quickly and cleanly.
        let hostile = String(repeating: #"[{"k":"#, count: 100_000)
        #expect(jsonError(hostile)?.reason.contains("nested more than") == true)
    }

    @Test("walks an object member by member and skips values by range")
    func streamingAccess() throws {
        let text = #" {"id": 7, "tags": ["a", {"x": 1}], "name": "n\"q", "none": null} "#
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            try reader.beginObject()
            var seen: [String] = []
            var first = true
            while let key = try reader.nextKey(first: first) {
                first = false
                seen.append(key)
                switch key {
                case "id": #expect(try reader.readNumber() == .int(7))
                case "tags":
                    let range = try reader.skipValue()
                    #expect(String(decoding: bytes[range], as: UTF8.self) == #"["a", {"x": 1}]"#)
                case "name": #expect(try reader.readString() == "n\"q")
                default:
                    #expect(reader.peek() == UInt8(ascii: "n"))
                    #expect(try reader.readValue() == .null)
                }
            }
            #expect(seen == ["id", "tags", "name", "none"])
            try reader.expectEnd()
        }
    }

    @Test("lends raw member names and refuses escaped ones")
    func rawMemberNames() throws {
        let bytes = Array(#"{"plain": 1, "es\ncaped": 2}"#.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            try reader.beginObject()
            let key = try #require(try reader.nextKeyBytes(first: true))
            #expect(Array(key) == Array("plain".utf8))
            #expect(try reader.readValue() == .int(1))
            let error = #expect(throws: JSONError.self) { _ = try reader.nextKeyBytes(first: false) }
            #expect(error?.reason.contains("may not contain escapes") == true)
            #expect(error?.offset == 16)
        }
        let empty = Array("{ }".utf8)
        try empty.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            try reader.beginObject()
            #expect(try reader.nextKeyBytes(first: true) == nil)
            try reader.expectEnd()
        }
        let notObject = Array("[1]".utf8)
        notObject.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            let error = #expect(throws: JSONError.self) { try reader.beginObject() }
            #expect(error?.reason == "expected '{'")
        }
    }
}
