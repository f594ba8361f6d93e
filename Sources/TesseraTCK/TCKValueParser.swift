/// A TCK value that cannot be read: what was wrong and at which character.
public struct TCKValueError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The text being parsed.
    public var text: String
    /// The 0-based character offset of the problem.
    public var offset: Int
    /// What was wrong.
    public var message: String

    /// The message, the offset and the text.
    public var description: String { "\(message) at character \(offset) of \(text.debugDescription)" }
}

/// Parses values written in TCK syntax: `null`, booleans, integers (decimal, `0x` hex, `0o` octal), floats
/// (`1.5`, `1e10`, `NaN`, `Inf`, `-Inf`), `'strings'` with backslash escapes, lists, maps, nodes
/// `(:A {k: v})`, relationships `[:T {k: v}]` and paths `<(:A)-[:T]->(:B)<-[:U]-()>`.
public struct TCKValueParser {
    private let text: String
    private let characters: [Character]
    private var position = 0

    private init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    /// Parses one complete value; trailing text other than whitespace is an error.
    public static func parse(_ text: String) throws(TCKValueError) -> TCKValue {
        var parser = TCKValueParser(text)
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.position == parser.characters.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    private func error(_ message: String) -> TCKValueError {
        TCKValueError(text: text, offset: position, message: message)
    }

    private var current: Character? { position < characters.count ? characters[position] : nil }

    private func peek(_ offset: Int) -> Character? {
        position + offset < characters.count ? characters[position + offset] : nil
    }

    private mutating func skipWhitespace() {
        while let character = current, character.isWhitespace { position += 1 }
    }

    private mutating func consume(_ literal: String) -> Bool {
        let literalCharacters = Array(literal)
        guard position + literalCharacters.count <= characters.count,
            Array(characters[position..<position + literalCharacters.count]) == literalCharacters
        else { return false }
        position += literalCharacters.count
        return true
    }

    private mutating func expect(_ literal: String) throws(TCKValueError) {
        skipWhitespace()
        guard consume(literal) else { throw error("expected '\(literal)'") }
    }

    private mutating func value() throws(TCKValueError) -> TCKValue {
        skipWhitespace()
        guard let character = current else { throw error("expected a value") }
        switch character {
        case "'", "\"": return .string(try string())
        case "[":
            var lookahead = position + 1
            while lookahead < characters.count, characters[lookahead].isWhitespace { lookahead += 1 }
            if lookahead < characters.count, characters[lookahead] == ":" { return .relationship(try relationship()) }
            return .list(try list())
        case "{": return .map(try map())
        case "(": return .node(try node())
        case "<": return .path(try path())
        case "-", "+", ".", "0"..."9": return try number()
        default:
            let word = identifierWord()
            switch word {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "NaN": return .float(.nan)
            case "Inf", "Infinity": return .float(.infinity)
            default: throw error(word.isEmpty ? "unexpected '\(character)'" : "unknown word '\(word)'")
            }
        }
    }

    private mutating func identifierWord() -> String {
        let start = position
        while let character = current, character.isLetter || character.isNumber || character == "_" { position += 1 }
        return String(characters[start..<position])
    }

    private mutating func number() throws(TCKValueError) -> TCKValue {
        let start = position
        var negative = false
        if current == "-" || current == "+" {
            negative = current == "-"
            position += 1
        }
        if consume("Infinity") || consume("Inf") { return .float(negative ? -.infinity : .infinity) }
        if consume("NaN") { return .float(.nan) }
        if current == "0", let radixMarker = peek(1), radixMarker == "x" || radixMarker == "o" {
            position += 2
            let digits = identifierWord()
            guard let magnitude = UInt64(digits, radix: radixMarker == "x" ? 16 : 8),
                let value = negative ? Int64(exactly: -Int128(magnitude)) : Int64(exactly: magnitude)
            else { throw error("invalid integer '\(String(characters[start..<position]))'") }
            return .int(value)
        }
        var isFloat = false
        while let character = current {
            if character.isNumber {
                position += 1
            } else if character == "." || character == "e" || character == "E" {
                isFloat = true
                position += 1
                if (character == "e" || character == "E"), current == "-" || current == "+" { position += 1 }
            } else {
                break
            }
        }
        let literal = String(characters[start..<position])
        if isFloat, let value = Double(literal) { return .float(value) }
        if !isFloat, let value = Int64(literal) { return .int(value) }
        throw error("invalid number '\(literal)'")
    }

    private mutating func string() throws(TCKValueError) -> String {
        guard let quote = current else { throw error("expected a string") }
        position += 1
        var result = ""
        while let character = current {
            position += 1
            if character == quote { return result }
            guard character == "\\" else {
                result.append(character)
                continue
            }
            guard let escaped = current else { break }
            position += 1
            switch escaped {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "u", "U":
                let width = escaped == "u" ? 4 : 8
                let digits = String(characters[position..<min(position + width, characters.count)])
                guard digits.count == width, let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code)
                else { throw error("invalid unicode escape") }
                result.unicodeScalars.append(scalar)
                position += width
            case "\\", "'", "\"": result.append(escaped)
            default: result += "\\" + String(escaped)
            }
        }
        throw error("unterminated string")
    }

    private mutating func name() throws(TCKValueError) -> String {
        skipWhitespace()
        if current == "`" {
            position += 1
            let start = position
            while let character = current, character != "`" { position += 1 }
            guard current == "`" else { throw error("unterminated `name`") }
            position += 1
            return String(characters[start..<position - 1])
        }
        if current == "'" || current == "\"" { return try string() }
        let word = identifierWord()
        guard !word.isEmpty else { throw error("expected a name") }
        return word
    }

    private mutating func list() throws(TCKValueError) -> [TCKValue] {
        try expect("[")
        var values: [TCKValue] = []
        skipWhitespace()
        if consume("]") { return values }
        repeat {
            values.append(try value())
            skipWhitespace()
        } while consume(",")
        try expect("]")
        return values
    }

    private mutating func map() throws(TCKValueError) -> [String: TCKValue] {
        try expect("{")
        var entries: [String: TCKValue] = [:]
        skipWhitespace()
        if consume("}") { return entries }
        repeat {
            let key = try name()
            try expect(":")
            guard entries.updateValue(try value(), forKey: key) == nil else { throw error("duplicate key '\(key)'") }
            skipWhitespace()
        } while consume(",")
        try expect("}")
        return entries
    }

    private mutating func properties() throws(TCKValueError) -> [String: TCKValue] {
        skipWhitespace()
        return current == "{" ? try map() : [:]
    }

    private mutating func node() throws(TCKValueError) -> TCKNode {
        try expect("(")
        var labels: [String] = []
        skipWhitespace()
        while consume(":") {
            labels.append(try name())
            skipWhitespace()
        }
        let properties = try properties()
        try expect(")")
        return TCKNode(labels: labels, properties: properties)
    }

    private mutating func relationship() throws(TCKValueError) -> TCKRelationship {
        try expect("[")
        try expect(":")
        let type = try name()
        let properties = try properties()
        try expect("]")
        return TCKRelationship(type: type, properties: properties)
    }

    private mutating func path() throws(TCKValueError) -> TCKPath {
        try expect("<")
        var path = TCKPath(start: try node())
        while true {
            skipWhitespace()
            if consume("<-") {
                let relationship = try relationship()
                try expect("-")
                path.steps.append(.init(relationship: relationship, isForward: false, node: try node()))
            } else if consume("-") {
                let relationship = try relationship()
                try expect("->")
                path.steps.append(.init(relationship: relationship, isForward: true, node: try node()))
            } else {
                break
            }
        }
        try expect(">")
        return path
    }
}
