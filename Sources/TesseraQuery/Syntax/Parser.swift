/// Recursive-descent parser for TQL statements (expressions use precedence climbing).
///
/// Every error names line:column, shows the line with a caret and says what was expected.
struct Parser {
    /// The deepest nesting of expressions and patterns accepted.
    static let maxDepth = 200

    let source: String
    let utf8: [UInt8]
    var tokens: [Token]
    var position = 0
    var depth = 0

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

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: "end of input"
        case .string: "string '\(token.text)'"
        case .parameter: "parameter $\(token.text)"
        default: "'\(token.text)'"
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

    mutating func enter() throws(QueryError) {
        depth += 1
        if depth > Self.maxDepth {
            throw error(
                message: "the query nests too deeply (more than \(Self.maxDepth) levels)", at: current.location,
                detail: "NestingTooDeep")
        }
    }

    mutating func leave() { depth -= 1 }

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

    var atVariable: Bool {
        current.kind == .quotedIdentifier || (current.kind == .identifier && !Keywords.all.contains(current.upper))
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
        while acceptSymbol(".") {
            if !key.isEmpty { target = .property(target, key, location) }
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
        while acceptSymbol(".") {
            if !key.isEmpty { target = .property(target, key, location) }
            key = try name("a property name")
        }
        return .property(target: target, key: key, location: location)
    }

    mutating func labels() throws(QueryError) -> [String] {
        var labels: [String] = []
        while acceptSymbol(":") { labels.append(try name("a label name")) }
        return labels
    }

    // MARK: patterns

    mutating func pattern() throws(QueryError) -> [PatternPart] {
        var parts = [try patternPart()]
        while acceptSymbol(",") { parts.append(try patternPart()) }
        return parts
    }

    mutating func patternPart() throws(QueryError) -> PatternPart {
        let location = current.location
        var variable: String?
        if atVariable && peek().isSymbol("=") {
            variable = try variableName()
            _ = advance()
        }
        if current.kind == .identifier && peek().isSymbol("(") {
            let upper = current.upper
            if upper == "SHORTESTPATH" || upper == "ALLSHORTESTPATHS" {
                _ = advance()
                _ = advance()
                var part = try patternChain(location)
                part.shortest = upper == "SHORTESTPATH" ? .single : .all
                part.variable = variable
                try expectSymbol(")")
                return part
            }
        }
        var part = try patternChain(location)
        part.variable = variable
        return part
    }

    mutating func patternChain(_ location: SourceLocation) throws(QueryError) -> PatternPart {
        try enter()
        defer { leave() }
        if current.isSymbol("(") && peek().isSymbol("(") {
            // A parenthesised path pattern.
            _ = advance()
            let inner = try patternChain(location)
            try expectSymbol(")")
            return inner
        }
        let start = try nodePattern()
        var steps: [(relationship: RelationshipPattern, node: NodePattern)] = []
        while current.isSymbol("-") || current.isSymbol("<-") || current.isSymbol("<") {
            let relationship = try relationshipPattern()
            steps.append((relationship, try nodePattern()))
        }
        return PatternPart(variable: nil, start: start, steps: steps, location: location)
    }

    mutating func nodePattern() throws(QueryError) -> NodePattern {
        let location = current.location
        guard acceptSymbol("(") else { throw error("'(' to start a node pattern") }
        var variable: String?
        if atVariable { variable = try variableName() }
        let labels = try self.labels()
        var properties: Expr?
        if current.isSymbol("{") {
            properties = try mapLiteral()
        } else if current.kind == .parameter {
            let token = advance()
            properties = .parameter(token.text, token.location)
        }
        guard acceptSymbol(")") else {
            throw error("')' to close the node pattern (or a label, a property map)")
        }
        return NodePattern(variable: variable, labels: labels, properties: properties, location: location)
    }

    mutating func relationshipPattern() throws(QueryError) -> RelationshipPattern {
        let location = current.location
        var leftArrow = false
        if acceptSymbol("<-") {
            leftArrow = true
        } else if acceptSymbol("<") {
            leftArrow = true
            try expectSymbol("-")
        } else {
            try expectSymbol("-")
        }
        var variable: String?
        var types: [String] = []
        var properties: Expr?
        var range: (min: Int?, max: Int?)?
        if acceptSymbol("[") {
            if atVariable { variable = try variableName() }
            if acceptSymbol(":") {
                types.append(try name("a relationship type"))
                while acceptSymbol("|") {
                    _ = acceptSymbol(":")
                    types.append(try name("a relationship type"))
                }
            }
            if acceptSymbol("*") {
                var low: Int?
                var high: Int?
                if current.kind == .integer { low = try rangeBound() }
                if acceptSymbol("..") {
                    if current.kind == .integer { high = try rangeBound() }
                } else {
                    high = low
                }
                range = (low, high)
            }
            if current.isSymbol("{") {
                properties = try mapLiteral()
            } else if current.kind == .parameter {
                let token = advance()
                properties = .parameter(token.text, token.location)
            }
            guard acceptSymbol("]") else {
                throw error("']' to close the relationship pattern (or a type, '*' range, a property map)")
            }
        }
        var rightArrow = false
        if acceptSymbol("->") {
            rightArrow = true
        } else if acceptSymbol("-") {
            if acceptSymbol(">") { rightArrow = true }
        } else {
            throw error("'-' or '->' to end the relationship pattern")
        }
        let direction: RelationshipPattern.Direction =
            leftArrow == rightArrow ? .both : (rightArrow ? .outgoing : .incoming)
        return RelationshipPattern(
            variable: variable, types: types, properties: properties, direction: direction, range: range,
            location: location)
    }

    mutating func rangeBound() throws(QueryError) -> Int {
        let token = advance()
        guard let value = Int(token.text), value >= 0 else {
            throw error(message: "invalid path length bound '\(token.text)'", at: token.location)
        }
        return value
    }
}
