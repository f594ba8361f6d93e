import TesseraGeometry

/// The parsed geometry of a spatial hit as the in-memory R-trees keep it, looked up only when asked for.
///
/// A window query of hundreds of hits would otherwise take a reference to each hit's geometry, and so touch the
/// memory of every one of them, when most callers look at a few (the hits whose box straddles an exact test's
/// edge) or none.
public struct KeptGeometry: Sendable {
    enum Source: Sendable {
        /// Already at hand (nil: not kept; read the version).
        case parsed(Geometry?)
        /// Kept by an entry of the R-tree of the present.
        case present(CurrentSpace.Entry)
    }

    let source: Source

    /// No geometry kept: the caller reads the version when it needs one.
    public static let none = KeptGeometry(source: .parsed(nil))

    init(source: Source) {
        self.source = source
    }

    /// A geometry at hand.
    public init(_ geometry: Geometry?) {
        source = .parsed(geometry)
    }

    /// The parsed geometry; nil when the R-tree does not keep it (the stored text did not parse, or the hit
    /// came from the index on disk).
    public var geometry: Geometry? {
        switch source {
        case .parsed(let geometry): return geometry
        case .present(let entry): return entry.geometry
        }
    }
}
