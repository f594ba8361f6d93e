import TesseraTestSupport
import Testing

@testable import TesseraCore

/// The loader's JSON-to-binary transcoder must write exactly what encoding the parsed value writes.
@Suite struct TranscodeTests {
    func transcode(_ text: String) throws -> [UInt8] {
        var copy = text
        let result = copy.withUTF8 { buffer in
            Result { () throws(JSONError) -> [UInt8] in
                var reader = JSONReader(buffer)
                var writer = ByteWriter()
                try reader.transcodeObject(into: &writer)
                try reader.expectEnd()
                return writer.bytes
            }
        }
        return try result.get()
    }

    @Test func matchesParseThenEncodeOnRandomObjects() throws {
        var rng = SeededRandom.announced("TranscodeTests")
        let generator = ValueGenerator(includeBytes: false, includeNonFinite: false)
        for _ in 0..<2_000 {
            var entries: [String: Value] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &rng) { entries[generator.string(&rng)] = generator.value(&rng) }
            let text = JSONWriter.string(.map(entries))
            var expected = ByteWriter()
            ValueCodec.encodeMap(try JSONReader.parse(text).mapEntries, into: &expected)
            #expect(try transcode(text) == expected.bytes, "\(text)")
        }
    }

    @Test func keysAreOrderedByUTF8Bytes() throws {
        let bytes = try transcode(#"{"é":1,"z":2,"A":3}"#)
        var reader = ByteReader(bytes, context: "test")
        let decoded = try ValueCodec.decodeMap(from: &reader)
        #expect(decoded == ["A": .int(3), "z": .int(2), "é": .int(1)])
        // "A" (0x41) < "z" (0x7A) < "é" (0xC3 0xA9): the first key written is "A".
        #expect(Array(bytes[1...2]) == [1, UInt8(ascii: "A")])
    }

    @Test func rejectsDuplicateKeysAndBadInput() {
        #expect(throws: JSONError.self) { try transcode(#"{"a":1,"a":2}"#) }
        #expect(throws: JSONError.self) { try transcode(#"{"a":[1,2}"#) }
        #expect(throws: JSONError.self) { try transcode(#"{"a":NaN}"#) }
    }
}

extension Value {
    fileprivate var mapEntries: [String: Value] {
        if case .map(let entries) = self { return entries }
        return [:]
    }
}
