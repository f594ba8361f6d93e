/// The binary encoding of ``Value``: one tag byte, then the payload. Map entries are sorted by the
/// UTF-8 bytes of their keys.
public enum ValueCodec {
    /// The tag byte that starts each encoded value.
    public enum Tag: UInt8, Sendable {
        case null = 0, falseValue, trueValue, int, double, string, bytes, list, map
    }

    /// Encodes a value.
    public static func encode(_ value: Value) -> [UInt8] {
        var writer = ByteWriter()
        encode(value, into: &writer)
        return writer.bytes
    }

    /// Appends the encoding of `value`.
    public static func encode(_ value: Value, into writer: inout ByteWriter) {
        switch value {
        case .null: writer.write(Tag.null.rawValue)
        case .bool(let flag): writer.write(flag ? Tag.trueValue.rawValue : Tag.falseValue.rawValue)
        case .int(let number):
            writer.write(Tag.int.rawValue)
            writer.writeSignedVarint(number)
        case .double(let number):
            writer.write(Tag.double.rawValue)
            writer.writeFixed64(number.bitPattern)
        case .string(let text):
            writer.write(Tag.string.rawValue)
            writer.writeString(text)
        case .bytes(let data):
            writer.write(Tag.bytes.rawValue)
            writer.writeLengthPrefixed(data)
        case .list(let items):
            writer.write(Tag.list.rawValue)
            writer.writeVarint(UInt64(items.count))
            for item in items { encode(item, into: &writer) }
        case .map(let entries):
            writer.write(Tag.map.rawValue)
            encodeMap(entries, into: &writer)
        }
    }

    /// Appends a map's entries (count, then key/value pairs in key order) without a tag.
    public static func encodeMap(_ entries: [String: Value], into writer: inout ByteWriter) {
        writer.writeVarint(UInt64(entries.count))
        // UTF-8 byte order (not String's Unicode order), so encodings are canonical and match the
        // JSON transcoder's.
        for key in entries.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            writer.writeString(key)
            encode(entries[key] ?? .null, into: &writer)
        }
    }

    /// Decodes one value at the reader's position.
    public static func decode(from reader: inout ByteReader, depth: Int = 0) throws(CorruptionError) -> Value {
        guard depth < 512 else { throw reader.corrupt("values nested too deeply") }
        let raw = try reader.read()
        guard let tag = Tag(rawValue: raw) else { throw reader.corrupt("unknown value tag \(raw)") }
        switch tag {
        case .null: return .null
        case .falseValue: return .bool(false)
        case .trueValue: return .bool(true)
        case .int: return .int(try reader.readSignedVarint())
        case .double: return .double(Double(bitPattern: try reader.readFixed64()))
        case .string: return .string(try reader.readString())
        case .bytes: return .bytes(Array(try reader.readLengthPrefixed()))
        case .list:
            let count = try reader.readVarint()
            guard count <= UInt64(reader.bytes.count) else { throw reader.corrupt("list length \(count)") }
            var items: [Value] = []
            items.reserveCapacity(Int(count))
            for _ in 0..<count { items.append(try decode(from: &reader, depth: depth + 1)) }
            return .list(items)
        case .map: return .map(try decodeMap(from: &reader, depth: depth + 1))
        }
    }

    /// Decodes map entries written by ``encodeMap(_:into:)``.
    public static func decodeMap(from reader: inout ByteReader, depth: Int = 0) throws(CorruptionError)
        -> [String: Value]
    {
        let count = try reader.readVarint()
        if count == 0 { return [:] }
        guard count <= UInt64(reader.bytes.count) else { throw reader.corrupt("map size \(count)") }
        var entries: [String: Value] = [:]
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            let key = try reader.readString()
            entries[key] = try decode(from: &reader, depth: depth + 1)
        }
        return entries
    }
}
