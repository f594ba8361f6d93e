/// A position in query text: 1-based line and column, and the UTF-8 offset.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column)" }
}

/// Every error a query can raise, classified like the openCypher TCK: a phase, a type and a detail code.
///
/// `description` gives `line:column`, the offending line with a caret under the token and the message
/// when the error has a location (syntax and most semantic errors).
public struct QueryError: Error, Sendable, CustomStringConvertible {
    /// When the error is detected.
    public enum Phase: String, Sendable {
        /// While parsing, binding or planning: nothing ran, nothing changed.
        case compile = "compile time"
        /// While executing: the statement is rolled back.
        case runtime
    }

    /// Error classes of the TCK.
    public enum Kind: String, Sendable {
        case syntaxError = "SyntaxError"
        case semanticError = "SemanticError"
        case typeError = "TypeError"
        case argumentError = "ArgumentError"
        case arithmeticError = "ArithmeticError"
        case entityNotFound = "EntityNotFound"
        case constraintVerificationFailed = "ConstraintVerificationFailed"
        case parameterMissing = "ParameterMissing"
        case procedureError = "ProcedureError"
        /// Query timeout, row limit, memory budget, cancellation.
        case limitExceeded = "LimitExceeded"
        /// The storage engine failed.
        case storageError = "StorageError"
        /// A schema command that cannot be carried out (an index name in use, no such index).
        case schemaError = "SchemaError"
    }

    public var phase: Phase
    public var kind: Kind
    /// A TCK detail code (`UndefinedVariable`, `InvalidArgumentType`, ...), when one applies.
    public var detail: String?
    /// A human sentence saying what is wrong.
    public var message: String
    /// Where in the query, when known.
    public var location: SourceLocation?
    /// The query text, kept to render the caret.
    public var source: String?

    public init(
        _ phase: Phase, _ kind: Kind, _ message: String, detail: String? = nil, location: SourceLocation? = nil,
        source: String? = nil
    ) {
        self.phase = phase
        self.kind = kind
        self.message = message
        self.detail = detail
        self.location = location
        self.source = source
    }

    /// A runtime type error.
    static func type(_ message: String, detail: String = "InvalidArgumentType") -> QueryError {
        QueryError(.runtime, .typeError, message, detail: detail)
    }

    /// A runtime argument error.
    static func argument(_ message: String, detail: String = "InvalidArgumentValue") -> QueryError {
        QueryError(.runtime, .argumentError, message, detail: detail)
    }

    /// A compile-time semantic error (undefined variable, type conflict, misplaced aggregate, ...).
    ///
    /// Like the openCypher TCK, these are classified as syntax errors: the statement is rejected before it runs.
    static func semantic(_ detail: String, _ message: String, at location: SourceLocation? = nil) -> QueryError {
        QueryError(.compile, .syntaxError, message, detail: detail, location: location)
    }

    /// This error with `text` as the query it renders its location in, unless it has one already.
    func showing(_ text: String) -> QueryError {
        var error = self
        if error.source == nil { error.source = text }
        return error
    }

    public var description: String {
        var text = "\(kind.rawValue)"
        if let detail { text += " (\(detail))" }
        guard let location else { return text + ": " + message }
        text = "\(location): " + text + ": " + message
        if let source {
            // Lines end at U+000A and columns count Unicode scalars, as in the lexer (a Character
            // split would take "\r\n" for one character that is not a line end).
            let lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            if location.line >= 1 && location.line <= lines.count {
                var line = lines[location.line - 1]
                if line.last == "\r" { line = line.dropLast() }
                let caretColumn = max(0, min(location.column - 1, line.count))
                text += "\n  " + String(String.UnicodeScalarView(line)) + "\n  "
                text += String(repeating: " ", count: caretColumn) + "^"
            }
        }
        return text
    }
}
