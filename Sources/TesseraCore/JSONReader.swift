/// A JSON text that does not parse: what is wrong and at which byte offset.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let reason: String
    /// Zero-based byte offset into the text.
    public let offset: Int

    /// Creates a JSON error.
    public init(_ reason: String, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "\(reason) (at byte \(offset + 1))" }
}

/// A strict RFC 8259 reader over UTF-8 bytes that builds ``Value``s or walks objects member by member.
///
/// Integers that fit Int64 become `.int`; other numbers become `.double` and must be finite.
/// Strings must be valid UTF-8 without raw control characters.
public struct JSONReader {
    /// The text being read. The caller keeps it alive for the reader's lifetime.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    public var index: Int
    /// The maximum nesting of arrays and objects.
    public static let maxDepth = 256

    /// Creates a reader at the start of `bytes`.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.index = 0
    }

    /// Parses a complete JSON document.
    public static func parse(_ text: String) throws(JSONError) -> Value {
        var copy = text
        let result = copy.withUTF8 { buffer in
            Result { () throws(JSONError) -> Value in
                var reader = JSONReader(buffer)
                let value = try reader.readValue()
                try reader.expectEnd()
                return value
            }
        }
        return try result.get()
    }

    /// Throws unless only whitespace remains.
    public mutating func expectEnd() throws(JSONError) {
        skipWhitespace()
        if index < bytes.count { throw JSONError("unexpected text after the JSON value", at: index) }
    }

    @inline(__always) public mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// The next non-whitespace byte, not consumed.
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func consume(_ byte: UInt8, _ what: String) throws(JSONError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw JSONError("expected \(what)", at: min(index, bytes.count))
        }
        index += 1
    }

    /// Consumes `{`.
    public mutating func beginObject() throws(JSONError) { try consume(UInt8(ascii: "{"), "'{'") }

    /// Reads the next member key of an object and its ':' or returns nil at the closing '}'.
    ///
    /// `first` is true for the first call after ``beginObject()``.
    public mutating func nextKey(first: Bool) throws(JSONError) -> String? {
        guard try enterMember(first: first) else { return nil }
        let key = try readString()
        try consume(UInt8(ascii: ":"), "':' after a member name")
        return key
    }

    /// Like ``nextKey(first:)`` but lends the raw bytes of the key instead of a String.
    ///
    /// Returns nil at the closing '}'. Keys with escapes or control characters are rejected.
    public mutating func nextKeyBytes(first: Bool) throws(JSONError) -> UnsafeBufferPointer<UInt8>? {
        guard try enterMember(first: first) else { return nil }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20
        {
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else {
            throw JSONError("member names may not contain escapes or control characters here", at: end)
        }
        index = end + 1
        try consume(UInt8(ascii: ":"), "':' after a member name")
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Moves to the opening quote of the next member name; false (past the '}') at the end of the object.
    private mutating func enterMember(first: Bool) throws(JSONError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw JSONError("unterminated object", at: index) }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return false
        }
        if !first { try consume(UInt8(ascii: ","), "',' or '}'") }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw JSONError("expected a member name in double quotes", at: index)
        }
        return true
    }

    /// Reads any value.
    public mutating func readValue(depth: Int = 0) throws(JSONError) -> Value {
        guard depth < Self.maxDepth else { throw JSONError("nested more than \(Self.maxDepth) levels", at: index) }
        skipWhitespace()
        guard index < bytes.count else { throw JSONError("unexpected end of input", at: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var entries: [String: Value] = [:]
            var first = true
            while let key = try nextKey(first: first) {
                first = false
                let start = index
                if entries.updateValue(try readValue(depth: depth + 1), forKey: key) != nil {
                    throw JSONError("duplicate member name \"\(key)\"", at: start)
                }
            }
            return .map(entries)
        case UInt8(ascii: "["):
            index += 1
            var items: [Value] = []
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .list(items)
            }
            while true {
                items.append(try readValue(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw JSONError("unterminated array", at: index) }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "]") { return .list(items) }
                guard byte == UInt8(ascii: ",") else { throw JSONError("expected ',' or ']'", at: index - 1) }
            }
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try readNumber()
        }
    }

    mutating func literal(_ word: StaticString, _ value: Value) throws(JSONError) -> Value {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw JSONError("unexpected end of input", at: index) }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw JSONError("invalid literal (expected \(word))", at: index)
        }
        index += count
        return value
    }

    /// Reads a number; NaN and infinities are not JSON and are rejected.
    public mutating func readNumber() throws(JSONError) -> Value {
        skipWhitespace()
        let start = index
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        guard index > digitsStart, bytes[digitsStart] >= 0x30, bytes[digitsStart] <= 0x39 else {
            throw JSONError("expected a value (number, string, object, array, true, false or null)", at: start)
        }
        if bytes[digitsStart] == 0x30, index > digitsStart + 1, bytes[digitsStart + 1] >= 0x30,
            bytes[digitsStart + 1] <= 0x39
        {
            throw JSONError("numbers may not have leading zeros", at: start)
        }
        if let fast = fastNumber(start: start, isInteger: isInteger) { return fast }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let number = Int64(text) { return .int(number) }
        guard let number = Double(text), validNumberSyntax(start: digitsStart) else {
            throw JSONError("malformed number '\(text)'", at: start)
        }
        guard number.isFinite else { throw JSONError("number '\(text)' is out of range", at: start) }
        return .double(number)
    }

    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Integers of up to 18 digits and plain decimals (`-12.345`, no exponent) whose digits fit 2^53
    /// convert exactly: mantissa and power of ten are exact doubles and one division rounds correctly.
    func fastNumber(start: Int, isInteger: Bool) -> Value? {
        var position = start
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while position < index {
            let byte = bytes[position]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, position + 1 < index else { return nil }
                seenPoint = true
            } else if byte >= 0x30 && byte <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(byte - 0x30)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else {
                return nil
            }
            position += 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        if isInteger {
            return .int(negative ? -Int64(mantissa) : Int64(mantissa))
        }
        guard mantissa < (1 << 53), fractionDigits <= 22 else { return nil }
        let value = Double(mantissa) / Self.exactPowersOfTen[fractionDigits]
        return .double(negative ? -value : value)
    }

    func validNumberSyntax(start: Int) -> Bool {
        var position = start
        func digits() -> Int {
            let begin = position
            while position < index, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - begin
        }
        guard digits() > 0 else { return false }
        if position < index, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { return false }
        }
        if position < index, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < index, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { return false }
        }
        return position == index
    }

    /// Reads a string starting at the opening quote.
    public mutating func readString() throws(JSONError) -> String {
        try consume(UInt8(ascii: "\""), "'\"'")
        let start = index
        var asciiOnly = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if asciiOnly { return String(decoding: slice, as: UTF8.self) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw JSONError("string is not valid UTF-8", at: start)
                }
                return text
            }
            asciiOnly = asciiOnly && byte < 0x80
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if byte < 0x20 { throw JSONError("control character in string (escape it)", at: index) }
            index += 1
        }
        throw JSONError("unterminated string", at: start - 1)
    }

    mutating func readEscapedString(from start: Int) throws(JSONError) -> String {
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw JSONError("string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                try readEscape(into: &out)
            case 0..<0x20:
                throw JSONError("control character in string (escape it)", at: index - 1)
            default:
                out.append(byte)
            }
        }
        throw JSONError("unterminated string", at: start - 1)
    }

    mutating func readEscape(into out: inout [UInt8]) throws(JSONError) {
        guard index < bytes.count else { throw JSONError("unterminated escape", at: index) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw JSONError("unpaired surrogate in \\u escape", at: index) }
                index += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw JSONError("invalid low surrogate", at: index) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw JSONError("unpaired surrogate in \\u escape", at: index)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw JSONError("invalid \\u escape", at: index) }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw JSONError("invalid escape '\\\(Character(Unicode.Scalar(byte)))'", at: index - 1)
        }
    }

    mutating func readHex4() throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONError("truncated \\u escape", at: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x37)
            case 0x61...0x66: digit = UInt32(byte - 0x57)
            default: throw JSONError("invalid hex digit in \\u escape", at: index)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Skips one value and returns the byte range it occupied.
    public mutating func skipValue() throws(JSONError) -> Range<Int> {
        skipWhitespace()
        let start = index
        _ = try readValue()
        return start..<index
    }
}
