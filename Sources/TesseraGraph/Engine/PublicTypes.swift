import TesseraCore

/// A half-open time interval `[from, to)` in microseconds; `to == Time.forever` means open-ended.
public struct TimeInterval64: Sendable, Hashable, CustomStringConvertible {
    /// The first instant inside the interval.
    public var from: Int64
    /// The first instant after the interval, or ``Time/forever``.
    public var to: Int64

    /// Creates `[from, to)`.
    public init(from: Int64, to: Int64 = Time.forever) {
        self.from = from
        self.to = to
    }

    /// Whether `instant` lies inside the interval.
    public func contains(_ instant: Int64) -> Bool { from <= instant && instant < to }

    /// Whether the interval is open-ended.
    public var isOpen: Bool { to == Time.forever }

    public var description: String {
        "[\(Time.format(from)), \(to == Time.forever ? "∞" : Time.format(to)))"
    }
}

/// One version of an entity: its content over a valid-time interval, as believed over a system-time interval.
public struct EntityVersion: Sendable, Equatable {
    /// The external id.
    public var id: String
    /// Labels, sorted.
    public var labels: [String]
    /// Properties.
    public var properties: [String: Value]
    /// The geometry as GeoJSON text, exactly as it was written.
    public var geometry: String?
    /// When this version was true in the city.
    public var valid: TimeInterval64
    /// When the database believed it.
    public var system: TimeInterval64
}

/// One version of an edge.
public struct EdgeVersion: Sendable, Equatable {
    /// The edge's external id.
    public var id: String
    /// The external id of the source entity.
    public var from: String
    /// The external id of the target entity.
    public var to: String
    /// The relation type.
    public var type: String
    /// Properties.
    public var properties: [String: Value]
    /// When this version was true.
    public var valid: TimeInterval64
    /// When the database believed it.
    public var system: TimeInterval64
}

/// Which edges of an entity to read.
public enum EdgeDirection: String, Sendable, CaseIterable {
    /// Edges whose source is the entity.
    case outgoing
    /// Edges whose target is the entity.
    case incoming
    /// Both.
    case both
}

/// A point on the system-time axis to read at: the latest belief, or the belief at an instant.
public enum SystemTimePin: Sendable, Hashable {
    /// What the database believes now (including every committed write).
    case latest
    /// What the database believed at this instant.
    case asOf(Int64)

    @inline(__always) func admits(systemFrom: Int64, systemTo: Int64) -> Bool {
        switch self {
        case .latest: return systemTo == Time.forever
        case .asOf(let instant): return systemFrom <= instant && instant < systemTo
        }
    }
}

/// One entry of the change log: what a commit did to one entity or edge.
public struct Change: Sendable, Equatable {
    /// Whether an entity or an edge changed.
    public enum Subject: String, Sendable { case entity, edge }
    /// Whether content was asserted or retracted.
    public enum Operation: String, Sendable { case put, delete }
    /// The commit's system time.
    public var systemTime: Int64
    /// Entity or edge.
    public var subject: Subject
    /// Put or delete.
    public var operation: Operation
    /// The external id.
    public var id: String
    /// The valid-time interval the operation applied to.
    public var valid: TimeInterval64
}

/// Counts kept by the engine (checked by ``Graph/check(progress:)``).
public struct GraphStatistics: Sendable, Equatable {
    /// Distinct entity ids ever written.
    public var entities: Int
    /// Entity version records (every version on both time axes).
    public var versions: Int
    /// Distinct edge ids ever written.
    public var edgeIds: Int
    /// Edge version records.
    public var edges: Int
    /// Commits so far.
    public var commits: Int
    /// The system time of the last commit (0 before the first).
    public var lastSystemTime: Int64
}
