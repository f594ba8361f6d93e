/// Recursive-descent parser for TQL statements (expressions use precedence climbing).
///
/// Every error names line:column, shows the line with a caret and says what was expected.
///
/// Depth is bounded: `depth` counts the levels of the syntax tree being built, both the parser's own
/// recursion (brackets, CASE, patterns, NOT, signs) and the links of operator and postfix chains
/// (`a + b + c`, `a.b.c`), which the parser builds in loops but which make the tree (and every later
/// stage that walks it recursively) just as deep. Beyond ``maxDepth`` it throws `NestingTooDeep`.
struct Parser {
    /// The deepest syntax tree accepted: nested or chained expressions and patterns.
    static let maxDepth = 200

    let source: String
    let utf8: [UInt8]
    var tokens: [Token]
    var position = 0
    var depth = 0
    /// The deepest `depth` reached so far (see ``patternChain(_:)``).
    var deepest = 0
    /// Pattern chains already parsed from a token position, by that position (see ``patternChain(_:)``).
    var patternAttempts: [Int: PatternAttempt] = [:]

    /// The outcome of parsing a pattern chain at a token position, and how many levels deep it went.
    enum PatternAttempt {
        case parsed(PatternPart, end: Int, levels: Int)
        case failed(QueryError, levels: Int)
    }

    init(_ source: String) throws(QueryError) {
        self.source = source
        self.utf8 = Array(source.utf8)
        self.tokens = try Lexer.tokenize(source)
    }

    /// Parses one statement (an optional trailing `;` is allowed).
    static func parse(_ source: String) throws(QueryError) -> Statement {
        var parser = try Parser(source)
        return try parser.statement()
    }

    // MARK: token helpers

    var current: Token { tokens[position] }

    func peek(_ ahead: Int = 1) -> Token { tokens[min(position + ahead, tokens.count - 1)] }

    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// `text` for a message: a long token (a 1 MB string) is shown by its start, the caret shows where.
    static func shown(_ text: String) -> String {
        guard text.unicodeScalars.count > 60 else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(60))) + "..."
    }

    func describe(_ token: Token) -> String {
        let text = Self.shown(token.text)
        switch token.kind {
        case .end: return "end of input"
        case .string: return "string '\(text)'"
        case .parameter: return "parameter $\(text)"
        default: return "'\(text)'"
        }
    }

    func error(_ expected: String, at token: Token? = nil) -> QueryError {
        let token = token ?? current
        return QueryError(
            .compile, .syntaxError, "expected \(expected), found \(describe(token))", detail: "InvalidSyntax",
            location: token.location, source: source)
    }

    func error(message: String, at location: SourceLocation, detail: String = "InvalidSyntax") -> QueryError {
        QueryError(.compile, .syntaxError, message, detail: detail, location: location, source: source)
    }

    mutating func acceptKeyword(_ word: String) -> Bool {
        if current.isKeyword(word) {
            _ = advance()
            return true
        }
        return false
    }

    mutating func expectKeyword(_ word: String) throws(QueryError) {
        guard acceptKeyword(word) else { throw error(word) }
    }

    mutating func acceptSymbol(_ symbol: String) -> Bool {
        if current.isSymbol(symbol) {
            _ = advance()
            return true
        }
        return false
    }

    mutating func expectSymbol(_ symbol: String) throws(QueryError) {
        guard acceptSymbol(symbol) else { throw error("'\(symbol)'") }
    }

    /// One level deeper into the syntax tree; throws `NestingTooDeep` at the current token past ``maxDepth``.
    mutating func enter() throws(QueryError) {
        guard depth < Self.maxDepth else {
            throw error(
                message:
                    "the query nests too deeply: more than \(Self.maxDepth) levels of nested or chained expressions and patterns",
                at: current.location, detail: "NestingTooDeep")
        }
        depth += 1
        deepest = max(deepest, depth)
    }

    mutating func leave(_ levels: Int = 1) { depth -= levels }

    static func isNestingTooDeep(_ error: QueryError) -> Bool { error.detail == "NestingTooDeep" }

    /// A name: an identifier (keywords allowed where unambiguous) or a quoted name.
    mutating func name(_ what: String) throws(QueryError) -> String {
        switch current.kind {
        case .identifier, .quotedIdentifier: return advance().text
        default: throw error(what)
        }
    }

    /// A variable name: identifiers that are not reserved words, or quoted names.
    mutating func variableName() throws(QueryError) -> String {
        if current.kind == .quotedIdentifier { return advance().text }
        if current.kind == .identifier && !Keywords.all.contains(current.upper) { return advance().text }
        throw error("a variable name")
    }

    var atVariable: Bool { Self.isVariable(current) }

    /// Whether `token` can be a variable name: a quoted name, or a name that is not a keyword.
    static func isVariable(_ token: Token) -> Bool {
        token.kind == .quotedIdentifier || (token.kind == .identifier && !Keywords.all.contains(token.upper))
    }

    func text(from start: Int, to end: Int) -> String {
        guard start < end, end <= utf8.count else { return "" }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    // MARK: statements

    mutating func statement() throws(QueryError) -> Statement {
        if let command = try schemaCommand() {
            _ = acceptSymbol(";")
            guard current.kind == .end else { throw error("the end of the statement") }
            return Statement(queries: [], schema: command)
        }
        var mode = Statement.Mode.run
        if acceptKeyword("EXPLAIN") {
            mode = .explain
        } else if acceptKeyword("PROFILE") {
            mode = .profile
        }
        if mode != .run, isAtSchemaCommand {
            throw error(message: "EXPLAIN and PROFILE apply to queries, not to schema commands", at: current.location)
        }
        var time: TimeSpec?
        if current.isKeyword("FOR") { time = try timeSpec() }
        var queries = [try singleQuery()]
        var unionAll: [Bool] = []
        while acceptKeyword("UNION") {
            unionAll.append(acceptKeyword("ALL"))
            queries.append(try singleQuery())
        }
        _ = acceptSymbol(";")
        guard current.kind == .end else {
            throw error("a clause (MATCH, RETURN, WITH, CREATE, ...), UNION or the end of the statement")
        }
        return Statement(mode: mode, time: time, queries: queries, unionAll: unionAll)
    }

    mutating func singleQuery() throws(QueryError) -> SingleQuery {
        var clauses: [Clause] = []
        while let clause = try clause() { clauses.append(clause) }
        guard !clauses.isEmpty else { throw error("a clause (MATCH, RETURN, WITH, CREATE, UNWIND, MERGE, ...)") }
        return SingleQuery(clauses: clauses)
    }

    mutating func clause() throws(QueryError) -> Clause? {
        let token = current
        let location = token.location
        guard token.kind == .identifier else { return nil }
        switch token.upper {
        case "MATCH":
            _ = advance()
            return .match(try matchClause(optional: false, location))
        case "OPTIONAL":
            _ = advance()
            try expectKeyword("MATCH")
            return .match(try matchClause(optional: true, location))
        case "UNWIND":
            _ = advance()
            let list = try expression()
            try expectKeyword("AS")
            return .unwind(list, variable: try variableName(), location: location)
        case "WITH":
            _ = advance()
            return .with(try projection(isWith: true, location))
        case "RETURN":
            _ = advance()
            return .return(try projection(isWith: false, location))
        case "CREATE":
            _ = advance()
            return .create(pattern: try pattern(), location: location)
        case "MERGE":
            _ = advance()
            return .merge(try mergeClause(location))
        case "SET":
            _ = advance()
            return .set(try setItems(), location: location)
        case "REMOVE":
            _ = advance()
            var items: [RemoveItem] = []
            repeat { items.append(try removeItem()) } while acceptSymbol(",")
            return .remove(items, location: location)
        case "DELETE":
            _ = advance()
            return .delete(try expressionList(), detach: false, location: location)
        case "DETACH":
            _ = advance()
            try expectKeyword("DELETE")
            return .delete(try expressionList(), detach: true, location: location)
        case "CALL":
            _ = advance()
            var name = try self.name("a procedure name")
            while acceptSymbol(".") { name += "." + (try self.name("a procedure name")) }
            var arguments: [Expr] = []
            if acceptSymbol("(") {
                if !current.isSymbol(")") { arguments = try expressionList() }
                try expectSymbol(")")
            }
            var yields: [String] = []
            if acceptKeyword("YIELD") {
                repeat { yields.append(try variableName()) } while acceptSymbol(",")
            }
            return .call(name: name, arguments: arguments, yield: yields, location: location)
        default:
            return nil
        }
    }

    mutating func expressionList() throws(QueryError) -> [Expr] {
        var list = [try expression()]
        while acceptSymbol(",") { list.append(try expression()) }
        return list
    }

    mutating func matchClause(optional: Bool, _ location: SourceLocation) throws(QueryError) -> MatchClause {
        let parts = try pattern()
        var time: TimeSpec?
        if current.isKeyword("FOR") { time = try timeSpec() }
        var predicate: Expr?
        if acceptKeyword("WHERE") { predicate = try expression() }
        return MatchClause(optional: optional, pattern: parts, time: time, predicate: predicate, location: location)
    }

    /// `FOR VALID_TIME AS OF e | FOR VALID_TIME FROM a TO b`, and/or `FOR SYSTEM_TIME AS OF e`.
    mutating func timeSpec() throws(QueryError) -> TimeSpec {
        var spec = TimeSpec(location: current.location)
        while current.isKeyword("FOR") {
            let forToken = advance()
            if acceptKeyword("VALID_TIME") {
                guard spec.validAsOf == nil && spec.validFrom == nil else {
                    throw error(message: "VALID_TIME is given twice", at: forToken.location)
                }
                if acceptKeyword("AS") {
                    try expectKeyword("OF")
                    spec.validAsOf = try expression()
                } else if acceptKeyword("FROM") {
                    spec.validFrom = try expression()
                    try expectKeyword("TO")
                    spec.validTo = try expression()
                } else {
                    throw error("AS OF or FROM after VALID_TIME")
                }
            } else if acceptKeyword("SYSTEM_TIME") {
                guard spec.systemAsOf == nil else {
                    throw error(message: "SYSTEM_TIME is given twice", at: forToken.location)
                }
                try expectKeyword("AS")
                try expectKeyword("OF")
                spec.systemAsOf = try expression()
            } else {
                throw error("VALID_TIME or SYSTEM_TIME after FOR")
            }
        }
        return spec
    }

    mutating func projection(isWith: Bool, _ location: SourceLocation) throws(QueryError) -> Projection {
        var projection = Projection(location: location)
        projection.distinct = acceptKeyword("DISTINCT")
        if acceptSymbol("*") {
            projection.star = true
            if acceptSymbol(",") { projection.items = try projectionItems() }
        } else {
            projection.items = try projectionItems()
        }
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            repeat {
                let start = current.location.offset
                let expression = try self.expression()
                let text = self.text(from: start, to: tokens[position - 1].end)
                var descending = false
                if acceptKeyword("DESC") || acceptKeyword("DESCENDING") {
                    descending = true
                } else {
                    _ = acceptKeyword("ASC") || acceptKeyword("ASCENDING")
                }
                projection.orderBy.append(SortItem(expression: expression, descending: descending, text: text))
            } while acceptSymbol(",")
        }
        if acceptKeyword("SKIP") { projection.skip = try expression() }
        if acceptKeyword("LIMIT") { projection.limit = try expression() }
        if isWith && acceptKeyword("WHERE") { projection.predicate = try expression() }
        return projection
    }

    mutating func projectionItems() throws(QueryError) -> [ProjectionItem] {
        var items: [ProjectionItem] = []
        repeat {
            let start = current
            let expression = try self.expression()
            let text = self.text(from: start.location.offset, to: tokens[position - 1].end)
            var alias: String?
            if acceptKeyword("AS") { alias = try variableName() }
            items.append(ProjectionItem(expression: expression, alias: alias, text: text, location: start.location))
        } while acceptSymbol(",")
        return items
    }

    mutating func mergeClause(_ location: SourceLocation) throws(QueryError) -> MergeClause {
        let part = try patternPart()
        var onCreate: [SetItem] = []
        var onMatch: [SetItem] = []
        while current.isKeyword("ON") {
            _ = advance()
            if acceptKeyword("CREATE") {
                try expectKeyword("SET")
                onCreate += try setItems()
            } else if acceptKeyword("MATCH") {
                try expectKeyword("SET")
                onMatch += try setItems()
            } else {
                throw error("CREATE or MATCH after ON")
            }
        }
        return MergeClause(part: part, onCreate: onCreate, onMatch: onMatch, location: location)
    }

    mutating func setItems() throws(QueryError) -> [SetItem] {
        var items: [SetItem] = []
        repeat { items.append(try setItem()) } while acceptSymbol(",")
        return items
    }

    mutating func setItem() throws(QueryError) -> SetItem {
        let location = current.location
        if current.isSymbol("(") {
            // `SET (expr).key = value`
            let target = try postfix()
            guard case .property(let base, let key, _) = target else { throw error("a property to set") }
            try expectSymbol("=")
            return .property(target: base, key: key, value: try expression(), location: location)
        }
        let variable = try variableName()
        if current.isSymbol(":") {
            return .labels(variable: variable, labels: try labels(), location: location)
        }
        if acceptSymbol("=") {
            return .replace(variable: variable, value: try expression(), merge: false, location: location)
        }
        if acceptSymbol("+=") {
            return .replace(variable: variable, value: try expression(), merge: true, location: location)
        }
        var target = Expr.variable(variable, location)
        guard current.isSymbol(".") else { throw error("'=', '+=', ':' or '.' in SET") }
        var key = ""
        var links = 0
        defer { leave(links) }
        while acceptSymbol(".") {
            if !key.isEmpty {
                try enter()
                links += 1
                target = .property(target, key, location)
            }
            key = try name("a property name")
        }
        try expectSymbol("=")
        return .property(target: target, key: key, value: try expression(), location: location)
    }

    mutating func removeItem() throws(QueryError) -> RemoveItem {
        let location = current.location
        let variable = try variableName()
        if current.isSymbol(":") { return .labels(variable: variable, labels: try labels(), location: location) }
        var target = Expr.variable(variable, location)
        guard current.isSymbol(".") else { throw error("':' or '.' in REMOVE") }
        var key = ""
        var links = 0
        defer { leave(links) }
        while acceptSymbol(".") {
            if !key.isEmpty {
                try enter()
                links += 1
                target = .property(target, key, location)
            }
            key = try name("a property name")
        }
        return .property(target: target, key: key, location: location)
    }

    mutating func labels() throws(QueryError) -> [String] {
        var labels: [String] = []
        while acceptSymbol(":") { labels.append(try name("a label name")) }
        return labels
    }
}
