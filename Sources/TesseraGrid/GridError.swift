/// An operating error from grid encoding: a coordinate, height, level or code string that is not accepted.
public struct GridError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of error.
    public enum Kind: String, Sendable, Equatable {
        /// A longitude or latitude that is not finite or out of range.
        case invalidCoordinate
        /// A latitude in a polar cap (|latitude| >= 88°), where BeiDou codes have special rules not supported here.
        case polarCap
        /// A height that is not finite or outside the range a code can express.
        case invalidHeight
        /// A level outside the levels a code family has.
        case invalidLevel
        /// A code string that does not parse; ``GridError/offset`` says where.
        case invalidCode
        /// A cell with no counterpart in the other code family (a level they do not share, or an empty cell).
        case notConvertible
        /// A box or polygon that is not usable (inverted, too few vertices, out of range).
        case invalidShape
    }

    /// The class of error.
    public let kind: Kind
    /// What was wrong, where, and what is accepted.
    public let message: String
    /// For an error in a code string: the zero-based offset of the offending character (codes are ASCII, so this
    /// is also the UTF-8 offset), or for a code that is too short, the offset where a character is missing.
    /// Nil for errors that are not about a code string.
    public let offset: Int?

    /// Creates a grid error.
    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}
