/// Builds order-preserving binary keys: comparing two keys byte by byte (RocksDB's default
/// comparator) gives the same order as comparing their components one after the other.
///
/// Encodings (every component is prefix-free, so tuples compare component-wise):
/// - unsigned integers: fixed-width big-endian;
/// - signed integers: the sign bit flipped, then big-endian;
/// - doubles: IEEE-754 bits, all bits flipped for negatives, the sign bit flipped otherwise
///   (so -inf < ... < -0.0 < 0.0 < ... < inf; NaN sorts after inf);
/// - strings and byte strings: 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01;
/// - descending: the bitwise complement of the ascending encoding of a component. Because
///   every ascending encoding is prefix-free, complementing reverses its order.
public struct KeyWriter: Sendable {
    /// The key bytes written so far.
    public var bytes: [UInt8]

    /// Creates a key starting with `prefix` (a one-byte key-space tag, usually).
    public init(prefix: UInt8, capacity: Int = 32) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(prefix)
    }

    /// Creates an empty key.
    public init() { bytes = [] }

    /// Appends one raw byte (tags, separators).
    @inlinable public mutating func append(byte: UInt8) { bytes.append(byte) }

    /// Appends an unsigned 64-bit integer.
    @inlinable public mutating func append(_ value: UInt64, descending: Bool = false) {
        let encoded = descending ? ~value : value
        var shift = 56
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: encoded >> UInt64(shift)))
            shift -= 8
        }
    }

    /// Appends an unsigned 32-bit integer.
    @inlinable public mutating func append(_ value: UInt32, descending: Bool = false) {
        let encoded = descending ? ~value : value
        bytes.append(UInt8(truncatingIfNeeded: encoded >> 24))
        bytes.append(UInt8(truncatingIfNeeded: encoded >> 16))
        bytes.append(UInt8(truncatingIfNeeded: encoded >> 8))
        bytes.append(UInt8(truncatingIfNeeded: encoded))
    }

    /// Appends a signed 64-bit integer.
    @inlinable public mutating func append(_ value: Int64, descending: Bool = false) {
        append(UInt64(bitPattern: value) ^ (1 << 63), descending: descending)
    }

    /// Appends a double.
    @inlinable public mutating func append(_ value: Double, descending: Bool = false) {
        append(KeyWriter.orderedBits(value), descending: descending)
    }

    /// Appends a string (its UTF-8 bytes).
    public mutating func append(_ value: String, descending: Bool = false) {
        append(bytes: Array(value.utf8), descending: descending)
    }

    /// Appends a byte string.
    public mutating func append(bytes value: [UInt8], descending: Bool = false) {
        let flip: UInt8 = descending ? 0xFF : 0x00
        for byte in value {
            bytes.append(byte ^ flip)
            if byte == 0 { bytes.append(0xFF ^ flip) }
        }
        bytes.append(0x00 ^ flip)
        bytes.append(0x01 ^ flip)
    }

    /// Appends bytes as-is with no terminator: only valid as the last component of a key.
    public mutating func append(rawSuffix value: [UInt8]) { bytes.append(contentsOf: value) }

    @usableFromInline static func orderedBits(_ value: Double) -> UInt64 {
        let canonical = value.isNaN ? Double.nan : value
        let bits = canonical.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits ^ (1 << 63)
    }
}

/// Reads keys written by ``KeyWriter``, component by component.
public struct KeyReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next component.
    public private(set) var offset: Int

    /// Creates a reader over `bytes`, which the caller keeps alive.
    public init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset >= bytes.count }

    /// Reads one raw byte.
    public mutating func readByte() throws(KeyDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw KeyDecodingError(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads an unsigned 64-bit integer.
    public mutating func readUInt64(descending: Bool = false) throws(KeyDecodingError) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw KeyDecodingError(offset: offset) }
        var value: UInt64 = 0
        for index in offset..<offset + 8 { value = value << 8 | UInt64(bytes[index]) }
        offset += 8
        return descending ? ~value : value
    }

    /// Reads an unsigned 32-bit integer.
    public mutating func readUInt32(descending: Bool = false) throws(KeyDecodingError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw KeyDecodingError(offset: offset) }
        var value: UInt32 = 0
        for index in offset..<offset + 4 { value = value << 8 | UInt32(bytes[index]) }
        offset += 4
        return descending ? ~value : value
    }

    /// Reads a signed 64-bit integer.
    public mutating func readInt64(descending: Bool = false) throws(KeyDecodingError) -> Int64 {
        Int64(bitPattern: try readUInt64(descending: descending) ^ (1 << 63))
    }

    /// Reads a double.
    public mutating func readDouble(descending: Bool = false) throws(KeyDecodingError) -> Double {
        let bits = try readUInt64(descending: descending)
        return Double(bitPattern: bits & (1 << 63) != 0 ? bits ^ (1 << 63) : ~bits)
    }

    /// Reads a byte string.
    public mutating func readBytes(descending: Bool = false) throws(KeyDecodingError) -> [UInt8] {
        let flip: UInt8 = descending ? 0xFF : 0x00
        var out: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset] ^ flip
            offset += 1
            guard byte == 0 else {
                out.append(byte)
                continue
            }
            guard offset < bytes.count else { break }
            let next = bytes[offset] ^ flip
            offset += 1
            if next == 0x01 { return out }
            guard next == 0xFF else { throw KeyDecodingError(offset: offset - 1) }
            out.append(0)
        }
        throw KeyDecodingError(offset: offset)
    }

    /// Reads a string.
    public mutating func readString(descending: Bool = false) throws(KeyDecodingError) -> String {
        String(decoding: try readBytes(descending: descending), as: UTF8.self)
    }

    /// The remaining bytes (for a raw last component).
    public mutating func readRest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(UnsafeBufferPointer(rebasing: bytes[offset...]))
    }
}

/// A key that does not decode as the expected tuple.
public struct KeyDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset where decoding failed.
    public let offset: Int
    public var description: String { "malformed key at byte \(offset)" }
}

extension Array where Element == UInt8 {
    /// The smallest key greater than every key that starts with `self` (nil when none exists: all 0xFF).
    public func prefixSuccessor() -> [UInt8]? {
        var result = self
        while let last = result.last {
            if last < 0xFF {
                result[result.count - 1] = last + 1
                return result
            }
            result.removeLast()
        }
        return nil
    }
}
