extension RTree {
    /// Adds an entry, or moves it when `id` is already present.
    public mutating func insert(_ id: UInt64, _ box: BoundingBox) {
        let rect = Rect(box)
        if let old = entries[id] {
            if old == rect { return }
            _ = remove(id)
        }
        entries[id] = rect
        insertSlot(rect, id)
    }

    /// Removes the entry `id`; returns its box, or nil when it was not there.
    @discardableResult
    public mutating func remove(_ id: UInt64) -> BoundingBox? {
        guard let rect = entries.removeValue(forKey: id) else { return nil }
        guard let leaf = findLeaf(id, rect, from: root) else { preconditionFailure("R-tree entry \(id) not found") }
        let first = Int(leaf) * Self.nodeCapacity
        let last = first + Int(counts[Int(leaf)]) - 1
        guard let slot = (first...last).first(where: { slotRefs[$0] == id }) else {
            preconditionFailure("R-tree leaf lost entry \(id)")
        }
        if slot != last { setSlot(slot, slotRect(last), slotRefs[last]) }
        counts[Int(leaf)] -= 1
        condense(from: leaf)
        return rect.boundingBox
    }

    /// The leaf under `node` holding `id`, searching only subtrees whose boxes contain `rect`.
    private func findLeaf(_ id: UInt64, _ rect: Rect, from node: Int32) -> Int32? {
        let first = Int(node) * Self.nodeCapacity
        let slots = first..<(first + Int(counts[Int(node)]))
        if levels[Int(node)] == 0 { return slots.contains { slotRefs[$0] == id } ? node : nil }
        for slot in slots where slotRect(slot).contains(rect) {
            if let leaf = findLeaf(id, rect, from: Int32(slotRefs[slot])) { return leaf }
        }
        return nil
    }

    /// Walks up from a leaf that lost an entry: dissolves underfull nodes (their entries are reinserted),
    /// tightens the boxes of the others, and lowers the root while it has a single child.
    private mutating func condense(from leaf: Int32) {
        var orphans: [UInt64] = []
        var node = leaf
        while node != root {
            let parent = parents[Int(node)]
            let parentSlot = slot(of: node, in: parent)
            if counts[Int(node)] < Int32(Self.minimumFill) {
                collectEntries(under: node, into: &orphans)
                let lastSlot = Int(parent) * Self.nodeCapacity + Int(counts[Int(parent)]) - 1
                if parentSlot != lastSlot { setSlot(parentSlot, slotRect(lastSlot), slotRefs[lastSlot]) }
                counts[Int(parent)] -= 1
            } else {
                setSlotRect(parentSlot, nodeRect(node))
            }
            node = parent
        }
        if levels[Int(root)] > 0 && counts[Int(root)] == 0 {
            levels[Int(root)] = 0
        }
        while levels[Int(root)] > 0 && counts[Int(root)] == 1 {
            let child = Int32(slotRefs[Int(root) * Self.nodeCapacity])
            releaseNode(root)
            root = child
            parents[Int(root)] = -1
        }
        for id in orphans {
            guard let rect = entries[id] else { continue }
            insertSlot(rect, id)
        }
    }

    /// Appends the ids of every entry under `node` and releases `node` and the nodes below it.
    private mutating func collectEntries(under node: Int32, into ids: inout [UInt64]) {
        let first = Int(node) * Self.nodeCapacity
        let slots = first..<(first + Int(counts[Int(node)]))
        if levels[Int(node)] == 0 {
            for slot in slots { ids.append(slotRefs[slot]) }
        } else {
            for slot in slots { collectEntries(under: Int32(slotRefs[slot]), into: &ids) }
        }
        releaseNode(node)
    }

    /// Puts an entry into the leaf whose box grows least, splitting nodes that overflow on the way up.
    private mutating func insertSlot(_ rect: Rect, _ id: UInt64) {
        var node = root
        while levels[Int(node)] > 0 {
            let slot = chooseSubtree(node, rect)
            setSlotRect(slot, slotRect(slot).union(rect))
            node = Int32(slotRefs[slot])
        }
        var pending: (Rect, UInt64)? = (rect, id)
        while let (childRect, ref) = pending {
            pending = nil
            if counts[Int(node)] < Int32(Self.nodeCapacity) {
                appendSlot(node, childRect, ref)
                break
            }
            let sibling = split(node, adding: childRect, ref)
            if node == root {
                let newRoot = allocateNode(level: levels[Int(node)] + 1)
                appendSlot(newRoot, nodeRect(node), UInt64(node))
                appendSlot(newRoot, nodeRect(sibling), UInt64(sibling))
                root = newRoot
                return
            }
            let parent = parents[Int(node)]
            setSlotRect(slot(of: node, in: parent), nodeRect(node))
            pending = (nodeRect(sibling), UInt64(sibling))
            node = parent
        }
        // Boxes on the path were grown on the way down; after splits they may be looser than needed but still
        // contain everything, which is all queries rely on.
    }

    /// The slot of internal `node` to descend into for `rect`: above the leaves, the one whose overlap with its
    /// siblings grows least (R*-tree); higher up, the one whose box grows least; ties go to the smaller box.
    private func chooseSubtree(_ node: Int32, _ rect: Rect) -> Int {
        let first = Int(node) * Self.nodeCapacity
        let slots = first..<(first + Int(counts[Int(node)]))
        if levels[Int(node)] == 1 {
            var best = first
            var bestKey = (Double.infinity, Double.infinity, Double.infinity)
            for slot in slots {
                let current = slotRect(slot)
                let grown = current.union(rect)
                var overlapGrowth = 0.0
                for other in slots where other != slot {
                    let sibling = slotRect(other)
                    overlapGrowth += grown.overlapArea(sibling) - current.overlapArea(sibling)
                }
                let key = (overlapGrowth, grown.area - current.area, current.area)
                if key < bestKey {
                    best = slot
                    bestKey = key
                }
            }
            return best
        }
        var best = first
        var bestGrowth = Double.infinity
        var bestArea = Double.infinity
        for slot in first..<(first + Int(counts[Int(node)])) {
            let current = slotRect(slot)
            let area = current.area
            let growth = current.union(rect).area - area
            if growth < bestGrowth || (growth == bestGrowth && area < bestArea) {
                best = slot
                bestGrowth = growth
                bestArea = area
            }
        }
        return best
    }

    /// Splits full `node` plus one more slot into `node` and a new sibling at the same level, choosing among
    /// sorted orders on both axes the cut with the least overlap (then the least total area).
    private mutating func split(_ node: Int32, adding rect: Rect, _ ref: UInt64) -> Int32 {
        let first = Int(node) * Self.nodeCapacity
        var slots: [(Rect, UInt64)] = (first..<(first + Int(counts[Int(node)]))).map { (slotRect($0), slotRefs[$0]) }
        slots.append((rect, ref))
        var bestOrder = slots
        var bestCut = slots.count / 2
        var bestOverlap = Double.infinity
        var bestArea = Double.infinity
        for axis in 0..<2 {
            let sorted = slots.sorted { a, b in
                axis == 0 ? a.0.minX + a.0.maxX < b.0.minX + b.0.maxX : a.0.minY + a.0.maxY < b.0.minY + b.0.maxY
            }
            for cut in Self.minimumFill...(sorted.count - Self.minimumFill) {
                let left = sorted[..<cut].reduce(Rect.empty) { $0.union($1.0) }
                let right = sorted[cut...].reduce(Rect.empty) { $0.union($1.0) }
                let overlap = left.overlapArea(right)
                let area = left.area + right.area
                if overlap < bestOverlap || (overlap == bestOverlap && area < bestArea) {
                    (bestOrder, bestCut, bestOverlap, bestArea) = (sorted, cut, overlap, area)
                }
            }
        }
        let level = levels[Int(node)]
        let sibling = allocateNode(level: level)
        counts[Int(node)] = 0
        for (childRect, childRef) in bestOrder[..<bestCut] { appendSlot(node, childRect, childRef) }
        for (childRect, childRef) in bestOrder[bestCut...] { appendSlot(sibling, childRect, childRef) }
        return sibling
    }
}
