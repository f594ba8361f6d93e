import TesseraTestSupport
import Testing

@testable import TesseraCore

@Suite("ByteWriter and ByteReader: binary fields and corruption checks")
struct ByteReaderTests {
    static let varints: [(UInt64, [UInt8])] = [
        (0, [0x00]),
        (1, [0x01]),
        (127, [0x7F]),
        (128, [0x80, 0x01]),
        (300, [0xAC, 0x02]),
        (16_383, [0xFF, 0x7F]),
        (16_384, [0x80, 0x80, 0x01]),
        (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (1 << 63, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
        (.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test("varints use LEB128", arguments: varints)
    func varintEncoding(value: UInt64, bytes: [UInt8]) throws {
        var writer = ByteWriter()
        writer.writeVarint(value)
        #expect(writer.bytes == bytes)
        var reader = ByteReader(bytes, context: "varint")
        #expect(try reader.readVarint() == value)
        #expect(reader.isAtEnd)
        #expect(reader.offset == bytes.count)
        // Read in place too, after a leading byte; cut one byte short, it is not there.
        let shifted = [0xAA] + bytes
        shifted.withUnsafeBufferPointer { buffer in
            var offset = 1
            #expect(buffer.varint(at: &offset) == value)
            #expect(offset == shifted.count)
            var short = 1
            #expect(UnsafeBufferPointer(rebasing: buffer.dropLast()).varint(at: &short) == nil)
        }
    }

    @Test(
        "signed varints zig-zag small magnitudes into few bytes",
        arguments: [
            (0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (63, [0x7E]), (-64, [0x7F]), (64, [0x80, 0x01]),
        ] as [(Int64, [UInt8])])
    func signedVarintEncoding(value: Int64, bytes: [UInt8]) throws {
        var writer = ByteWriter()
        writer.writeSignedVarint(value)
        #expect(writer.bytes == bytes)
        var reader = ByteReader(bytes, context: "signed")
        #expect(try reader.readSignedVarint() == value)
    }

    @Test("a random sequence of fields reads back in order")
    func randomFieldsRoundTrip() throws {
        var rng = SeededRandom.announced("ByteReader fields")
        enum Field: Equatable {
            case byte(UInt8), varint(UInt64), signed(Int64), fixed(UInt64), blob([UInt8]), text(String)
        }
        for _ in 0..<500 {
            var fields: [Field] = []
            var writer = ByteWriter(capacity: 4)
            for _ in 0..<Int.random(in: 0...20, using: &rng) {
                let width = Int.random(in: 0...64, using: &rng)
                let number = width == 64 ? rng.next() : rng.next() & ((1 << UInt64(width)) - 1)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0:
                    fields.append(.byte(UInt8(truncatingIfNeeded: number)))
                    writer.write(UInt8(truncatingIfNeeded: number))
                case 1:
                    fields.append(.varint(number))
                    writer.writeVarint(number)
                case 2:
                    fields.append(.signed(Int64(bitPattern: number)))
                    writer.writeSignedVarint(Int64(bitPattern: number))
                case 3:
                    fields.append(.fixed(number))
                    writer.writeFixed64(number)
                case 4:
                    let blob = (0..<Int(number % 300)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    fields.append(.blob(blob))
                    writer.writeLengthPrefixed(blob)
                default:
                    let text = String(repeating: "é😀x", count: Int(number % 50))
                    fields.append(.text(text))
                    writer.writeString(text)
                }
            }
            var reader = ByteReader(writer.bytes, context: "fields")
            for field in fields {
                let read: Field
                switch field {
                case .byte: read = .byte(try reader.read())
                case .varint: read = .varint(try reader.readVarint())
                case .signed: read = .signed(try reader.readSignedVarint())
                case .fixed: read = .fixed(try reader.readFixed64())
                case .blob: read = .blob(Array(try reader.readLengthPrefixed()))
                case .text: read = .text(try reader.readString())
                }
                #expect(read == field, "\(rng.note)")
            }
            #expect(reader.isAtEnd)
        }
    }

    @Test("fixed64 is big-endian")
    func fixed64IsBigEndian() throws {
        var writer = ByteWriter()
        writer.writeFixed64(0x0102_0304_0506_0708)
        #expect(writer.bytes == [1, 2, 3, 4, 5, 6, 7, 8])
        var reader = ByteReader([0xFF] + writer.bytes, offset: 1, context: "fixed")
        #expect(try reader.readFixed64() == 0x0102_0304_0506_0708)
    }

    @Test("reads past the end throw and name the context and offset")
    func truncatedReads() throws {
        var reader = ByteReader([0x05, 0x61, 0x62], context: "edge record")
        let error = #expect(throws: CorruptionError.self) { _ = try reader.readString() }
        #expect(error == CorruptionError(what: "edge record", reason: "length 5 past the end at byte 1"))
        #expect(error?.description == "corrupt edge record: length 5 past the end at byte 1")

        var empty = ByteReader([], context: "empty")
        #expect(empty.isAtEnd)
        #expect(throws: CorruptionError(what: "empty", reason: "truncated at byte 0")) { _ = try empty.read() }
        #expect(throws: CorruptionError(what: "empty", reason: "truncated at byte 0")) { _ = try empty.readVarint() }
        #expect(throws: CorruptionError(what: "empty", reason: "truncated at byte 0")) { _ = try empty.readFixed64() }
        #expect(throws: CorruptionError(what: "empty", reason: "truncated at byte 0")) {
            _ = try empty.readSignedVarint()
        }
        #expect(throws: CorruptionError(what: "empty", reason: "truncated at byte 0")) {
            _ = try empty.readLengthPrefixed()
        }

        var seven = ByteReader([1, 2, 3, 4, 5, 6, 7], context: "fixed")
        #expect(throws: CorruptionError(what: "fixed", reason: "truncated at byte 0")) { _ = try seven.readFixed64() }
        #expect(seven.offset == 0)

        var unfinished = ByteReader([0x80, 0x80], context: "varint")
        #expect(throws: CorruptionError(what: "varint", reason: "truncated at byte 2")) {
            _ = try unfinished.readVarint()
        }
    }

    @Test("every truncation of a field sequence fails cleanly")
    func everyPrefixFails() throws {
        var writer = ByteWriter()
        writer.writeVarint(1 << 40)
        writer.writeFixed64(.max)
        writer.writeString("hello, wörld")
        writer.writeSignedVarint(.min)
        let bytes = writer.bytes
        for length in 0..<bytes.count {
            var reader = ByteReader(Array(bytes[0..<length]), context: "prefix")
            #expect(throws: CorruptionError.self, "length \(length)") {
                _ = try reader.readVarint()
                _ = try reader.readFixed64()
                _ = try reader.readString()
                _ = try reader.readSignedVarint()
            }
        }
    }

    @Test(
        "varints longer than 64 bits are corruption, not silently truncated",
        arguments: [
            Array(repeating: 0x80, count: 10) + [0x00],
            Array(repeating: 0xFF, count: 9) + [0x02],
            Array(repeating: 0xFF, count: 9) + [0x7F],
            Array(repeating: 0x80, count: 9) + [0x80, 0x01],
        ] as [[UInt8]])
    func overlongVarints(bytes: [UInt8]) {
        var reader = ByteReader(bytes, context: "varint")
        let error = #expect(throws: CorruptionError.self) { _ = try reader.readVarint() }
        #expect(error?.reason.contains("varint too long") == true, "reason was \(error?.reason ?? "none")")
    }
}
