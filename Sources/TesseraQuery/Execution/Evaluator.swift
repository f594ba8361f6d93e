import TesseraCore
import TesseraGraph

/// What an expression sees: a row, its scope, and locals bound by comprehensions and quantifiers.
struct Environment {
    var row: Row
    let scope: Scope
    var locals: [(String, QueryValue)] = []

    func lookup(_ name: String) -> QueryValue? {
        for (key, value) in locals.reversed() where key == name { return value }
        if let slot = scope.slot(name), slot < row.count { return row[slot] }
        return nil
    }
}

/// Evaluates expressions with openCypher semantics.
struct Evaluator {
    unowned let context: ExecutionContext
    /// Runs pattern expressions (pattern predicates and comprehensions).
    var patterns: PatternExpressions

    /// The value of `expression` in `env`.
    ///
    /// Every case hands its work to a helper: this function is on the stack once per level of a
    /// nested expression, and unoptimised builds give each local of each case its own stack slot, so a
    /// body kept here would make deep (but accepted, see `Parser.maxDepth`) expressions overflow.
    func evaluate(_ expression: Expr, _ env: Environment) throws(QueryError) -> QueryValue {
        switch expression {
        case .literal(let value, _): return value
        case .parameter(let name, let location): return try parameter(name, location)
        case .variable(let name, let location): return try variable(name, env, location)
        case .property(let base, let key, _): return try property(try evaluate(base, env), key)
        case .index(let base, let index, _):
            return try subscriptValue(try evaluate(base, env), try evaluate(index, env))
        case .slice(let base, let from, let to, _): return try slice(base, from, to, env)
        case .list(let items, _): return try list(items, env)
        case .map(let entries, _): return try map(entries, env)
        case .unary(let op, let operand, _): return try unary(op, operand, env)
        case .binary(let op, let left, let right, _): return try binary(op, left, right, env)
        case .isNull(let operand, let negated, _): return try isNull(operand, negated: negated, env)
        case .labelCheck(let operand, let labels, _): return try labelCheck(operand, labels, env)
        case .function(let name, _, let arguments, let location): return try function(name, arguments, env, location)
        case .countStar(let location): throw Self.countStarMisplaced(location)
        case .caseExpression(let subject, let branches, let otherwise, _):
            return try caseExpression(subject, branches, otherwise, env)
        case .listComprehension(let variable, let source, let predicate, let projection, _):
            return try listComprehension(variable, source, predicate, projection, env)
        case .quantified(let quantifier, let variable, let source, let predicate, _):
            return try quantified(quantifier, variable, source, predicate, env)
        case .reduce(let accumulator, let initial, let variable, let source, let body, _):
            return try reduce(accumulator, initial, variable, source, body, env)
        case .pattern(let part, _): return .bool(try patterns.exists(part, predicate: nil, env, self))
        case .exists(let part, let predicate, _):
            return .bool(try patterns.exists(part, predicate: predicate, env, self))
        case .patternComprehension(let part, let predicate, let projection, _):
            return .list(try patterns.comprehension(part, predicate: predicate, projection: projection, env, self))
        case .mapProjection(let variable, let items, let location):
            return try mapProjection(variable, items, env, location)
        }
    }

    /// Whether a WHERE predicate holds: true passes, false and null do not, anything else is an error.
    func holds(_ predicate: Expr, _ env: Environment) throws(QueryError) -> Bool {
        try Self.truth(of: try evaluate(predicate, env))
    }

    /// True passes a WHERE, false and null do not, anything else is an error.
    static func truth(of value: QueryValue) throws(QueryError) -> Bool {
        switch value {
        case .bool(let b): return b
        case .null: return false
        case let value: throw QueryError.type("WHERE needs a boolean, got \(value.typeName)")
        }
    }

    // MARK: operators

    func binary(_ op: BinaryOperator, _ leftExpr: Expr, _ rightExpr: Expr, _ env: Environment) throws(QueryError)
        -> QueryValue
    {
        switch op {
        case .and, .or, .xor: return try logical(op, leftExpr, rightExpr, env)
        default: return try apply(op, try evaluate(leftExpr, env), try evaluate(rightExpr, env))
        }
    }

    /// AND, OR and XOR in three-valued logic; AND and OR skip the right side when the left decides.
    func logical(_ op: BinaryOperator, _ leftExpr: Expr, _ rightExpr: Expr, _ env: Environment) throws(QueryError)
        -> QueryValue
    {
        try logical(op, try evaluate(leftExpr, env)) { () throws(QueryError) in try evaluate(rightExpr, env) }
    }

    /// AND, OR and XOR of a left value and a right side evaluated only when the left does not decide.
    func logical(_ op: BinaryOperator, _ leftValue: QueryValue, _ rightSide: () throws(QueryError) -> QueryValue)
        throws(QueryError) -> QueryValue
    {
        let left = try logical(leftValue, op)
        if op == .and && left == false { return .bool(false) }
        if op == .or && left == true { return .bool(true) }
        let right = try logical(try rightSide(), op)
        switch op {
        case .and:
            if right == false { return .bool(false) }
            if let left, let right { return .bool(left && right) }
            return .null
        case .or:
            if right == true { return .bool(true) }
            if let left, let right { return .bool(left || right) }
            return .null
        default:
            if let left, let right { return .bool(left != right) }
            return .null
        }
    }

    /// A binary operator other than AND, OR and XOR applied to its operands' values.
    func apply(_ op: BinaryOperator, _ left: QueryValue, _ right: QueryValue) throws(QueryError) -> QueryValue {
        switch op {
        case .equal: return QueryValue.equals(left, right).map(QueryValue.bool) ?? .null
        case .notEqual: return QueryValue.equals(left, right).map { .bool(!$0) } ?? .null
        case .less, .greater, .lessEqual, .greaterEqual:
            return QueryValue.comparison(op, left, right)
        case .add: return try Operators.add(left, right)
        case .subtract: return try Operators.subtract(left, right)
        case .multiply: return try Operators.multiply(left, right)
        case .divide: return try Operators.divide(left, right)
        case .modulo: return try Operators.modulo(left, right)
        case .power: return try Operators.power(left, right)
        case .startsWith, .endsWith, .contains:
            guard case .string(let a) = left, case .string(let b) = right else { return .null }
            switch op {
            case .startsWith: return .bool(a.unicodeScalars.starts(with: b.unicodeScalars))
            case .endsWith: return .bool(a.unicodeScalars.reversed().starts(with: b.unicodeScalars.reversed()))
            default: return .bool(b.isEmpty || a.contains(b))
            }
        case .regex:
            guard case .string(let text) = left, case .string(let pattern) = right else { return .null }
            do {
                let regex = try Regex(pattern)
                return .bool(try regex.wholeMatch(in: text) != nil)
            } catch {
                throw QueryError.argument("invalid regular expression '\(pattern)': \(error)")
            }
        case .in:
            switch right {
            case .null: return .null
            case .list(let items):
                var sawNull = false
                for item in items {
                    switch QueryValue.equals(left, item) {
                    case .some(true): return .bool(true)
                    case .none: sawNull = true
                    default: break
                    }
                }
                return sawNull ? .null : .bool(false)
            default:
                throw QueryError.type("IN expects a list on its right, got \(right.typeName)")
            }
        default:
            return .null
        }
    }

    private func logical(_ value: QueryValue, _ op: BinaryOperator) throws(QueryError) -> Bool? {
        switch value {
        case .null: return nil
        case .bool(let b): return b
        default: throw QueryError.type("\(op.rawValue) expects booleans, got \(value.typeName)")
        }
    }

    // MARK: access

    func property(_ base: QueryValue, _ key: String) throws(QueryError) -> QueryValue {
        switch base {
        case .null: return .null
        case .node(let node):
            if context.access.isDeleted(node: node.id) {
                throw QueryError(
                    .runtime, .entityNotFound, "node \(node.id) was deleted by this statement",
                    detail: "DeletedEntityAccess")
            }
            // The external id of a node found through an index needs no read when no node can carry an `id`
            // property (it reads as the external id, as below).
            if key == "id", node.isPartial, !context.access.hasWrites, !context.access.mayHaveIdProperty {
                return node.id.hasPrefix("_") ? .null : .string(node.id)
            }
            let current = context.access.hasWrites || node.isPartial ? context.access.refreshed(node) : node
            if let value = current.properties[key] { return value }
            // The external id reads as `id`, except generated ones (they start with '_').
            if key == "id" && !current.id.hasPrefix("_") { return .string(current.id) }
            if key == "geometry", let geometry = current.geometry {
                return (try? SpatialFunctions.geometry(of: .string(geometry))).flatMap { $0 }.map(QueryValue.geometry)
                    ?? .string(geometry)
            }
            return .null
        case .relationship(let relationship):
            if context.access.isDeleted(relationship: relationship.id) {
                throw QueryError(
                    .runtime, .entityNotFound, "relationship \(relationship.id) was deleted by this statement",
                    detail: "DeletedEntityAccess")
            }
            let current = context.access.hasWrites ? context.access.refreshed(relationship) : relationship
            return current.properties[key] ?? .null
        case .map(let map):
            return map[key] ?? .null
        case .point:
            if let value = try SpatialFunctions.property(base, key) { return value }
            return .null
        case .date, .localTime, .time, .localDateTime, .dateTime, .duration:
            if let value = try TemporalFunctions.property(base, key) { return value }
            return .null
        default:
            throw QueryError.type("cannot read property '\(key)' of a \(base.typeName)", detail: "InvalidArgumentType")
        }
    }

    func allProperties(_ base: QueryValue) throws(QueryError) -> [String: QueryValue] {
        switch base {
        case .node(let node): return context.access.refreshed(node).properties
        case .relationship(let relationship): return context.access.refreshed(relationship).properties
        case .map(let map): return map
        default: throw QueryError.type("expected a node, relationship or map, got \(base.typeName)")
        }
    }

    func subscriptValue(_ base: QueryValue, _ index: QueryValue) throws(QueryError) -> QueryValue {
        switch (base, index) {
        case (.null, _), (_, .null): return .null
        case (.list(let items), .int(let i)):
            let position = i < 0 ? Int64(items.count) + i : i
            guard position >= 0 && position < Int64(items.count) else { return .null }
            return items[Int(position)]
        case (.list, _):
            throw QueryError.type("a list index must be an integer, got \(index.typeName)")
        case (.map, .string(let key)), (.node, .string(let key)), (.relationship, .string(let key)):
            return try property(base, key)
        case (.map, _), (.node, _), (.relationship, _):
            throw QueryError.type("a map key must be a string, got \(index.typeName)")
        default:
            throw QueryError.type("cannot index a \(base.typeName)")
        }
    }

    func slice(_ base: QueryValue, _ from: QueryValue?, _ to: QueryValue?) throws(QueryError) -> QueryValue {
        if case .null = base { return .null }
        if case .some(.null) = from { return .null }
        if case .some(.null) = to { return .null }
        guard case .list(let items) = base else { throw QueryError.type("cannot slice a \(base.typeName)") }
        func bound(_ value: QueryValue?, _ fallback: Int) throws(QueryError) -> Int {
            guard let value else { return fallback }
            guard case .int(let i) = value else { throw QueryError.type("a slice bound must be an integer") }
            let n = Int64(items.count)
            let resolved = i < 0 ? n + i : i
            return Int(max(0, min(n, resolved)))
        }
        let lower = try bound(from, 0)
        let upper = try bound(to, items.count)
        return lower < upper ? .list(Array(items[lower..<upper])) : .list([])
    }

    // MARK: functions

    func function(_ rawName: String, _ arguments: [Expr], _ env: Environment, _ location: SourceLocation)
        throws(QueryError) -> QueryValue
    {
        // What a call site needs every row (its lower-case name, whether it is a constant geometry constructor,
        // the folded value) is worked out once per statement.
        var site: CallSite
        if let known = context.callSites[location.offset], known.rawName == rawName {
            site = known
        } else {
            let name = rawName.lowercased()
            site = CallSite(
                rawName: rawName, name: name,
                foldable: Self.foldableFunctions.contains(name) && arguments.allSatisfy(\.isConstant))
            context.callSites[location.offset] = site
        }
        let name = site.name
        if let value = site.folded { return value }
        if name == "exists", let value = try existsProperty(arguments, env, location) { return value }
        var values: [QueryValue] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try evaluate(argument, env)) }
        // Geometry constructors over constants (a query window) are evaluated once per statement.
        if site.foldable, let value = try SpatialFunctions.call(name, values) {
            site.folded = value
            context.callSites[location.offset] = site
            return value
        }
        return try call(name, rawName, values, location)
    }

    /// The function `name` (lower case) applied to argument values.
    func call(_ name: String, _ rawName: String, _ arguments: [QueryValue], _ location: SourceLocation)
        throws(QueryError) -> QueryValue
    {
        var values = arguments
        if name == "elementid", case .node(let node) = values.first ?? .null { return .string(node.id) }
        if name == "intersects" || name == "within",
            let decided = SpatialAccessRunner.decide(name, values, context.access)
        {
            return decided
        }
        if name == "distance", values.count == 2, !context.access.hasWrites,
            let meters = SpatialAccessRunner.knownDistance(values[0], values[1])
        {
            return .float(meters)
        }
        if let value = try GraphFunctions.call(name, values, context) { return value }
        if name == "labels" || name == "properties" || name == "keys", case .node(let node) = values.first ?? .null,
            context.access.isDeleted(node: node.id)
        {
            throw QueryError(
                .runtime, .entityNotFound, "node \(node.id) was deleted by this statement",
                detail: "DeletedEntityAccess")
        }
        // A node the spatial index found stands for the geometry the index kept (the value parsing its stored
        // text gives), so spatial functions need not read the version.
        if !context.access.hasWrites, SpatialFunctions.arities[name] != nil {
            for i in values.indices {
                if case .node(let node) = values[i], let shape = context.access.knownGeometry(of: node) {
                    values[i] = .geometry(shape)
                }
            }
        }
        // Nodes and relationships reach pure functions with the statement's own writes applied.
        if context.access.hasWrites || values.contains(where: \.isPartialNode) {
            for i in values.indices {
                if case .node(let node) = values[i] { values[i] = .node(context.access.refreshed(node)) }
                if case .relationship(let r) = values[i] { values[i] = .relationship(context.access.refreshed(r)) }
            }
        }
        if let value = try ScalarFunctions.call(name, values) { return value }
        if let value = try TemporalFunctions.call(name, values, statementTime: context.statementTime) { return value }
        if let value = try SpatialFunctions.call(name, values) { return value }
        throw QueryError.semantic("UnknownFunction", "unknown function '\(rawName)'", at: location)
    }
}

/// One function call in a statement, as evaluation remembers it (by the call's offset in the text).
struct CallSite {
    let rawName: String
    /// The name in lower case.
    let name: String
    /// A spatial constructor over constants (``Expr/isConstant``): evaluated once per statement.
    let foldable: Bool
    var folded: QueryValue?
}

extension Evaluator {
    /// Spatial constructors whose result depends on their arguments alone.
    static let foldableFunctions: Set<String> = [
        "point", "geometry", "wkt", "geojson", "bbox", "envelope", "beidou.cell",
    ]
}

extension Expr {
    /// Whether the expression has one value for the whole statement: literals, parameters, and lists, maps,
    /// negations and foldable function calls of those.
    var isConstant: Bool {
        switch self {
        case .literal, .parameter: return true
        case .list(let items, _): return items.allSatisfy(\.isConstant)
        case .map(let entries, _): return entries.allSatisfy { $0.1.isConstant }
        case .unary(_, let operand, _): return operand.isConstant
        case .function(let name, let distinct, let arguments, _):
            return !distinct && Evaluator.foldableFunctions.contains(name.lowercased())
                && arguments.allSatisfy(\.isConstant)
        default: return false
        }
    }
}

extension QueryValue {
    /// Whether the value is or may contain a node or relationship (what ``GraphAccess/materialized(_:)`` changes).
    var holdsGraphElements: Bool {
        switch self {
        case .node, .relationship, .path, .list, .map: true
        default: false
        }
    }

    var isPartialNode: Bool {
        if case .node(let node) = self { return node.isPartial }
        return false
    }

    /// `<`, `>`, `<=`, `>=` with openCypher semantics (null when incomparable).
    static func comparison(_ op: BinaryOperator, _ left: QueryValue, _ right: QueryValue) -> QueryValue {
        let result: Bool?
        switch op {
        case .less: result = lessThan(left, right)
        case .greater: result = greaterThan(left, right)
        case .lessEqual: result = lessThanOrEqual(left, right)
        default: result = greaterThanOrEqual(left, right)
        }
        return result.map(QueryValue.bool) ?? .null
    }
}
