import PropertyBased
import Testing

@testable import TesseraStorage

// MARK: - Helpers

/// The bytes a key builder writes.
private func key(_ build: (inout KeyWriter) -> Void) -> [UInt8] {
    var writer = KeyWriter()
    build(&writer)
    return writer.bytes
}

/// Runs `body` with a reader over `bytes`.
private func read<T>(_ bytes: [UInt8], _ body: (inout KeyReader) throws -> T) throws -> T {
    try bytes.withUnsafeBufferPointer { buffer in
        var reader = KeyReader(buffer)
        return try body(&reader)
    }
}

/// -1, 0 or 1: how RocksDB's default bytewise comparator orders two keys.
private func byteOrder(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a == b { return 0 }
    return a.lexicographicallyPrecedes(b) ? -1 : 1
}

private func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

/// The order the key encoding promises for doubles: numeric, -0.0 before +0.0, every NaN equal and last.
private func doubleOrder(_ a: Double, _ b: Double) -> Int {
    if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? 0 : (a.isNaN ? 1 : -1) }
    if a != b { return a < b ? -1 : 1 }
    if a.sign == b.sign { return 0 }
    return a.sign == .minus ? -1 : 1
}

/// Strings order by code point, which is also the order of their UTF-8 bytes.
private func stringOrder(_ a: String, _ b: String) -> Int {
    let x = a.unicodeScalars.map(\.value)
    let y = b.unicodeScalars.map(\.value)
    if x == y { return 0 }
    return x.lexicographicallyPrecedes(y) ? -1 : 1
}

private func bytesOrder(_ a: [UInt8], _ b: [UInt8]) -> Int { byteOrder(a, b) }

// MARK: - Generators

private let uint64Edges: [UInt64] = [0, 1, 0xFF, 0x100, UInt64(UInt32.max), 1 << 63, (1 << 63) - 1, .max - 1, .max]
private let int64Edges: [Int64] = [.min, .min + 1, -256, -1, 0, 1, 255, 256, .max - 1, .max]
private let uint32Edges: [UInt32] = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 1 << 31, .max - 1, .max]
private let doubleEdges: [Double] = [
    -.infinity, -.greatestFiniteMagnitude, -1, -.leastNormalMagnitude, -Double.leastNormalMagnitude.nextDown,
    -.leastNonzeroMagnitude, -0.0, 0.0, .leastNonzeroMagnitude, Double.leastNormalMagnitude.nextDown,
    .leastNormalMagnitude, 1.0.nextDown, 1, 1.0.nextUp, .greatestFiniteMagnitude, .infinity, .nan, -.nan,
    .signalingNaN, Double(bitPattern: 0x7FF0_0000_0000_0001), Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF),
]

private let uint64Gen = Gen.oneOf(
    Gen.uint64().eraseToAny(),
    Gen.uint64(in: 0...3).eraseToAny(),
    Gen<UInt64?>.element(of: uint64Edges).map { $0! }.eraseToAny()
)
private let uint32Gen = Gen.oneOf(
    Gen.uint32().eraseToAny(),
    Gen.uint32(in: 0...3).eraseToAny(),
    Gen<UInt32?>.element(of: uint32Edges).map { $0! }.eraseToAny()
)
private let int64Gen = Gen.oneOf(
    Gen.int64().eraseToAny(),
    Gen.int64(in: -3...3).eraseToAny(),
    Gen<Int64?>.element(of: int64Edges).map { $0! }.eraseToAny()
)
private let doubleGen = Gen.oneOf(
    // Any bit pattern: normals, subnormals, infinities, NaNs with payloads, both signs.
    Gen.uint64().map { Double(bitPattern: $0) }.eraseToAny(),
    // Subnormals of either sign.
    zip(Gen.bool, Gen.uint64(in: 0...((1 << 52) - 1))).map { negative, mantissa in
        Double(bitPattern: mantissa | (negative ? 1 << 63 : 0))
    }.eraseToAny(),
    Gen.double(in: -4...4).eraseToAny(),
    Gen<Double?>.element(of: doubleEdges).map { $0! }.eraseToAny()
)
/// Bytes that stress the escaping: NUL, the escape marker 0xFF, the terminator's second byte 0x01.
private let byteStringGen = Gen.oneOf(
    Gen<UInt8?>.element(of: [0x00, 0x01, 0x02, 0x7F, 0xFE, 0xFF] as [UInt8]).map { $0! }.array(of: 0...6).eraseToAny(),
    Gen.uint8().array(of: 0...10).eraseToAny()
)
private let stringGen = Gen<String?>
    .element(of: ["", "a", "b", "ab", "\u{0}", "\u{1}", "\u{7F}", "é", "\u{FF}", "€", "\u{FFFF}", "😀", "\u{10FFFF}"])
    .map { $0! }
    .array(of: 0...5)
    .map { $0.joined() }

// MARK: - Tests

@Suite("KeyEncoding: byte order equals logical order")
struct KeyEncodingTests {
    @Test("UInt64: order, descending order and round trip")
    func uint64Order() async {
        await propertyCheck(count: 400, input: uint64Gen, uint64Gen) { a, b throws in
            let (ka, kb) = (key { $0.append(a) }, key { $0.append(b) })
            #expect(ka.count == 8)
            #expect(byteOrder(ka, kb) == order(a, b))
            let (da, db) = (key { $0.append(a, descending: true) }, key { $0.append(b, descending: true) })
            #expect(byteOrder(da, db) == order(b, a))
            #expect(try read(ka) { try $0.readUInt64() } == a)
            #expect(try read(da) { try $0.readUInt64(descending: true) } == a)
        }
    }

    @Test("UInt32: order, descending order and round trip")
    func uint32Order() async {
        await propertyCheck(count: 400, input: uint32Gen, uint32Gen) { a, b throws in
            let (ka, kb) = (key { $0.append(a) }, key { $0.append(b) })
            #expect(ka.count == 4)
            #expect(byteOrder(ka, kb) == order(a, b))
            let (da, db) = (key { $0.append(a, descending: true) }, key { $0.append(b, descending: true) })
            #expect(byteOrder(da, db) == order(b, a))
            #expect(try read(ka) { try $0.readUInt32() } == a)
            #expect(try read(da) { try $0.readUInt32(descending: true) } == a)
        }
    }

    @Test("Int64: order across the sign boundary, descending order and round trip")
    func int64Order() async {
        await propertyCheck(count: 400, input: int64Gen, int64Gen) { a, b throws in
            let (ka, kb) = (key { $0.append(a) }, key { $0.append(b) })
            #expect(byteOrder(ka, kb) == order(a, b))
            let (da, db) = (key { $0.append(a, descending: true) }, key { $0.append(b, descending: true) })
            #expect(byteOrder(da, db) == order(b, a))
            #expect(try read(ka) { try $0.readInt64() } == a)
            #expect(try read(da) { try $0.readInt64(descending: true) } == a)
        }
    }

    @Test("Double: -inf < negatives < -0 < +0 < subnormals < positives < +inf < NaN")
    func doubleOrderProperty() async {
        await propertyCheck(count: 1000, input: doubleGen, doubleGen) { a, b throws in
            let (ka, kb) = (key { $0.append(a) }, key { $0.append(b) })
            #expect(byteOrder(ka, kb) == doubleOrder(a, b), "\(a) vs \(b)")
            let (da, db) = (key { $0.append(a, descending: true) }, key { $0.append(b, descending: true) })
            #expect(byteOrder(da, db) == doubleOrder(b, a), "\(a) vs \(b) descending")
            for (bytes, descending) in [(ka, false), (da, true)] {
                let decoded = try read(bytes) { try $0.readDouble(descending: descending) }
                if a.isNaN {
                    #expect(decoded.isNaN)
                } else {
                    #expect(decoded.bitPattern == a.bitPattern, "\(a) decoded as \(decoded)")
                }
            }
        }
    }

    @Test("Double: the edge values sort in the documented sequence")
    func doubleEdgeSequence() {
        let ascending: [Double] = [
            -.infinity, -.greatestFiniteMagnitude, -1, -.leastNormalMagnitude, -.leastNonzeroMagnitude, -0.0, 0.0,
            .leastNonzeroMagnitude, Double.leastNormalMagnitude.nextDown, .leastNormalMagnitude, 1,
            .greatestFiniteMagnitude, .infinity, .nan,
        ]
        let keys = ascending.map { value in key { $0.append(value) } }
        for index in keys.indices.dropLast() {
            #expect(
                keys[index].lexicographicallyPrecedes(keys[index + 1]), "\(ascending[index]) < \(ascending[index + 1])")
        }
        // Every NaN (quiet, signalling, negative, with payload) encodes identically.
        let nanKeys = Set(
            [Double.nan, -.nan, .signalingNaN, Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF)].map { value in
                key { $0.append(value) }
            })
        #expect(nanKeys.count == 1)
    }

    @Test("byte strings: order with embedded 0x00 and 0xFF and prefixes, descending and round trip")
    func byteStringOrder() async {
        await propertyCheck(count: 1000, input: byteStringGen, byteStringGen) { a, b throws in
            let (ka, kb) = (key { $0.append(bytes: a) }, key { $0.append(bytes: b) })
            #expect(byteOrder(ka, kb) == bytesOrder(a, b), "\(a) vs \(b)")
            let (da, db) = (
                key { $0.append(bytes: a, descending: true) }, key { $0.append(bytes: b, descending: true) }
            )
            #expect(byteOrder(da, db) == bytesOrder(b, a), "\(a) vs \(b) descending")
            #expect(try read(ka) { try $0.readBytes() } == a)
            #expect(try read(da) { try $0.readBytes(descending: true) } == a)
            // Prefix-free: an encoded component is never a proper prefix of another.
            if ka != kb {
                #expect(!kb.starts(with: ka) && !ka.starts(with: kb))
            }
        }
    }

    @Test("strings: code point order, descending order and round trip")
    func stringOrderProperty() async {
        await propertyCheck(count: 1000, input: stringGen, stringGen) { a, b throws in
            let (ka, kb) = (key { $0.append(a) }, key { $0.append(b) })
            #expect(byteOrder(ka, kb) == stringOrder(a, b), "\(a.debugDescription) vs \(b.debugDescription)")
            let (da, db) = (key { $0.append(a, descending: true) }, key { $0.append(b, descending: true) })
            #expect(byteOrder(da, db) == stringOrder(b, a))
            let decoded = try read(ka) { try $0.readString() }
            #expect(Array(decoded.unicodeScalars) == Array(a.unicodeScalars))
            let decodedDescending = try read(da) { try $0.readString(descending: true) }
            #expect(Array(decodedDescending.unicodeScalars) == Array(a.unicodeScalars))
        }
    }

    @Test(
        "byte strings: known encodings",
        arguments: [
            ([], [0x00, 0x01]),
            ([0x61], [0x61, 0x00, 0x01]),
            ([0x00], [0x00, 0xFF, 0x00, 0x01]),
            ([0x61, 0x00, 0x62], [0x61, 0x00, 0xFF, 0x62, 0x00, 0x01]),
            ([0xFF, 0x01], [0xFF, 0x01, 0x00, 0x01]),
        ] as [([UInt8], [UInt8])])
    func knownByteStringEncodings(value: [UInt8], encoded: [UInt8]) throws {
        #expect(key { $0.append(bytes: value) } == encoded)
        #expect(key { $0.append(bytes: value, descending: true) } == encoded.map { ~$0 })
        #expect(try read(encoded) { try $0.readBytes() } == value)
    }

    /// A tuple mixing every component kind, some descending.
    struct Row: Sendable, CustomStringConvertible {
        var group: UInt32  // ascending
        var name: String  // descending
        var version: Int64  // descending
        var score: Double  // ascending
        var tag: [UInt8]  // descending
        var id: UInt64  // ascending

        var description: String { "(\(group), \(name.debugDescription), \(version), \(score), \(tag), \(id))" }

        var encoded: [UInt8] {
            var writer = KeyWriter(prefix: 0x42)
            writer.append(group)
            writer.append(name, descending: true)
            writer.append(version, descending: true)
            writer.append(score)
            writer.append(bytes: tag, descending: true)
            writer.append(id)
            return writer.bytes
        }

        static func decode(_ bytes: [UInt8]) throws -> Row {
            try read(bytes) { reader in
                guard try reader.readByte() == 0x42 else { throw KeyDecodingError(offset: 0) }
                let row = Row(
                    group: try reader.readUInt32(), name: try reader.readString(descending: true),
                    version: try reader.readInt64(descending: true), score: try reader.readDouble(),
                    tag: try reader.readBytes(descending: true), id: try reader.readUInt64())
                guard reader.isAtEnd else { throw KeyDecodingError(offset: reader.offset) }
                return row
            }
        }

        /// Component-wise comparison, each component in its own direction.
        static func logicalOrder(_ a: Row, _ b: Row) -> Int {
            for comparison in [
                order(a.group, b.group), stringOrder(b.name, a.name), order(b.version, a.version),
                doubleOrder(a.score, b.score), bytesOrder(b.tag, a.tag), order(a.id, b.id),
            ] where comparison != 0 {
                return comparison
            }
            return 0
        }
    }

    @Test("tuples of mixed ascending and descending components compare component by component")
    func tupleOrder() async {
        // Small domains make equal leading components common, so later components get compared.
        let rowGen = zip(
            Gen.uint32(in: 0...2),
            Gen<String?>.element(of: ["", "a", "a\u{0}", "ab", "b"]).map { $0! },
            Gen.int64(in: -2...2),
            Gen<Double?>.element(of: [-.infinity, -1, -0.0, 0.0, 2.5, .nan]).map { $0! },
            Gen<UInt8?>.element(of: [0x00, 0xFF, 0x01] as [UInt8]).map { $0! }.array(of: 0...2),
            uint64Gen
        ).map { Row(group: $0.0, name: $0.1, version: $0.2, score: $0.3, tag: $0.4, id: $0.5) }
        await propertyCheck(count: 1500, input: rowGen, rowGen) { a, b throws in
            #expect(byteOrder(a.encoded, b.encoded) == Row.logicalOrder(a, b), "\(a) vs \(b)")
            let decoded = try Row.decode(a.encoded)
            #expect(Row.logicalOrder(decoded, a) == 0, "\(a) decoded as \(decoded)")
        }
    }

    @Test("signed and unsigned integers have fixed widths and documented bytes")
    func integerBytes() {
        #expect(key { $0.append(Int64(0)) } == [0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(key { $0.append(Int64(-1)) } == [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(key { $0.append(Int64.min) } == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(key { $0.append(UInt64(0x0102_0304_0506_0708)) } == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(key { $0.append(UInt32(0x0102_0304)) } == [1, 2, 3, 4])
        #expect(key { $0.append(UInt32(0x0102_0304), descending: true) } == [0xFE, 0xFD, 0xFC, 0xFB])
        #expect(key { $0.append(0.0) } == [0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(key { $0.append(-0.0) } == [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(KeyWriter(prefix: 7).bytes == [7])
        #expect(key { $0.append(byte: 9) } == [9])
    }

    @Test("raw suffixes, single bytes and the rest of a key read back")
    func rawComponents() throws {
        var writer = KeyWriter(prefix: 0x10)
        writer.append(UInt64(5))
        writer.append(rawSuffix: [0x00, 0xFF, 0x00])
        let (tag, number, rest) = try read(writer.bytes) { reader in
            (try reader.readByte(), try reader.readUInt64(), reader.readRest())
        }
        #expect(tag == 0x10 && number == 5 && rest == [0x00, 0xFF, 0x00])
    }

    static let malformed: [([UInt8], String, Int)] = [
        ([1, 2, 3], "uint64", 0),
        ([1, 2, 3], "uint32", 0),
        ([], "byte", 0),
        ([0x61, 0x62], "bytes", 2),  // no terminator
        ([0x61, 0x00], "bytes", 2),  // a lone 0x00 at the end
        ([0x61, 0x00, 0x05], "bytes", 2),  // 0x00 followed by neither 0x01 nor 0xFF
        ([0x00, 0x02, 0x00, 0x01], "bytes", 1),
    ]

    @Test("malformed keys throw KeyDecodingError at the right offset", arguments: malformed)
    func malformedKeys(bytes: [UInt8], kind: String, offset: Int) {
        let error = #expect(throws: KeyDecodingError.self) {
            try read(bytes) { reader in
                switch kind {
                case "uint64": _ = try reader.readUInt64()
                case "uint32": _ = try reader.readUInt32()
                case "byte": _ = try reader.readByte()
                default: _ = try reader.readBytes()
                }
            }
        }
        #expect(error?.offset == offset)
        #expect(error?.description == "malformed key at byte \(offset)")
    }

    static let successors: [([UInt8], [UInt8]?)] = [
        ([], nil),
        ([0xFF], nil),
        ([0xFF, 0xFF, 0xFF], nil),
        ([0x00], [0x01]),
        ([0x61, 0x62], [0x61, 0x63]),
        ([0x01, 0xFF], [0x02]),
        ([0x01, 0xFE, 0xFF, 0xFF], [0x01, 0xFF]),
        ([0x00, 0xFF], [0x01]),
    ]

    @Test("prefixSuccessor: known values", arguments: successors)
    func knownSuccessors(prefix: [UInt8], successor: [UInt8]?) {
        #expect(prefix.prefixSuccessor() == successor)
    }

    @Test("prefixSuccessor: [p, successor(p)) holds exactly the keys that start with p")
    func successorBoundsThePrefix() async {
        let small = Gen<UInt8?>.element(of: [0x00, 0x01, 0xFE, 0xFF] as [UInt8]).map { $0! }
        await propertyCheck(count: 2000, input: small.array(of: 0...4), small.array(of: 0...6)) { prefix, tail throws in
            // Candidate keys near the prefix: the prefix extended, and a key sharing part of it.
            for candidate in [prefix + tail, Array(prefix.prefix(tail.count)) + tail, tail] {
                let startsWith = candidate.starts(with: prefix)
                guard let successor = prefix.prefixSuccessor() else {
                    #expect(prefix.allSatisfy { $0 == 0xFF })
                    // No upper bound: every key >= p starts with p.
                    #expect(startsWith == (byteOrder(prefix, candidate) <= 0), "prefix \(prefix) key \(candidate)")
                    continue
                }
                let inRange = byteOrder(prefix, candidate) <= 0 && byteOrder(candidate, successor) < 0
                #expect(inRange == startsWith, "prefix \(prefix) successor \(successor) key \(candidate)")
                #expect(byteOrder(prefix, successor) < 0)
            }
        }
    }
}
