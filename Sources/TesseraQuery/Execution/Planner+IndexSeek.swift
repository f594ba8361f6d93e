import TesseraGraph

extension Planner {
    /// The best property-index seek for node `name`: an online index on one of its labels, and an
    /// equality (in the node's property map or WHERE), `IN`, comparison or `STARTS WITH` predicate on the
    /// indexed property whose other side does not depend on the node (a literal, a parameter, a variable
    /// bound earlier). Equality and `IN` are preferred to ranges; within one kind, the first found.
    static func indexSeek(
        _ node: NodePattern, _ name: String, _ conjuncts: [Expr], indexes: [PropertyIndex],
        isBound: (String) -> Bool
    ) -> IndexSeekAccess? {
        let usable = indexes.filter { $0.state == .online && node.labels.contains($0.label) }
        guard !usable.isEmpty else { return nil }
        let display = name.hasPrefix(" ") ? "" : name
        var candidates: [IndexSeekAccess] = []
        func add(_ key: String, _ predicate: IndexSeekAccess.Predicate) {
            for index in usable where index.property == key {
                candidates.append(IndexSeekAccess(index: index, variable: display, predicate: predicate))
            }
        }
        if case .map(let entries, _)? = node.properties {
            for (key, value) in entries where isConstant(value, isBound: isBound) { add(key, .equal(value)) }
        }
        var lower: [String: [(Expr, inclusive: Bool)]] = [:]
        var upper: [String: [(Expr, inclusive: Bool)]] = [:]
        for conjunct in conjuncts {
            guard case .binary(let op, let a, let b, _) = conjunct else { continue }
            let left = indexedKey(a, of: name)
            let right = indexedKey(b, of: name)
            switch op {
            case .equal:
                if let left, isConstant(b, isBound: isBound) { add(left, .equal(b)) }
                if let right, isConstant(a, isBound: isBound) { add(right, .equal(a)) }
            case .in:
                if let left, isConstant(b, isBound: isBound) { add(left, .inList(b)) }
            case .startsWith:
                if let left, isConstant(b, isBound: isBound) { add(left, .prefix(b)) }
            case .less, .lessEqual, .greater, .greaterEqual:
                let inclusive = op == .lessEqual || op == .greaterEqual
                // `n.p < e` bounds from above, `e < n.p` from below.
                if let left, isConstant(b, isBound: isBound) {
                    if op == .less || op == .lessEqual {
                        upper[left, default: []].append((b, inclusive))
                    } else {
                        lower[left, default: []].append((b, inclusive))
                    }
                }
                if let right, isConstant(a, isBound: isBound) {
                    if op == .less || op == .lessEqual {
                        lower[right, default: []].append((a, inclusive))
                    } else {
                        upper[right, default: []].append((a, inclusive))
                    }
                }
            default:
                continue
            }
        }
        for key in Set(lower.keys).union(upper.keys).sorted() {
            add(key, .range(lower: lower[key] ?? [], upper: upper[key] ?? []))
        }
        return candidates.first(where: \.isEquality) ?? candidates.first
    }

    /// The property key of `n.key` when `expression` reads a property of node `name`.
    private static func indexedKey(_ expression: Expr, of name: String) -> String? {
        guard case .property(.variable(let variable, _), let key, _) = expression, variable == name else { return nil }
        return key
    }
}
