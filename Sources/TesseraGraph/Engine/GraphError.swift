import TesseraCore
import TesseraStorage

/// An operating error from the graph engine: bad input to a write, a missing entity, damaged data.
public struct GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of error.
    public enum Kind: String, Sendable, Equatable {
        /// An id that is empty, too long or otherwise unusable.
        case invalidId
        /// A valid-time interval whose start is not before its end.
        case invalidInterval
        /// Geometry that is not acceptable GeoJSON or has out-of-range coordinates.
        case invalidGeometry
        /// A label or relation type that is empty or too long.
        case invalidName
        /// An edge endpoint that does not exist at the edge's valid-from.
        case missingEndpoint
        /// A property index with this name already exists (on another label or property).
        case indexNameTaken
        /// A property index on the same label and property already exists.
        case equivalentIndexExists
        /// No property index with this name (or it was dropped, or is not online where it was needed).
        case indexNotFound
        /// Stored data that does not decode.
        case corruption
        /// The directory holds something that is not a Tessera database of a supported format.
        case incompatibleFormat
        /// The storage engine failed.
        case storage
    }

    /// The class of error.
    public let kind: Kind
    /// What was wrong and, where it helps, what is accepted.
    public let message: String

    /// Creates a graph error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func wrap(_ error: StorageError) -> GraphError { GraphError(.storage, error.description) }
    static func wrap(_ error: CorruptionError) -> GraphError { GraphError(.corruption, error.description) }
    static func wrap(_ error: any Error) -> GraphError {
        switch error {
        case let error as GraphError: return error
        case let error as StorageError: return wrap(error)
        case let error as CorruptionError: return wrap(error)
        default: return GraphError(.storage, "\(error)")
        }
    }
    static func wrap(_ error: KeyDecodingError, _ what: String) -> GraphError {
        GraphError(.corruption, "corrupt \(what) key: \(error)")
    }
}

/// Limits on what writes accept; in one place so documentation and checks agree.
public enum GraphLimits {
    /// Longest external id, in UTF-8 bytes.
    public static let maxIdBytes = 1024
    /// Longest label or relation type, in UTF-8 bytes.
    public static let maxNameBytes = 256
    /// Most labels on one entity.
    public static let maxLabels = 64
    /// Most property indexes in one database (each commit checks every index against what it writes).
    public static let maxPropertyIndexes = 128
}
