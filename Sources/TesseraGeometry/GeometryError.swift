/// A geometry that could not be read, is out of range or invalid, or that GEOS refused.
///
/// The message says what is wrong; ``offset`` (a zero-based byte offset into the input text or WKB) or
/// ``path`` (which member, ring and position, e.g. `polygon 1, ring 0, position 3`) says where.
public struct GeometryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: String, Sendable {
        /// The text or bytes do not follow the format (WKT, WKB or GeoJSON).
        case malformed
        /// Well-formed, but uses something Tessera does not store (M values, empty points, a foreign CRS).
        case unsupported
        /// A coordinate is not finite or outside longitude [-180, 180] / latitude [-90, 90].
        case outOfRange
        /// Breaks a structural or OGC validity rule (unclosed ring, self-intersection, ...).
        case invalid
        /// GEOS reported an error.
        case engine
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// What is wrong and what is accepted.
    public let reason: String
    /// The zero-based byte offset in the input, when the input was text or bytes.
    public let offset: Int?
    /// The member, ring and position concerned, when known.
    public let path: String?

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String, offset: Int? = nil, path: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.offset = offset
        self.path = path
    }

    public var description: String {
        var text = reason
        if let path { text += " (at \(path))" }
        if let offset { text += " (at byte \(offset + 1))" }
        return text
    }
}
