import TesseraTestSupport

/// Makes fuzz inputs for the parser from a seed: real statements with random damage, and random
/// streams of TQL tokens.
struct QueryMutator {
    var random: SeededRandom
    let corpus: [String]
    let keywords: [String]

    init(random: SeededRandom, corpus: [String], keywords: [String]) {
        precondition(!corpus.isEmpty && !keywords.isEmpty)
        self.random = random
        self.corpus = corpus
        self.keywords = keywords
    }

    // MARK: randomness

    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(random.next() % UInt64(bound)) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A length: usually short, sometimes up to `longest`.
    mutating func length(upTo longest: Int) -> Int { chance(80) ? 1 + below(min(8, longest)) : 1 + below(longest) }

    // MARK: building blocks

    static let punctuation = [
        "(", ")", "[", "]", "{", "}", ",", ".", "..", ":", ";", "|", "+", "-", "*", "/", "%", "^", "=", "<", ">",
        "<>", "<=", ">=", "=~", "+=", "->", "<-", "!=", "!", "$", "'", "\"", "`", "\\", "/*", "*/", "//", "-->",
        "<--", "-[", "]-", "]->", "#", "@", "&", "~", "?", "0x", "0o", "e", "_",
    ]

    /// Scalars that stress the lexer's notion of letters, digits, spaces, lines and columns.
    static let oddScalars = [
        "\u{0}", "\u{FFFD}", "\u{301}", "e\u{301}", "\u{200D}", "\u{FEFF}", "\u{202E}", "\u{2028}", "\u{85}", "\r",
        "\r\n", "\t", "\u{B}", "\u{C}", "\u{2014}", "\u{2212}", "\u{27E8}", "\u{27E9}", "\u{FF1C}", "\u{1F600}",
        "👍🏽", "é", "\u{661}", "\u{10FFFF}", "\u{E000}", "ǅ", "ß", "ı", "ſ", "ﬁ", "\u{3000}", "\u{A0}", "İ",
    ]

    /// Literals at and past the edges of what the lexer and parser accept.
    static let edgeLiterals = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "0x7FFFFFFFFFFFFFFF", "0x8000000000000000", "0o777777777777777777777", "1e308", "1e309", "4.9e-324",
        "1e-400", ".0", "0.", "1.e5", "00", "08", "0x", "0o", "0xg", "1_", "_1", "1__2", "1e", "1e+", "1.5.5",
        #"'\u00'"#, #"'\uD800'"#, #"'\U0010FFFF'"#, #"'\U00110000'"#, #"'\q'"#, #"'\"#, #""\""#, "$", "$`", "$``",
        "``", "`a``b`", "''", "'''", #"'\\'"#, "[*]", "[*..]", "[*2..1]", "[*-1]", "*99999999999999999999",
    ]

    static let literals = [
        "0", "1", "42", "-7", "0x1F", "0o17", "017", "1_000", "1.5", ".25", "2E-2", "'text'", "\"text\"",
        #"'it\'s'"#, #"'\u00e9'"#, "true", "false", "null", "$p", "$0", "$`a b`", "n", "m", "x", "`quoted name`",
        "shortestPath", "allShortestPaths", "count", "exists", "date", "point", "abs", "Person", "KNOWS",
    ]

    /// A keyword in upper, lower or mixed case.
    mutating func keyword() -> String {
        let word = pick(keywords)
        switch below(4) {
        case 0: return word.lowercased()
        case 1:
            return String(
                word.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.lowercased()) : $0.element })
        default: return word
        }
    }

    /// The text split into crude tokens (names, numbers, quoted text, spaces, single characters).
    static func pieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var kind = 0  // 1 word, 2 space, 3 quoted
        var quote: Unicode.Scalar = "'"
        func flush() {
            if !current.isEmpty { pieces.append(String(current)) }
            current = String.UnicodeScalarView()
            kind = 0
        }
        var escaped = false
        for scalar in text.unicodeScalars {
            if kind == 3 {
                current.append(scalar)
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == quote {
                    flush()
                }
                continue
            }
            let isWord = scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            let isSpace = scalar.properties.isWhitespace
            let next = isWord ? 1 : (isSpace ? 2 : 0)
            if next == 0 || next != kind { flush() }
            if scalar == "'" || scalar == "\"" || scalar == "`" {
                quote = scalar
                kind = 3
                current.append(scalar)
                continue
            }
            current.append(scalar)
            if next == 0 { flush() } else { kind = next }
        }
        flush()
        return pieces
    }

    // MARK: mutation

    /// A statement of the corpus with one to five random mutations.
    mutating func mutant() -> String {
        var text = pick(corpus)
        for _ in 0..<(1 + below(3) + (chance(20) ? below(3) : 0)) { text = mutate(text) }
        return text
    }

    mutating func mutate(_ text: String) -> String {
        switch below(18) {
        case 0:
            return bytes(of: text) { bytes, mutator in
                // Delete a byte range (may split a character: the decoder then inserts U+FFFD).
                let start = mutator.below(bytes.count + 1)
                let end = min(bytes.count, start + mutator.length(upTo: max(1, bytes.count / 2)))
                bytes.removeSubrange(start..<end)
            }
        case 1:
            return bytes(of: text) { bytes, mutator in
                let inserted = (0..<mutator.length(upTo: 6)).map { _ in UInt8(truncatingIfNeeded: mutator.random.next())
                }
                bytes.insert(contentsOf: inserted, at: mutator.below(bytes.count + 1))
            }
        case 2:
            return bytes(of: text) { bytes, mutator in
                let start = mutator.below(bytes.count + 1)
                let end = min(bytes.count, start + mutator.length(upTo: 64))
                let copy = Array(bytes[start..<end])
                bytes.insert(contentsOf: copy, at: mutator.below(bytes.count + 1))
            }
        case 3:
            return bytes(of: text) { bytes, mutator in
                guard bytes.count >= 2 else { return }
                let a = mutator.below(bytes.count - 1)
                let b = a + 1 + mutator.below(bytes.count - a - 1)
                let lengthA = min(mutator.length(upTo: 16), b - a)
                let lengthB = min(mutator.length(upTo: 16), bytes.count - b)
                let first = Array(bytes[a..<(a + lengthA)])
                let second = Array(bytes[b..<(b + lengthB)])
                bytes.replaceSubrange(b..<(b + lengthB), with: first)
                bytes.replaceSubrange(a..<(a + lengthA), with: second)
            }
        case 4, 5:
            return tokens(of: text) { pieces, mutator in
                guard !pieces.isEmpty else { return }
                let index = mutator.below(pieces.count)
                switch mutator.below(4) {
                case 0: pieces.remove(at: index)
                case 1: pieces.insert(pieces[index], at: mutator.below(pieces.count + 1))
                case 2: pieces.swapAt(index, mutator.below(pieces.count))
                default: pieces[index] = mutator.pick(Self.pieces(mutator.pick(mutator.corpus)))
                }
            }
        case 6:
            // Splice the head of this statement onto the tail of another.
            let head = Self.pieces(text)
            let tail = Self.pieces(pick(corpus))
            return (head.prefix(below(head.count + 1)) + tail.suffix(below(tail.count + 1))).joined()
        case 7: return insert(" " + keyword() + " ", into: text)
        case 8, 9: return insert(pick(Self.punctuation), into: text)
        case 10: return insert(pick(Self.oddScalars), into: text)
        case 11: return replacePiece(in: text, with: pick(Self.edgeLiterals))
        case 12:
            let length = chance(90) ? 64 + below(1024) : 4096 + below(60_000)
            return insert(" x" + String(repeating: pick(["a", "_", "é", "9"]), count: length) + " ", into: text)
        case 13:
            // Unbalance: drop a closing bracket or quote, or truncate.
            if chance(50) { return String(text.unicodeScalars.prefix(below(text.unicodeScalars.count + 1))) }
            return tokens(of: text) { pieces, mutator in
                let closers = pieces.indices.filter { [")", "]", "}"].contains(pieces[$0]) }
                if !closers.isEmpty { pieces.remove(at: mutator.pick(closers)) }
            }
        case 14:
            let line = pick(["\r\n", "\r", "\u{2028}", "\n\n"])
            return text.replacingOccurrences(of: "\n", with: line).replacingOccurrences(
                of: " ", with: chance(50) ? "\n" : " ")
        case 15:
            // Repeat a few pieces: operator chains (`+ 1 + 1`, `.a.a`, `AND x AND x`) and runs of brackets.
            return tokens(of: text) { pieces, mutator in
                guard !pieces.isEmpty else { return }
                let start = mutator.below(pieces.count)
                let span = Array(pieces[start..<min(pieces.count, start + 1 + mutator.below(6))])
                let count = mutator.repeatCount()
                pieces.insert(contentsOf: Array(repeating: span, count: count).joined(), at: start)
            }
        case 16:
            // Wrap a few pieces in a nesting construct, many times over.
            let (open, close) = pick(Self.nestings)
            return tokens(of: text) { pieces, mutator in
                let start = mutator.below(pieces.count + 1)
                let end = min(pieces.count, start + mutator.below(4))
                let count = mutator.repeatCount()
                pieces.insert(String(repeating: close, count: count), at: end)
                pieces.insert(String(repeating: open, count: count), at: start)
            }
        default:
            // Open brackets with no end.
            let open = pick(["(", "[", "{a: ", "-", "NOT ", "({a: ", "CASE WHEN "])
            return insert(String(repeating: open, count: repeatCount()), into: text)
        }
    }

    /// How many times to repeat a fragment: mostly a few, sometimes around and past the nesting limit.
    mutating func repeatCount() -> Int {
        switch below(10) {
        case 0: 150 + below(400)
        case 1: 1000 + below(2000)
        default: 1 + below(40)
        }
    }

    /// Constructs that nest: an opening and a closing fragment.
    static let nestings = [
        ("(", ")"), ("[", "]"), ("{a: ", "}"), ("({a: ", "})"), ("[(a)-->(b) | ", "]"), ("[(a {p: ", "})-->()]"),
        ("CASE WHEN ", " THEN 1 END"), ("abs(", ")"), ("NOT ", ""), ("- ", ""), ("[x IN ", " | x]"),
        ("all(x IN [1] WHERE ", ")"), ("EXISTS { (a) WHERE ", " }"), ("x[", "]"), ("", ".a"), ("", " + 1"),
        ("", " AND true"), ("", " < 1"), ("", " IS NULL"), ("", "[0]"), ("", ":A"),
    ]

    mutating func bytes(of text: String, _ body: (inout [UInt8], inout QueryMutator) -> Void) -> String {
        var bytes = Array(text.utf8)
        body(&bytes, &self)
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func tokens(of text: String, _ body: (inout [String], inout QueryMutator) -> Void) -> String {
        var pieces = Self.pieces(text)
        body(&pieces, &self)
        return pieces.joined()
    }

    /// Inserts `fragment` between two pieces (and `after` somewhat later, when given).
    mutating func insert(_ fragment: String, into text: String, after: String = "") -> String {
        var pieces = Self.pieces(text)
        let at = below(pieces.count + 1)
        if !after.isEmpty { pieces.insert(after, at: min(pieces.count, at + 1 + below(4))) }
        pieces.insert(fragment, at: at)
        return pieces.joined()
    }

    mutating func replacePiece(in text: String, with fragment: String) -> String {
        tokens(of: text) { pieces, mutator in
            if pieces.isEmpty { pieces = [fragment] } else { pieces[mutator.below(pieces.count)] = fragment }
        }
    }

    // MARK: token streams

    /// A random sequence of keywords, punctuation, literals, names and comments, sometimes starting
    /// with a clause keyword so that the parser gets past the first token.
    mutating func tokenStream() -> String {
        var text = chance(50) ? pick(["MATCH ", "RETURN ", "WITH ", "UNWIND ", "CREATE ", "MERGE ", "EXPLAIN "]) : ""
        for _ in 0..<(1 + below(chance(80) ? 24 : 120)) {
            switch below(10) {
            case 0, 1, 2: text += keyword()
            case 3, 4, 5: text += pick(Array(Self.punctuation.prefix(30)))
            case 6, 7: text += pick(Self.literals)
            case 8: text += chance(80) ? pick(Self.punctuation) : pick(Self.edgeLiterals)
            default: text += pick(["// note\n", "/* block */", "\n", "\t", pick(Self.oddScalars)])
            }
            text += pick([" ", " ", " ", "", "\n"])
        }
        return text
    }
}
