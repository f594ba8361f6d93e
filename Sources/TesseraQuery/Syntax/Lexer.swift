/// Splits query text into tokens, tracking line and column (columns count Unicode scalars).
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let source: String
    private var index = 0
    private var line = 1
    private var column = 1
    private var offset = 0

    init(_ source: String) {
        self.source = source
        self.scalars = Array(source.unicodeScalars)
    }

    /// All tokens, ending with an `.end` token.
    static func tokenize(_ source: String) throws(QueryError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            var token = try lexer.nextToken()
            token.end = lexer.offset
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: offset) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private mutating func advance() {
        let scalar = scalars[index]
        index += 1
        offset += scalar.utf8.count
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    private func error(_ message: String, at location: SourceLocation) -> QueryError {
        QueryError(.compile, .syntaxError, message, detail: "InvalidSyntax", location: location, source: source)
    }

    private mutating func skipTrivia() throws(QueryError) {
        while let scalar = peek() {
            if Self.isWhitespace(scalar) {
                advance()
            } else if scalar == "/" && peek(1) == "/" {
                while let next = peek(), next != "\n" { advance() }
            } else if scalar == "/" && peek(1) == "*" {
                let start = location
                advance()
                advance()
                while true {
                    guard let next = peek() else { throw error("unterminated comment", at: start) }
                    if next == "*" && peek(1) == "/" {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else {
                return
            }
        }
    }

    // ASCII first: statements are mostly ASCII, and Unicode property lookups cost more than a comparison.
    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        return scalar.properties.isAlphabetic
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isIdentifierStart(scalar) || ("0"..."9").contains(scalar) }
        return scalar.properties.isAlphabetic || scalar.properties.generalCategory == .decimalNumber
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || ("\u{09}"..."\u{0D}").contains(scalar) }
        return scalar.properties.isWhitespace
    }

    private static let symbols3: Set<String> = []
    /// One-character symbols (a set built once, not per token).
    private static let singleSymbols: Set<Unicode.Scalar> = [
        "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "|", "+", "-", "*", "/", "%", "^", "=", "<", ">",
    ]
    private static let symbols2: Set<String> = ["<>", "<=", ">=", "=~", "+=", "..", "->", "<-", "!="]

    mutating func nextToken() throws(QueryError) -> Token {
        try skipTrivia()
        let start = location
        guard let scalar = peek() else { return Token(kind: .end, text: "", location: start) }
        if Self.isIdentifierStart(scalar) {
            var text = String.UnicodeScalarView()
            while let next = peek(), Self.isIdentifierPart(next) {
                text.append(next)
                advance()
            }
            return Token(kind: .identifier, text: String(text), location: start)
        }
        if ("0"..."9").contains(scalar) || (scalar == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
            return try number(start)
        }
        switch scalar {
        case "'", "\"":
            return Token(kind: .string, text: try quoted(scalar, start), location: start)
        case "`":
            advance()
            var text = String.UnicodeScalarView()
            while true {
                guard let next = peek() else { throw error("unterminated quoted name", at: start) }
                advance()
                if next == "`" {
                    if peek() == "`" {
                        text.append("`")
                        advance()
                        continue
                    }
                    break
                }
                text.append(next)
            }
            guard !text.isEmpty else { throw error("a quoted name cannot be empty", at: start) }
            return Token(kind: .quotedIdentifier, text: String(text), location: start)
        case "$":
            advance()
            var text = String.UnicodeScalarView()
            if peek() == "`" {
                let quotedToken = try nextToken()
                return Token(kind: .parameter, text: quotedToken.text, location: start)
            }
            while let next = peek(), Self.isIdentifierPart(next) {
                text.append(next)
                advance()
            }
            guard !text.isEmpty else { throw error("expected a parameter name after '$'", at: start) }
            return Token(kind: .parameter, text: String(text), location: start)
        default:
            break
        }
        if let next = peek(1) {
            let pair = String(scalar) + String(next)
            if Self.symbols2.contains(pair) {
                advance()
                advance()
                return Token(kind: .symbol, text: pair, location: start)
            }
        }
        if Self.singleSymbols.contains(scalar) {
            advance()
            return Token(kind: .symbol, text: String(scalar), location: start)
        }
        // Unicode dashes and arrows used by some editors count as '-' in relationship patterns (the parser rejects
        // them as an arithmetic minus).
        if [
            "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{FE58}", "\u{FE63}",
            "\u{FF0D}",
        ].contains(scalar) {
            advance()
            var token = Token(kind: .symbol, text: "-", location: start)
            token.isUnicodeDash = true
            return token
        }
        if ["\u{27E8}", "\u{3008}", "\u{FE64}", "\u{FF1C}"].contains(scalar) {
            advance()
            return Token(kind: .symbol, text: "<", location: start)
        }
        if ["\u{27E9}", "\u{3009}", "\u{FE65}", "\u{FF1E}"].contains(scalar) {
            advance()
            return Token(kind: .symbol, text: ">", location: start)
        }
        throw error("unexpected character '\(scalar)'", at: start)
    }

    private mutating func number(_ start: SourceLocation) throws(QueryError) -> Token {
        var text = ""
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            advance()
            advance()
            var digits = ""
            while let next = peek(), next.properties.isASCIIHexDigit {
                digits.unicodeScalars.append(next)
                advance()
            }
            if let next = peek(), Self.isIdentifierPart(next) {
                throw error("invalid hexadecimal literal", at: start)
            }
            guard !digits.isEmpty else { throw error("invalid hexadecimal literal", at: start) }
            return Token(kind: .integer, text: "0x" + digits, location: start)
        }
        if peek() == "0", let o = peek(1), o == "o" {
            advance()
            advance()
            var digits = ""
            while let next = peek(), ("0"..."7").contains(next) {
                digits.unicodeScalars.append(next)
                advance()
            }
            if let next = peek(), Self.isIdentifierPart(next) { throw error("invalid octal literal", at: start) }
            guard !digits.isEmpty else { throw error("invalid octal literal", at: start) }
            return Token(kind: .integer, text: "0o" + digits, location: start)
        }
        var isFloat = false
        while let next = peek(), ("0"..."9").contains(next) || next == "_" {
            if next != "_" { text.unicodeScalars.append(next) }
            advance()
        }
        if peek() == ".", let after = peek(1), ("0"..."9").contains(after) {
            isFloat = true
            text += "."
            advance()
            while let next = peek(), ("0"..."9").contains(next) {
                text.unicodeScalars.append(next)
                advance()
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let digitAt = (sign == "-" || sign == "+") ? 2 : 1
            if let digit = peek(digitAt), ("0"..."9").contains(digit) {
                isFloat = true
                text += "e"
                advance()
                if digitAt == 2, let sign {
                    text.unicodeScalars.append(sign)
                    advance()
                }
                while let next = peek(), ("0"..."9").contains(next) {
                    text.unicodeScalars.append(next)
                    advance()
                }
            }
        }
        if let next = peek(), Self.isIdentifierStart(next) {
            throw error("invalid number literal: '\(Parser.shown(text + String(next)))'", at: start)
        }
        return Token(kind: isFloat ? .float : .integer, text: text, location: start)
    }

    private mutating func quoted(_ quote: Unicode.Scalar, _ start: SourceLocation) throws(QueryError) -> String {
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let next = peek() else { throw error("unterminated string literal", at: start) }
            advance()
            if next == quote { break }
            if next != "\\" {
                text.append(next)
                continue
            }
            let escapeLocation = location
            guard let escaped = peek() else { throw error("unterminated string literal", at: start) }
            advance()
            switch escaped {
            case "\\": text.append("\\")
            case "'": text.append("'")
            case "\"": text.append("\"")
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "b": text.append("\u{8}")
            case "f": text.append("\u{C}")
            case "u", "U":
                let count = escaped == "u" ? 4 : 8
                var hex = ""
                for _ in 0..<count {
                    guard let digit = peek(), digit.properties.isASCIIHexDigit else {
                        throw error("invalid unicode escape: expected \(count) hex digits", at: escapeLocation)
                    }
                    hex.unicodeScalars.append(digit)
                    advance()
                }
                guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                    throw error("invalid unicode escape \\\(escaped)\(hex)", at: escapeLocation)
                }
                text.append(scalar)
            default:
                throw error("invalid escape sequence '\\\(escaped)'", at: escapeLocation)
            }
        }
        return String(text)
    }
}
