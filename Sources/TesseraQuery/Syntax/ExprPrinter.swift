/// Renders expressions back to query text (EXPLAIN, messages).
enum ExprPrinter {
    static func text(_ expression: Expr) -> String {
        switch expression {
        case .literal(let value, _): return literal(value)
        case .parameter(let name, _): return "$" + name
        case .variable(let name, _): return name.hasPrefix(" ") ? "()" : name
        case .property(let base, let key, _): return text(base) + "." + key
        case .index(let base, let index, _): return text(base) + "[" + text(index) + "]"
        case .slice(let base, let from, let to, _):
            return text(base) + "[" + (from.map(text) ?? "") + ".." + (to.map(text) ?? "") + "]"
        case .list(let items, _): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .map(let entries, _): return "{" + entries.map { $0.0 + ": " + text($0.1) }.joined(separator: ", ") + "}"
        case .unary(let op, let operand, _): return (op == .not ? "NOT " : op.rawValue) + text(operand)
        case .binary(let op, let left, let right, _):
            return "(" + text(left) + " " + op.rawValue + " " + text(right) + ")"
        case .isNull(let operand, let negated, _): return text(operand) + (negated ? " IS NOT NULL" : " IS NULL")
        case .labelCheck(let operand, let labels, _): return text(operand) + labels.map { ":" + $0 }.joined()
        case .function(let name, let distinct, let arguments, _):
            return name + "(" + (distinct ? "DISTINCT " : "") + arguments.map(text).joined(separator: ", ") + ")"
        case .countStar: return "count(*)"
        case .caseExpression: return "CASE ... END"
        case .listComprehension(let variable, let source, _, _, _): return "[\(variable) IN \(text(source)) ...]"
        case .patternComprehension: return "[pattern ...]"
        case .quantified(let q, let variable, let source, _, _):
            return "\(q.rawValue)(\(variable) IN \(text(source)) ...)"
        case .reduce: return "reduce(...)"
        case .pattern, .exists: return "exists(pattern)"
        case .mapProjection(let variable, _, _): return variable + "{...}"
        }
    }

    static func literal(_ value: QueryValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .float(let d): String(d)
        case .string(let s): "'" + s + "'"
        default: "<value>"
        }
    }
}
