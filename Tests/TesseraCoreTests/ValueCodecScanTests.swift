import TesseraTestSupport
import Testing

@testable import TesseraCore

@Suite("ValueCodec: finding a key in an encoded map")
struct ValueCodecScanTests {
    @Test("encodedMap(_:hasKey:) agrees with the decoded map, for present, absent and neighbouring keys")
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
                let found = try ValueCodec.encodedMap(writer.bytes, hasKey: key)
                #expect(found == (entries[key] != nil), "\(key) in \(entries) (\(rng.note))")
                if found != (entries[key] != nil) { return }
            }
        }
    }

    @Test("a damaged map is reported as corruption, not misread")
    func damagedMapsThrow() {
        var writer = ByteWriter()
        ValueCodec.encodeMap(["a": .list([.int(1), .string("x")]), "id": .int(2)], into: &writer)
        let truncated = Array(writer.bytes.dropLast(4))
        #expect(throws: CorruptionError.self) { try ValueCodec.encodedMap(truncated, hasKey: "id") }
        var unknownTag = writer.bytes
        unknownTag[3] = 99  // the tag of the value of "a"
        #expect(throws: CorruptionError.self) { try ValueCodec.encodedMap(unknownTag, hasKey: "id") }
    }
}
