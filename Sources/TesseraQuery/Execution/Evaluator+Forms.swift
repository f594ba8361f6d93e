/// The forms of expressions, one function each (see ``Evaluator/evaluate(_:_:)`` for why).
extension Evaluator {
    func parameter(_ name: String, _ location: SourceLocation) throws(QueryError) -> QueryValue {
        guard let value = context.parameters[name] else {
            throw QueryError(
                .runtime, .parameterMissing, "parameter $\(name) was not given", detail: "MissingParameter",
                location: location)
        }
        return value
    }

    func variable(_ name: String, _ env: Environment, _ location: SourceLocation) throws(QueryError) -> QueryValue {
        guard let value = env.lookup(name) else {
            throw QueryError.semantic("UndefinedVariable", "variable '\(name)' is not defined", at: location)
        }
        return value
    }

    static func countStarMisplaced(_ location: SourceLocation) -> QueryError {
        QueryError.semantic("InvalidAggregation", "count(*) is not allowed here", at: location)
    }

    func slice(_ base: Expr, _ from: Expr?, _ to: Expr?, _ env: Environment) throws(QueryError) -> QueryValue {
        let value = try evaluate(base, env)
        let lower = try from.map { e throws(QueryError) in try evaluate(e, env) }
        let upper = try to.map { e throws(QueryError) in try evaluate(e, env) }
        return try slice(value, lower, upper)
    }

    func list(_ items: [Expr], _ env: Environment) throws(QueryError) -> QueryValue {
        var values: [QueryValue] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try evaluate(item, env)) }
        return .list(values)
    }

    func map(_ entries: [(String, Expr)], _ env: Environment) throws(QueryError) -> QueryValue {
        var map: [String: QueryValue] = [:]
        for (key, value) in entries { map[key] = try evaluate(value, env) }
        return .map(map)
    }

    func unary(_ op: UnaryOperator, _ operand: Expr, _ env: Environment) throws(QueryError) -> QueryValue {
        try unary(op, try evaluate(operand, env))
    }

    func unary(_ op: UnaryOperator, _ value: QueryValue) throws(QueryError) -> QueryValue {
        switch op {
        case .not:
            switch value {
            case .null: return .null
            case .bool(let b): return .bool(!b)
            default: throw QueryError.type("NOT expects a boolean, got \(value.typeName)")
            }
        case .minus: return try Operators.negate(value)
        case .plus:
            switch value {
            case .int, .float, .null, .duration: return value
            default: throw QueryError.type("unary + expects a number, got \(value.typeName)")
            }
        }
    }

    func isNull(_ operand: Expr, negated: Bool, _ env: Environment) throws(QueryError) -> QueryValue {
        let isNull: Bool
        if case .null = try evaluate(operand, env) { isNull = true } else { isNull = false }
        return .bool(isNull != negated)
    }

    func labelCheck(_ operand: Expr, _ labels: [String], _ env: Environment) throws(QueryError) -> QueryValue {
        switch try evaluate(operand, env) {
        case .null: return .null
        case .node(let node):
            let current = context.access.refreshed(node)
            return .bool(labels.allSatisfy(current.labels.contains))
        case .relationship(let relationship):
            return .bool(labels.allSatisfy { $0 == relationship.type })
        case let other:
            throw QueryError.type("a label check needs a node, got \(other.typeName)")
        }
    }

    /// `exists(x.key)`: whether the property is set (nil when the argument is not a property).
    func existsProperty(_ arguments: [Expr], _ env: Environment, _ location: SourceLocation) throws(QueryError)
        -> QueryValue?
    {
        guard arguments.count == 1 else {
            throw QueryError.semantic("InvalidNumberOfArguments", "exists() takes one argument", at: location)
        }
        guard case .property(let base, let key, _) = arguments[0] else { return nil }
        let value = try evaluate(base, env)
        if case .null = value { return .null }
        if case .null = try property(value, key) { return .bool(false) }
        return .bool(true)
    }

    func caseExpression(_ subject: Expr?, _ branches: [(Expr, Expr)], _ otherwise: Expr?, _ env: Environment)
        throws(QueryError) -> QueryValue
    {
        if let subject {
            let value = try evaluate(subject, env)
            for (candidate, result) in branches where QueryValue.equals(value, try evaluate(candidate, env)) == true {
                return try evaluate(result, env)
            }
        } else {
            for (condition, result) in branches {
                if case .bool(true) = try evaluate(condition, env) { return try evaluate(result, env) }
            }
        }
        return try otherwise.map { e throws(QueryError) in try evaluate(e, env) } ?? .null
    }

    func listComprehension(
        _ variable: String, _ source: Expr, _ predicate: Expr?, _ projection: Expr?, _ env: Environment
    ) throws(QueryError) -> QueryValue {
        let list = try evaluate(source, env)
        guard case .list(let items) = list else {
            if case .null = list { return .null }
            throw QueryError.type("a list comprehension needs a list, got \(list.typeName)")
        }
        var result: [QueryValue] = []
        var inner = env
        inner.locals.append((variable, .null))
        let index = inner.locals.count - 1
        for item in items {
            inner.locals[index].1 = item
            if let predicate {
                guard case .bool(true) = try evaluate(predicate, inner) else { continue }
            }
            result.append(try projection.map { e throws(QueryError) in try evaluate(e, inner) } ?? item)
        }
        return .list(result)
    }

    func quantified(
        _ quantifier: Quantifier, _ variable: String, _ source: Expr, _ predicate: Expr?, _ env: Environment
    ) throws(QueryError) -> QueryValue {
        let list = try evaluate(source, env)
        guard case .list(let items) = list else {
            if case .null = list { return .null }
            throw QueryError.type("\(quantifier.rawValue)() needs a list, got \(list.typeName)")
        }
        var inner = env
        inner.locals.append((variable, .null))
        let index = inner.locals.count - 1
        var trueCount = 0
        var nullCount = 0
        for item in items {
            inner.locals[index].1 = item
            let outcome = try predicate.map { e throws(QueryError) in try evaluate(e, inner) } ?? .bool(true)
            switch outcome {
            case .bool(true): trueCount += 1
            case .bool(false): break
            case .null: nullCount += 1
            default: throw QueryError.type("the predicate of \(quantifier.rawValue)() must be a boolean")
            }
        }
        let falseCount = items.count - trueCount - nullCount
        switch quantifier {
        case .all: return falseCount > 0 ? .bool(false) : (nullCount > 0 ? .null : .bool(true))
        case .any: return trueCount > 0 ? .bool(true) : (nullCount > 0 ? .null : .bool(false))
        case .none: return trueCount > 0 ? .bool(false) : (nullCount > 0 ? .null : .bool(true))
        case .single:
            if trueCount > 1 { return .bool(false) }
            if nullCount > 0 { return .null }
            return .bool(trueCount == 1)
        }
    }

    func reduce(
        _ accumulator: String, _ initial: Expr, _ variable: String, _ source: Expr, _ body: Expr, _ env: Environment
    ) throws(QueryError) -> QueryValue {
        let list = try evaluate(source, env)
        guard case .list(let items) = list else {
            if case .null = list { return .null }
            throw QueryError.type("reduce() needs a list, got \(list.typeName)")
        }
        var inner = env
        inner.locals.append((accumulator, try evaluate(initial, env)))
        inner.locals.append((variable, .null))
        let accumulatorIndex = inner.locals.count - 2
        for item in items {
            inner.locals[accumulatorIndex + 1].1 = item
            inner.locals[accumulatorIndex].1 = try evaluate(body, inner)
        }
        return inner.locals[accumulatorIndex].1
    }

    func mapProjection(_ variable: String, _ items: [MapProjectionItem], _ env: Environment, _ location: SourceLocation)
        throws(QueryError) -> QueryValue
    {
        guard let base = env.lookup(variable) else {
            throw QueryError.semantic("UndefinedVariable", "variable '\(variable)' is not defined", at: location)
        }
        if case .null = base { return .null }
        var map: [String: QueryValue] = [:]
        for item in items {
            switch item {
            case .property(let key): map[key] = try property(base, key)
            case .literal(let key, let value): map[key] = try evaluate(value, env)
            case .variable(let name):
                guard let value = env.lookup(name) else {
                    throw QueryError.semantic("UndefinedVariable", "variable '\(name)' is not defined", at: location)
                }
                map[name] = value
            case .all:
                for (key, value) in try allProperties(base) { map[key] = value }
            }
        }
        return .map(map)
    }
}
