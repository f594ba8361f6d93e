import TesseraCore
import TesseraGraph

/// A push-based operator: rows flow from the start of a query to its sink; `push` returns false when
/// downstream wants no more rows (LIMIT reached), `finish` signals the end of input.
class Operator {
    var next: Operator!
    let name: String
    var detail: String
    /// Rows this operator produced (PROFILE).
    var rowsOut = 0
    /// Time spent in this operator and below it (PROFILE).
    var elapsed: Duration = .zero
    var profiling = false

    init(_ name: String, _ detail: String = "") {
        self.name = name
        self.detail = detail
    }

    final func emit(_ row: Row) throws(QueryError) -> Bool {
        rowsOut += 1
        guard profiling else { return try next.push(row) }
        let start = ContinuousClock.now
        let result = try next.push(row)
        next.elapsed += ContinuousClock.now - start
        return result
    }

    func push(_ row: Row) throws(QueryError) -> Bool { try emit(row) }

    func finish() throws(QueryError) -> Bool { try next.finish() }
}

/// Collects the final rows.
final class SinkOperator: Operator {
    var rows: [Row] = []
    let columns: Int
    let maxRows: Int

    init(columns: Int, maxRows: Int) {
        self.columns = columns
        self.maxRows = maxRows
        super.init("Results")
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        rowsOut += 1
        guard rows.count < maxRows else {
            throw QueryError(
                .runtime, .limitExceeded, "the query returns more than the row limit of \(maxRows) rows",
                detail: "RowLimit")
        }
        rows.append(columns < row.count ? Array(row.prefix(columns)) : row)
        return true
    }

    override func finish() throws(QueryError) -> Bool { true }
}

final class FilterOperator: Operator {
    let predicate: Expr
    let scope: Scope
    let evaluator: Evaluator

    /// Compiled on first use, when planning has given every name its slot.
    private lazy var compiled = CompiledSlot(evaluator.compile(predicate, scope: scope))

    init(_ predicate: Expr, scope: Scope, evaluator: Evaluator) {
        self.predicate = predicate
        self.scope = scope
        self.evaluator = evaluator
        super.init("Filter", ExprPrinter.text(predicate))
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        try evaluator.context.tick()
        guard try evaluator.holds(compiled, Environment(row: row, scope: scope)) else { return true }
        return try emit(row)
    }
}

final class MatchOperator: Operator {
    let matcher: PatternMatcher
    let newNames: [String]
    let optional: Bool
    let predicate: Expr?
    let scopeAfter: Scope
    let inputScope: Scope
    private lazy var compiledPredicate = predicate.map {
        CompiledSlot(matcher.evaluator.compile($0, scope: scopeAfter))
    }
    private lazy var singleNodeName = matcher.singleNodeName
    /// The binding slot of each new name (nil: the pattern does not bind it).
    private lazy var newSlots = newNames.map { matcher.layout.slots[$0] }

    init(
        matcher: PatternMatcher, newNames: [String], optional: Bool, predicate: Expr?, inputScope: Scope,
        scopeAfter: Scope
    ) {
        self.matcher = matcher
        self.newNames = newNames
        self.optional = optional
        self.predicate = predicate
        self.inputScope = inputScope
        self.scopeAfter = scopeAfter
        let access = matcher.parts.map {
            "\($0.nodeNames[$0.anchor].hasPrefix(" ") ? "()" : $0.nodeNames[$0.anchor]): \($0.access)"
        }
        var detail = access.joined(separator: "; ")
        if matcher.pin.isInstant {
            if matcher.pin.validFrom != matcher.evaluator.context.statementTime {
                detail += "; valid at \(Time.format(matcher.pin.validFrom))"
            }
        } else {
            detail += "; valid from \(Time.format(matcher.pin.validFrom)) to \(Time.format(matcher.pin.validTo))"
        }
        if case .asOf(let t) = matcher.pin.system { detail += "; system at \(Time.format(t))" }
        let graphAccess = matcher.evaluator.context.access
        if matcher.parts.contains(where: { !$0.part.steps.isEmpty }), matcher.pin.isLatestInstant,
            matcher.pin.validFrom == graphAccess.now, graphAccess.usePresentEdges, graphAccess.graph.hasCurrentEdges
        {
            detail += "; edges of the present"
        }
        if let predicate { detail += "; where " + ExprPrinter.text(predicate) }
        super.init(optional ? "OptionalMatch" : "Match", detail)
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        var emitted = false
        var proceed = true
        let env = Environment(row: row, scope: inputScope)
        func deliver(_ out: Row) throws(QueryError) -> Bool {
            if let predicate = compiledPredicate {
                guard try matcher.evaluator.holds(predicate, Environment(row: out, scope: scopeAfter)) else {
                    return true
                }
            }
            emitted = true
            return try emit(out)
        }
        if let name = singleNodeName {
            // One row reused for every candidate: the node's slot is overwritten in place, which allocates only
            // when downstream kept the previous row (copy on write).
            var out = row
            out.reserveCapacity(row.count + newNames.count)
            for _ in newNames { out.append(.null) }
            let slot = newNames.firstIndex(of: name).map { row.count + $0 }
            if let finished = try matcher.matchSingleNode(
                env,
                emit: { node throws(QueryError) in
                    if let slot { out[slot] = .node(node) }
                    return try deliver(out)
                })
            {
                proceed = finished
                if optional && !emitted {
                    return try emit(row + Array(repeating: .null, count: newNames.count))
                }
                return proceed
            }
        }
        try matcher.match(env) { bindings throws(QueryError) in
            var out = row
            out.reserveCapacity(row.count + newNames.count)
            for slot in newSlots { out.append(slot.flatMap { bindings[$0] } ?? .null) }
            proceed = try deliver(out)
            return proceed
        }
        if optional && !emitted {
            return try emit(row + Array(repeating: .null, count: newNames.count))
        }
        return proceed
    }
}

final class UnwindOperator: Operator {
    let expression: Expr
    let scope: Scope
    let evaluator: Evaluator

    init(_ expression: Expr, scope: Scope, evaluator: Evaluator) {
        self.expression = expression
        self.scope = scope
        self.evaluator = evaluator
        super.init("Unwind", ExprPrinter.text(expression))
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        let value = try evaluator.evaluate(expression, Environment(row: row, scope: scope))
        switch value {
        case .null: return true
        case .list(let items):
            for item in items {
                try evaluator.context.tick()
                guard try emit(row + [item]) else { return false }
            }
            return true
        default:
            return try emit(row + [value])
        }
    }
}

/// Computes new rows from expressions; with `keep` the input row follows the projected values
/// (ORDER BY may still use variables of the previous scope).
final class ProjectOperator: Operator {
    let expressions: [Expr]
    let scope: Scope
    let keep: Bool
    let evaluator: Evaluator
    private lazy var compiled = expressions.map { CompiledSlot(evaluator.compile($0, scope: scope)) }

    init(_ expressions: [Expr], scope: Scope, keep: Bool, evaluator: Evaluator, detail: String) {
        self.expressions = expressions
        self.scope = scope
        self.keep = keep
        self.evaluator = evaluator
        super.init("Project", detail)
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        let env = Environment(row: row, scope: scope)
        var out: Row = []
        out.reserveCapacity(expressions.count + (keep ? row.count : 0))
        for expression in compiled { out.append(try expression(env)) }
        if keep { out += row }
        return try emit(out)
    }
}

/// Cuts rows down to their first `count` values.
final class TrimOperator: Operator {
    let count: Int
    init(_ count: Int) {
        self.count = count
        super.init("Trim")
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        try emit(row.count > count ? Array(row.prefix(count)) : row)
    }
}

/// Groups rows by key values and computes aggregates per group; rows out are keys then aggregates.
final class AggregateOperator: Operator {
    struct AggregateSpec {
        var function: String
        var distinct: Bool
        var argument: Expr?
        var constants: [Expr]
    }

    let keys: [Expr]
    let aggregates: [AggregateSpec]
    let scope: Scope
    let evaluator: Evaluator
    private var groups: [[QueryValue]: Int] = [:]
    private var order: [([QueryValue], [any Aggregator])] = []

    init(keys: [Expr], aggregates: [AggregateSpec], scope: Scope, evaluator: Evaluator) {
        self.keys = keys
        self.aggregates = aggregates
        self.scope = scope
        self.evaluator = evaluator
        let text =
            "keys: [" + keys.map(ExprPrinter.text).joined(separator: ", ") + "], aggregates: ["
            + aggregates.map {
                "\($0.function)(\($0.distinct ? "DISTINCT " : "")\($0.argument.map(ExprPrinter.text) ?? "*"))"
            }
            .joined(separator: ", ") + "]"
        super.init("Aggregate", text)
    }

    private func makeAggregators(_ env: Environment) throws(QueryError) -> [any Aggregator] {
        var result: [any Aggregator] = []
        for spec in aggregates {
            var constants: [QueryValue] = []
            for constant in spec.constants { constants.append(try evaluator.evaluate(constant, env)) }
            guard
                let aggregator = try Aggregation.make(
                    spec.function, distinct: spec.distinct, constantArguments: constants)
            else {
                throw QueryError.semantic("UnknownFunction", "unknown aggregate function \(spec.function)")
            }
            result.append(aggregator)
        }
        return result
    }

    /// Keys and arguments compiled on first use, when planning has given every name its slot.
    private lazy var compiledKeys = keys.map { CompiledSlot(evaluator.compile($0, scope: scope)) }
    private lazy var compiledArguments = aggregates.map { spec in
        spec.argument.map { CompiledSlot(evaluator.compile($0, scope: scope)) }
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        try evaluator.context.tick()
        let env = Environment(row: row, scope: scope)
        let index: Int
        if keys.isEmpty {
            // One group: no key to build or look up per row.
            if order.isEmpty {
                order.append(([], try makeAggregators(env)))
                try evaluator.context.charge(64 + 64 * aggregates.count)
            }
            index = 0
        } else {
            var key: [QueryValue] = []
            key.reserveCapacity(keys.count)
            for expression in compiledKeys { key.append(try expression(env)) }
            if let existing = groups[key] {
                index = existing
            } else {
                index = order.count
                groups[key] = index
                order.append((key, try makeAggregators(env)))
                try evaluator.context.charge(key.reduce(64) { $0 + $1.estimatedBytes } + 64 * aggregates.count)
            }
        }
        for (i, argument) in compiledArguments.enumerated() {
            let value = try argument.map { compiled throws(QueryError) in try compiled(env) } ?? .bool(true)
            if aggregates[i].function == "collect" { try evaluator.context.charge(value.estimatedBytes) }
            try order[index].1[i].add(value)
        }
        return true
    }

    override func finish() throws(QueryError) -> Bool {
        if order.isEmpty && keys.isEmpty {
            // Aggregates over no rows still produce one row (count 0, sum 0, collect []...).
            let env = Environment(row: [], scope: Scope())
            order.append(([], try makeAggregators(env)))
        }
        for (key, aggregators) in order {
            var row = key
            for aggregator in aggregators { row.append(try aggregator.result()) }
            guard try emit(row) else { break }
        }
        order = []
        groups = [:]
        return try next.finish()
    }
}

final class DistinctOperator: Operator {
    let width: Int
    private var seen: Set<[QueryValue]> = []
    unowned let context: ExecutionContext

    init(width: Int, context: ExecutionContext) {
        self.width = width
        self.context = context
        super.init("Distinct")
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        let key = Array(row.prefix(width))
        guard seen.insert(key).inserted else { return true }
        try context.charge(key.reduce(48) { $0 + $1.estimatedBytes })
        return try emit(row)
    }
}

final class SortOperator: Operator {
    let items: [(Expr, Bool)]
    let scope: Scope
    let evaluator: Evaluator
    /// When known (ORDER BY ... LIMIT), only this many rows are kept.
    var keepTop: Int?
    /// A row with its sort key, its place in the input (equal keys keep input order) and the memory it was
    /// charged.
    private struct Entry {
        var key: [QueryValue]
        var ordinal: Int
        var row: Row
        var bytes: Int
    }
    /// Every row (no `keepTop`), or the `keepTop` first rows so far as a max-heap: the root is the row that
    /// sorts last, which the next better row replaces.
    private var buffer: [Entry] = []
    private var pushed = 0
    /// Whether every row so far came in output order (a k-nearest search, an index scan): the buffer is then
    /// a plain list in that order, not a heap, and needs no sorting at the end.
    private var inOrder = true
    /// The sort keys compiled on first use (constants, such as the point of `distance(n, point(...))`, kept
    /// after the first row).
    private lazy var compiled = items.map { CompiledSlot(evaluator.compile($0.0, scope: scope)) }

    init(_ items: [(Expr, Bool)], scope: Scope, evaluator: Evaluator) {
        self.items = items
        self.scope = scope
        self.evaluator = evaluator
        super.init("Sort", items.map { ExprPrinter.text($0.0) + ($0.1 ? " DESC" : "") }.joined(separator: ", "))
    }

    private func less(_ a: [QueryValue], _ b: [QueryValue]) -> Bool {
        for (i, item) in items.enumerated() {
            let order = QueryValue.orderCompare(a[i], b[i])
            if order != 0 { return item.1 ? order > 0 : order < 0 }
        }
        return false
    }

    /// Whether `a` comes before `b` in the output: by key, then by input order.
    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if less(a.key, b.key) { return true }
        if less(b.key, a.key) { return false }
        return a.ordinal < b.ordinal
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        let env = Environment(row: row, scope: scope)
        var key: [QueryValue] = []
        key.reserveCapacity(compiled.count)
        for expression in compiled { key.append(try expression(env)) }
        let entry = Entry(
            key: key, ordinal: pushed, row: row,
            bytes: row.reduce(key.reduce(64) { $0 + $1.estimatedBytes }) { $0 + $1.estimatedBytes })
        pushed += 1
        if inOrder {
            if let last = buffer.last, less(entry.key, last.key) {
                // Out of order: the general path from here on.
                inOrder = false
                if keepTop != nil { heapify() }
            } else {
                // It sorts after every row kept (a later row with an equal key too): with `keepTop` rows kept
                // already it can replace none of them.
                if let keepTop, buffer.count >= keepTop { return true }
                try evaluator.context.charge(entry.bytes)
                buffer.append(entry)
                return true
            }
        }
        guard let keepTop else {
            try evaluator.context.charge(entry.bytes)
            buffer.append(entry)
            return true
        }
        // ORDER BY ... LIMIT k: the k best rows so far, in a heap (k log k work per row at most, memory for k rows).
        if buffer.count < keepTop {
            try evaluator.context.charge(entry.bytes)
            buffer.append(entry)
            siftUp(buffer.count - 1)
        } else if keepTop > 0, precedes(entry, buffer[0]) {
            try evaluator.context.charge(entry.bytes)
            evaluator.context.release(buffer[0].bytes)
            buffer[0] = entry
            siftDown(0)
        }
        return true
    }

    /// Makes the buffer a heap (the row that sorts last at the root).
    private func heapify() {
        guard buffer.count > 1 else { return }
        for index in stride(from: buffer.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    private func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(buffer[parent], buffer[child]) else { return }
            buffer.swapAt(parent, child)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < buffer.count else { return }
            var last = left
            let right = left + 1
            if right < buffer.count, precedes(buffer[left], buffer[right]) { last = right }
            guard precedes(buffer[parent], buffer[last]) else { return }
            buffer.swapAt(parent, last)
            parent = last
        }
    }

    override func finish() throws(QueryError) -> Bool {
        // Ties keep input order (the ordinal decides them).
        let sorted = inOrder ? buffer : buffer.sorted(by: precedes)
        buffer = []
        for entry in sorted {
            guard try emit(entry.row) else { break }
        }
        return try next.finish()
    }
}

final class SkipOperator: Operator {
    var remaining: Int
    init(_ count: Int) {
        remaining = count
        super.init("Skip", "\(count)")
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        if remaining > 0 {
            remaining -= 1
            return true
        }
        return try emit(row)
    }
}

final class LimitOperator: Operator {
    var remaining: Int
    init(_ count: Int) {
        remaining = count
        super.init("Limit", "\(count)")
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        guard remaining > 0 else { return false }
        remaining -= 1
        let more = try emit(row)
        return more && remaining > 0
    }
}

/// Buffers every row before passing any on: a clause boundary for writes.
final class EagerOperator: Operator {
    private var buffer: [Row] = []
    init() { super.init("Eager") }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        buffer.append(row)
        return true
    }

    override func finish() throws(QueryError) -> Bool {
        let rows = buffer
        buffer = []
        for row in rows {
            guard try emit(row) else { break }
        }
        return try next.finish()
    }
}

/// Runs a closure per row (the update clauses).
final class UpdateOperator: Operator {
    let body: (Row) throws(QueryError) -> [Row]

    init(_ name: String, _ detail: String, _ body: @escaping (Row) throws(QueryError) -> [Row]) {
        self.body = body
        super.init(name, detail)
    }

    override func push(_ row: Row) throws(QueryError) -> Bool {
        for out in try body(row) {
            guard try emit(out) else { return false }
        }
        return true
    }
}
