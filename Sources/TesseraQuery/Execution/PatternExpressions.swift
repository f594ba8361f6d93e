import TesseraGraph

/// Pattern predicates (`(a)-->(b)`, `exists { ... }`) and pattern comprehensions inside expressions.
struct PatternExpressions {
    /// The pin pattern expressions read at.
    let pin: TimePin

    func prepare(_ part: PatternPart, _ env: Environment) -> PreparedPart {
        Planner.prepare([part], isBound: { env.lookup($0) != nil }, predicate: nil, counter: 0).first!
    }

    func exists(_ part: PatternPart, predicate: Expr?, _ env: Environment, _ evaluator: Evaluator) throws(QueryError)
        -> Bool
    {
        let matcher = PatternMatcher(parts: [prepare(part, env)], pin: pin, evaluator: evaluator)
        var found = false
        try matcher.match(env) { bindings throws(QueryError) in
            if let predicate {
                var inner = env
                bindings.appendVisible(to: &inner.locals)
                guard case .bool(true) = try evaluator.evaluate(predicate, inner) else { return true }
            }
            found = true
            return false
        }
        return found
    }

    func comprehension(
        _ part: PatternPart, predicate: Expr?, projection: Expr, _ env: Environment, _ evaluator: Evaluator
    ) throws(QueryError) -> [QueryValue] {
        let matcher = PatternMatcher(parts: [prepare(part, env)], pin: pin, evaluator: evaluator)
        var result: [QueryValue] = []
        try matcher.match(env) { bindings throws(QueryError) in
            var inner = env
            bindings.appendVisible(to: &inner.locals)
            if let predicate {
                guard case .bool(true) = try evaluator.evaluate(predicate, inner) else { return true }
            }
            result.append(try evaluator.evaluate(projection, inner))
            return true
        }
        return result
    }
}
