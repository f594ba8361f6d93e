extension RTree {
    /// Calls `body` with the id of every entry whose box intersects `box` (edges touching count).
    public func forEach(intersecting box: BoundingBox, _ body: (UInt64) -> Void) {
        forEachEntry(intersecting: box) { id, _ in body(id) }
    }

    /// Calls `body` with the id and the box of every entry whose box intersects `box` (edges touching count).
    ///
    /// Depth-first over a stack on the call stack: no allocation per node or per result.
    public func forEachEntry(intersecting box: BoundingBox, _ body: (UInt64, BoundingBox) -> Void) {
        let (qMinX, qMinY, qMaxX, qMaxY) = (box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude)
        let capacity = Self.nodeCapacity * (height + 1)
        // Why unsafe: the stack and the read-only views of the node arrays live only for this call; every node
        // number and slot read from the tree is below `counts.count * nodeCapacity`, which the arrays hold, and the
        // depth-first stack never holds more than 15 pending siblings per level plus one, below `capacity`.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { stack in
            slotBoxes.withUnsafeBufferPointer { boxes in
                slotRefs.withUnsafeBufferPointer { refs in
                    counts.withUnsafeBufferPointer { counts in
                        levels.withUnsafeBufferPointer { levels in
                            var depth = 1
                            stack[0] = root
                            while depth > 0 {
                                depth -= 1
                                let node = Int(stack[depth])
                                let first = node * Self.nodeCapacity
                                let isLeaf = levels[node] == 0
                                for slot in first..<(first + Int(counts[node])) {
                                    let base = 4 * slot
                                    guard boxes[base] <= qMaxX, boxes[base + 1] <= qMaxY, boxes[base + 2] >= qMinX,
                                        boxes[base + 3] >= qMinY
                                    else { continue }
                                    if isLeaf {
                                        body(
                                            refs[slot],
                                            BoundingBox(
                                                minLongitude: boxes[base], minLatitude: boxes[base + 1],
                                                maxLongitude: boxes[base + 2], maxLatitude: boxes[base + 3]))
                                    } else {
                                        stack[depth] = Int32(truncatingIfNeeded: refs[slot])
                                        depth += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The ids of the entries whose boxes intersect `box`, in tree order.
    public func search(intersecting box: BoundingBox) -> [UInt64] {
        var found: [UInt64] = []
        forEach(intersecting: box) { found.append($0) }
        return found
    }

    /// The `k` entries nearest by `distance`, in increasing distance and then increasing id.
    ///
    /// Best-first search: nodes and entries wait in a priority queue keyed by `lowerBound` of their box; an entry
    /// reaching the front is measured with `distance` and queued again under its exact distance; an exactly
    /// measured entry reaching the front is the next answer. At equal keys, boxes are expanded before exact
    /// entries are reported, and exact entries come out by id, so ties are broken by id and never wrongly.
    ///
    /// - Parameters:
    ///   - k: how many neighbours to return at most.
    ///   - maxDistance: entries farther than this are left out.
    ///   - lowerBound: a lower bound of `distance` for every entry whose box lies inside the given box.
    ///   - distance: the exact distance of an entry, by id.
    public func nearest(
        _ k: Int, maxDistance: Double = .infinity, lowerBound: (BoundingBox) -> Double,
        distance: (UInt64) -> Double
    ) -> [Neighbor] {
        guard k > 0, !isEmpty else { return [] }
        var queue = NeighborQueue()
        var found: [Neighbor] = []
        found.reserveCapacity(min(k, count))
        queue.push(QueueItem(key: 0, rank: QueueItem.node, ref: UInt64(root)))
        while let item = queue.pop() {
            switch item.rank {
            case QueueItem.exact:
                found.append(Neighbor(id: item.ref, distance: item.key))
                if found.count == k { return found }
            case QueueItem.entry:
                let exact = distance(item.ref)
                if exact <= maxDistance { queue.push(QueueItem(key: exact, rank: QueueItem.exact, ref: item.ref)) }
            default:
                let node = Int(item.ref)
                let rank = levels[node] == 0 ? QueueItem.entry : QueueItem.node
                let first = node * Self.nodeCapacity
                for slot in first..<(first + Int(counts[node])) {
                    let key = lowerBound(slotRect(slot).boundingBox)
                    if key <= maxDistance { queue.push(QueueItem(key: key, rank: rank, ref: slotRefs[slot])) }
                }
            }
        }
        return found
    }

    /// The `k` entries nearest to `point` in metres on the WGS84 ellipsoid, measured by `distanceMeters` (for
    /// example the exact distance to the entry's geometry), in increasing distance and then id.
    ///
    /// Boxes are bounded below with ``Geodesic/BoxLowerBound``, which never exceeds the ellipsoidal distance to
    /// anything inside them.
    public func nearest(
        to point: Coordinate, _ k: Int, maxDistanceMeters: Double = .infinity,
        distanceMeters: (UInt64) -> Double
    ) -> [Neighbor] {
        nearest(
            k, maxDistance: maxDistanceMeters, lowerBound: Geodesic.BoxLowerBound(from: point).meters,
            distance: distanceMeters)
    }
}

/// One answer of a k-nearest-neighbour query.
public struct Neighbor: Sendable, Hashable {
    /// The entry's id.
    public let id: UInt64
    /// Its distance, in the units of the distance function used.
    public let distance: Double

    /// Creates an answer.
    public init(id: UInt64, distance: Double) {
        self.id = id
        self.distance = distance
    }
}

/// A queued node or entry: ordered by key, then rank (nodes and unmeasured entries before measured ones), then ref.
struct QueueItem {
    static let node: UInt8 = 0
    static let entry: UInt8 = 1
    static let exact: UInt8 = 2

    var key: Double
    var rank: UInt8
    var ref: UInt64

    @inline(__always)
    static func precedes(_ a: QueueItem, _ b: QueueItem) -> Bool {
        if a.key != b.key { return a.key < b.key }
        if a.rank != b.rank { return a.rank < b.rank }
        return a.ref < b.ref
    }
}

/// A binary min-heap of ``QueueItem``s in one array.
struct NeighborQueue {
    private var items: [QueueItem] = []

    init() { items.reserveCapacity(64) }

    mutating func push(_ item: QueueItem) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard QueueItem.precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> QueueItem? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { break }
            let right = left + 1
            let child = right < items.count && QueueItem.precedes(items[right], items[left]) ? right : left
            guard QueueItem.precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            parent = child
        }
        return top
    }
}
