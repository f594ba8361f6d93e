import TesseraCore
import TesseraGraph

extension Planner {
    /// Evaluates a pattern element's property map (nulls dropped).
    func properties(_ expression: Expr?, _ env: Environment) throws(QueryError) -> [String: QueryValue] {
        guard let expression else { return [:] }
        let value = try evaluator.evaluate(expression, env)
        switch value {
        case .null: return [:]
        case .map(let map): return map.filter { !$0.value.isNull }
        default: throw QueryError.type("properties must be a map, got \(value.typeName)")
        }
    }

    func checkCreatable(_ parts: [PatternPart], _ scope: Scope, merging: Bool = false) throws(QueryError) {
        var seen: Set<String> = []
        for part in parts {
            for (index, node) in part.nodes.enumerated() {
                guard let name = node.variable else { continue }
                let bound = scope.slot(name) != nil || seen.contains(name)
                if bound && (!node.labels.isEmpty || node.properties != nil) {
                    throw semantic("VariableAlreadyBound", "variable '\(name)' is already defined", node.location)
                }
                if bound && part.steps.isEmpty && index == 0 && scope.slot(name) != nil {
                    throw semantic("VariableAlreadyBound", "variable '\(name)' is already defined", node.location)
                }
                if let kind = scope.kind(name), kind != .node && kind != .value {
                    throw semantic("VariableTypeConflict", "variable '\(name)' is not a node", node.location)
                }
                seen.insert(name)
            }
            for step in part.steps {
                let r = step.relationship
                if r.types.count != 1 {
                    throw semantic(
                        "NoSingleRelationshipType", "a relationship to create needs exactly one type", r.location)
                }
                if r.direction == .both && !merging {
                    throw semantic(
                        "RequiresDirectedRelationship", "a relationship to create needs a direction", r.location)
                }
                if r.range != nil {
                    throw semantic(
                        "CreatingVarLength", "a variable-length relationship cannot be created", r.location)
                }
                if let name = r.variable, scope.slot(name) != nil || seen.contains(name) {
                    throw semantic("VariableAlreadyBound", "variable '\(name)' is already defined", r.location)
                }
                if let name = r.variable { seen.insert(name) }
            }
        }
    }

    /// Creates the elements of `parts` for one row; returns the values of the new variables by name.
    func create(_ parts: [PatternPart], _ env: Environment, existing: [String: QueryValue] = [:]) throws(QueryError)
        -> [String: QueryValue]
    {
        let access = context.access
        var bound = existing
        for part in parts {
            var nodes: [NodeValue] = []
            for node in part.nodes {
                if let name = node.variable, let value = bound[name] ?? env.lookup(name) {
                    guard case .node(let existingNode) = value else {
                        if value.isNull {
                            throw QueryError(
                                .runtime, .semanticError, "cannot create a relationship to a null node",
                                detail: "CreateNullNode")
                        }
                        throw QueryError.type("variable '\(name)' is not a node")
                    }
                    nodes.append(existingNode)
                    continue
                }
                var inner = env
                for (key, value) in bound { inner.locals.append((key, value)) }
                var props = try properties(node.properties, inner)
                var geometry: String?
                if let value = props["geometry"], value.isGeometryLike {
                    geometry = try GraphAccess.geoJSON(value)
                    props["geometry"] = nil
                }
                let created = try access.createNode(labels: node.labels, properties: props, geometry: geometry)
                if let name = node.variable { bound[name] = .node(created) }
                nodes.append(created)
            }
            var relationships: [RelationshipValue] = []
            for (index, step) in part.steps.enumerated() {
                let r = step.relationship
                let left = nodes[index]
                let right = nodes[index + 1]
                let (start, end) = r.direction == .incoming ? (right, left) : (left, right)
                var inner = env
                for (key, value) in bound { inner.locals.append((key, value)) }
                let props = try properties(r.properties, inner)
                let created = try access.createRelationship(
                    type: r.types[0], start: start.id, end: end.id, properties: props)
                if let name = r.variable { bound[name] = .relationship(created) }
                relationships.append(created)
            }
            if let name = part.variable {
                bound[name] = .path(PathValue(nodes: nodes, relationships: relationships))
            }
        }
        return bound
    }

    func planCreate(_ parts: [PatternPart], _ scope: inout Scope, _ append: (Operator) -> Void) throws(QueryError) {
        try checkCreatable(parts, scope)
        for part in parts {
            for node in part.nodes {
                if let p = node.properties {
                    try Binder.check(p, scope, locals: Set(parts.flatMap(Binder.patternNames)), source: source)
                }
            }
            for step in part.steps {
                if let p = step.relationship.properties {
                    try Binder.check(p, scope, locals: Set(parts.flatMap(Binder.patternNames)), source: source)
                }
            }
        }
        let input = scope
        let after = Scope(copying: scope)
        var newNames: [String] = []
        for part in parts {
            for name in Binder.patternNames(part) where after.slot(name) == nil {
                after.add(
                    name,
                    part.variable == name
                        ? .path : (part.nodes.contains { $0.variable == name } ? .node : .relationship))
                newNames.append(name)
            }
        }
        let op = UpdateOperator("Create", newNames.joined(separator: ", ")) { [unowned self] row throws(QueryError) in
            let bound = try self.create(parts, Environment(row: row, scope: input))
            return [row + newNames.map { bound[$0] ?? .null }]
        }
        append(op)
        scope = after
    }

    func planMerge(_ merge: MergeClause, _ scope: inout Scope, defaultPin: TimePin, _ append: (Operator) -> Void)
        throws(QueryError)
    {
        let part = merge.part
        try checkCreatable([part], Scope(), merging: true)
        for node in part.nodes {
            if let name = node.variable, scope.slot(name) != nil,
                part.steps.isEmpty || !node.labels.isEmpty || node.properties != nil
            {
                throw semantic("VariableAlreadyBound", "variable '\(name)' is already defined", node.location)
            }
            if case .parameter = node.properties {
                throw semantic(
                    "InvalidParameterUse", "a parameter cannot stand for the properties of a pattern to merge",
                    node.location)
            }
        }
        for step in part.steps {
            if case .parameter = step.relationship.properties {
                throw semantic(
                    "InvalidParameterUse", "a parameter cannot stand for the properties of a pattern to merge",
                    step.relationship.location)
            }
        }
        if let name = part.steps.first?.relationship.variable, scope.slot(name) != nil {
            throw semantic("VariableAlreadyBound", "variable '\(name)' is already defined", merge.location)
        }
        let input = scope
        let after = Scope(copying: scope)
        var newNames: [String] = []
        for name in Binder.patternNames(part) where after.slot(name) == nil {
            after.add(
                name,
                part.variable == name ? .path : (part.nodes.contains { $0.variable == name } ? .node : .relationship))
            newNames.append(name)
        }
        for item in merge.onCreate + merge.onMatch { try checkSetItem(item, after) }
        for node in part.nodes {
            if let p = node.properties { try Binder.check(p, scope, locals: Set(newNames), source: source) }
        }
        let parts = Planner.prepare(
            [part], isBound: { input.slot($0) != nil }, predicate: nil, counter: 5000,
            indexes: context.options.usePropertyIndexes ? context.access.propertyIndexes : [])
        let matcher = PatternMatcher(parts: parts, pin: defaultPin, evaluator: evaluator)
        let onCreate = merge.onCreate
        let onMatch = merge.onMatch
        let op = UpdateOperator("Merge", parts.map { "\($0.access)" }.joined(separator: "; ")) {
            [unowned self] row throws(QueryError) in
            let env = Environment(row: row, scope: input)
            // Null property values can never match nor be created, on nodes and relationships alike.
            let propertyMaps = part.nodes.map(\.properties) + part.steps.map(\.relationship.properties)
            for properties in propertyMaps {
                if case .map(let m) = try properties.map({ e throws(QueryError) in
                    try self.evaluator.evaluate(e, env)
                }) ?? .null,
                    let key = m.first(where: { $0.value.isNull })?.key
                {
                    throw QueryError(
                        .runtime, .semanticError,
                        "MERGE cannot use null property values (property '\(key)' is null)",
                        detail: "MergeReadOwnWrites")
                }
            }
            var rows: [Row] = []
            try matcher.match(env) { bindings throws(QueryError) in
                rows.append(row + newNames.map { bindings[$0] ?? .null })
                return true
            }
            if rows.isEmpty {
                let bound = try self.create([part], env)
                let out = row + newNames.map { bound[$0] ?? .null }
                try self.applySet(onCreate, Environment(row: out, scope: after))
                return [out]
            }
            for out in rows { try self.applySet(onMatch, Environment(row: out, scope: after)) }
            return rows
        }
        append(op)
        scope = after
    }

    func checkSetItem(_ item: SetItem, _ scope: Scope) throws(QueryError) {
        switch item {
        case .property(let target, _, let value, _):
            try Binder.check(target, scope, source: source)
            try Binder.check(value, scope, source: source)
        case .replace(let variable, let value, _, let location):
            if scope.slot(variable) == nil {
                throw semantic("UndefinedVariable", "variable '\(variable)' is not defined", location)
            }
            try Binder.check(value, scope, source: source)
        case .labels(let variable, _, let location):
            if scope.slot(variable) == nil {
                throw semantic("UndefinedVariable", "variable '\(variable)' is not defined", location)
            }
        }
    }

    func applySet(_ items: [SetItem], _ env: Environment) throws(QueryError) {
        let access = context.access
        for item in items {
            switch item {
            case .property(let targetExpr, let key, let valueExpr, _):
                let target = try evaluator.evaluate(targetExpr, env)
                let value = try evaluator.evaluate(valueExpr, env)
                switch target {
                case .null: continue
                case .node(let node): try access.setProperty(node, key, value)
                case .relationship(let r): try access.setProperty(r, key, value)
                default: throw QueryError.type("SET needs a node or relationship, got \(target.typeName)")
                }
            case .replace(let variable, let valueExpr, let merge, _):
                let target = env.lookup(variable) ?? .null
                let value = try evaluator.evaluate(valueExpr, env)
                var map: [String: QueryValue]
                switch value {
                case .null: map = [:]
                case .map(let m): map = m
                case .node(let n): map = access.refreshed(n).properties
                case .relationship(let r): map = access.refreshed(r).properties
                default: throw QueryError.type("SET = needs a map, got \(value.typeName)")
                }
                if !merge { map = map.filter { !$0.value.isNull } }
                switch target {
                case .null: continue
                case .node(let node): try access.replaceProperties(node, map, merge: merge)
                case .relationship(let r): try access.replaceProperties(r, map, merge: merge)
                default: throw QueryError.type("SET needs a node or relationship, got \(target.typeName)")
                }
            case .labels(let variable, let labels, _):
                switch env.lookup(variable) ?? .null {
                case .null: continue
                case .node(let node): try access.setLabels(node, labels, add: true)
                case let other: throw QueryError.type("SET :Label needs a node, got \(other.typeName)")
                }
            }
        }
    }

    func planSet(_ items: [SetItem], _ scope: Scope, _ append: (Operator) -> Void) throws(QueryError) {
        for item in items { try checkSetItem(item, scope) }
        append(
            UpdateOperator("Set", "\(items.count) item(s)") { [unowned self] row throws(QueryError) in
                try self.applySet(items, Environment(row: row, scope: scope))
                return [row]
            })
    }

    func planRemove(_ items: [RemoveItem], _ scope: Scope, _ append: (Operator) -> Void) throws(QueryError) {
        for item in items {
            switch item {
            case .property(let target, _, _): try Binder.check(target, scope, source: source)
            case .labels(let variable, _, let location):
                if scope.slot(variable) == nil {
                    throw semantic("UndefinedVariable", "variable '\(variable)' is not defined", location)
                }
            }
        }
        let access = context.access
        append(
            UpdateOperator("Remove", "\(items.count) item(s)") { [unowned self] row throws(QueryError) in
                let env = Environment(row: row, scope: scope)
                for item in items {
                    switch item {
                    case .property(let targetExpr, let key, _):
                        switch try self.evaluator.evaluate(targetExpr, env) {
                        case .null: continue
                        case .node(let node): try access.setProperty(node, key, .null)
                        case .relationship(let r): try access.setProperty(r, key, .null)
                        case let other:
                            throw QueryError.type("REMOVE needs a node or relationship, got \(other.typeName)")
                        }
                    case .labels(let variable, let labels, _):
                        switch env.lookup(variable) ?? .null {
                        case .null: continue
                        case .node(let node): try access.setLabels(node, labels, add: false)
                        case let other: throw QueryError.type("REMOVE :Label needs a node, got \(other.typeName)")
                        }
                    }
                }
                return [row]
            })
    }

    func planDelete(
        _ expressions: [Expr], detach: Bool, _ location: SourceLocation, _ scope: Scope, _ append: (Operator) -> Void
    ) throws(QueryError) {
        for expression in expressions {
            try Binder.check(expression, scope, source: source)
            switch expression {
            case .variable, .property, .index, .function: break
            default:
                throw semantic("InvalidDelete", "DELETE expects nodes, relationships or paths", expression.location)
            }
        }
        let access = context.access
        append(
            UpdateOperator(
                detach ? "DetachDelete" : "Delete", expressions.map(ExprPrinter.text).joined(separator: ", ")
            ) {
                [unowned self] row throws(QueryError) in
                let env = Environment(row: row, scope: scope)
                // Everything the clause names on this row, relationships deleted before nodes: `DELETE n, r` and
                // paths whose relationships another item names leave no node connected by the order they are
                // written in.
                var nodes: [NodeValue] = []
                var relationships: [RelationshipValue] = []
                for expression in expressions {
                    try Self.collect(try self.evaluator.evaluate(expression, env), &nodes, &relationships)
                }
                for relationship in relationships { access.deleteRelationship(relationship) }
                for node in nodes { try access.deleteNode(node, detach: detach) }
                return [row]
            })
    }

    /// The nodes and relationships a DELETE value stands for (paths and lists of them included), in order.
    private static func collect(
        _ value: QueryValue, _ nodes: inout [NodeValue], _ relationships: inout [RelationshipValue]
    ) throws(QueryError) {
        switch value {
        case .null: return
        case .node(let node): nodes.append(node)
        case .relationship(let r): relationships.append(r)
        case .path(let path):
            relationships += path.relationships
            nodes += path.nodes
        case .list(let items):
            for item in items { try collect(item, &nodes, &relationships) }
        default:
            throw QueryError.type(
                "DELETE expects a node, relationship or path, got \(value.typeName)", detail: "InvalidArgumentType")
        }
    }
}
