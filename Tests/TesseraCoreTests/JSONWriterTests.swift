import TesseraTestSupport
import Testing

@testable import TesseraCore

@Suite("JSONWriter: compact output that reads back")
struct JSONWriterTests {
    static let vectors: [(Value, String)] = [
        (.null, "null"),
        (.bool(true), "true"),
        (.bool(false), "false"),
        (.int(0), "0"),
        (.int(-42), "-42"),
        (.int(.min), "-9223372036854775808"),
        (.int(.max), "9223372036854775807"),
        (.double(1.5), "1.5"),
        (.double(3), "3.0"),
        (.double(-0.0), "-0.0"),
        (.double(1e16), "1e+16"),
        (.double(.nan), "null"),
        (.double(.infinity), "null"),
        (.double(-.infinity), "null"),
        (.string(""), #""""#),
        (.string("a\"b\\c/d"), #""a\"b\\c/d""#),
        (.string("\n\r\t\u{0}\u{8}\u{C}\u{1F}\u{7F}"), #""\n\r\t\u0000\u0008\u000c\u001f"# + "\u{7F}\""),
        (.string("é😀\u{2028}"), "\"é😀\u{2028}\""),
        (.bytes([]), #""""#),
        (.bytes(Array("f".utf8)), #""Zg==""#),
        (.bytes(Array("fo".utf8)), #""Zm8=""#),
        (.bytes(Array("foo".utf8)), #""Zm9v""#),
        (.bytes(Array("foob".utf8)), #""Zm9vYg==""#),
        (.bytes(Array("fooba".utf8)), #""Zm9vYmE=""#),
        (.bytes(Array("foobar".utf8)), #""Zm9vYmFy""#),
        (.bytes([0xFB, 0xFF, 0xBF]), #""+/+/""#),
        (.list([]), "[]"),
        (.list([.int(1), .null, .list([.bool(false)])]), "[1,null,[false]]"),
        (.map([:]), "{}"),
        (
            .map(["b": .int(1), "a": .int(2), "B": .int(3), "": .null, "é": .int(4)]),
            #"{"":null,"B":3,"a":2,"b":1,"é":4}"#
        ),
        (.map(["outer": .map(["z": .int(1), "y": .list([])])]), #"{"outer":{"y":[],"z":1}}"#),
    ]

    @Test("writes compact JSON with members in key order", arguments: vectors)
    func writesKnownVectors(value: Value, text: String) {
        #expect(JSONWriter.string(value) == text)
        #expect(JSONWriter.encode(value) == Array(text.utf8))
        #expect(value.description == text)
        var out: [UInt8] = [0x20]
        JSONWriter.write(value, to: &out)
        #expect(out == [0x20] + Array(text.utf8))
    }

    @Test("parse(write(v)) == v for random values")
    func randomRoundTrip() throws {
        var rng = SeededRandom.announced("JSON round trip")
        let generator = ValueGenerator(includeBytes: false, includeNonFinite: false)
        for _ in 0..<3000 {
            let value = generator.value(&rng)
            let text = JSONWriter.string(value)
            let parsed: Value
            do {
                parsed = try JSONReader.parse(text)
            } catch {
                Issue.record("\(text) did not parse: \(error) (\(rng.note))")
                return
            }
            // A double that happens to be integral must stay a double (written as "3.0", never "3").
            #expect(bitwiseEqual(parsed, value), "\(text) (\(rng.note))")
            if !bitwiseEqual(parsed, value) { return }
            // Writing is deterministic, so a second pass gives the same text.
            #expect(JSONWriter.string(parsed) == text)
        }
    }

    @Test("every finite double survives writing and reading bit for bit")
    func randomDoublesRoundTrip() throws {
        var rng = SeededRandom.announced("JSON doubles")
        var checked = 0
        while checked < 20_000 {
            let number = Double(bitPattern: rng.next())
            guard number.isFinite else { continue }
            checked += 1
            let text = JSONWriter.string(.double(number))
            guard case .double(let parsed) = try JSONReader.parse(text), parsed.bitPattern == number.bitPattern else {
                Issue.record("\(text) did not read back as \(number) (\(rng.note))")
                return
            }
        }
        #expect(checked == 20_000)
    }

    @Test("every string survives writing and reading scalar for scalar")
    func stringsRoundTrip() throws {
        var all = String.UnicodeScalarView()
        for code in 0..<0x800 { all.append(Unicode.Scalar(UInt32(code))!) }
        for code in [0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF] as [UInt32] {
            all.append(Unicode.Scalar(code)!)
        }
        let text = JSONWriter.string(.string(String(all)))
        guard case .string(let parsed) = try JSONReader.parse(text) else {
            Issue.record("not a string")
            return
        }
        #expect(Array(parsed.unicodeScalars) == Array(all))
        // Raw control characters never appear in the output.
        #expect(!JSONWriter.encode(.string(String(all))).contains { $0 < 0x20 })
    }
}
