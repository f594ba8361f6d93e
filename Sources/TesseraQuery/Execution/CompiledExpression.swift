import TesseraGraph

/// An expression turned into a closure once per operator, so that rows skip the interpreter's per-row work:
/// variables are read from their row slots (no name lookup), function calls go straight to the function (no
/// call-site lookup), and the `switch` over the expression tree is done once.
///
/// Only forms whose meaning does not depend on names bound inside the expression are compiled (literals,
/// parameters, variables, property reads, operators, `IS NULL`, function calls); anything else (comprehensions,
/// pattern predicates, CASE, map projections, `exists`) is handed to ``Evaluator/evaluate(_:_:)`` as is. A
/// constant (``Expr/isConstant``: parameters, spatial constructors over constants such as a query window) is
/// evaluated by the interpreter on the first row and kept for the others: an operator's compiled expressions
/// serve one statement. Both paths give the same values and errors; the openCypher conformance suite runs
/// through both.
typealias CompiledExpression = (Environment) throws(QueryError) -> QueryValue

/// A compiled expression kept in an array or an optional. A bare closure kept in a generic container is stored
/// at the most general abstraction, and every call then goes through conversion thunks (the environment and the
/// value passed indirectly, the value copied); one held in a struct's field keeps its own calling convention.
struct CompiledSlot {
    let evaluate: CompiledExpression

    init(_ evaluate: @escaping CompiledExpression) { self.evaluate = evaluate }

    @inline(__always)
    func callAsFunction(_ env: Environment) throws(QueryError) -> QueryValue { try evaluate(env) }
}

/// The rectangle of a constant window once a row has worked it out (nil: the window is not an axis-aligned
/// rectangle).
private final class KeptRectangle {
    var worked = false
    var rectangle: SpatialBounds?
}

/// The value of a constant expression once a row has computed it.
private final class KeptConstant {
    var value: QueryValue?
}

extension Evaluator {
    /// `expression` compiled against `scope`, the scope of the rows it will see.
    func compile(_ expression: Expr, scope: Scope) -> CompiledExpression {
        let evaluator = self
        let interpreted: CompiledExpression = { env throws(QueryError) in try evaluator.evaluate(expression, env) }
        switch expression {
        case .literal(let value, _):
            return { _ throws(QueryError) in value }
        case _ where expression.isConstant:
            let kept = KeptConstant()
            return { env throws(QueryError) in
                if let value = kept.value { return value }
                let value = try evaluator.evaluate(expression, env)
                kept.value = value
                return value
            }
        case .variable(let name, let location):
            guard let slot = scope.slot(name) else { return interpreted }
            return { env throws(QueryError) in
                // Names bound inside an enclosing construct shadow the row's; the general lookup handles them.
                if env.locals.isEmpty && slot < env.row.count { return env.row[slot] }
                return try evaluator.variable(name, env, location)
            }
        case .property(let base, let key, _):
            let compiledBase = compile(base, scope: scope)
            return { env throws(QueryError) in try evaluator.property(try compiledBase(env), key) }
        case .binary(let op, let left, let right, _):
            let compiledLeft = compile(left, scope: scope)
            let compiledRight = compile(right, scope: scope)
            switch op {
            case .and, .or, .xor:
                return { env throws(QueryError) in
                    try evaluator.logical(op, try compiledLeft(env)) { () throws(QueryError) in
                        try compiledRight(env)
                    }
                }
            default:
                return { env throws(QueryError) in
                    try evaluator.apply(op, try compiledLeft(env), try compiledRight(env))
                }
            }
        case .unary(let op, let operand, _):
            if expression.isConstant { return interpreted }
            let compiledOperand = compile(operand, scope: scope)
            return { env throws(QueryError) in try evaluator.unary(op, try compiledOperand(env)) }
        case .isNull(let operand, let negated, _):
            let compiledOperand = compile(operand, scope: scope)
            return { env throws(QueryError) in
                if case .null = try compiledOperand(env) { return .bool(!negated) }
                return .bool(negated)
            }
        case .function(let rawName, let distinct, let arguments, let location):
            let name = rawName.lowercased()
            guard !distinct, name != "exists", !expression.isConstant else { return interpreted }
            if name == "elementid", arguments.count == 1 {
                // The most common projection of a node, without the argument array.
                let argument = compile(arguments[0], scope: scope)
                return { env throws(QueryError) in
                    let value = try argument(env)
                    if case .node(let node) = value { return .string(node.id) }
                    return try evaluator.call(name, rawName, [value], location)
                }
            }
            if name == "intersects" || name == "within", arguments.count == 2,
                let windowIndex = arguments[1].isConstant
                    ? 1 : (name == "intersects" && arguments[0].isConstant ? 0 : nil)
            {
                return spatialTest(
                    name, rawName, compile(arguments[0], scope: scope), compile(arguments[1], scope: scope),
                    windowIndex: windowIndex, location)
            }
            let compiledArguments = arguments.map { CompiledSlot(compile($0, scope: scope)) }
            return { env throws(QueryError) in
                var values: [QueryValue] = []
                values.reserveCapacity(compiledArguments.count)
                for argument in compiledArguments { values.append(try argument(env)) }
                return try evaluator.call(name, rawName, values, location)
            }
        default:
            return interpreted
        }
    }

    /// `intersects` or `within` of a node and a constant window (argument `windowIndex`), as in a traversal
    /// restricted to a box: the node's box (or the geometry the R-trees keep) decides against the window's
    /// rectangle, worked out once per statement, without the general call; anything else takes the general call.
    private func spatialTest(
        _ name: String, _ rawName: String, _ first: @escaping CompiledExpression,
        _ second: @escaping CompiledExpression, windowIndex: Int, _ location: SourceLocation
    ) -> CompiledExpression {
        let evaluator = self
        let kept = KeptRectangle()
        return { env throws(QueryError) in
            let firstValue = try first(env)
            let secondValue = try second(env)
            let access = evaluator.context.access
            if !access.hasWrites, case .node(let node) = windowIndex == 1 ? firstValue : secondValue,
                case .geometry(let window) = windowIndex == 1 ? secondValue : firstValue
            {
                if !kept.worked {
                    if case .polygon(let rings) = window { kept.rectangle = SpatialAccessRunner.rectangle(rings) }
                    kept.worked = true
                }
                if let rectangle = kept.rectangle,
                    let decided = SpatialAccessRunner.decide(name, node, window: window, rectangle: rectangle, access)
                {
                    return .bool(decided)
                }
            }
            return try evaluator.call(name, rawName, [firstValue, secondValue], location)
        }
    }

    /// Whether a compiled WHERE predicate holds (see ``holds(_:_:)``).
    func holds(_ predicate: CompiledSlot, _ env: Environment) throws(QueryError) -> Bool {
        try Self.truth(of: try predicate(env))
    }
}
