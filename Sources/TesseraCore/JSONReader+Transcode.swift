extension JSONReader {
    /// Reads a JSON object and appends its members in ``ValueCodec``'s map encoding (count, then
    /// key/value pairs in UTF-8 key order) without building ``Value``s: the loader's fast path.
    ///
    /// The output is byte-for-byte what `ValueCodec.encodeMap` writes for the parsed object.
    public mutating func transcodeObject(into output: inout ByteWriter, depth: Int = 0) throws(JSONError) {
        guard depth < Self.maxDepth else { throw JSONError("nested more than \(Self.maxDepth) levels", at: index) }
        try beginObject()
        var scratch = ByteWriter(capacity: 256)
        // Per member: the encoded key (length prefix + UTF-8), where its UTF-8 starts, and the encoded value.
        var members: [(entry: Range<Int>, name: Range<Int>)] = []
        var first = true
        while let key = try nextKey(first: first) {
            first = false
            let entryStart = scratch.bytes.count
            scratch.writeString(key)
            let nameStart = scratch.bytes.count - key.utf8.count
            let nameEnd = scratch.bytes.count
            try transcodeValue(into: &scratch, depth: depth + 1)
            members.append((entryStart..<scratch.bytes.count, nameStart..<nameEnd))
        }
        let bytes = scratch.bytes
        if members.count > 1 {
            members.sort { bytes[$0.name].lexicographicallyPrecedes(bytes[$1.name]) }
            for position in members.indices.dropFirst()
            where bytes[members[position - 1].name] == bytes[members[position].name] {
                throw JSONError("duplicate member name in object", at: index)
            }
        }
        output.writeVarint(UInt64(members.count))
        for member in members { output.bytes.append(contentsOf: bytes[member.entry]) }
    }

    /// Reads any value and appends its ``ValueCodec`` encoding.
    public mutating func transcodeValue(into output: inout ByteWriter, depth: Int) throws(JSONError) {
        guard depth < Self.maxDepth else { throw JSONError("nested more than \(Self.maxDepth) levels", at: index) }
        skipWhitespace()
        guard index < bytes.count else { throw JSONError("unexpected end of input", at: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            output.write(ValueCodec.Tag.map.rawValue)
            try transcodeObject(into: &output, depth: depth)
        case UInt8(ascii: "["):
            index += 1
            var items = ByteWriter(capacity: 64)
            var count = 0
            if peek() == UInt8(ascii: "]") {
                index += 1
            } else {
                while true {
                    try transcodeValue(into: &items, depth: depth + 1)
                    count += 1
                    skipWhitespace()
                    guard index < bytes.count else { throw JSONError("unterminated array", at: index) }
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "]") { break }
                    guard byte == UInt8(ascii: ",") else { throw JSONError("expected ',' or ']'", at: index - 1) }
                }
            }
            output.write(ValueCodec.Tag.list.rawValue)
            output.writeVarint(UInt64(count))
            output.bytes.append(contentsOf: items.bytes)
        case UInt8(ascii: "\""):
            output.write(ValueCodec.Tag.string.rawValue)
            output.writeString(try readString())
        default:
            ValueCodec.encode(try readValue(depth: depth), into: &output)
        }
    }
}
