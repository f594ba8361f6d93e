import TesseraTestSupport
import Testing

@testable import TesseraCore

@Suite("ValueCodec: finding a key in an encoded map")
struct ValueCodecScanTests {
    @Test("encodedValue(in:forKey:) agrees with the decoded map, for present, absent and neighbouring keys")
    func agreesWithDecodedMaps() throws {
        var rng = SeededRandom.announced("ValueCodec key scan")
        let generator = ValueGenerator(includeBytes: true, includeNonFinite: true, maxDepth: 4)
        let probes = ["id", "i", "ida", "", "a", "zz", "é"]
        for _ in 0..<2000 {
            var entries: [String: Value] = [:]
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                let key = Bool.random(using: &rng) ? probes.randomElement(using: &rng)! : generator.string(&rng)
                entries[key] = generator.value(&rng)
            }
            var writer = ByteWriter()
            ValueCodec.encodeMap(entries, into: &writer)
            for key in probes + Array(entries.keys) {
                let found = try ValueCodec.encodedValue(in: writer.bytes, forKey: key).map(Array.init)
                let expected = entries[key].map { ValueCodec.encode($0) }
                #expect(found == expected, "\(key) in \(entries) (\(rng.note))")
                if found != expected { return }
            }
        }
    }

    @Test("a damaged map is reported as corruption, not misread")
    func damagedMapsThrow() {
        var writer = ByteWriter()
        ValueCodec.encodeMap(["a": .list([.int(1), .string("x")]), "id": .int(2)], into: &writer)
        let truncated = Array(writer.bytes.dropLast(4))
        #expect(throws: CorruptionError.self) { try ValueCodec.encodedValue(in: truncated, forKey: "id") }
        var unknownTag = writer.bytes
        unknownTag[3] = 99  // the tag of the value of "a"
        #expect(throws: CorruptionError.self) { try ValueCodec.encodedValue(in: unknownTag, forKey: "id") }
    }
}
