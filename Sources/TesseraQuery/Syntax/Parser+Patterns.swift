/// Patterns: `(n:Label {key: value})-[r:TYPE*1..3]->(m)`, named and shortest-path parts.
extension Parser {
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

    /// A pattern chain, parsed at most once per token position.
    ///
    /// Expressions try a pattern first where one may start (`(`, and `[` for a pattern comprehension)
    /// and parse the tokens again as an expression when it is not one. Without the memo, patterns
    /// nested in property maps (`({a: ({a: ...})})`) would be parsed twice per level: exponential
    /// time. A remembered outcome is reused only where it stays within ``maxDepth`` from here.
    mutating func patternChain(_ location: SourceLocation) throws(QueryError) -> PatternPart {
        let start = position
        switch patternAttempts[start] {
        case .parsed(var part, let end, let levels) where depth + levels <= Self.maxDepth:
            deepest = max(deepest, depth + levels)
            position = end
            part.location = location
            return part
        case .failed(let error, let levels) where depth + levels <= Self.maxDepth:
            deepest = max(deepest, depth + levels)
            throw error
        default:
            break
        }
        let startDepth = depth
        let outerDeepest = deepest
        deepest = depth
        defer { deepest = max(outerDeepest, deepest) }
        do {
            let part = try parsePatternChain(location)
            patternAttempts[start] = .parsed(part, end: position, levels: deepest - startDepth)
            return part
        } catch {
            if !Self.isNestingTooDeep(error) { patternAttempts[start] = .failed(error, levels: deepest - startDepth) }
            throw error
        }
    }

    private mutating func parsePatternChain(_ location: SourceLocation) throws(QueryError) -> PatternPart {
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
            throw error(message: "invalid path length bound '\(Self.shown(token.text))'", at: token.location)
        }
        return value
    }
}
