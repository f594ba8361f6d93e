/// A rejected input line: where it is and why it was rejected. Nothing of a rejected line is applied.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name (`-` for standard input).
    public let file: String
    /// The 1-based line number.
    public let line: Int
    /// Why the line was rejected.
    public let reason: String

    /// Creates an ingest error.
    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}
