/// An in-memory R-tree over `(id, bounding box)` entries for window and k-nearest-neighbour queries.
///
/// Built packed along the Hilbert curve of the box centres (every node full, siblings close together), then
/// kept up to date with ``insert(_:_:)`` and ``remove(_:)`` (R-tree insertion with a minimum-overlap split,
/// deletion with reinsertion of underfull nodes). Heights of boxes are ignored; longitudes do not wrap.
///
/// Nodes live in flat arrays (16 slots of 4 doubles each per node), so a query walks contiguous memory and
/// allocates nothing per node. `RTree` is a value type: a copy is an independent snapshot (copy-on-write, so
/// the first change after a copy copies the arrays). Readers query their own copy and never block; a writer
/// changes its copy and publishes it.
public struct RTree: Sendable {
    /// The slots per node.
    public static let nodeCapacity = 16
    /// Below this many slots a non-root node is dissolved on removal and its entries reinserted.
    static let minimumFill = 4

    /// Slot boxes, 4 doubles per slot (minX, minY, maxX, maxY); node `n` owns slots `n*16 ..< n*16 + 16`.
    var slotBoxes: [Double] = []
    /// Per slot: the child node index (internal nodes) or the entry id (leaves).
    var slotRefs: [UInt64] = []
    /// Per node: the slots in use.
    var counts: [Int32] = []
    /// Per node: 0 for leaves, the height above the leaves otherwise, -1 for a free node.
    var levels: [Int32] = []
    /// Per node: the parent node, or -1 for the root and free nodes.
    var parents: [Int32] = []
    /// Nodes released by removals, reused before the arrays grow.
    var freeNodes: [Int32] = []
    /// The root node.
    var root: Int32 = 0
    /// Every entry's box, by id.
    var entries: [UInt64: Rect] = [:]

    /// An empty tree.
    public init() {
        root = allocateNode(level: 0)
    }

    /// Builds a packed tree: entries sorted by the Hilbert index of their box centres, 16 to a leaf, and each
    /// level above packed the same way. Ids must be unique.
    public init(_ items: [(id: UInt64, box: BoundingBox)]) {
        self.init(packing: items.map { ($0.id, Rect($0.box)) })
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Whether the tree has no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// The box stored for `id`, if any.
    public func boundingBox(of id: UInt64) -> BoundingBox? { entries[id]?.boundingBox }

    /// The box around every entry, or nil when empty.
    public var bounds: BoundingBox? { isEmpty ? nil : nodeRect(root).boundingBox }

    /// The number of levels (1 for a tree that is a single leaf).
    public var height: Int { Int(levels[Int(root)]) + 1 }
}

/// A 2D box as the tree stores it.
struct Rect: Sendable, Equatable {
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    init(_ box: BoundingBox) {
        self.init(minX: box.minLongitude, minY: box.minLatitude, maxX: box.maxLongitude, maxY: box.maxLatitude)
    }

    static let empty = Rect(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    var boundingBox: BoundingBox {
        BoundingBox(minLongitude: minX, minLatitude: minY, maxLongitude: maxX, maxLatitude: maxY)
    }

    var area: Double { max(0, maxX - minX) * max(0, maxY - minY) }
    var margin: Double { max(0, maxX - minX) + max(0, maxY - minY) }

    func union(_ other: Rect) -> Rect {
        Rect(
            minX: min(minX, other.minX), minY: min(minY, other.minY), maxX: max(maxX, other.maxX),
            maxY: max(maxY, other.maxY))
    }

    func overlapArea(_ other: Rect) -> Double {
        let width = min(maxX, other.maxX) - max(minX, other.minX)
        let height = min(maxY, other.maxY) - max(minY, other.minY)
        return width > 0 && height > 0 ? width * height : 0
    }

    func contains(_ other: Rect) -> Bool {
        minX <= other.minX && minY <= other.minY && other.maxX <= maxX && other.maxY <= maxY
    }
}

// MARK: - Node storage

extension RTree {
    /// A fresh node at `level`, reusing a released one when possible.
    mutating func allocateNode(level: Int32) -> Int32 {
        if let node = freeNodes.popLast() {
            levels[Int(node)] = level
            counts[Int(node)] = 0
            parents[Int(node)] = -1
            return node
        }
        let node = Int32(counts.count)
        counts.append(0)
        levels.append(level)
        parents.append(-1)
        slotBoxes.append(contentsOf: repeatElement(0, count: 4 * Self.nodeCapacity))
        slotRefs.append(contentsOf: repeatElement(0, count: Self.nodeCapacity))
        return node
    }

    mutating func releaseNode(_ node: Int32) {
        counts[Int(node)] = 0
        levels[Int(node)] = -1
        parents[Int(node)] = -1
        freeNodes.append(node)
    }

    func slotRect(_ slot: Int) -> Rect {
        Rect(
            minX: slotBoxes[4 * slot], minY: slotBoxes[4 * slot + 1], maxX: slotBoxes[4 * slot + 2],
            maxY: slotBoxes[4 * slot + 3])
    }

    mutating func setSlot(_ slot: Int, _ rect: Rect, _ ref: UInt64) {
        slotBoxes[4 * slot] = rect.minX
        slotBoxes[4 * slot + 1] = rect.minY
        slotBoxes[4 * slot + 2] = rect.maxX
        slotBoxes[4 * slot + 3] = rect.maxY
        slotRefs[slot] = ref
    }

    mutating func setSlotRect(_ slot: Int, _ rect: Rect) {
        slotBoxes[4 * slot] = rect.minX
        slotBoxes[4 * slot + 1] = rect.minY
        slotBoxes[4 * slot + 2] = rect.maxX
        slotBoxes[4 * slot + 3] = rect.maxY
    }

    /// Appends a slot to `node`, which must have room; records the parent of a child node.
    mutating func appendSlot(_ node: Int32, _ rect: Rect, _ ref: UInt64) {
        let count = Int(counts[Int(node)])
        precondition(count < Self.nodeCapacity, "node overflow")
        setSlot(Int(node) * Self.nodeCapacity + count, rect, ref)
        counts[Int(node)] += 1
        if levels[Int(node)] > 0 { parents[Int(ref)] = node }
    }

    /// The union of a node's slot boxes (``Rect/empty`` for an empty node).
    func nodeRect(_ node: Int32) -> Rect {
        var rect = Rect.empty
        let first = Int(node) * Self.nodeCapacity
        for slot in first..<(first + Int(counts[Int(node)])) { rect = rect.union(slotRect(slot)) }
        return rect
    }

    /// The slot of `parent` that points at `child`.
    func slot(of child: Int32, in parent: Int32) -> Int {
        let first = Int(parent) * Self.nodeCapacity
        for slot in first..<(first + Int(counts[Int(parent)])) where slotRefs[slot] == UInt64(child) { return slot }
        preconditionFailure("R-tree parent link broken")
    }
}

// MARK: - Packed build

extension RTree {
    init(packing items: [(UInt64, Rect)]) {
        self.init()
        guard !items.isEmpty else { return }
        entries.reserveCapacity(items.count)
        for (id, rect) in items {
            precondition(entries.updateValue(rect, forKey: id) == nil, "duplicate R-tree id \(id)")
        }
        let order = Self.hilbertOrder(items)
        // Leaves, then each level above, 16 children to a node, in curve order.
        var level: [(Rect, UInt64)] = order.map { (items[$0].1, items[$0].0) }
        var height: Int32 = 0
        releaseNode(root)
        freeNodes.removeAll()
        counts.removeAll()
        levels.removeAll()
        parents.removeAll()
        slotBoxes.removeAll()
        slotRefs.removeAll()
        let estimatedNodes = items.count / (Self.nodeCapacity - 1) + 8
        counts.reserveCapacity(estimatedNodes)
        levels.reserveCapacity(estimatedNodes)
        parents.reserveCapacity(estimatedNodes)
        slotBoxes.reserveCapacity(estimatedNodes * 4 * Self.nodeCapacity)
        slotRefs.reserveCapacity(estimatedNodes * Self.nodeCapacity)
        while true {
            var next: [(Rect, UInt64)] = []
            next.reserveCapacity(level.count / Self.nodeCapacity + 1)
            var start = 0
            while start < level.count {
                let node = allocateNode(level: height)
                var rect = Rect.empty
                for (childRect, ref) in level[start..<min(start + Self.nodeCapacity, level.count)] {
                    appendSlot(node, childRect, ref)
                    rect = rect.union(childRect)
                }
                next.append((rect, UInt64(node)))
                start += Self.nodeCapacity
            }
            if next.count == 1 {
                root = Int32(next[0].1)
                return
            }
            level = next
            height += 1
        }
    }

    /// The order in which a packed build lays out `boxes` (given ids 0, 1, ...) in its leaves: callers that keep
    /// data beside the tree can number entries in this order, so that a query reads that data in sequence.
    public static func packingOrder(_ boxes: [BoundingBox]) -> [Int] {
        hilbertOrder(boxes.enumerated().map { (UInt64($0.offset), Rect($0.element)) })
    }

    /// Item positions sorted by the Hilbert index of their centres on a 2^16 grid over the centres' extent
    /// (ties by id, so the build is deterministic).
    static func hilbertOrder(_ items: [(UInt64, Rect)]) -> [Int] {
        var extent = Rect.empty
        for (_, rect) in items {
            let cx = (rect.minX + rect.maxX) / 2
            let cy = (rect.minY + rect.maxY) / 2
            extent = extent.union(Rect(minX: cx, minY: cy, maxX: cx, maxY: cy))
        }
        let maxCell = Double(Hilbert.side - 1)
        let scaleX = extent.maxX > extent.minX ? maxCell / (extent.maxX - extent.minX) : 0
        let scaleY = extent.maxY > extent.minY ? maxCell / (extent.maxY - extent.minY) : 0
        var keyed: [(key: UInt64, id: UInt64, index: Int)] = []
        keyed.reserveCapacity(items.count)
        for (index, (id, rect)) in items.enumerated() {
            let x = UInt32(((rect.minX + rect.maxX) / 2 - extent.minX) * scaleX)
            let y = UInt32(((rect.minY + rect.maxY) / 2 - extent.minY) * scaleY)
            keyed.append((Hilbert.index(x: min(x, Hilbert.side - 1), y: min(y, Hilbert.side - 1)), id, index))
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.id < $1.id }
        return keyed.map(\.index)
    }
}
