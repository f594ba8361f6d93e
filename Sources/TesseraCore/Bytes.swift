/// Appends binary fields to a byte buffer: varints, fixed-width big-endian integers, length-prefixed bytes.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    /// Creates an empty writer with room for `capacity` bytes.
    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    @inlinable public mutating func write(_ byte: UInt8) { bytes.append(byte) }

    /// Appends an unsigned LEB128 varint.
    @inlinable public mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends a signed integer as a zig-zag varint.
    @inlinable public mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a big-endian UInt64.
    @inlinable public mutating func writeFixed64(_ value: UInt64) {
        var shift = 56
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            shift -= 8
        }
    }

    /// Appends a varint length followed by the bytes.
    @inlinable public mutating func writeLengthPrefixed<C: Collection>(_ data: C) where C.Element == UInt8 {
        writeVarint(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    /// Appends a string as length-prefixed UTF-8.
    @inlinable public mutating func writeString(_ string: String) {
        var copy = string
        copy.withUTF8 { writeLengthPrefixed($0) }
    }
}

/// Reads what ``ByteWriter`` wrote; every read checks bounds and throws ``CorruptionError``.
extension UnsafeBufferPointer where Element == UInt8 {
    /// The big-endian 64-bit number at `offset` (as ``ByteWriter/writeFixed64(_:)`` writes it), read in place
    /// from bytes RocksDB lends; the caller checks that eight bytes are there.
    @inlinable public func fixed64(at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + 8) { value = value << 8 | UInt64(self[index]) }
        return value
    }

    /// The varint at `offset` (as ``ByteWriter/writeVarint(_:)`` writes it), read in place; advances `offset`
    /// past it. Nil when the bytes end first or it runs longer than ten bytes.
    @inlinable public func varint(at offset: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count && shift < 64 {
            let byte = self[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }
}

public struct ByteReader {
    /// The bytes being read.
    public let bytes: [UInt8]
    /// The position of the next read.
    public private(set) var offset: Int
    let context: String

    /// Creates a reader; `context` names what is being decoded for error messages.
    public init(_ bytes: [UInt8], offset: Int = 0, context: String) {
        self.bytes = bytes
        self.offset = offset
        self.context = context
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset >= bytes.count }

    /// Reads one byte.
    public mutating func read() throws(CorruptionError) -> UInt8 {
        guard offset < bytes.count else { throw corrupt("truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads an unsigned varint.
    public mutating func readVarint() throws(CorruptionError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try read()
            // The tenth byte holds only bit 63; anything more would be silently shifted out.
            guard shift < 63 || (shift == 63 && byte <= 1) else { throw corrupt("varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads a zig-zag signed varint.
    public mutating func readSignedVarint() throws(CorruptionError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads a big-endian UInt64.
    public mutating func readFixed64() throws(CorruptionError) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw corrupt("truncated") }
        var value: UInt64 = 0
        for index in offset..<offset + 8 { value = value << 8 | UInt64(bytes[index]) }
        offset += 8
        return value
    }

    /// Reads a length-prefixed byte run.
    public mutating func readLengthPrefixed() throws(CorruptionError) -> ArraySlice<UInt8> {
        let count = try readVarint()
        guard count <= UInt64(bytes.count - offset) else { throw corrupt("length \(count) past the end") }
        defer { offset += Int(count) }
        return bytes[offset..<offset + Int(count)]
    }

    /// Reads a length-prefixed UTF-8 string.
    public mutating func readString() throws(CorruptionError) -> String {
        String(decoding: try readLengthPrefixed(), as: UTF8.self)
    }

    /// An error that names the decoded thing and the offset.
    public func corrupt(_ reason: String) -> CorruptionError {
        CorruptionError(what: context, reason: "\(reason) at byte \(offset)")
    }
}

/// Stored bytes that do not decode: the database is damaged or was written by an incompatible version.
public struct CorruptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of record that failed to decode.
    public let what: String
    /// What was wrong with it.
    public let reason: String

    /// Creates a corruption error.
    public init(what: String, reason: String) {
        self.what = what
        self.reason = reason
    }

    public var description: String { "corrupt \(what): \(reason)" }
}
