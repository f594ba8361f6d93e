import TesseraCore
import TesseraGraph

/// One planned single query: its operators from start to sink.
struct PlannedQuery {
    var start: Operator
    var sink: SinkOperator
    var columns: [String]
    var operators: [Operator]
}

/// Turns a parsed statement into operator pipelines, choosing an access path for every pattern part.
final class Planner {
    let source: String
    let context: ExecutionContext
    let evaluator: Evaluator
    let profiling: Bool
    private var counter = 0

    init(source: String, context: ExecutionContext, evaluator: Evaluator, profiling: Bool) {
        self.source = source
        self.context = context
        self.evaluator = evaluator
        self.profiling = profiling
    }

    func semantic(_ detail: String, _ message: String, _ location: SourceLocation?) -> QueryError {
        var error = QueryError.semantic(detail, message, at: location)
        error.source = source
        return error
    }

    // MARK: time pins

    func pin(_ spec: TimeSpec?, default base: TimePin) throws(QueryError) -> TimePin {
        guard let spec else { return base }
        var pin = base
        let env = Environment(row: [], scope: Scope())
        func instant(_ expression: Expr) throws(QueryError) -> Int64 {
            let value = try evaluator.evaluate(expression, env)
            guard let micros = TimeValues.micros(value) else {
                var error = QueryError(
                    .compile, .typeError,
                    "a time pin must be a datetime, a date, an RFC 3339 string or microseconds since the epoch, got \(value.typeName)",
                    detail: "InvalidArgumentType", location: expression.location)
                error.source = source
                throw error
            }
            return micros
        }
        if let asOf = spec.validAsOf {
            let t = try instant(asOf)
            pin.validFrom = t
            pin.validTo = t + 1
        } else if let from = spec.validFrom, let to = spec.validTo {
            pin.validFrom = try instant(from)
            pin.validTo = try instant(to)
            guard pin.validFrom < pin.validTo else {
                var error = QueryError(
                    .compile, .argumentError, "FOR VALID_TIME FROM a TO b needs a before b",
                    detail: "InvalidArgumentValue",
                    location: spec.location)
                error.source = source
                throw error
            }
        }
        if let system = spec.systemAsOf { pin.system = .asOf(try instant(system)) }
        return pin
    }

    // MARK: patterns

    /// Names anonymous elements and picks each part's anchor and access path (`indexes`: the online
    /// property indexes the statement may seek).
    static func prepare(
        _ parts: [PatternPart], isBound: (String) -> Bool, predicate: Expr?, counter: Int,
        indexes: [PropertyIndex] = []
    ) -> [PreparedPart] {
        var result: [PreparedPart] = []
        var hidden = counter
        var boundSoFar: Set<String> = []
        let conjuncts = predicate.map(Planner.conjuncts) ?? []
        for part in parts {
            var nodeNames: [String] = []
            for node in part.nodes {
                if let name = node.variable {
                    nodeNames.append(name)
                } else {
                    hidden += 1
                    nodeNames.append("  n\(hidden)")
                }
            }
            var relationshipNames: [String] = []
            for step in part.steps {
                if let name = step.relationship.variable {
                    relationshipNames.append(name)
                } else {
                    hidden += 1
                    relationshipNames.append("  r\(hidden)")
                }
            }
            // Rank every node: bound 0, id 1, index equality 2, spatial 3, index range 4, label 5, all 6.
            var best = (rank: 7, index: 0, access: AccessPath.allNodes)
            for (index, node) in part.nodes.enumerated() {
                let name = nodeNames[index]
                var candidate: (Int, AccessPath)
                let seek = indexSeek(
                    node, name, conjuncts, indexes: indexes, isBound: { isBound($0) || boundSoFar.contains($0) })
                if isBound(name) || boundSoFar.contains(name) {
                    candidate = (0, .bound(name))
                } else if let id = idExpression(node, name, conjuncts, isBound: isBound) {
                    candidate = (1, .idLookup(id))
                } else if let seek, seek.isEquality {
                    candidate = (2, .indexSeek(seek))
                } else if let spatial = spatialPredicate(name, conjuncts, isBound: isBound) {
                    candidate = (3, .spatial(spatial))
                } else if let seek {
                    candidate = (4, .indexSeek(seek))
                } else if let label = node.labels.first {
                    candidate = (5, .labelScan(label))
                } else {
                    candidate = (6, .allNodes)
                }
                if candidate.0 < best.rank { best = (candidate.0, index, candidate.1) }
            }
            if part.shortest != .none { best = (0, 0, .bound(nodeNames[0])) }
            result.append(
                PreparedPart(
                    part: part, nodeNames: nodeNames, relationshipNames: relationshipNames, anchor: best.index,
                    access: best.access))
            for name in nodeNames { boundSoFar.insert(name) }
        }
        return result
    }

    /// What a projected expression is known to hold, for type-conflict checks.
    static func kind(of expression: Expr, in scope: Scope) -> Scope.Kind {
        switch expression {
        case .variable(let name, _): return scope.kind(name) ?? .value
        case .literal(.null, _): return .value
        case .literal(.int, _), .literal(.float, _), .literal(.bool, _), .literal(.string, _), .literal(.list, _),
            .list:
            return .plain
        case .literal, .map, .binary(.add, _, _, _), .binary(.subtract, _, _, _), .binary(.multiply, _, _, _),
            .binary(.divide, _, _, _), .isNull:
            return .scalar
        default: return .value
        }
    }

    /// The predicate without the conjuncts the parts' access paths apply exactly to their candidates.
    static func remaining(_ predicate: Expr?, after parts: [PreparedPart]) -> Expr? {
        guard let predicate else { return nil }
        let applied = parts.compactMap { part -> Int? in
            if case .spatial(let spatial) = part.access, let exact = spatial.exact { return exact.location.offset }
            return nil
        }
        guard !applied.isEmpty else { return predicate }
        let kept = conjuncts(predicate).filter { !applied.contains($0.location.offset) }
        guard var combined = kept.first else { return nil }
        for next in kept.dropFirst() { combined = .binary(.and, combined, next, combined.location) }
        return combined
    }

    static func conjuncts(_ expression: Expr) -> [Expr] {
        if case .binary(.and, let a, let b, _) = expression { return conjuncts(a) + conjuncts(b) }
        return [expression]
    }

    /// Whether an expression depends on no variable of the current row other than those bound before.
    static func isConstant(_ expression: Expr, isBound: (String) -> Bool) -> Bool {
        var constant = true
        Binder.visit(expression) { e in
            switch e {
            case .variable(let name, _): if !isBound(name) { constant = false }
            case .pattern, .exists, .patternComprehension, .listComprehension, .quantified, .reduce, .mapProjection:
                constant = false
            case .function(let name, _, _, _): if Binder.isAggregate(name) { constant = false }
            case .countStar: constant = false
            default: break
            }
        }
        return constant
    }

    static func idExpression(_ node: NodePattern, _ name: String, _ conjuncts: [Expr], isBound: (String) -> Bool)
        -> Expr?
    {
        if case .map(let entries, _) = node.properties ?? .literal(.null, SourceLocation(line: 0, column: 0, offset: 0))
        {
            for (key, value) in entries where key == "id" && isConstant(value, isBound: isBound) { return value }
        }
        for conjunct in conjuncts {
            guard case .binary(.equal, let a, let b, _) = conjunct else { continue }
            for (target, value) in [(a, b), (b, a)] {
                if case .property(.variable(let v, _), "id", _) = target, v == name, isConstant(value, isBound: isBound)
                {
                    return value
                }
                if case .function(let f, _, let args, _) = target, f.lowercased() == "elementid", args.count == 1,
                    case .variable(let v, _) = args[0], v == name, isConstant(value, isBound: isBound)
                {
                    return value
                }
            }
        }
        return nil
    }

    static func spatialPredicate(_ name: String, _ conjuncts: [Expr], isBound: (String) -> Bool) -> SpatialAccess? {
        for conjunct in conjuncts {
            guard case .function(let f, _, let args, _) = conjunct else { continue }
            let function = f.lowercased()
            func isNode(_ e: Expr) -> Bool {
                if case .variable(let v, _) = e, v == name { return true }
                if case .property(.variable(let v, _), "geometry", _) = e, v == name { return true }
                if case .function(let g, _, let inner, _) = e, g.lowercased() == "geometry", inner.count == 1,
                    case .variable(let v, _) = inner[0], v == name
                {
                    return true
                }
                return false
            }
            func isPlainNode(_ e: Expr) -> Bool {
                if case .variable(let v, _) = e { return v == name }
                return false
            }
            switch function {
            case "intersects", "within", "contains", "dwithin", "beidou.contains":
                guard args.count >= 2 else { continue }
                if function == "within", isNode(args[0]), isConstant(args[1], isBound: isBound) {
                    return SpatialAccess(
                        predicate: function, window: args[1], radius: nil,
                        exact: isPlainNode(args[0]) ? conjunct : nil)
                }
                if function == "contains", isNode(args[1]), isConstant(args[0], isBound: isBound) {
                    return SpatialAccess(predicate: function, window: args[0], radius: nil)
                }
                if function == "beidou.contains", isNode(args[1]), isConstant(args[0], isBound: isBound) {
                    // Same line and column for messages; an offset of its own, as evaluation caches by offset.
                    var location = args[0].location
                    location.offset = -1 - location.offset
                    return SpatialAccess(
                        predicate: function,
                        window: .function(name: "beidou.cell", distinct: false, arguments: [args[0]], location),
                        radius: nil)
                }
                if function == "intersects" || function == "dwithin" {
                    let radius = function == "dwithin" && args.count == 3 ? args[2] : nil
                    if function == "dwithin" && (radius == nil || !isConstant(radius!, isBound: isBound)) { continue }
                    let exact = function == "intersects" && (isPlainNode(args[0]) || isPlainNode(args[1]))
                    if isNode(args[0]), isConstant(args[1], isBound: isBound) {
                        return SpatialAccess(
                            predicate: function, window: args[1], radius: radius, exact: exact ? conjunct : nil)
                    }
                    if isNode(args[1]), isConstant(args[0], isBound: isBound) {
                        return SpatialAccess(
                            predicate: function, window: args[0], radius: radius, exact: exact ? conjunct : nil)
                    }
                }
            default:
                continue
            }
        }
        return nil
    }

    // MARK: statements

    func plan(_ query: SingleQuery, defaultPin: TimePin, isLast: Bool) throws(QueryError) -> PlannedQuery {
        var scope = Scope()
        let start = Operator("Start")
        var operators: [Operator] = [start]
        var last = start
        func append(_ op: Operator) {
            op.profiling = profiling
            last.next = op
            last = op
            operators.append(op)
        }
        start.profiling = profiling
        var columns: [String] = []
        var returned = false
        let clauses = query.clauses
        for (index, clause) in clauses.enumerated() {
            if returned {
                throw semantic("InvalidClauseComposition", "RETURN must be the last clause", nil)
            }
            switch clause {
            case .match(let match):
                let following = index + 1 < clauses.count ? clauses[index + 1] : nil
                try planMatch(match, &scope, defaultPin: defaultPin, nearest: nearestAccess(match, following), append)
            case .unwind(let expression, let variable, let location):
                try Binder.check(expression, scope, source: source)
                if scope.slot(variable) != nil {
                    throw semantic("VariableAlreadyBound", "variable '\(variable)' is already defined", location)
                }
                append(UnwindOperator(expression, scope: scope, evaluator: evaluator))
                let next = Scope(copying: scope)
                next.add(variable, .value)
                scope = next
            case .with(let projection):
                scope = try planProjection(projection, scope, isReturn: false, append: append).scope
            case .return(let projection):
                let result = try planProjection(projection, scope, isReturn: true, append: append)
                scope = result.scope
                columns = result.columns
                returned = true
            case .create(let parts, _):
                append(EagerOperator())
                try planCreate(parts, &scope, append)
                if index < clauses.count - 1 { append(EagerOperator()) }
            case .merge(let merge):
                try planMerge(merge, &scope, defaultPin: defaultPin, append)
                if index < clauses.count - 1 { append(EagerOperator()) }
            case .set(let items, _):
                append(EagerOperator())
                try planSet(items, scope, append)
                if index < clauses.count - 1 { append(EagerOperator()) }
            case .remove(let items, _):
                append(EagerOperator())
                try planRemove(items, scope, append)
                if index < clauses.count - 1 { append(EagerOperator()) }
            case .delete(let expressions, let detach, let location):
                append(EagerOperator())
                try planDelete(expressions, detach: detach, location, scope, append)
                if index < clauses.count - 1 { append(EagerOperator()) }
            case .call(let name, _, _, let location):
                throw QueryError(
                    .compile, .procedureError, "unknown procedure '\(name)'", detail: "ProcedureNotFound",
                    location: location, source: source)
            }
        }
        if !returned {
            let isUpdate = clauses.contains {
                switch $0 {
                case .create, .merge, .set, .remove, .delete: true
                default: false
                }
            }
            if !isUpdate {
                throw semantic("InvalidClauseComposition", "a query must end with RETURN or an update clause", nil)
            }
            if case .with = clauses.last! {
                throw semantic("InvalidClauseComposition", "a query cannot end with WITH", nil)
            }
        }
        let sink = SinkOperator(columns: returned ? columns.count : 0, maxRows: returned ? context.options.maxRows : 0)
        if !returned {
            // Update-only statements return no rows; their rows are consumed here.
            let discard = UpdateOperator("Discard", "") { _ throws(QueryError) in [] }
            append(discard)
        }
        append(sink)
        return PlannedQuery(start: start, sink: sink, columns: columns, operators: operators)
    }

    private func checkPatternVariables(_ parts: [PatternPart], _ scope: Scope, creating: Bool) throws(QueryError) {
        var kinds: [String: Scope.Kind] = [:]
        func declare(_ name: String, _ kind: Scope.Kind, _ location: SourceLocation) throws(QueryError) {
            let existing = kinds[name] ?? scope.kind(name)
            if let existing, existing != kind {
                let compatible = (existing == .relationshipList && kind == .relationship) || existing == .value
                if !compatible {
                    throw semantic(
                        "VariableTypeConflict", "variable '\(name)' is already used for a different kind of value",
                        location)
                }
            }
            kinds[name] = kind
        }
        for part in parts {
            if let v = part.variable {
                if scope.slot(v) != nil || kinds[v] != nil {
                    throw semantic("VariableAlreadyBound", "path variable '\(v)' is already defined", part.location)
                }
                try declare(v, .path, part.location)
            }
            for node in part.nodes {
                if let v = node.variable { try declare(v, .node, node.location) }
                if !creating, case .parameter = node.properties {
                    throw semantic(
                        "InvalidParameterUse",
                        "a parameter cannot stand for the properties of a pattern to match; use WHERE", node.location)
                }
                if let p = node.properties { try Binder.check(p, scope, locals: Set(kinds.keys), source: source) }
            }
            for step in part.steps {
                let r = step.relationship
                if let v = r.variable {
                    if kinds[v] == .relationship || kinds[v] == .relationshipList {
                        throw semantic(
                            "VariableAlreadyBound", "relationship variable '\(v)' is used twice in the pattern",
                            r.location)
                    }
                    try declare(v, r.range == nil ? .relationship : .relationshipList, r.location)
                }
                if let p = r.properties { try Binder.check(p, scope, locals: Set(kinds.keys), source: source) }
                if !creating, case .parameter = r.properties {
                    throw semantic(
                        "InvalidParameterUse",
                        "a parameter cannot stand for the properties of a pattern to match; use WHERE", r.location)
                }
            }
        }
    }

    /// `MATCH (n[:L]) RETURN/WITH ... ORDER BY distance(n, <point>) LIMIT k`: a k-nearest search.
    private func nearestAccess(_ match: MatchClause, _ following: Clause?) -> AccessPath? {
        guard !match.optional, match.predicate == nil, match.pattern.count == 1, match.pattern[0].steps.isEmpty,
            match.pattern[0].variable == nil, let name = match.pattern[0].start.variable,
            match.pattern[0].start.properties == nil
        else { return nil }
        let projection: Projection
        switch following {
        case .some(.return(let p)), .some(.with(let p)): projection = p
        default: return nil
        }
        guard !projection.distinct, projection.skip == nil,
            let first = projection.orderBy.first, !first.descending, case .literal(.int(let k), _)? = projection.limit,
            k > 0, k <= 10_000,
            !projection.items.contains(where: { Binder.containsAggregate($0.expression) })
        else { return nil }
        guard case .function(let f, _, let args, _) = first.expression,
            f.lowercased() == "distance" || f.lowercased() == "point.distance", args.count == 2
        else { return nil }
        func isNode(_ e: Expr) -> Bool {
            if case .variable(let v, _) = e { return v == name }
            return false
        }
        let point: Expr
        if isNode(args[0]) {
            point = args[1]
        } else if isNode(args[1]) {
            point = args[0]
        } else {
            return nil
        }
        guard Planner.isConstant(point, isBound: { _ in false }) else { return nil }
        return .nearest(point: point, k: Int(k))
    }

    private func planMatch(
        _ match: MatchClause, _ scope: inout Scope, defaultPin: TimePin, nearest: AccessPath?,
        _ append: (Operator) -> Void
    ) throws(QueryError) {
        try checkPatternVariables(match.pattern, scope, creating: false)
        let pin = try self.pin(match.time, default: defaultPin)
        let bound = scope
        var parts = Planner.prepare(
            match.pattern, isBound: { bound.slot($0) != nil }, predicate: match.predicate, counter: counter,
            indexes: context.options.usePropertyIndexes ? context.access.propertyIndexes : [])
        if let nearest, scope.slot(parts[0].nodeNames[0]) == nil { parts[0].access = nearest }
        counter += 100
        let after = Scope(copying: scope)
        var newNames: [String] = []
        for part in match.pattern {
            for name in Binder.patternNames(part) where after.slot(name) == nil {
                let kind: Scope.Kind =
                    part.variable == name
                    ? .path
                    : (part.nodes.contains { $0.variable == name } ? .node : .relationship)
                after.add(name, kind)
                newNames.append(name)
            }
        }
        if let predicate = match.predicate { try Binder.check(predicate, after, source: source) }
        let patterns = PatternExpressions(pin: pin)
        var matchEvaluator = evaluator
        matchEvaluator.patterns = patterns
        let matcher = PatternMatcher(parts: parts, pin: pin, evaluator: matchEvaluator)
        append(
            MatchOperator(
                matcher: matcher, newNames: newNames, optional: match.optional,
                predicate: Planner.remaining(match.predicate, after: parts), inputScope: scope, scopeAfter: after))
        scope = after
    }

    private func constantCount(_ expression: Expr?, _ what: String) throws(QueryError) -> Int? {
        guard let expression else { return nil }
        var usesVariables = false
        Binder.visit(expression) { e in
            if case .variable = e { usesVariables = true }
        }
        if usesVariables {
            throw semantic("NonConstantExpression", "\(what) must not depend on variables", expression.location)
        }
        let isLiteral: Bool
        if case .literal = expression { isLiteral = true } else { isLiteral = false }
        let value = try evaluator.evaluate(expression, Environment(row: [], scope: Scope()))
        guard case .int(let count) = value else {
            var error = QueryError(
                isLiteral ? .compile : .runtime, .syntaxError,
                "\(what) needs a non-negative integer, got \(value.typeName)", detail: "InvalidArgumentType",
                location: expression.location, source: source)
            if !isLiteral { error.location = nil }
            throw error
        }
        guard count >= 0 else {
            throw QueryError(
                isLiteral ? .compile : .runtime, .syntaxError,
                "\(what) needs a non-negative integer, got \(count)", detail: "NegativeIntegerArgument",
                location: isLiteral ? expression.location : nil, source: source)
        }
        return Int(clamping: count)
    }

    /// WITH and RETURN.
    private func planProjection(
        _ projection: Projection, _ scope: Scope, isReturn: Bool, append: (Operator) -> Void
    ) throws(QueryError) -> (scope: Scope, columns: [String]) {
        var items = projection.items
        if projection.star {
            let visible = scope.visibleNames
            if visible.isEmpty && items.isEmpty && isReturn {
                throw semantic(
                    "NoVariablesInScope", "RETURN * / WITH * needs at least one variable in scope", projection.location)
            }
            items =
                visible.map {
                    ProjectionItem(
                        expression: .variable($0, projection.location), alias: nil, text: $0,
                        location: projection.location)
                } + items
        }
        var names: [String] = []
        for item in items {
            if !isReturn, item.alias == nil {
                if case .variable = item.expression {
                } else {
                    throw semantic("NoExpressionAlias", "an expression in WITH needs an alias (AS name)", item.location)
                }
            }
            let name: String
            if let alias = item.alias {
                name = alias
            } else if case .variable(let v, _) = item.expression {
                name = v
            } else {
                name = item.text
            }
            if names.contains(name) {
                throw semantic("ColumnNameConflict", "the column name '\(name)' is used twice", item.location)
            }
            names.append(name)
            try Binder.check(item.expression, scope, allowAggregates: true, source: source)
        }
        let hasAggregates = items.contains { Binder.containsAggregate($0.expression) }
        let skip = try constantCount(projection.skip, "SKIP")
        let limit = try constantCount(projection.limit, "LIMIT")
        let output = Scope()
        for (name, item) in zip(names, items) { output.add(name, Planner.kind(of: item.expression, in: scope)) }
        // Map ORDER BY expressions that repeat a projection item to that item's column.
        func sortExpression(_ item: SortItem) -> Expr {
            if let index = items.firstIndex(where: { $0.text == item.text && $0.alias == nil }) {
                return .variable(names[index], item.expression.location)
            }
            return item.expression
        }
        // The projected values followed by the variables of the previous scope (shadowed ones renamed): what
        // ORDER BY and WHERE of a projection without aggregates or DISTINCT may use.
        let sortScope = Scope()
        for (name, item) in zip(names, items) { sortScope.add(name, Planner.kind(of: item.expression, in: scope)) }
        for name in scope.names {
            if sortScope.slot(name) == nil {
                sortScope.add(name, scope.kind(name) ?? .value)
            } else {
                sortScope.add(" shadowed " + name, .value)
            }
        }
        var predicateDone = false
        if !hasAggregates {
            let expressions = items.map(\.expression)
            if !projection.distinct && (!projection.orderBy.isEmpty || projection.predicate != nil) {
                for item in projection.orderBy {
                    try Binder.check(sortExpression(item), sortScope, source: source)
                }
                append(
                    ProjectOperator(
                        expressions, scope: scope, keep: true, evaluator: evaluator,
                        detail: names.joined(separator: ", ")))
                if !projection.orderBy.isEmpty {
                    let sort = SortOperator(
                        projection.orderBy.map { (sortExpression($0), $0.descending) }, scope: sortScope,
                        evaluator: evaluator)
                    if let limit { sort.keepTop = (skip ?? 0) + limit }
                    append(sort)
                }
                if let skip, skip > 0 { append(SkipOperator(skip)) }
                if let limit { append(LimitOperator(limit)) }
                // WITH ... WHERE sees the variables bound before the WITH too (the rows still carry them).
                if let predicate = projection.predicate {
                    try Binder.check(predicate, sortScope, source: source)
                    append(FilterOperator(predicate, scope: sortScope, evaluator: evaluator))
                    predicateDone = true
                }
                append(TrimOperator(names.count))
            } else {
                let filterFirst =
                    projection.distinct && projection.predicate != nil && projection.orderBy.isEmpty && skip == nil
                    && limit == nil
                append(
                    ProjectOperator(
                        expressions, scope: scope, keep: filterFirst, evaluator: evaluator,
                        detail: names.joined(separator: ", ")))
                // WITH DISTINCT ... WHERE: the rows are filtered, with the variables bound before the WITH, before
                // they are made distinct (the same rows when the predicate uses only projected names).
                if filterFirst, let predicate = projection.predicate {
                    try Binder.check(predicate, sortScope, source: source)
                    append(FilterOperator(predicate, scope: sortScope, evaluator: evaluator))
                    append(TrimOperator(names.count))
                    predicateDone = true
                }
                if projection.distinct { append(DistinctOperator(width: names.count, context: context)) }
                if !projection.orderBy.isEmpty {
                    for item in projection.orderBy {
                        do { try Binder.check(sortExpression(item), output, source: source) } catch {
                            if projection.distinct, error.detail == "UndefinedVariable" {
                                throw semantic(
                                    "UndefinedVariable", "ORDER BY after DISTINCT can only use projected columns",
                                    item.expression.location)
                            }
                            throw error
                        }
                    }
                    let sort = SortOperator(
                        projection.orderBy.map { (sortExpression($0), $0.descending) }, scope: output,
                        evaluator: evaluator)
                    if let limit { sort.keepTop = (skip ?? 0) + limit }
                    append(sort)
                }
                if let skip, skip > 0 { append(SkipOperator(skip)) }
                if let limit { append(LimitOperator(limit)) }
            }
        } else {
            var keys: [Expr] = []
            var specs: [AggregateOperator.AggregateSpec] = []
            let intermediate = Scope()
            var finalExpressions: [Expr] = []
            // Grouping keys first: slot k holds key k; plain variables and aliases name their key too.
            var keyOrdinal = 0
            for item in items where !Binder.containsAggregate(item.expression) {
                keys.append(item.expression)
                intermediate.add(" key \(keyOrdinal)", .value)
                keyOrdinal += 1
            }
            keyOrdinal = 0
            for item in items where !Binder.containsAggregate(item.expression) {
                if case .variable(let v, _) = item.expression, intermediate.slot(v) == nil {
                    intermediate.addAlias(v, slot: keyOrdinal)
                }
                keyOrdinal += 1
            }
            keyOrdinal = 0
            for item in items {
                if Binder.containsAggregate(item.expression) {
                    let keyTexts = keys.map(ExprPrinter.text)
                    finalExpressions.append(
                        rewriteAggregates(item.expression, &specs, intermediate, keyTexts: keyTexts))
                } else {
                    finalExpressions.append(.variable(" key \(keyOrdinal)", item.location))
                    keyOrdinal += 1
                }
            }
            // Aggregate items may only use grouping keys outside of their aggregates.
            for expression in finalExpressions {
                do { try Binder.check(expression, intermediate, source: source) } catch {
                    throw semantic(
                        "AmbiguousAggregationExpression",
                        "an expression mixing aggregates and other values may only use grouping keys",
                        error.location)
                }
            }
            append(AggregateOperator(keys: keys, aggregates: specs, scope: scope, evaluator: evaluator))
            append(
                ProjectOperator(
                    finalExpressions, scope: intermediate, keep: false, evaluator: evaluator,
                    detail: names.joined(separator: ", ")))
            if projection.distinct { append(DistinctOperator(width: names.count, context: context)) }
            if !projection.orderBy.isEmpty {
                // After aggregation ORDER BY sees the projected columns only. Inside an item that contains an
                // aggregate, an aggregate, a variable or a property access spelled as a projected expression
                // (`count(x)`, `me.age`, with or without an alias) stands for that column; a more complex projected
                // expression there is ambiguous, as in RETURN.
                let itemTexts = items.map { ExprPrinter.text($0.expression) }
                var ambiguous: Expr?
                func projected(_ e: Expr) -> Expr {
                    if case .variable(let name, _) = e, names.contains(name) { return e }
                    if let index = itemTexts.firstIndex(of: ExprPrinter.text(e)) {
                        switch e {
                        case .variable, .property, .countStar: return .variable(names[index], e.location)
                        case .function(let name, _, _, _) where Binder.isAggregate(name):
                            return .variable(names[index], e.location)
                        default: if ambiguous == nil { ambiguous = e }
                        }
                    }
                    return e.mappingOuterChildren(projected)
                }
                var sortItems: [(Expr, Bool)] = []
                for item in projection.orderBy {
                    let whole = sortExpression(item)
                    let expression = Binder.containsAggregate(whole) ? projected(whole) : whole
                    if let ambiguous {
                        throw semantic(
                            "AmbiguousAggregationExpression",
                            "an ORDER BY item with an aggregate may use projected expressions only as columns, "
                                + "and only aggregates, variables and property accesses",
                            ambiguous.location)
                    }
                    try Binder.check(expression, output, allowAggregates: false, source: source)
                    sortItems.append((expression, item.descending))
                }
                let sort = SortOperator(sortItems, scope: output, evaluator: evaluator)
                if let limit { sort.keepTop = (skip ?? 0) + limit }
                append(sort)
            }
            if let skip, skip > 0 { append(SkipOperator(skip)) }
            if let limit { append(LimitOperator(limit)) }
        }
        if let predicate = projection.predicate, !predicateDone {
            try Binder.check(predicate, output, source: source)
            append(FilterOperator(predicate, scope: output, evaluator: evaluator))
        }
        return (output, names)
    }

    /// Replaces aggregate calls by hidden variables bound to their results; collects their specs.
    private func rewriteAggregates(
        _ expression: Expr, _ specs: inout [AggregateOperator.AggregateSpec], _ scope: Scope, keyTexts: [String]
    ) -> Expr {
        func rewrite(_ e: Expr) -> Expr {
            // Next to an aggregate a grouping key may be used as a property access (variables are found by name);
            // a more complex key written again is left as it is, which the scope check then reports as ambiguous.
            if case .property = e, !Binder.containsAggregate(e), let k = keyTexts.firstIndex(of: ExprPrinter.text(e)) {
                return .variable(" key \(k)", e.location)
            }
            switch e {
            case .countStar(let location):
                specs.append(.init(function: "count", distinct: false, argument: nil, constants: []))
                let name = " agg \(specs.count - 1)"
                scope.add(name, .value)
                return .variable(name, location)
            case .function(let name, let distinct, let arguments, let location) where Binder.isAggregate(name):
                specs.append(
                    .init(
                        function: name.lowercased(), distinct: distinct, argument: arguments.first,
                        constants: Array(arguments.dropFirst())))
                let hidden = " agg \(specs.count - 1)"
                scope.add(hidden, .value)
                return .variable(hidden, location)
            default:
                return e.mappingOuterChildren(rewrite)
            }
        }
        return rewrite(expression)
    }
}

extension Scope {
    /// Adds a second name for an existing slot.
    func addAlias(_ name: String, slot: Int) {
        addAliasInternal(name, slot)
    }
}

extension SourceLocation {
    static let none = SourceLocation(line: 0, column: 0, offset: 0)
}
