/// Compile-time checks of names, functions and aggregation, with locations.
enum Binder {
    static let aggregateNames: Set<String> = [
        "count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp", "percentilecont", "percentiledisc",
    ]

    static func isAggregate(_ name: String) -> Bool { aggregateNames.contains(name.lowercased()) }

    /// Where the first call of the function `name` in `expression` (outside nested patterns) is, if any.
    static func firstCall(of name: String, in expression: Expr) -> SourceLocation? {
        var found: SourceLocation?
        func visit(_ e: Expr) -> Expr {
            if found != nil { return e }
            if case .function(let called, _, _, let location) = e, called.lowercased() == name {
                found = location
                return e
            }
            return e.mappingOuterChildren(visit)
        }
        _ = visit(expression)
        return found
    }

    /// Whether an expression contains an aggregate outside of nested scopes it cannot see.
    static func containsAggregate(_ expression: Expr) -> Bool {
        var found = false
        visit(expression) { e in
            if case .function(let name, _, _, _) = e, isAggregate(name) { found = true }
            if case .countStar = e { found = true }
        }
        return found
    }

    /// Calls `body` on every subexpression (not descending into pattern parts).
    static func visit(_ expression: Expr, _ body: (Expr) -> Void) {
        body(expression)
        switch expression {
        case .literal, .parameter, .variable, .countStar: break
        case .property(let b, _, _), .isNull(let b, _, _), .labelCheck(let b, _, _), .unary(_, let b, _): visit(b, body)
        case .index(let a, let b, _), .binary(_, let a, let b, _):
            visit(a, body)
            visit(b, body)
        case .slice(let a, let b, let c, _):
            visit(a, body)
            if let b { visit(b, body) }
            if let c { visit(c, body) }
        case .list(let items, _): for item in items { visit(item, body) }
        case .map(let entries, _): for (_, value) in entries { visit(value, body) }
        case .function(_, _, let arguments, _): for argument in arguments { visit(argument, body) }
        case .caseExpression(let subject, let branches, let otherwise, _):
            if let subject { visit(subject, body) }
            for (a, b) in branches {
                visit(a, body)
                visit(b, body)
            }
            if let otherwise { visit(otherwise, body) }
        case .listComprehension(_, let source, let predicate, let projection, _):
            visit(source, body)
            if let predicate { visit(predicate, body) }
            if let projection { visit(projection, body) }
        case .quantified(_, _, let source, let predicate, _):
            visit(source, body)
            if let predicate { visit(predicate, body) }
        case .reduce(_, let initial, _, let source, let inner, _):
            visit(initial, body)
            visit(source, body)
            visit(inner, body)
        case .patternComprehension(_, let predicate, let projection, _):
            if let predicate { visit(predicate, body) }
            visit(projection, body)
        case .pattern, .exists: break
        case .mapProjection(_, let items, _):
            for case .literal(_, let value) in items { visit(value, body) }
        }
    }

    /// Checks variables are defined, functions exist with the right number of arguments, and aggregates
    /// appear only where allowed.
    static func check(
        _ expression: Expr, _ scope: Scope, locals: Set<String> = [], allowAggregates: Bool = false,
        source: String
    ) throws(QueryError) {
        func fail(_ detail: String, _ message: String, _ location: SourceLocation) -> QueryError {
            var error = QueryError.semantic(detail, message, at: location)
            error.source = source
            return error
        }
        /// A wrong kind of value known before running: a SyntaxError or TypeError with `detail`.
        func wrongKind(_ kind: QueryError.Kind, _ detail: String, _ message: String, _ location: SourceLocation?)
            -> QueryError
        {
            var error = QueryError(.compile, kind, message, detail: detail, location: location)
            error.source = source
            return error
        }
        func defined(_ name: String) -> Bool { locals.contains(name) || scope.slot(name) != nil }
        switch expression {
        case .literal, .parameter: return
        case .variable(let name, let location):
            if !defined(name) { throw fail("UndefinedVariable", "variable '\(name)' is not defined", location) }
        case .countStar(let location):
            if !allowAggregates { throw fail("InvalidAggregation", "count(*) is not allowed here", location) }
        case .function(let name, let distinct, let arguments, let location):
            let lower = name.lowercased()
            if isAggregate(lower) {
                if !allowAggregates {
                    throw fail("InvalidAggregation", "aggregate \(name)() is not allowed here", location)
                }
                for argument in arguments {
                    if containsAggregate(argument) {
                        throw fail("NestedAggregation", "aggregate functions cannot be nested", location)
                    }
                    if let random = firstCall(of: "rand", in: argument) {
                        throw fail(
                            "NonConstantExpression",
                            "\(name)() cannot aggregate rand(): its value differs on every row",
                            random)
                    }
                    try check(argument, scope, locals: locals, allowAggregates: false, source: source)
                }
                let arity = Aggregation.arities[lower] ?? (lower.hasPrefix("percentile") ? 2...2 : 1...1)
                if !arity.contains(arguments.count) {
                    throw fail("InvalidNumberOfArguments", "\(name)() takes \(arity.lowerBound) argument(s)", location)
                }
                return
            }
            if distinct {
                throw fail("InvalidAggregation", "DISTINCT is only allowed in aggregate functions", location)
            }
            if lower == "size", let argument = arguments.first {
                // A pattern counts its matches with COUNT { ... } or size of a pattern comprehension, and a path's
                // length is length(); size() takes a string or a list.
                if case .pattern = argument {
                    throw wrongKind(
                        .syntaxError, "UnexpectedSyntax",
                        "size() of a pattern is not allowed: count its matches with COUNT { \(ExprPrinter.text(argument)) }",
                        argument.location)
                }
                if case .variable(let name, _) = argument, !locals.contains(name), scope.kind(name) == .path {
                    throw wrongKind(
                        .syntaxError, "InvalidArgumentType",
                        "size() takes a string or a list; '\(name)' is a path: use length()", argument.location)
                }
            }
            if lower != "exists" {
                let arity =
                    GraphFunctions.arities[lower] ?? ScalarFunctions.arities[lower] ?? TemporalFunctions.arities[lower]
                    ?? SpatialFunctions.arities[lower]
                guard let arity else { throw fail("UnknownFunction", "unknown function '\(name)'", location) }
                if !arity.contains(arguments.count) {
                    throw fail(
                        "InvalidNumberOfArguments",
                        "\(name)() takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") argument(s), got \(arguments.count)",
                        location)
                }
            }
            for argument in arguments {
                try check(argument, scope, locals: locals, allowAggregates: allowAggregates, source: source)
            }
        case .listComprehension(let variable, let sourceExpr, let predicate, let projection, _):
            try check(sourceExpr, scope, locals: locals, allowAggregates: allowAggregates, source: source)
            let inner = locals.union([variable])
            if let predicate { try check(predicate, scope, locals: inner, source: source) }
            if let projection {
                try check(projection, scope, locals: inner, allowAggregates: allowAggregates, source: source)
            }
        case .quantified(_, let variable, let sourceExpr, let predicate, _):
            try check(sourceExpr, scope, locals: locals, allowAggregates: allowAggregates, source: source)
            if let predicate { try check(predicate, scope, locals: locals.union([variable]), source: source) }
        case .reduce(let accumulator, let initial, let variable, let sourceExpr, let body, _):
            try check(initial, scope, locals: locals, allowAggregates: allowAggregates, source: source)
            try check(sourceExpr, scope, locals: locals, allowAggregates: allowAggregates, source: source)
            try check(body, scope, locals: locals.union([accumulator, variable]), source: source)
        case .pattern(let part, _), .exists(let part, _, _):
            var inner = locals
            for name in patternNames(part) { inner.insert(name) }
            for node in part.nodes { if let p = node.properties { try check(p, scope, locals: inner, source: source) } }
            if case .exists(_, let predicate?, _) = expression {
                try check(predicate, scope, locals: inner, source: source)
            }
        case .patternComprehension(let part, let predicate, let projection, _):
            var inner = locals
            for name in patternNames(part) { inner.insert(name) }
            if let predicate { try check(predicate, scope, locals: inner, source: source) }
            try check(projection, scope, locals: inner, source: source)
        case .mapProjection(let variable, let items, let location):
            if !defined(variable) { throw fail("UndefinedVariable", "variable '\(variable)' is not defined", location) }
            for item in items {
                switch item {
                case .literal(_, let value):
                    try check(value, scope, locals: locals, allowAggregates: allowAggregates, source: source)
                case .variable(let name):
                    if !defined(name) {
                        throw fail("UndefinedVariable", "variable '\(name)' is not defined", location)
                    }
                default: break
                }
            }
        default:
            // Literal operands of boolean operators are checked before running.
            var booleanOperands: [Expr] = []
            if case .binary(let op, let a, let b, _) = expression, op == .and || op == .or || op == .xor {
                booleanOperands = [a, b]
            }
            if case .unary(.not, let a, _) = expression { booleanOperands = [a] }
            for operand in booleanOperands where isNonBooleanLiteral(operand) {
                throw wrongKind(
                    .syntaxError, "InvalidArgumentType",
                    "a boolean operator needs booleans, not \(ExprPrinter.text(operand))", operand.location)
            }
            if case .binary(.in, _, let rhs, _) = expression, Binder.isNonListLiteral(rhs) || Binder.isMapLiteral(rhs) {
                throw wrongKind(
                    .syntaxError, "InvalidArgumentType", "IN needs a list on its right, not \(ExprPrinter.text(rhs))",
                    rhs.location)
            }
            if case .property(let base, let key, _) = expression,
                Binder.isNonListLiteral(base) || Binder.isListLiteral(base)
            {
                throw wrongKind(
                    .typeError, "InvalidArgumentType", "cannot read property '\(key)' of \(ExprPrinter.text(base))",
                    base.location)
            }
            if case .property(.variable(let name, _), let key, _) = expression, !locals.contains(name) {
                // A variable known to hold a path, or a literal without properties (WITH 123 AS x).
                switch scope.kind(name) {
                case .path:
                    throw wrongKind(
                        .syntaxError, "InvalidArgumentType", "cannot read property '\(key)' of path '\(name)'",
                        expression.location)
                case .plain:
                    throw wrongKind(
                        .typeError, "InvalidArgumentType",
                        "cannot read property '\(key)' of '\(name)', which holds a value without properties",
                        expression.location)
                default: break
                }
            }
            var failure: QueryError?
            var children: [Expr] = []
            switch expression {
            case .property(let b, _, _), .isNull(let b, _, _), .labelCheck(let b, _, _), .unary(_, let b, _):
                children = [b]
            case .index(let a, let b, _), .binary(_, let a, let b, _): children = [a, b]
            case .slice(let a, let b, let c, _): children = [a] + [b, c].compactMap { $0 }
            case .list(let items, _): children = items
            case .map(let entries, _): children = entries.map(\.1)
            case .caseExpression(let subject, let branches, let otherwise, _):
                children =
                    [subject].compactMap { $0 } + branches.flatMap { [$0.0, $0.1] } + [otherwise].compactMap { $0 }
            default: break
            }
            for child in children {
                do { try check(child, scope, locals: locals, allowAggregates: allowAggregates, source: source) } catch {
                    failure = error
                    break
                }
            }
            if let failure { throw failure }
        }
    }

    static func isNonListLiteral(_ expression: Expr) -> Bool {
        switch expression {
        case .literal(.null, _), .literal(.list, _): return false
        case .literal: return true
        default: return false
        }
    }

    static func isMapLiteral(_ expression: Expr) -> Bool {
        if case .map = expression { return true }
        return false
    }

    static func isListLiteral(_ expression: Expr) -> Bool {
        if case .list = expression { return true }
        return false
    }

    static func isNonBooleanLiteral(_ expression: Expr) -> Bool {
        switch expression {
        case .literal(.bool, _), .literal(.null, _): return false
        case .literal, .list, .map: return true
        default: return false
        }
    }

    /// Variable names a pattern part introduces.
    static func patternNames(_ part: PatternPart) -> [String] {
        var names: [String] = []
        if let v = part.variable { names.append(v) }
        for node in part.nodes { if let v = node.variable { names.append(v) } }
        for step in part.steps { if let v = step.relationship.variable { names.append(v) } }
        return names
    }
}
