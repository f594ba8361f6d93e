extension Parser {
    /// An expression: OR binds loosest, then XOR, AND, NOT, comparisons, predicates, + -, * / %, ^,
    /// unary signs, and postfix property access, subscripts and label checks.
    mutating func expression() throws(QueryError) -> Expr {
        try enter()
        defer { leave() }
        return try orExpression()
    }

    mutating func orExpression() throws(QueryError) -> Expr {
        var left = try xorExpression()
        while current.isKeyword("OR") {
            let location = advance().location
            left = .binary(.or, left, try xorExpression(), location)
        }
        return left
    }

    mutating func xorExpression() throws(QueryError) -> Expr {
        var left = try andExpression()
        while current.isKeyword("XOR") {
            let location = advance().location
            left = .binary(.xor, left, try andExpression(), location)
        }
        return left
    }

    mutating func andExpression() throws(QueryError) -> Expr {
        var left = try notExpression()
        while current.isKeyword("AND") {
            let location = advance().location
            left = .binary(.and, left, try notExpression(), location)
        }
        return left
    }

    mutating func notExpression() throws(QueryError) -> Expr {
        if current.isKeyword("NOT") {
            let location = advance().location
            try enter()
            defer { leave() }
            return .unary(.not, try notExpression(), location)
        }
        return try comparison()
    }

    static let comparisonOperators: [String: BinaryOperator] = [
        "=": .equal, "<>": .notEqual, "!=": .notEqual, "<": .less, ">": .greater, "<=": .lessEqual,
        ">=": .greaterEqual,
    ]

    /// Comparisons chain: `a < b < c` means `a < b AND b < c`.
    mutating func comparison() throws(QueryError) -> Expr {
        let first = try predicateExpression()
        var result: Expr?
        var left = first
        while current.kind == .symbol, let op = Self.comparisonOperators[current.text] {
            let location = advance().location
            let right = try predicateExpression()
            let test = Expr.binary(op, left, right, location)
            result = result.map { .binary(.and, $0, test, location) } ?? test
            left = right
        }
        return result ?? first
    }

    /// STARTS WITH, ENDS WITH, CONTAINS, IN, =~, IS [NOT] NULL.
    mutating func predicateExpression() throws(QueryError) -> Expr {
        var left = try additive()
        while true {
            let location = current.location
            if current.isKeyword("STARTS") && peek().isKeyword("WITH") {
                _ = advance()
                _ = advance()
                left = .binary(.startsWith, left, try additive(), location)
            } else if current.isKeyword("ENDS") && peek().isKeyword("WITH") {
                _ = advance()
                _ = advance()
                left = .binary(.endsWith, left, try additive(), location)
            } else if current.isKeyword("CONTAINS") {
                _ = advance()
                left = .binary(.contains, left, try additive(), location)
            } else if current.isKeyword("IN") {
                _ = advance()
                left = .binary(.in, left, try additive(), location)
            } else if current.isSymbol("=~") {
                _ = advance()
                left = .binary(.regex, left, try additive(), location)
            } else if current.isKeyword("IS") {
                _ = advance()
                let negated = acceptKeyword("NOT")
                try expectKeyword("NULL")
                left = .isNull(left, negated: negated, location)
            } else {
                return left
            }
        }
    }

    mutating func additive() throws(QueryError) -> Expr {
        var left = try multiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let token = advance()
            left = .binary(token.text == "+" ? .add : .subtract, left, try multiplicative(), token.location)
        }
        return left
    }

    mutating func multiplicative() throws(QueryError) -> Expr {
        var left = try power()
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            let token = advance()
            let op: BinaryOperator = token.text == "*" ? .multiply : (token.text == "/" ? .divide : .modulo)
            left = .binary(op, left, try power(), token.location)
        }
        return left
    }

    mutating func power() throws(QueryError) -> Expr {
        var left = try unary()
        while current.isSymbol("^") {
            let location = advance().location
            left = .binary(.power, left, try unary(), location)
        }
        return left
    }

    mutating func unary() throws(QueryError) -> Expr {
        if current.isSymbol("-") || current.isSymbol("+") {
            let token = advance()
            try enter()
            defer { leave() }
            let operand = try unary()
            if token.text == "-" {
                // Fold negative number literals so that -9223372036854775808 is representable.
                if case .literal(.int(let value), _) = operand { return .literal(.int(0 &- value), token.location) }
                if case .literal(.float(let value), _) = operand { return .literal(.float(-value), token.location) }
                return .unary(.minus, operand, token.location)
            }
            return .unary(.plus, operand, token.location)
        }
        return try postfix()
    }

    mutating func postfix() throws(QueryError) -> Expr {
        var base = try atom()
        while true {
            let location = current.location
            if acceptSymbol(".") {
                base = .property(base, try name("a property name"), location)
            } else if current.isSymbol("[") {
                _ = advance()
                if acceptSymbol("..") {
                    let upper = current.isSymbol("]") ? nil : try expression()
                    try expectSymbol("]")
                    base = .slice(base, nil, upper, location)
                    continue
                }
                let index = try expression()
                if acceptSymbol("..") {
                    let upper = current.isSymbol("]") ? nil : try expression()
                    try expectSymbol("]")
                    base = .slice(base, index, upper, location)
                } else {
                    try expectSymbol("]")
                    base = .index(base, index, location)
                }
            } else if current.isSymbol(":") {
                base = .labelCheck(base, try labels(), location)
            } else {
                return base
            }
        }
    }

    mutating func atom() throws(QueryError) -> Expr {
        let token = current
        let location = token.location
        switch token.kind {
        case .integer:
            _ = advance()
            return .literal(.int(try integer(token)), location)
        case .float:
            _ = advance()
            guard let value = Double(token.text), value.isFinite else {
                throw error(
                    message: "floating point number is too large: \(token.text)", at: location,
                    detail: "FloatingPointOverflow")
            }
            return .literal(.float(value), location)
        case .string:
            _ = advance()
            return .literal(.string(token.text), location)
        case .parameter:
            _ = advance()
            return .parameter(token.text, location)
        case .quotedIdentifier:
            _ = advance()
            return try afterName(token.text, location)
        case .end:
            throw error("an expression")
        case .symbol:
            switch token.text {
            case "(":
                if let pattern = try tryPattern() { return .pattern(pattern, location) }
                _ = advance()
                let inner = try expression()
                try expectSymbol(")")
                return inner
            case "[":
                return try listAtom()
            case "{":
                return try mapLiteral()
            default:
                throw error("an expression")
            }
        case .identifier:
            break
        }
        switch token.upper {
        case "TRUE":
            _ = advance()
            return .literal(.bool(true), location)
        case "FALSE":
            _ = advance()
            return .literal(.bool(false), location)
        case "NULL":
            _ = advance()
            return .literal(.null, location)
        case "CASE":
            _ = advance()
            return try caseExpression(location)
        case "COUNT" where peek().isSymbol("(") && peek(2).isSymbol("*"):
            _ = advance()
            _ = advance()
            _ = advance()
            try expectSymbol(")")
            return .countStar(location)
        case "ALL", "ANY", "NONE", "SINGLE":
            if peek().isSymbol("(") {
                _ = advance()
                _ = advance()
                let variable = try variableName()
                try expectKeyword("IN")
                let source = try expression()
                var predicate: Expr?
                if acceptKeyword("WHERE") { predicate = try expression() }
                try expectSymbol(")")
                let quantifier = Quantifier(rawValue: token.upper.lowercased()) ?? .all
                return .quantified(quantifier, variable: variable, source: source, predicate: predicate, location)
            }
        case "REDUCE" where peek().isSymbol("("):
            _ = advance()
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
        case "EXISTS" where peek().isSymbol("{"):
            _ = advance()
            _ = advance()
            _ = acceptKeyword("MATCH")
            let part = try patternPart()
            var predicate: Expr?
            if acceptKeyword("WHERE") { predicate = try expression() }
            try expectSymbol("}")
            return .exists(part, predicate: predicate, location)
        default:
            break
        }
        if Keywords.all.contains(token.upper) && !peek().isSymbol("(") {
            throw error("an expression")
        }
        _ = advance()
        return try afterName(token.text, location)
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
        let value: Int64?
        if text.hasPrefix("0x") {
            value = Int64(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("0o") {
            value = Int64(text.dropFirst(2), radix: 8)
        } else if text.count > 1 && text.hasPrefix("0") {
            value = Int64(text.dropFirst(1), radix: 8)
        } else {
            value = Int64(text)
        }
        if let value { return value }
        // 9223372036854775808 is allowed only as the operand of unary minus.
        if text == "9223372036854775808" && position >= 2 && tokens[position - 2].isSymbol("-") {
            return Int64.min
        }
        throw error(message: "integer is too large: \(text)", at: token.location, detail: "IntegerOverflow")
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
        let location = current.location
        try expectSymbol("[")
        if atVariable && peek().isKeyword("IN") {
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
        let isNamedPattern = atVariable && peek().isSymbol("=") && peek(2).isSymbol("(")
        if isNamedPattern || current.isSymbol("(") {
            let saved = position
            if let part = try? patternPart(), !part.steps.isEmpty,
                current.isKeyword("WHERE") || current.isSymbol("|")
            {
                var predicate: Expr?
                if acceptKeyword("WHERE") { predicate = try expression() }
                try expectSymbol("|")
                let projection = try expression()
                try expectSymbol("]")
                return .patternComprehension(part: part, predicate: predicate, projection: projection, location)
            }
            position = saved
        }
        var elements: [Expr] = []
        if !current.isSymbol("]") { elements = try expressionList() }
        guard acceptSymbol("]") else { throw error("',' or ']' in the list") }
        return .list(elements, location)
    }

    /// A relationship pattern used as an expression (`(a)-[:T]->(b)`), or nil (position restored).
    mutating func tryPattern() throws(QueryError) -> PatternPart? {
        let saved = position
        let savedDepth = depth
        guard let part = try? patternChain(current.location), !part.steps.isEmpty else {
            position = saved
            depth = savedDepth
            return nil
        }
        return part
    }
}
