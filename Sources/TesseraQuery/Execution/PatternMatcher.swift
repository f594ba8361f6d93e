import TesseraCore
import TesseraGraph

/// How the first node of a pattern part is found.
enum AccessPath: CustomStringConvertible {
    /// The node is already bound by an earlier clause or part.
    case bound(String)
    /// A lookup by external id.
    case idLookup(Expr)
    /// The space-time index, with a query window from a spatial predicate.
    case spatial(SpatialAccess)
    /// The k nearest nodes to a point (R-tree of the present, or the space-time index at past times).
    case nearest(point: Expr, k: Int)
    /// A property-index seek (candidates for the predicate on the indexed property).
    case indexSeek(IndexSeekAccess)
    /// Every node carrying a label.
    case labelScan(String)
    /// Every node.
    case allNodes

    var description: String {
        switch self {
        case .bound(let name): "bound variable \(name)"
        case .idLookup: "id lookup"
        case .spatial(let access): "space-time index (\(access.predicate)\(access.exact == nil ? "" : ", exact"))"
        case .nearest(_, let k): "k-nearest (k = \(k)) through the spatial index"
        case .indexSeek(let seek): seek.description
        case .labelScan(let label): "label scan :\(label)"
        case .allNodes: "all-nodes scan"
        }
    }
}

/// A spatial predicate on a pattern node with arguments that do not depend on the row.
struct SpatialAccess {
    var predicate: String
    /// Evaluates to the query window.
    var window: Expr
    /// Extra metres around the window (dwithin).
    var radius: Expr?
    /// The WHERE conjunct this access path applies exactly to its candidates (`intersects(n, w)`, `within(n, w)`
    /// on the node itself), so the match's filter no longer evaluates it row by row.
    var exact: Expr? = nil
}

/// One pattern part, prepared for matching: the order in which its elements are visited.
struct PreparedPart {
    var part: PatternPart
    /// Node names (hidden names for anonymous nodes) in chain order.
    var nodeNames: [String]
    var relationshipNames: [String]
    /// The node matching starts from and how it is found.
    var anchor: Int
    var access: AccessPath
    /// Binding slots (see ``BindingLayout``) of the nodes, relationships, the nodes inside each variable-length
    /// relationship and the path variable: filled in by ``PatternMatcher/init(parts:pin:evaluator:)``.
    var nodeSlots: [Int] = []
    var relationshipSlots: [Int] = []
    var segmentSlots: [Int] = []
    var pathSlot: Int? = nil
}

/// The names a pattern binds while it is matched, each at a fixed slot, so that matching reads and writes an array
/// instead of hashing names (a 2-hop match binds and restores several names for every edge it follows).
final class BindingLayout {
    let names: [String]
    /// Whether the name is internal (an anonymous element, the nodes inside a variable-length relationship):
    /// expressions never see it, and it is never looked up in the input row.
    let hidden: [Bool]
    let slots: [String: Int]

    init(names: [String]) {
        self.names = names
        hidden = names.map { $0.hasPrefix(" ") }
        slots = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The values a match has bound so far, by slot of a ``BindingLayout``.
struct Bindings {
    let layout: BindingLayout
    var values: [QueryValue?]

    init(_ layout: BindingLayout) {
        self.layout = layout
        values = Array(repeating: nil, count: layout.names.count)
    }

    subscript(slot: Int) -> QueryValue? {
        get { values[slot] }
        set { values[slot] = newValue }
    }

    /// The value bound to `name`, if the pattern has that name and it is bound.
    subscript(name: String) -> QueryValue? {
        guard let slot = layout.slots[name] else { return nil }
        return values[slot]
    }

    /// Adds the bound names that expressions can see to `locals`.
    func appendVisible(to locals: inout [(String, QueryValue)]) {
        for (slot, value) in values.enumerated() where !layout.hidden[slot] {
            if let value { locals.append((layout.names[slot], value)) }
        }
    }
}

/// The relationships a match has used so far (a relationship appears at most once in a pattern), as a stack:
/// a match uses a few, and comparing a few ids costs less than hashing them.
struct UsedRelationships {
    private var ids: [String] = []

    func contains(_ id: String) -> Bool { ids.contains(id) }
    mutating func push(_ id: String) { ids.append(id) }
    mutating func pop() { ids.removeLast() }
}

/// Finds the bindings of a pattern (a list of parts) for one input row.
///
/// Relationships are unique within one pattern (relationship isomorphism). Bindings go to `found`,
/// by name; variable-length relationships bind a list of relationships.
struct PatternMatcher {
    let parts: [PreparedPart]
    let pin: TimePin
    let evaluator: Evaluator
    /// Where each name of the pattern is bound while matching.
    let layout: BindingLayout

    init(parts: [PreparedPart], pin: TimePin, evaluator: Evaluator) {
        var names: [String] = []
        var slots: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let existing = slots[name] { return existing }
            slots[name] = names.count
            names.append(name)
            return names.count - 1
        }
        var prepared = parts
        for index in prepared.indices {
            prepared[index].nodeSlots = prepared[index].nodeNames.map(slot)
            prepared[index].relationshipSlots = prepared[index].relationshipNames.map(slot)
            prepared[index].segmentSlots = prepared[index].relationshipNames.map { slot(" nodes " + $0) }
            prepared[index].pathSlot = prepared[index].part.variable.map(slot)
        }
        self.parts = prepared
        self.pin = pin
        self.evaluator = evaluator
        layout = BindingLayout(names: names)
    }

    var context: ExecutionContext { evaluator.context }
    var access: GraphAccess { evaluator.context.access }

    /// Calls `emit` with the bindings of every match; `emit` returns false to stop.
    func match(
        _ env: Environment, emit: (inout Bindings) throws(QueryError) -> Bool
    ) throws(QueryError) {
        var bindings = Bindings(layout)
        var used = UsedRelationships()
        _ = try matchPart(0, env, &bindings, &used, emit)
    }

    /// The node name of a pattern that is one node and nothing else (no relationship, path variable or
    /// shortest-path search), which ``matchSingleNode(_:emit:)`` can match.
    var singleNodeName: String? {
        guard parts.count == 1, let only = parts.first, only.part.steps.isEmpty, only.part.variable == nil,
            only.part.shortest == .none
        else { return nil }
        return only.nodeNames[only.anchor]
    }

    /// Matches a pattern that is a single node not bound by the input row (see ``singleNodeName``): calls `emit`
    /// with each node that passes the pattern's labels and properties, without the bindings the general
    /// matcher keeps. Returns nil, having done nothing, when the node is bound (the general matcher then
    /// decides), else whether `emit` wanted more.
    func matchSingleNode(_ env: Environment, emit: (NodeValue) throws(QueryError) -> Bool) throws(QueryError)
        -> Bool?
    {
        guard let name = singleNodeName, name.hasPrefix(" ") || env.lookup(name) == nil else { return nil }
        let prepared = parts[0]
        let pattern = prepared.part.nodes[prepared.anchor]
        let unbound = Bindings(layout)
        return try forEachCandidate(prepared, env, unbound) { candidate throws(QueryError) -> Bool in
            try context.tick()
            guard try labelsAndPropertiesMatch(candidate, pattern, env, unbound) else { return true }
            return try emit(candidate)
        }
    }

    /// The value of the name at `slot`: bound by this match, else (for a visible name) by the input row.
    private func lookup(_ slot: Int, _ env: Environment, _ bindings: Bindings) -> QueryValue? {
        if let value = bindings.values[slot] { return value }
        if layout.hidden[slot] { return nil }
        return env.lookup(layout.names[slot])
    }

    private func matchPart(
        _ index: Int, _ env: Environment, _ bindings: inout Bindings, _ used: inout UsedRelationships,
        _ emit: (inout Bindings) throws(QueryError) -> Bool
    ) throws(QueryError) -> Bool {
        guard index < parts.count else { return try emit(&bindings) }
        let prepared = parts[index]
        if prepared.part.shortest != .none {
            return try shortest(prepared, index, env, &bindings, &used, emit)
        }
        let anchorSlot = prepared.nodeSlots[prepared.anchor]
        return try forEachCandidate(prepared, env, bindings) { candidate throws(QueryError) -> Bool in
            try context.tick()
            guard try nodeMatches(candidate, prepared.part.nodes[prepared.anchor], anchorSlot, env, bindings) else {
                return true
            }
            let previous = bindings[anchorSlot]
            bindings[anchorSlot] = .node(candidate)
            let proceed = try expand(prepared, index, step: 0, env, &bindings, &used, emit)
            bindings[anchorSlot] = previous
            return proceed
        }
    }

    /// Calls `body` with each candidate for the part's anchor until it returns false (then returns false).
    /// Label and whole-graph scans in read-only statements stream from the engine; other access paths
    /// produce their (short) lists first.
    private func forEachCandidate(
        _ prepared: PreparedPart, _ env: Environment, _ bindings: Bindings,
        _ body: (NodeValue) throws(QueryError) -> Bool
    ) throws(QueryError) -> Bool {
        if context.streamsScans, lookup(prepared.nodeSlots[prepared.anchor], env, bindings) == nil {
            switch prepared.access {
            case .labelScan(let label): return try access.forEachNode(label: label, pin: pin, body)
            case .allNodes: return try access.forEachNode(label: nil, pin: pin, body)
            default: break
            }
        }
        for candidate in try candidates(prepared, env, bindings) where !(try body(candidate)) { return false }
        return true
    }

    /// Steps of a part in visiting order: right of the anchor first, then left.
    private func step(_ prepared: PreparedPart, _ number: Int) -> (relationship: Int, from: Int, to: Int)? {
        let count = prepared.part.steps.count
        let rightSteps = count - prepared.anchor
        if number < rightSteps {
            let r = prepared.anchor + number
            return (r, r, r + 1)
        }
        let leftNumber = number - rightSteps
        guard leftNumber < prepared.anchor else { return nil }
        let r = prepared.anchor - 1 - leftNumber
        return (r, r + 1, r)
    }

    private func expand(
        _ prepared: PreparedPart, _ partIndex: Int, step number: Int, _ env: Environment,
        _ bindings: inout Bindings, _ used: inout UsedRelationships,
        _ emit: (inout Bindings) throws(QueryError) -> Bool
    ) throws(QueryError) -> Bool {
        guard let (r, fromIndex, toIndex) = step(prepared, number) else {
            if let pathSlot = prepared.pathSlot {
                bindings[pathSlot] = .path(try buildPath(prepared, bindings))
                let proceed = try matchPart(partIndex + 1, env, &bindings, &used, emit)
                bindings[pathSlot] = nil
                return proceed
            }
            return try matchPart(partIndex + 1, env, &bindings, &used, emit)
        }
        let relationship = prepared.part.steps[r].relationship
        let forward = toIndex > fromIndex
        guard case .node(let from) = bindings[prepared.nodeSlots[fromIndex]] ?? .null else { return true }
        var direction: EdgeDirection
        switch relationship.direction {
        case .both: direction = .both
        case .outgoing: direction = forward ? .outgoing : .incoming
        case .incoming: direction = forward ? .incoming : .outgoing
        }
        let relName = prepared.relationshipNames[r]
        let relSlot = prepared.relationshipSlots[r]
        let segmentSlot = prepared.segmentSlots[r]
        let toSlot = prepared.nodeSlots[toIndex]
        let toPattern = prepared.part.nodes[toIndex]
        let boundRelationship = lookup(relSlot, env, bindings)

        if let range = relationship.range {
            let minimum = range.min ?? 1
            let maximum = range.max ?? Int.max
            var pathRelationships: [RelationshipValue] = []
            var pathNodes: [NodeValue] = []
            var stop = false
            func walk(_ node: NodeValue, _ bindings: inout Bindings, _ used: inout UsedRelationships)
                throws(QueryError)
            {
                if stop { return }
                if pathRelationships.count >= minimum {
                    if try nodeMatches(node, toPattern, toSlot, env, bindings) {
                        // Bindings are kept in chain order whichever way the walk went.
                        let chainRelationships = forward ? pathRelationships : pathRelationships.reversed()
                        let chainNodes =
                            forward || pathNodes.isEmpty ? pathNodes : Array(pathNodes.reversed().dropFirst()) + [from]
                        let relValue = QueryValue.list(chainRelationships.map(QueryValue.relationship))
                        var relationshipOK = true
                        if let boundRelationship {
                            relationshipOK = QueryValue.equals(boundRelationship, relValue) == true
                        }
                        if relationshipOK {
                            let previousNode = bindings[toSlot]
                            let previousRel = bindings[relSlot]
                            bindings[toSlot] = .node(node)
                            bindings[relSlot] = relValue
                            bindings[segmentSlot] = .list(chainNodes.map(QueryValue.node))
                            if !(try expand(prepared, partIndex, step: number + 1, env, &bindings, &used, emit)) {
                                stop = true
                            }
                            bindings[toSlot] = previousNode
                            bindings[relSlot] = previousRel
                            bindings[segmentSlot] = nil
                            if stop { return }
                        }
                    }
                }
                guard pathRelationships.count < maximum else { return }
                for edge in try access.relationships(
                    of: node.id, direction: direction, types: relationship.types, pin: pin)
                {
                    try context.tick()
                    if used.contains(edge.id) { continue }
                    guard try propertiesMatch(.relationship(edge), relationship.properties, env, bindings) else {
                        continue
                    }
                    let farId = edge.start == node.id ? edge.end : edge.start
                    for far in try access.node(farId, pin: pin) {
                        used.push(edge.id)
                        pathRelationships.append(edge)
                        pathNodes.append(far)
                        try walk(far, &bindings, &used)
                        pathNodes.removeLast()
                        pathRelationships.removeLast()
                        used.pop()
                        if stop { return }
                    }
                }
            }
            try walk(from, &bindings, &used)
            return !stop
        }

        let edges: [(relationship: RelationshipValue, far: NodeValue?)]
        if case .relationship(let bound) = boundRelationship ?? .null {
            let touches =
                bound.start == from.id || bound.end == from.id
            edges = touches ? [(bound, nil)] : []
        } else if case .some(.null) = boundRelationship {
            return true
        } else {
            // Nothing can read the properties of an anonymous relationship without a property map outside a named
            // path: they are not decoded.
            let observable =
                !relName.hasPrefix(" ") || relationship.properties != nil || prepared.part.variable != nil
            edges = try access.relationshipsWithFarNodes(
                of: from.id, direction: direction, types: relationship.types, pin: pin, withProperties: observable)
        }
        for (edge, knownFar) in edges {
            try context.tick()
            if used.contains(edge.id) { continue }
            if !relationship.types.isEmpty && !relationship.types.contains(edge.type) { continue }
            switch direction {
            case .outgoing: if edge.start != from.id { continue }
            case .incoming: if edge.end != from.id { continue }
            case .both: break
            }
            guard try propertiesMatch(.relationship(edge), relationship.properties, env, bindings) else { continue }
            let farId = edge.start == from.id ? edge.end : edge.start
            let farCandidates: [NodeValue]
            if case .node(let boundFar) = lookup(toSlot, env, bindings) ?? .null {
                farCandidates = boundFar.id == farId ? [boundFar] : []
            } else if let knownFar {
                farCandidates = [knownFar]
            } else {
                farCandidates = try access.node(farId, pin: pin)
            }
            for far in farCandidates {
                guard try nodeMatches(far, toPattern, toSlot, env, bindings) else { continue }
                let previousNode = bindings[toSlot]
                let previousRel = bindings[relSlot]
                bindings[toSlot] = .node(far)
                bindings[relSlot] = .relationship(edge)
                used.push(edge.id)
                let proceed = try expand(prepared, partIndex, step: number + 1, env, &bindings, &used, emit)
                used.pop()
                bindings[toSlot] = previousNode
                bindings[relSlot] = previousRel
                if !proceed { return false }
            }
        }
        return true
    }

    private func candidates(_ prepared: PreparedPart, _ env: Environment, _ bindings: Bindings)
        throws(QueryError) -> [NodeValue]
    {
        let name = prepared.nodeNames[prepared.anchor]
        if let bound = lookup(prepared.nodeSlots[prepared.anchor], env, bindings) {
            if case .node(let node) = bound { return [node] }
            return []
        }
        switch prepared.access {
        case .bound:
            return []
        case .idLookup(let expression):
            var inner = env
            bindings.appendVisible(to: &inner.locals)
            let label = prepared.part.nodes[prepared.anchor].labels.first
            guard case .string(let id) = try evaluator.evaluate(expression, inner) else {
                // Not an external id: an ordinary `id` property, found by scanning (if any node has one).
                return access.mayHaveIdProperty ? try access.nodes(label: label, pin: pin) : []
            }
            let found = try access.node(id, pin: pin)
            if !found.isEmpty || !access.mayHaveIdProperty { return found }
            // An `id` property that is not the external id.
            return try access.nodes(label: label, pin: pin)
        case .spatial(let spatial):
            let label = prepared.part.nodes[prepared.anchor].labels.first
            if let exact = spatial.exact,
                let window = try SpatialAccessRunner.engineTest(exact, name: name, evaluator, env)
            {
                return try SpatialAccessRunner.candidates(spatial, evaluator, env, pin, label: label, exactly: window)
            }
            let found = try SpatialAccessRunner.candidates(spatial, evaluator, env, pin, label: label)
            guard let exact = spatial.exact else { return found }
            return try SpatialAccessRunner.exactly(found, exact, name: name, evaluator, env)
        case .nearest(let pointExpr, let k):
            return try SpatialAccessRunner.nearest(
                pointExpr, k: k, evaluator, env, pin, label: prepared.part.nodes[prepared.anchor].labels.first)
        case .indexSeek(let seek):
            var inner = env
            bindings.appendVisible(to: &inner.locals)
            guard let ranges = seek.ranges(evaluator, inner) else {
                return try access.nodes(label: seek.index.label, pin: pin)
            }
            return try access.nodes(index: seek.index, ranges: ranges, pin: pin)
        case .labelScan(let label):
            return try access.nodes(label: label, pin: pin)
        case .allNodes:
            return try access.nodes(label: nil, pin: pin)
        }
    }

    private func nodeMatches(
        _ node: NodeValue, _ pattern: NodePattern, _ slot: Int, _ env: Environment, _ bindings: Bindings
    ) throws(QueryError) -> Bool {
        if let bound = lookup(slot, env, bindings) {
            guard case .node(let existing) = bound, existing.id == node.id else { return false }
        }
        return try labelsAndPropertiesMatch(node, pattern, env, bindings)
    }

    /// Whether `node` carries the pattern's labels and property values.
    private func labelsAndPropertiesMatch(
        _ node: NodeValue, _ pattern: NodePattern, _ env: Environment, _ bindings: Bindings
    ) throws(QueryError) -> Bool {
        if !pattern.labels.isEmpty {
            let current = access.hasWrites ? access.refreshed(node) : node
            for label in pattern.labels where !current.labels.contains(label) { return false }
        }
        return try propertiesMatch(.node(node), pattern.properties, env, bindings)
    }

    private func propertiesMatch(
        _ element: QueryValue, _ properties: Expr?, _ env: Environment, _ bindings: Bindings
    ) throws(QueryError) -> Bool {
        guard let properties else { return true }
        var inner = env
        bindings.appendVisible(to: &inner.locals)
        let expected = try evaluator.evaluate(properties, inner)
        guard case .map(let map) = expected else {
            if case .null = expected { return true }
            throw QueryError.type("a pattern's properties must be a map, got \(expected.typeName)")
        }
        for (key, value) in map {
            let actual = try evaluator.property(element, key)
            guard QueryValue.equals(actual, value) == true else { return false }
        }
        return true
    }

    private func buildPath(_ prepared: PreparedPart, _ bindings: Bindings) throws(QueryError) -> PathValue {
        var nodes: [NodeValue] = []
        var relationships: [RelationshipValue] = []
        guard case .node(let first) = bindings[prepared.nodeSlots[0]] ?? .null else {
            return PathValue(nodes: [], relationships: [])
        }
        nodes.append(first)
        for (r, step) in prepared.part.steps.enumerated() {
            let relSlot = prepared.relationshipSlots[r]
            guard case .node(let next) = bindings[prepared.nodeSlots[r + 1]] ?? .null else { continue }
            if step.relationship.range != nil {
                guard case .list(let list) = bindings[relSlot] ?? .null,
                    case .list(let between) = bindings[prepared.segmentSlots[r]] ?? .null
                else { continue }
                let segmentRelationships = list.compactMap { v -> RelationshipValue? in
                    if case .relationship(let r) = v { return r }
                    return nil
                }
                let segmentNodes = between.compactMap { v -> NodeValue? in
                    if case .node(let n) = v { return n }
                    return nil
                }
                relationships += segmentRelationships
                nodes += segmentNodes
            } else if case .relationship(let relationship) = bindings[relSlot] ?? .null {
                relationships.append(relationship)
                nodes.append(next)
            }
        }
        return PathValue(nodes: nodes, relationships: relationships)
    }

    // MARK: shortest paths

    private func shortest(
        _ prepared: PreparedPart, _ partIndex: Int, _ env: Environment, _ bindings: inout Bindings,
        _ used: inout UsedRelationships, _ emit: (inout Bindings) throws(QueryError) -> Bool
    ) throws(QueryError) -> Bool {
        guard prepared.part.steps.count == 1 else {
            throw QueryError.semantic("InvalidShortestPath", "shortestPath needs a pattern of exactly one relationship")
        }
        guard case .node(let start) = lookup(prepared.nodeSlots[0], env, bindings) ?? .null,
            case .node(let end) = lookup(prepared.nodeSlots[1], env, bindings) ?? .null
        else {
            return true
        }
        let relationship = prepared.part.steps[0].relationship
        let minimum = relationship.range?.min ?? 1
        let maximum = relationship.range == nil ? 1 : (relationship.range?.max ?? Int.max)
        var direction: EdgeDirection
        switch relationship.direction {
        case .both: direction = .both
        case .outgoing: direction = .outgoing
        case .incoming: direction = .incoming
        }
        // Breadth-first search keeping every shortest predecessor.
        var frontier: [String] = [start.id]
        var nodesById: [String: NodeValue] = [start.id: start]
        var predecessors: [String: [(String, RelationshipValue)]] = [:]
        var depthOf: [String: Int] = [start.id: 0]
        var depth = 0
        var found = start.id == end.id && minimum == 0
        while !frontier.isEmpty && !found && depth < maximum {
            depth += 1
            var next: [String] = []
            for id in frontier {
                for edge in try access.relationships(of: id, direction: direction, types: relationship.types, pin: pin)
                {
                    try context.tick()
                    guard try propertiesMatch(.relationship(edge), relationship.properties, env, bindings) else {
                        continue
                    }
                    let far = edge.start == id ? edge.end : edge.start
                    if let seen = depthOf[far], seen < depth { continue }
                    if depthOf[far] == nil {
                        guard let farNode = try access.node(far, pin: pin).first else { continue }
                        nodesById[far] = farNode
                        depthOf[far] = depth
                        next.append(far)
                    }
                    predecessors[far, default: []].append((id, edge))
                }
            }
            if depthOf[end.id] == depth && depth >= minimum { found = true }
            frontier = next
        }
        guard found else { return true }
        var paths: [PathValue] = []
        func unwind(_ id: String, _ nodes: [NodeValue], _ rels: [RelationshipValue]) {
            if paths.count > 0 && prepared.part.shortest == .single { return }
            if id == start.id {
                paths.append(PathValue(nodes: nodes.reversed(), relationships: rels.reversed()))
                return
            }
            for (previous, edge) in predecessors[id] ?? [] where (depthOf[previous] ?? -1) == (depthOf[id] ?? 0) - 1 {
                if rels.contains(where: { $0.id == edge.id }) { continue }
                guard let node = nodesById[previous] else { continue }
                unwind(previous, nodes + [node], rels + [edge])
            }
        }
        unwind(end.id, [end], [])
        let relSlot = prepared.relationshipSlots[0]
        for path in paths {
            bindings[relSlot] =
                relationship.range == nil
                ? (path.relationships.first.map(QueryValue.relationship) ?? .null)
                : .list(path.relationships.map(QueryValue.relationship))
            if let pathSlot = prepared.pathSlot { bindings[pathSlot] = .path(path) }
            let proceed = try matchPart(partIndex + 1, env, &bindings, &used, emit)
            bindings[relSlot] = nil
            if let pathSlot = prepared.pathSlot { bindings[pathSlot] = nil }
            if !proceed { return false }
        }
        return true
    }
}
