/// A lexical token with its location in the query text.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A name; `keyword` tells whether it is one of ``Keywords/all`` (case-insensitive).
        case identifier
        /// A `backquoted` name: never a keyword.
        case quotedIdentifier
        case integer
        case float
        case string
        /// `$name` or `$0`.
        case parameter
        case symbol
        case end
    }

    var kind: Kind
    /// The token's text: for strings and quoted identifiers the unescaped content, for symbols the
    /// symbol itself, for keywords and names the text as written.
    var text: String
    var location: SourceLocation
    /// The UTF-8 offset just past the token's last character.
    var end: Int = 0
    /// A `-` written as a Unicode dash (en dash, em dash, minus sign, ...): accepted in relationship patterns,
    /// where editors put them, but not as an arithmetic minus.
    var isUnicodeDash = false

    /// The upper-cased text, used to compare keywords.
    var upper: String { text.uppercased() }

    /// Whether the token is the keyword `word` (given in upper case).
    func isKeyword(_ word: String) -> Bool {
        kind == .identifier && text.count == word.count && text.uppercased() == word
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
}

/// The reserved and contextual words of TQL, matching `Grammar/keywords.txt`.
enum Keywords {
    static let all: Set<String> = [
        "ALL", "AND", "ANY", "AS", "ASC", "ASCENDING", "BY", "CALL", "CASE", "CONTAINS", "CREATE", "DELETE",
        "DESC", "DESCENDING", "DETACH", "DISTINCT", "ELSE", "END", "ENDS", "EXISTS", "EXPLAIN", "FALSE", "FOR",
        "FROM", "IN", "IS", "LIMIT", "MATCH", "MERGE", "NONE", "NOT", "NULL", "OF", "ON", "OPTIONAL", "OR",
        "ORDER", "PROFILE", "REDUCE", "REMOVE", "RETURN", "SET", "SINGLE", "SKIP", "STARTS", "SYSTEM_TIME", "THEN",
        "TO", "TRUE", "UNION", "UNWIND", "VALID_TIME", "WHEN", "WHERE", "WITH", "XOR", "YIELD",
    ]

    /// Words that are keywords only where a schema command starts (`DROP INDEX`, `SHOW INDEXES`, ...);
    /// elsewhere they are ordinary names, variables included. Listed in `Grammar/keywords.txt` too.
    static let contextual: Set<String> = ["DROP", "IF", "INDEX", "INDEXES", "RANGE", "SHOW"]
}
