import TesseraTestSupport
import Testing

@testable import TesseraCore

@Suite("ValueCodec: binary value encoding")
struct ValueCodecTests {
    static func decode(_ bytes: [UInt8]) throws(CorruptionError) -> Value {
        var reader = ByteReader(bytes, context: "value")
        let value = try ValueCodec.decode(from: &reader)
        guard reader.isAtEnd else { throw reader.corrupt("trailing bytes") }
        return value
    }

    static let vectors: [(Value, [UInt8])] = [
        (.null, [0]),
        (.bool(false), [1]),
        (.bool(true), [2]),
        (.int(0), [3, 0]),
        (.int(-1), [3, 1]),
        (.int(1), [3, 2]),
        (.int(300), [3, 0xD8, 0x04]),
        (.int(.max), [3, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (.int(.min), [3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (.double(1.0), [4, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0]),
        (.double(-2.5), [4, 0xC0, 0x04, 0, 0, 0, 0, 0, 0]),
        (.string(""), [5, 0]),
        (.string("hé"), [5, 3, 0x68, 0xC3, 0xA9]),
        (.bytes([0, 0xFF]), [6, 2, 0, 0xFF]),
        (.list([]), [7, 0]),
        (.list([.null, .int(1)]), [7, 2, 0, 3, 2]),
        (.map([:]), [8, 0]),
        (.map(["b": .int(1), "a": .bool(true)]), [8, 2, 1, 0x61, 2, 1, 0x62, 3, 2]),
    ]

    @Test("encodes known values to known bytes and back", arguments: vectors)
    func knownEncodings(value: Value, bytes: [UInt8]) throws {
        #expect(ValueCodec.encode(value) == bytes)
        #expect(try Self.decode(bytes) == value)
    }

    @Test("decode(encode(v)) == v for random values, including bytes, NaN and infinities")
    func randomRoundTrip() throws {
        var rng = SeededRandom.announced("ValueCodec round trip")
        let generator = ValueGenerator(includeBytes: true, includeNonFinite: true, maxDepth: 5)
        for _ in 0..<3000 {
            let value = generator.value(&rng)
            let bytes = ValueCodec.encode(value)
            let decoded = try Self.decode(bytes)
            #expect(bitwiseEqual(decoded, value), "\(value) (\(rng.note))")
            if !bitwiseEqual(decoded, value) { return }
            // Canonical: re-encoding the decoded value gives identical bytes.
            #expect(ValueCodec.encode(decoded) == bytes)
        }
    }

    @Test("maps encode identically whatever their insertion order or capacity")
    func canonicalMapOrder() throws {
        var rng = SeededRandom.announced("ValueCodec map order")
        for _ in 0..<200 {
            var entries: [(String, Value)] = []
            for index in 0..<Int.random(in: 0...40, using: &rng) {
                entries.append(("k\(Int.random(in: 0...1000, using: &rng))-\(index)", .int(Int64(index))))
            }
            var forward: [String: Value] = [:]
            for (key, value) in entries { forward[key] = value }
            var backward: [String: Value] = Dictionary(minimumCapacity: 500)
            for (key, value) in entries.shuffled(using: &rng) { backward[key] = value }
            let bytes = ValueCodec.encode(.map(forward))
            #expect(bytes == ValueCodec.encode(.map(backward)), "\(rng.note)")

            // The keys appear in ascending order in the encoding.
            var reader = ByteReader(bytes, context: "map")
            #expect(try reader.read() == 8)
            let count = try reader.readVarint()
            #expect(count == UInt64(forward.count))
            var keys: [String] = []
            for _ in 0..<count {
                keys.append(try reader.readString())
                _ = try ValueCodec.decode(from: &reader)
            }
            #expect(keys == forward.keys.sorted())
            #expect(reader.isAtEnd)
        }
    }

    @Test("encodeMap and decodeMap work without a tag")
    func untaggedMaps() throws {
        let entries: [String: Value] = ["x": .list([.string("y")]), "a": .map(["n": .null])]
        var writer = ByteWriter()
        writer.write(0xAA)
        ValueCodec.encodeMap(entries, into: &writer)
        var reader = ByteReader(writer.bytes, offset: 1, context: "properties")
        #expect(try ValueCodec.decodeMap(from: &reader) == entries)
        #expect(reader.isAtEnd)
    }

    @Test("every truncation of a valid encoding is reported as corruption")
    func truncationsAreCorruption() throws {
        var rng = SeededRandom.announced("ValueCodec truncation")
        let generator = ValueGenerator(includeBytes: true, includeNonFinite: true)
        var checked = 0
        for _ in 0..<100 {
            let bytes = ValueCodec.encode(generator.value(&rng))
            for length in 0..<bytes.count {
                var reader = ByteReader(Array(bytes[0..<length]), context: "property value")
                let error = #expect(throws: CorruptionError.self, "\(rng.note)") {
                    _ = try ValueCodec.decode(from: &reader)
                }
                #expect(error?.what == "property value")
                #expect(
                    error?.reason.contains("truncated") == true || error?.reason.contains("past the end") == true
                        || error?.reason.contains("length") == true || error?.reason.contains("size") == true,
                    "\(error?.reason ?? "none")")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    static let corruptInputs: [([UInt8], String)] = [
        ([], "truncated at byte 0"),
        ([9], "unknown value tag 9 at byte 1"),
        ([0xFF], "unknown value tag 255"),
        ([3], "truncated at byte 1"),
        ([3, 0x80], "truncated at byte 2"),
        ([3] + Array(repeating: 0x80, count: 10) + [0], "varint too long"),
        ([4, 0, 0, 0], "truncated at byte 1"),
        ([5, 5, 0x61], "length 5 past the end at byte 2"),
        ([6, 0x80, 0x80, 0x80, 0x80, 0x01, 1], "past the end"),
        ([7, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "list length 4294967295"),
        ([8, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "map size 4294967295"),
        ([7, 2, 0], "truncated at byte 3"),
        ([8, 1, 1, 0x61], "truncated at byte 4"),
        ([8, 1, 5, 0x61], "past the end"),
        ([7, 1, 42], "unknown value tag 42 at byte 3"),
    ]

    @Test("damaged encodings throw CorruptionError naming the problem and offset", arguments: corruptInputs)
    func corruptEncodings(bytes: [UInt8], reason: String) {
        let error = #expect(throws: CorruptionError.self) { try Self.decode(bytes) }
        #expect(error?.reason.contains(reason) == true, "reason was: \(error?.reason ?? "none")")
        #expect(error?.what == "value")
        #expect(error?.description == error.map { "corrupt value: \($0.reason)" })
    }

    @Test("deeply nested values are refused rather than overflowing the stack")
    func nestingLimit() {
        // 511 nested lists decode; the 512th level is refused.
        let fine: [UInt8] = Array([[UInt8]](repeating: [7, 1], count: 511).joined()) + [0]
        #expect(throws: Never.self) { try Self.decode(fine) }
        let deep: [UInt8] = Array([[UInt8]](repeating: [7, 1], count: 100_000).joined()) + [0]
        let error = #expect(throws: CorruptionError.self) { try Self.decode(deep) }
        #expect(error?.reason.contains("values nested too deeply") == true)
    }
}
