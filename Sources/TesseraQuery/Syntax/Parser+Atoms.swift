/// Atoms: literals, names and calls, brackets, CASE, comprehensions, quantifiers and patterns.
///
/// `atom` only dispatches, so that its stack frame, which every level of a nested expression holds,
/// stays small (see the note on the operators in `Parser+Expressions.swift`).
extension Parser {
    mutating func atom() throws(QueryError) -> Expr {
        switch tokens[position].kind {
        case .integer, .float, .string, .parameter: try literal()
        case .identifier, .quotedIdentifier: try nameAtom()
        case .symbol, .end: try bracketed()
        }
    }

    /// `(...)`, `[...]` or `{...}`.
    mutating func bracketed() throws(QueryError) -> Expr {
        switch tokens[position].text {
        case "(" where current.kind == .symbol: try parenthesized()
        case "[" where current.kind == .symbol: try listAtom()
        case "{" where current.kind == .symbol: try mapLiteral()
        default: throw error("an expression")
        }
    }

    /// A number, string or parameter.
    mutating func literal() throws(QueryError) -> Expr {
        let token = advance()
        let location = token.location
        switch token.kind {
        case .integer:
            return .literal(.int(try integer(token)), location)
        case .float:
            guard let value = Double(token.text), value.isFinite else {
                throw error(
                    message: "floating point number is too large: \(Self.shown(token.text))", at: location,
                    detail: "FloatingPointOverflow")
            }
            return .literal(.float(value), location)
        case .string:
            return .literal(.string(token.text), location)
        default:
            return .parameter(token.text, location)
        }
    }

    /// `(`: a relationship pattern used as an expression, or a parenthesised expression.
    mutating func parenthesized() throws(QueryError) -> Expr {
        let location = current.location
        if let pattern = try tryPattern() { return .pattern(pattern, location) }
        _ = advance()
        let inner = try expression()
        try expectSymbol(")")
        return inner
    }

    /// A keyword literal or form (`true`, `CASE`, `count(*)`, `all(...)`, `reduce(...)`, `EXISTS {...}`),
    /// or a name: a variable, a function call or a map projection.
    mutating func nameAtom() throws(QueryError) -> Expr {
        let location = current.location
        if current.kind == .quotedIdentifier {
            let token = advance()
            return try afterName(token.text, token.location)
        }
        switch current.upper {
        case "TRUE", "FALSE", "NULL":
            let word = advance().upper
            return .literal(word == "NULL" ? .null : .bool(word == "TRUE"), location)
        case "CASE":
            _ = advance()
            return try caseExpression(location)
        case "COUNT" where peek().isSymbol("(") && peek(2).isSymbol("*"):
            return try countStar()
        case "ALL" where peek().isSymbol("("), "ANY" where peek().isSymbol("("), "NONE" where peek().isSymbol("("),
            "SINGLE" where peek().isSymbol("("):
            return try quantified()
        case "REDUCE" where peek().isSymbol("("):
            return try reduce()
        case "EXISTS" where peek().isSymbol("{"):
            return try existsSubquery()
        default:
            if Keywords.all.contains(current.upper) && !peek().isSymbol("(") {
                throw error("an expression")
            }
            let token = advance()
            return try afterName(token.text, location)
        }
    }

    /// `count(*)`.
    mutating func countStar() throws(QueryError) -> Expr {
        let location = advance().location
        _ = advance()
        _ = advance()
        try expectSymbol(")")
        return .countStar(location)
    }

    /// `all|any|none|single(x IN list [WHERE predicate])`.
    mutating func quantified() throws(QueryError) -> Expr {
        let token = advance()
        _ = advance()
        let variable = try variableName()
        try expectKeyword("IN")
        let source = try expression()
        var predicate: Expr?
        if acceptKeyword("WHERE") { predicate = try expression() }
        try expectSymbol(")")
        let quantifier = Quantifier(rawValue: token.upper.lowercased()) ?? .all
        return .quantified(quantifier, variable: variable, source: source, predicate: predicate, token.location)
    }

    /// `reduce(accumulator = initial, x IN list | body)`.
    mutating func reduce() throws(QueryError) -> Expr {
        let location = advance().location
        _ = advance()
        let accumulator = try variableName()
        try expectSymbol("=")
        let initial = try expression()
        try expectSymbol(",")
        let variable = try variableName()
        try expectKeyword("IN")
        let source = try expression()
        try expectSymbol("|")
        let body = try expression()
        try expectSymbol(")")
        return .reduce(
            accumulator: accumulator, initial: initial, variable: variable, source: source, body: body, location)
    }

    /// `EXISTS { [MATCH] pattern [WHERE predicate] }`.
    mutating func existsSubquery() throws(QueryError) -> Expr {
        let location = advance().location
        _ = advance()
        _ = acceptKeyword("MATCH")
        let part = try patternPart()
        var predicate: Expr?
        if acceptKeyword("WHERE") { predicate = try expression() }
        try expectSymbol("}")
        return .exists(part, predicate: predicate, location)
    }

    /// A name in expression position: a function call, a map projection or a variable.
    mutating func afterName(_ first: String, _ location: SourceLocation) throws(QueryError) -> Expr {
        // Dotted function names: date.truncate(...), point.distance(...).
        var name = first
        var lookahead = 0
        var dotted = first
        while peek(lookahead).isSymbol(".") && [.identifier, .quotedIdentifier].contains(peek(lookahead + 1).kind) {
            dotted += "." + peek(lookahead + 1).text
            lookahead += 2
        }
        if peek(lookahead).isSymbol("(") && (lookahead > 0 || current.isSymbol("(")) {
            for _ in 0..<lookahead { _ = advance() }
            name = dotted
        }
        if acceptSymbol("(") {
            let distinct = acceptKeyword("DISTINCT")
            var arguments: [Expr] = []
            if !current.isSymbol(")") { arguments = try expressionList() }
            try expectSymbol(")")
            if name.uppercased() == "EXISTS", arguments.count == 1, case .pattern(let part, _) = arguments[0] {
                return .exists(part, predicate: nil, location)
            }
            return .function(name: name, distinct: distinct, arguments: arguments, location)
        }
        if current.isSymbol("{") && !Keywords.all.contains(first.uppercased()) {
            return try mapProjection(first, location)
        }
        return .variable(first, location)
    }

    mutating func integer(_ token: Token) throws(QueryError) -> Int64 {
        let text = token.text
        let magnitude: UInt64?
        if text.hasPrefix("0x") {
            magnitude = UInt64(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("0o") {
            magnitude = UInt64(text.dropFirst(2), radix: 8)
        } else if text.count > 1 && text.hasPrefix("0") {
            guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) else {
                throw error(
                    message:
                        "\(Self.shown(text)) is not a valid integer: a leading 0 makes an octal literal, whose digits are 0-7 (write it without the 0 for a decimal number)",
                    at: token.location, detail: "InvalidNumberLiteral")
            }
            magnitude = UInt64(text.dropFirst(1), radix: 8)
        } else {
            magnitude = UInt64(text)
        }
        if let magnitude, magnitude <= UInt64(Int64.max) { return Int64(magnitude) }
        // 2^63 (9223372036854775808, 0x8000000000000000, 0o1000000000000000000000) is allowed only as the
        // operand of unary minus: the smallest integer.
        if magnitude == UInt64(1) << 63 && position >= 2 && tokens[position - 2].isSymbol("-") {
            return Int64.min
        }
        throw error(message: "integer is too large: \(Self.shown(text))", at: token.location, detail: "IntegerOverflow")
    }

    mutating func mapLiteral() throws(QueryError) -> Expr {
        let location = current.location
        try expectSymbol("{")
        var entries: [(String, Expr)] = []
        if !current.isSymbol("}") {
            repeat {
                let key = try name("a map key")
                try expectSymbol(":")
                entries.append((key, try expression()))
            } while acceptSymbol(",")
        }
        guard acceptSymbol("}") else { throw error("',' or '}' in the map") }
        return .map(entries, location)
    }

    mutating func mapProjection(_ variable: String, _ location: SourceLocation) throws(QueryError) -> Expr {
        try expectSymbol("{")
        var items: [MapProjectionItem] = []
        if !current.isSymbol("}") {
            repeat {
                if acceptSymbol(".") {
                    if acceptSymbol("*") {
                        items.append(.all)
                    } else {
                        items.append(.property(try name("a property name")))
                    }
                } else if peek().isSymbol(":") {
                    let key = try name("a map key")
                    _ = advance()
                    items.append(.literal(key, try expression()))
                } else {
                    items.append(.variable(try variableName()))
                }
            } while acceptSymbol(",")
        }
        try expectSymbol("}")
        return .mapProjection(variable: variable, items: items, location)
    }

    mutating func caseExpression(_ location: SourceLocation) throws(QueryError) -> Expr {
        var subject: Expr?
        if !current.isKeyword("WHEN") { subject = try expression() }
        var branches: [(Expr, Expr)] = []
        while acceptKeyword("WHEN") {
            let condition = try expression()
            try expectKeyword("THEN")
            branches.append((condition, try expression()))
        }
        guard !branches.isEmpty else { throw error("WHEN in CASE") }
        var otherwise: Expr?
        if acceptKeyword("ELSE") { otherwise = try expression() }
        try expectKeyword("END")
        return .caseExpression(subject: subject, branches: branches, otherwise: otherwise, location)
    }

    /// `[...]`: a list literal, a list comprehension or a pattern comprehension.
    mutating func listAtom() throws(QueryError) -> Expr {
        if Self.isVariable(peek()) && peek(2).isKeyword("IN") { return try listComprehension() }
        if let comprehension = try patternComprehension() { return comprehension }
        return try listLiteral()
    }

    /// `[a, b, ...]`.
    mutating func listLiteral() throws(QueryError) -> Expr {
        let location = advance().location
        var elements: [Expr] = []
        if !current.isSymbol("]") { elements = try expressionList() }
        guard acceptSymbol("]") else { throw error("',' or ']' in the list") }
        return .list(elements, location)
    }

    /// `[x IN list [WHERE predicate] [| projection]]`, from its `[`.
    mutating func listComprehension() throws(QueryError) -> Expr {
        let location = advance().location
        let variable = try variableName()
        _ = advance()
        let source = try expression()
        var predicate: Expr?
        if acceptKeyword("WHERE") { predicate = try expression() }
        var projection: Expr?
        if acceptSymbol("|") { projection = try expression() }
        try expectSymbol("]")
        return .listComprehension(
            variable: variable, source: source, predicate: predicate, projection: projection, location)
    }

    /// `[[p =] pattern [WHERE predicate] | projection]` from its `[`, or nil (position restored)
    /// when the brackets hold something else.
    mutating func patternComprehension() throws(QueryError) -> Expr? {
        let saved = position
        let location = advance().location
        let isNamedPattern = atVariable && peek().isSymbol("=") && peek(2).isSymbol("(")
        if isNamedPattern || current.isSymbol("(") {
            if let part = try attempt({ parser throws(QueryError) in try parser.patternPart() }), !part.steps.isEmpty,
                current.isKeyword("WHERE") || current.isSymbol("|")
            {
                var predicate: Expr?
                if acceptKeyword("WHERE") { predicate = try expression() }
                try expectSymbol("|")
                let projection = try expression()
                try expectSymbol("]")
                return .patternComprehension(part: part, predicate: predicate, projection: projection, location)
            }
        }
        position = saved
        return nil
    }

    /// A relationship pattern used as an expression (`(a)-[:T]->(b)`), or nil (position restored).
    mutating func tryPattern() throws(QueryError) -> PatternPart? {
        let saved = position
        let location = current.location
        guard let part = try attempt({ parser throws(QueryError) in try parser.patternChain(location) }),
            !part.steps.isEmpty
        else {
            position = saved
            return nil
        }
        return part
    }

    /// What `parse` returns, or nil when it throws a syntax error (the tokens may be something else);
    /// a `NestingTooDeep` error is thrown on: the input is too deep whatever it turns out to be.
    mutating func attempt<T>(_ parse: (inout Parser) throws(QueryError) -> T) throws(QueryError) -> T? {
        do {
            return try parse(&self)
        } catch {
            if Self.isNestingTooDeep(error) { throw error }
            return nil
        }
    }
}
