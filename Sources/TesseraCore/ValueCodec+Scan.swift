extension ValueCodec {
    /// The encoding (tag and payload) of the value map entries written by ``encodeMap(_:into:)`` hold for `key`,
    /// found without decoding the values; nil when there is no such entry (entries are in key order, so the
    /// walk stops at the first key after `key`).
    public static func encodedValue(in bytes: [UInt8], forKey key: String) throws(CorruptionError)
        -> ArraySlice<UInt8>?
    {
        let wanted = Array(key.utf8)
        var reader = ByteReader(bytes, context: "property map")
        let count = try reader.readVarint()
        for _ in 0..<count {
            let name = try reader.readLengthPrefixed()
            if wanted.lexicographicallyPrecedes(name) { return nil }
            let start = reader.offset
            try skip(from: &reader, depth: 1)
            if name.elementsEqual(wanted) { return bytes[start..<reader.offset] }
        }
        return nil
    }

    /// Moves the reader past one encoded value.
    static func skip(from reader: inout ByteReader, depth: Int) throws(CorruptionError) {
        guard depth < 512 else { throw reader.corrupt("values nested too deeply") }
        let raw = try reader.read()
        guard let tag = Tag(rawValue: raw) else { throw reader.corrupt("unknown value tag \(raw)") }
        switch tag {
        case .null, .falseValue, .trueValue: return
        case .int: _ = try reader.readVarint()
        case .double: _ = try reader.readFixed64()
        case .string, .bytes: _ = try reader.readLengthPrefixed()
        case .list:
            let count = try reader.readVarint()
            guard count <= UInt64(reader.bytes.count) else { throw reader.corrupt("list length \(count)") }
            for _ in 0..<count { try skip(from: &reader, depth: depth + 1) }
        case .map:
            let count = try reader.readVarint()
            guard count <= UInt64(reader.bytes.count) else { throw reader.corrupt("map size \(count)") }
            for _ in 0..<count {
                _ = try reader.readLengthPrefixed()
                try skip(from: &reader, depth: depth + 1)
            }
        }
    }
}
