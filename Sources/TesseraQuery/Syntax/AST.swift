/// The syntax tree of one TQL statement, as the parser produces it.
struct Statement: Sendable {
    enum Mode: Sendable { case run, explain, profile }

    var mode: Mode = .run
    /// Statement-level time defaults (`FOR VALID_TIME AS OF ...` before the first clause).
    var time: TimeSpec?
    /// Single queries joined by UNION; `unionAll[i]` says whether `queries[i + 1]` is joined with ALL.
    var queries: [SingleQuery]
    var unionAll: [Bool] = []
    /// Set (and `queries` empty) when the statement is a schema command.
    var schema: SchemaCommand? = nil
}

/// A schema command: a statement of its own (`CREATE INDEX`, `DROP INDEX`, `SHOW INDEXES`).
enum SchemaCommand: Sendable {
    /// `CREATE [RANGE] INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.property)`.
    case createIndex(name: String?, ifNotExists: Bool, label: String, property: String, location: SourceLocation)
    /// `DROP INDEX name [IF EXISTS]`.
    case dropIndex(name: String, ifExists: Bool, location: SourceLocation)
    /// `SHOW [ALL | RANGE] INDEX[ES]`.
    case showIndexes(location: SourceLocation)
}

struct SingleQuery: Sendable {
    var clauses: [Clause]
}

/// Time pins of a MATCH or a statement.
struct TimeSpec: Sendable {
    /// `FOR VALID_TIME AS OF e`.
    var validAsOf: Expr?
    /// `FOR VALID_TIME FROM a TO b` (half-open).
    var validFrom: Expr?
    var validTo: Expr?
    /// `FOR SYSTEM_TIME AS OF e`.
    var systemAsOf: Expr?
    var location: SourceLocation
}

enum Clause: Sendable {
    case match(MatchClause)
    case unwind(Expr, variable: String, location: SourceLocation)
    case with(Projection)
    case `return`(Projection)
    case create(pattern: [PatternPart], location: SourceLocation)
    case merge(MergeClause)
    case set([SetItem], location: SourceLocation)
    case remove([RemoveItem], location: SourceLocation)
    case delete([Expr], detach: Bool, location: SourceLocation)
    case call(name: String, arguments: [Expr], yield: [String], location: SourceLocation)

    /// Whether the clause only reads (procedure calls count as writing: they may).
    var onlyReads: Bool {
        switch self {
        case .match, .unwind, .with, .return: true
        default: false
        }
    }

    var name: String {
        switch self {
        case .match(let clause): clause.optional ? "OPTIONAL MATCH" : "MATCH"
        case .unwind: "UNWIND"
        case .with: "WITH"
        case .return: "RETURN"
        case .create: "CREATE"
        case .merge: "MERGE"
        case .set: "SET"
        case .remove: "REMOVE"
        case .delete(_, let detach, _): detach ? "DETACH DELETE" : "DELETE"
        case .call: "CALL"
        }
    }
}

struct MatchClause: Sendable {
    var optional: Bool
    var pattern: [PatternPart]
    var time: TimeSpec?
    var predicate: Expr?
    var location: SourceLocation
}

struct MergeClause: Sendable {
    var part: PatternPart
    var onCreate: [SetItem]
    var onMatch: [SetItem]
    var location: SourceLocation
}

struct Projection: Sendable {
    var distinct = false
    /// `*`: every variable in scope.
    var star = false
    var items: [ProjectionItem] = []
    var orderBy: [SortItem] = []
    var skip: Expr?
    var limit: Expr?
    /// WHERE after WITH.
    var predicate: Expr?
    var location: SourceLocation
}

struct ProjectionItem: Sendable {
    var expression: Expr
    var alias: String?
    /// The expression's text as written: the column name when there is no alias.
    var text: String
    var location: SourceLocation
    var name: String { alias ?? text }
}

struct SortItem: Sendable {
    var expression: Expr
    var descending: Bool
    /// The expression's text as written (matched against projection items).
    var text: String
}

enum SetItem: Sendable {
    /// `n.key = e` (also `n.a.b` targets are rejected at bind time); the target is a property expression.
    case property(target: Expr, key: String, value: Expr, location: SourceLocation)
    /// `n = map` or `n += map`.
    case replace(variable: String, value: Expr, merge: Bool, location: SourceLocation)
    /// `n:A:B`.
    case labels(variable: String, labels: [String], location: SourceLocation)
}

enum RemoveItem: Sendable {
    case property(target: Expr, key: String, location: SourceLocation)
    case labels(variable: String, labels: [String], location: SourceLocation)
}

/// A path pattern: `p = (a)-[r:T]->(b)...`, optionally inside shortestPath / allShortestPaths.
struct PatternPart: Sendable {
    enum Shortest: Sendable { case none, single, all }
    var variable: String?
    var shortest: Shortest = .none
    var start: NodePattern
    var steps: [(relationship: RelationshipPattern, node: NodePattern)]
    var location: SourceLocation

    var nodes: [NodePattern] { [start] + steps.map(\.node) }
}

struct NodePattern: Sendable {
    var variable: String?
    var labels: [String]
    var properties: Expr?
    var location: SourceLocation
}

struct RelationshipPattern: Sendable {
    enum Direction: Sendable { case outgoing, incoming, both }
    var variable: String?
    var types: [String]
    var properties: Expr?
    var direction: Direction
    /// `*min..max`; nil for a single hop. Missing bounds are nil.
    var range: (min: Int?, max: Int?)?
    var location: SourceLocation
}

enum UnaryOperator: String, Sendable { case not = "NOT", minus = "-", plus = "+" }

enum BinaryOperator: String, Sendable {
    case or = "OR", xor = "XOR", and = "AND"
    case equal = "=", notEqual = "<>", less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
    case startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS", regex = "=~", `in` = "IN"
}

enum Quantifier: String, Sendable { case all, any, none, single }

/// An expression with the location of its first token.
indirect enum Expr: Sendable {
    case literal(QueryValue, SourceLocation)
    case parameter(String, SourceLocation)
    case variable(String, SourceLocation)
    case property(Expr, String, SourceLocation)
    case index(Expr, Expr, SourceLocation)
    case slice(Expr, Expr?, Expr?, SourceLocation)
    case list([Expr], SourceLocation)
    case map([(String, Expr)], SourceLocation)
    case unary(UnaryOperator, Expr, SourceLocation)
    case binary(BinaryOperator, Expr, Expr, SourceLocation)
    case isNull(Expr, negated: Bool, SourceLocation)
    case labelCheck(Expr, [String], SourceLocation)
    case function(name: String, distinct: Bool, arguments: [Expr], SourceLocation)
    case countStar(SourceLocation)
    case caseExpression(subject: Expr?, branches: [(Expr, Expr)], otherwise: Expr?, SourceLocation)
    case listComprehension(variable: String, source: Expr, predicate: Expr?, projection: Expr?, SourceLocation)
    case patternComprehension(part: PatternPart, predicate: Expr?, projection: Expr, SourceLocation)
    case quantified(Quantifier, variable: String, source: Expr, predicate: Expr?, SourceLocation)
    case reduce(accumulator: String, initial: Expr, variable: String, source: Expr, body: Expr, SourceLocation)
    case pattern(PatternPart, SourceLocation)
    case exists(PatternPart, predicate: Expr?, SourceLocation)
    case mapProjection(variable: String, items: [MapProjectionItem], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .literal(_, let l), .parameter(_, let l), .variable(_, let l), .property(_, _, let l),
            .index(_, _, let l), .slice(_, _, _, let l), .list(_, let l), .map(_, let l), .unary(_, _, let l),
            .binary(_, _, _, let l), .isNull(_, _, let l), .labelCheck(_, _, let l), .function(_, _, _, let l),
            .countStar(let l), .caseExpression(_, _, _, let l), .listComprehension(_, _, _, _, let l),
            .patternComprehension(_, _, _, let l), .quantified(_, _, _, _, let l), .reduce(_, _, _, _, _, let l),
            .pattern(_, let l), .exists(_, _, let l), .mapProjection(_, _, let l):
            l
        }
    }
}

extension Expr {
    /// This expression with `transform` applied to each direct child evaluated in the enclosing scope (the parts
    /// of comprehensions, quantifiers and `reduce` that see their own variable, and patterns, are left as they
    /// are); leaves and other forms are returned unchanged.
    func mappingOuterChildren(_ transform: (Expr) -> Expr) -> Expr {
        switch self {
        case .function(let name, let distinct, let arguments, let location):
            return .function(name: name, distinct: distinct, arguments: arguments.map(transform), location)
        case .binary(let op, let a, let b, let location): return .binary(op, transform(a), transform(b), location)
        case .unary(let op, let a, let location): return .unary(op, transform(a), location)
        case .list(let items, let location): return .list(items.map(transform), location)
        case .map(let entries, let location): return .map(entries.map { ($0.0, transform($0.1)) }, location)
        case .property(let base, let key, let location): return .property(transform(base), key, location)
        case .index(let a, let b, let location): return .index(transform(a), transform(b), location)
        case .isNull(let a, let negated, let location): return .isNull(transform(a), negated: negated, location)
        case .caseExpression(let subject, let branches, let otherwise, let location):
            return .caseExpression(
                subject: subject.map(transform), branches: branches.map { (transform($0.0), transform($0.1)) },
                otherwise: otherwise.map(transform), location)
        case .listComprehension(let variable, let source, let predicate, let projection, let location):
            return .listComprehension(
                variable: variable, source: transform(source), predicate: predicate, projection: projection, location)
        case .quantified(let q, let variable, let source, let predicate, let location):
            return .quantified(q, variable: variable, source: transform(source), predicate: predicate, location)
        case .reduce(let accumulator, let initial, let variable, let source, let body, let location):
            return .reduce(
                accumulator: accumulator, initial: transform(initial), variable: variable, source: transform(source),
                body: body, location)
        case .slice(let a, let b, let c, let location):
            return .slice(transform(a), b.map(transform), c.map(transform), location)
        case .labelCheck(let a, let labels, let location): return .labelCheck(transform(a), labels, location)
        default: return self
        }
    }
}

enum MapProjectionItem: Sendable {
    /// `.key`
    case property(String)
    /// `key: expr`
    case literal(String, Expr)
    /// a variable `v` (key v)
    case variable(String)
    /// `.*`
    case all
}
