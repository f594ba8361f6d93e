/// Operators by precedence.
///
/// The functions on the recursive path of nested expressions (`expression` down to `atom`) keep their
/// stack frames small: the rarer branches live in helpers that are on the stack only while they run.
/// Unoptimised builds give every local and temporary of a function its own slot, and a deep but
/// accepted expression must not overflow the stack (see ``Parser/maxDepth``).
extension Parser {
    /// An expression: OR binds loosest, then XOR, AND, NOT, comparisons, predicates, + -, * / %, ^,
    /// unary signs, and postfix property access, subscripts and label checks.
    mutating func expression() throws(QueryError) -> Expr {
        try enter()
        defer { leave() }
        return try orExpression()
    }

    /// One more link of an operator or postfix chain: the chain is parsed in a loop, but each link
    /// wraps the tree built so far, one level deeper. The caller leaves `links` levels when done.
    mutating func link(_ links: inout Int) throws(QueryError) {
        try enter()
        links += 1
    }

    // Each level parses its first operand and hands any operator chain to a helper, so that only
    // the small first part is on the stack while a nested first operand is parsed.

    mutating func orExpression() throws(QueryError) -> Expr {
        let first = try xorExpression()
        return current.isKeyword("OR") ? try logicalChain(first, "OR") : first
    }

    mutating func xorExpression() throws(QueryError) -> Expr {
        let first = try andExpression()
        return current.isKeyword("XOR") ? try logicalChain(first, "XOR") : first
    }

    mutating func andExpression() throws(QueryError) -> Expr {
        let first = try notExpression()
        return current.isKeyword("AND") ? try logicalChain(first, "AND") : first
    }

    /// `first OR b OR c ...` (likewise XOR, AND), left-associative.
    mutating func logicalChain(_ first: Expr, _ keyword: String) throws(QueryError) -> Expr {
        var left = first
        var links = 0
        defer { leave(links) }
        while current.isKeyword(keyword) {
            try link(&links)
            let location = advance().location
            switch keyword {
            case "OR": left = .binary(.or, left, try xorExpression(), location)
            case "XOR": left = .binary(.xor, left, try andExpression(), location)
            default: left = .binary(.and, left, try notExpression(), location)
            }
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
        guard current.kind == .symbol, Self.comparisonOperators[current.text] != nil else { return first }
        return try comparisonChain(first)
    }

    mutating func comparisonChain(_ first: Expr) throws(QueryError) -> Expr {
        var result: Expr?
        var left = first
        var links = 0
        defer { leave(links) }
        while current.kind == .symbol, let op = Self.comparisonOperators[current.text] {
            try link(&links)
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
        let first = try additive()
        return current.kind == .identifier || current.isSymbol("=~") ? try predicateChain(first) : first
    }

    mutating func predicateChain(_ first: Expr) throws(QueryError) -> Expr {
        var left = first
        var links = 0
        defer { leave(links) }
        while let next = try predicateTail(left, &links) { left = next }
        return left
    }

    /// `left` with the predicate operator at the current token applied, or nil when there is none.
    mutating func predicateTail(_ left: Expr, _ links: inout Int) throws(QueryError) -> Expr? {
        let location = current.location
        if current.isKeyword("STARTS") && peek().isKeyword("WITH") {
            try link(&links)
            _ = advance()
            _ = advance()
            return .binary(.startsWith, left, try additive(), location)
        } else if current.isKeyword("ENDS") && peek().isKeyword("WITH") {
            try link(&links)
            _ = advance()
            _ = advance()
            return .binary(.endsWith, left, try additive(), location)
        } else if current.isKeyword("CONTAINS") {
            try link(&links)
            _ = advance()
            return .binary(.contains, left, try additive(), location)
        } else if current.isKeyword("IN") {
            try link(&links)
            _ = advance()
            return .binary(.in, left, try additive(), location)
        } else if current.isSymbol("=~") {
            try link(&links)
            _ = advance()
            return .binary(.regex, left, try additive(), location)
        } else if current.isKeyword("IS") {
            try link(&links)
            _ = advance()
            let negated = acceptKeyword("NOT")
            try expectKeyword("NULL")
            return .isNull(left, negated: negated, location)
        }
        return nil
    }

    static let additiveOperators: [String: BinaryOperator] = ["+": .add, "-": .subtract]
    static let multiplicativeOperators: [String: BinaryOperator] = ["*": .multiply, "/": .divide, "%": .modulo]
    static let powerOperators: [String: BinaryOperator] = ["^": .power]

    mutating func additive() throws(QueryError) -> Expr {
        let first = try multiplicative()
        return current.kind == .symbol ? try arithmeticChain(first, Self.additiveOperators) : first
    }

    mutating func multiplicative() throws(QueryError) -> Expr {
        let first = try power()
        return current.kind == .symbol ? try arithmeticChain(first, Self.multiplicativeOperators) : first
    }

    mutating func power() throws(QueryError) -> Expr {
        let first = try unary()
        return current.kind == .symbol ? try arithmeticChain(first, Self.powerOperators) : first
    }

    /// `first + b - c ...` with the operators of one precedence level, left-associative.
    mutating func arithmeticChain(_ first: Expr, _ operators: [String: BinaryOperator]) throws(QueryError) -> Expr {
        var left = first
        var links = 0
        defer { leave(links) }
        while current.kind == .symbol, let op = operators[current.text] {
            if current.isUnicodeDash { throw unicodeDash(current) }
            try link(&links)
            let location = advance().location
            let right =
                switch op {
                case .add, .subtract: try multiplicative()
                case .multiply, .divide, .modulo: try power()
                default: try unary()
                }
            left = .binary(op, left, right, location)
        }
        return left
    }

    mutating func unary() throws(QueryError) -> Expr {
        if current.isSymbol("-") || current.isSymbol("+") { return try signed() }
        return try postfix()
    }

    /// The error for a Unicode dash where an arithmetic minus belongs.
    func unicodeDash(_ token: Token) -> QueryError {
        let offset = token.location.offset
        let written =
            offset < token.end && token.end <= utf8.count
            ? String(decoding: utf8[offset..<token.end], as: UTF8.self) : "a Unicode dash"
        return error(
            message: "'\(written)' is not a minus sign: write '-' for subtraction and negation (Unicode dashes are "
                + "accepted only in relationship patterns)",
            at: token.location, detail: "InvalidUnicodeCharacter")
    }

    /// A sign and its operand.
    mutating func signed() throws(QueryError) -> Expr {
        if current.isUnicodeDash { throw unicodeDash(current) }
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

    mutating func postfix() throws(QueryError) -> Expr {
        let base = try atom()
        return current.kind == .symbol ? try postfixChain(base) : base
    }

    mutating func postfixChain(_ first: Expr) throws(QueryError) -> Expr {
        var base = first
        var links = 0
        defer { leave(links) }
        while let next = try postfixTail(base, &links) { base = next }
        return base
    }

    /// `base` with the property access, subscript, slice or label check at the current token
    /// applied, or nil when there is none.
    mutating func postfixTail(_ base: Expr, _ links: inout Int) throws(QueryError) -> Expr? {
        let location = current.location
        if current.isSymbol(".") {
            try link(&links)
            _ = advance()
            return .property(base, try name("a property name"), location)
        } else if current.isSymbol(":") {
            try link(&links)
            return .labelCheck(base, try labels(), location)
        } else if !current.isSymbol("[") {
            return nil
        }
        try link(&links)
        _ = advance()
        if acceptSymbol("..") {
            let upper = current.isSymbol("]") ? nil : try expression()
            try expectSymbol("]")
            return .slice(base, nil, upper, location)
        }
        let index = try expression()
        if acceptSymbol("..") {
            let upper = current.isSymbol("]") ? nil : try expression()
            try expectSymbol("]")
            return .slice(base, index, upper, location)
        }
        try expectSymbol("]")
        return .index(base, index, location)
    }
}
