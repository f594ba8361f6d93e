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
        /// Kept by the R-tree of history: the chunk of its geometry table and the position in it.
        case history(GeometryTable.Chunk, Int)
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
        case .history(let chunk, let position): return chunk.items[position]
        }
    }
}

/// Parsed geometries by index, in chunks of ``chunkSize`` that are copied on write: a hit refers to the chunk
/// holding its geometry (one reference shared by the hits of many geometries), and a change while some hit
/// still holds the chunk copies that chunk alone, not the table.
struct GeometryTable: Sendable {
    /// Why @unchecked: `items` is mutated only through ``GeometryTable``, and only while the table holds the
    /// sole reference to the chunk (`isKnownUniquelyReferenced`); a chunk anyone else holds is copied first.
    final class Chunk: @unchecked Sendable {
        fileprivate(set) var items: [Geometry?]

        init(_ items: [Geometry?]) {
            self.items = items
        }
    }

    static let chunkShift = 10
    static let chunkSize = 1 << chunkShift
    private var chunks: [Chunk] = []
    /// Geometries held (nil slots included).
    private(set) var count = 0

    subscript(index: Int) -> Geometry? {
        get { chunks[index >> Self.chunkShift].items[index & (Self.chunkSize - 1)] }
        set {
            let chunk = index >> Self.chunkShift
            if !isKnownUniquelyReferenced(&chunks[chunk]) { chunks[chunk] = Chunk(chunks[chunk].items) }
            chunks[chunk].items[index & (Self.chunkSize - 1)] = newValue
        }
    }

    mutating func append(_ geometry: Geometry?) {
        if count & (Self.chunkSize - 1) == 0 {
            var items: [Geometry?] = []
            items.reserveCapacity(Self.chunkSize)
            chunks.append(Chunk(items))
        }
        let last = chunks.count - 1
        if !isKnownUniquelyReferenced(&chunks[last]) { chunks[last] = Chunk(chunks[last].items) }
        chunks[last].items.append(geometry)
        count += 1
    }

    /// Geometry `index` as a hit keeps it: a reference to its chunk.
    func kept(_ index: Int) -> KeptGeometry {
        KeptGeometry(source: .history(chunks[index >> Self.chunkShift], index & (Self.chunkSize - 1)))
    }
}
