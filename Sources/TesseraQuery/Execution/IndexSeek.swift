import TesseraCore
import TesseraGraph

/// A property-index seek for a pattern node: the index, and the predicate on its property that it serves.
///
/// The seek only generates candidates; the predicate stays in the pattern or the WHERE clause and is
/// evaluated exactly on every candidate, so results are those of a label scan.
struct IndexSeekAccess {
    /// What the seek looks for.
    enum Predicate {
        /// `n.p = e` or `{p: e}`.
        case equal(Expr)
        /// `n.p IN e`.
        case inList(Expr)
        /// `n.p > e`, `e <= n.p`, ...: every bound found on the property, intersected.
        case range(lower: [(Expr, inclusive: Bool)], upper: [(Expr, inclusive: Bool)])
        /// `n.p STARTS WITH e`.
        case prefix(Expr)
    }

    var index: PropertyIndex
    /// The node's name as written (for EXPLAIN).
    var variable: String
    var predicate: Predicate

    /// Rough cost rank among access paths: equality and IN first (after id lookups), ranges after
    /// spatial windows; both before a label scan.
    var isEquality: Bool {
        switch predicate {
        case .equal, .inList: true
        case .range, .prefix: false
        }
    }

    /// `NodeIndexSeek(n:building.name = $p) index=building_name`.
    var description: String {
        let target = "\(variable):\(index.label).\(index.property)"
        let text: String
        switch predicate {
        case .equal(let e): text = "\(target) = \(ExprPrinter.text(e))"
        case .inList(let e): text = "\(target) IN \(ExprPrinter.text(e))"
        case .prefix(let e): text = "\(target) STARTS WITH \(ExprPrinter.text(e))"
        case .range(let lower, let upper):
            let bounds =
                lower.map { "\(target) \($0.inclusive ? ">=" : ">") \(ExprPrinter.text($0.0))" }
                + upper.map { "\(target) \($0.inclusive ? "<=" : "<") \(ExprPrinter.text($0.0))" }
            text = bounds.joined(separator: " AND ")
        }
        return (isEquality ? "NodeIndexSeek(" : "NodeIndexSeekByRange(") + text + ") index=\(index.name)"
    }

    /// The value ranges to seek for one row: empty when the predicate cannot hold (a null operand), nil
    /// when the index cannot answer (a value of a type it does not hold, or an operand that fails to
    /// evaluate): the caller then scans the label and lets the predicate decide, errors included.
    func ranges(_ evaluator: Evaluator, _ env: Environment) -> [PropertyIndexRange]? {
        func value(_ e: Expr) -> QueryValue? { try? evaluator.evaluate(e, env) }
        switch predicate {
        case .equal(let e):
            guard let operand = value(e) else { return nil }
            if case .null = operand { return [] }
            return Self.indexed(operand).flatMap(PropertyIndexRange.equal(to:)).map { [$0] }
        case .inList(let e):
            guard let operand = value(e) else { return nil }
            if case .null = operand { return [] }
            guard case .list(let items) = operand else { return nil }
            var ranges: [PropertyIndexRange] = []
            for item in items {
                if case .null = item { continue }
                guard let range = Self.indexed(item).flatMap(PropertyIndexRange.equal(to:)) else { return nil }
                ranges.append(range)
            }
            return ranges
        case .prefix(let e):
            guard let operand = value(e) else { return nil }
            if case .null = operand { return [] }
            guard case .string(let text) = operand else { return nil }
            return [PropertyIndexRange.prefix(text)]
        case .range(let lower, let upper):
            return rangeBounds(lower, upper, value)
        }
    }

    private func rangeBounds(
        _ lower: [(Expr, inclusive: Bool)], _ upper: [(Expr, inclusive: Bool)], _ value: (Expr) -> QueryValue?
    ) -> [PropertyIndexRange]? {
        var result: PropertyIndexRange?
        for (bounds, isLower) in [(lower, true), (upper, false)] {
            for (expression, inclusive) in bounds {
                guard let operand = value(expression) else { return nil }
                if case .null = operand { return [] }
                guard let bound = Self.indexed(operand).map({ PropertyIndexRange.Bound($0, inclusive: inclusive) }),
                    let range = PropertyIndexRange.between(lower: isLower ? bound : nil, upper: isLower ? nil : bound)
                else { return nil }
                result = result.map { $0.intersection(range) } ?? range
            }
        }
        return result.map { [$0] }
    }

    /// The engine value of a query value an index holds: booleans, numbers and strings.
    static func indexed(_ value: QueryValue) -> Value? {
        switch value {
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .float(let number): .double(number)
        case .string(let text): .string(text)
        default: nil
        }
    }
}
