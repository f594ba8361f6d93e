/// Reads a code string character by character and explains the first character it rejects.
struct CodeReader {
    /// What the text is meant to be, for messages ("BeiDou code").
    let family: String
    let text: String
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ text: String, family: String) {
        self.family = family
        self.text = text
        // Codes are short; a long text is still read only up to a little past any valid length.
        self.bytes = Array(text.utf8.prefix(64))
    }

    var isAtEnd: Bool { offset >= bytes.count }

    /// An error at the current offset.
    func error(_ reason: String, kind: GridError.Kind = .invalidCode) -> GridError {
        error(reason, at: offset, kind: kind)
    }

    /// An error at `offset`: the message names the code, the 1-based character and the reason.
    func error(_ reason: String, at offset: Int, kind: GridError.Kind = .invalidCode) -> GridError {
        let shown = text.count > 40 ? String(text.prefix(40)) + "..." : text
        guard offset < bytes.count else {
            return GridError(kind, "invalid \(family) \"\(shown)\": \(reason)", offset: offset)
        }
        let byte = bytes[offset]
        let character = byte < 0x80 && byte >= 0x20 ? "'\(Character(Unicode.Scalar(byte)))'" : "(non-ASCII)"
        return GridError(
            kind, "invalid \(family) \"\(shown)\": character \(offset + 1) \(character) \(reason)", offset: offset)
    }

    /// Reads one upper-case letter that `accepts` admits; `expected` says which (for messages).
    mutating func letter(
        _ what: String, expected: String, whenMissing: String, accepts: (UInt8) -> Bool
    ) throws(GridError) -> UInt8 {
        guard !isAtEnd else { throw error(whenMissing) }
        let byte = bytes[offset]
        if accepts(byte) {
            offset += 1
            return byte
        }
        if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z"), accepts(byte - 0x20) {
            throw error("must be upper case: \(what) is \(expected)")
        }
        throw error("is not \(what): expected \(expected)")
    }

    /// Reads one upper-case hexadecimal digit no greater than `maximum`.
    mutating func digit(maximum: Int, _ what: String, whenMissing: String) throws(GridError) -> Int {
        guard !isAtEnd else { throw error(whenMissing) }
        let byte = bytes[offset]
        let expected = maximum < 10 ? "0-\(maximum)" : "0-9 or A-\(Character(Unicode.Scalar(55 + UInt8(maximum))))"
        let value: Int
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"):
            let lowered = Int(byte - UInt8(ascii: "a")) + 10
            if lowered <= maximum { throw error("must be upper case: \(what) is \(expected)") }
            value = lowered
        default: value = 99
        }
        guard value <= maximum else { throw error("is not \(what): expected \(expected)") }
        offset += 1
        return value
    }

    /// Throws unless the whole text was read.
    func expectEnd(_ reason: String) throws(GridError) {
        guard isAtEnd else { throw error(reason) }
    }
}
