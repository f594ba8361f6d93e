extension ValueCodec {
    /// Whether map entries written by ``encodeMap(_:into:)`` have an entry named `key`, found without decoding
    /// the values (entries are in key order, so the walk stops at the first key after `key`).
    public static func encodedMap(_ bytes: [UInt8], hasKey key: String) throws(CorruptionError) -> Bool {
        let wanted = Array(key.utf8)
        var reader = ByteReader(bytes, context: "property map")
        let count = try reader.readVarint()
        for _ in 0..<count {
            let name = try reader.readLengthPrefixed()
            if name.elementsEqual(wanted) { return true }
            if wanted.lexicographicallyPrecedes(name) { return false }
            try skip(from: &reader, depth: 1)
        }
        return false
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
