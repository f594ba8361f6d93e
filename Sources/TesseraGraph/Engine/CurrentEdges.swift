import TesseraCore
import TesseraGeometry
import TesseraStorage

/// The edge versions believed now whose valid time has not ended, filed under both endpoints in adjacency-key
/// order with their encoded properties (Docs/Decisions/0013): what an edge read at "now" needs, from memory.
struct CurrentEdges: Sendable {
    /// One adjacency entry: an edge version seen from one of its endpoints.
    struct Adjacent: Sendable {
        let position: AdjacencyPosition
        let validTo: Int64
        let edgeName: String
        let farName: String
        /// The encoded property map (shared by the two entries of a version).
        let properties: [UInt8]

        func precedes(_ other: Adjacent) -> Bool { position.precedes(other.position) }
    }

    /// One edge version.
    struct VersionKey: Hashable {
        let edge: UInt64
        let validFrom: Int64
        let systemFrom: Int64
    }

    /// Entries by the entity they are filed under, in key order.
    private(set) var byEntity: [UInt64: [Adjacent]] = [:]
    /// The engine's commit count this state reflects (see ``CurrentSpace/commitCount``).
    var commitCount: Int64 = -1
    /// Entries held (each edge version twice, once per endpoint).
    private(set) var count = 0

    /// What a commit changes for one edge: the entities whose lists may hold its entries from before (the ends of
    /// every believed version the commit loaded), and its entries from now on, each with the entity it is filed
    /// under.
    typealias Update = (edge: UInt64, endpoints: [UInt64], entries: [(near: UInt64, entry: Adjacent)])

    /// Applies a commit's updates. Lists are changed in place, once per commit: an entity with many edges (a hub)
    /// that a commit touches many times is filtered once, and takes its new entries by binary search when they
    /// are few, else appended and sorted once.
    mutating func apply(_ updates: [Update]) {
        let touched = Set(updates.map(\.edge))
        var lists = Set<UInt64>()
        for update in updates { lists.formUnion(update.endpoints) }
        for near in lists where byEntity[near] != nil {
            let before = byEntity[near]!.count
            byEntity[near]!.removeAll { touched.contains($0.position.edge) }
            let after = byEntity[near]!.count
            count -= before - after
            if after == 0 { byEntity[near] = nil }
        }
        var added: [UInt64: [Adjacent]] = [:]
        for update in updates {
            for (near, entry) in update.entries { added[near, default: []].append(entry) }
        }
        for (near, entries) in added {
            count += entries.count
            let existing = byEntity[near]?.count ?? 0
            if entries.count * 8 < existing {
                for entry in entries {
                    let position = Self.position(of: entry, in: byEntity[near]!)
                    byEntity[near]!.insert(entry, at: position)
                }
            } else {
                byEntity[near, default: []].append(contentsOf: entries)
                byEntity[near]!.sort { $0.precedes($1) }
            }
        }
    }

    /// Where `entry` goes in `list` (in key order): the first element it precedes.
    static func position(of entry: Adjacent, in list: [Adjacent]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if entry.precedes(list[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Builds the state from the adjacency entries of the store believed now whose valid time ends after `now`.
    static func build(from store: Store, at now: Int64) throws(GraphError) -> CurrentEdges {
        var state = CurrentEdges()
        // The scan is in key order, so each entity's entries arrive together and in order: they are gathered in
        // `run` and stored as an array of exactly their number.
        var run: [Adjacent] = []
        var runEntity: UInt64 = 0
        /// Property bytes of versions met on one side and not yet on the other.
        var firstSides: [VersionKey: [UInt8]] = [:]
        func flush(_ run: inout [Adjacent]) {
            guard !run.isEmpty else { return }
            var exact: [Adjacent] = []
            exact.reserveCapacity(run.count)
            exact.append(contentsOf: run)
            state.byEntity[runEntity] = exact
            run.removeAll(keepingCapacity: true)
        }
        let bounds = Keys.space(.adjacency)
        let cursor = store.cursor(from: bounds.lower, to: bounds.upper, fillCache: false)
        cursor.seekToFirst()
        while cursor.isValid {
            let header = cursor.withKey { key -> (UInt64, EdgeSide, UInt32, UInt64, UInt64, Int64, Int64)? in
                guard key.count == Keys.adjacencyKeyBytes, let side = EdgeSide(rawValue: key[9]) else { return nil }
                var reader = KeyReader(key, offset: 1)
                guard let near = try? reader.readUInt64(), (try? reader.readByte()) != nil,
                    let type = try? reader.readUInt32(), let far = try? reader.readUInt64(),
                    let edge = try? reader.readUInt64(), let validFrom = try? reader.readInt64(descending: true),
                    let systemFrom = try? reader.readInt64(descending: true)
                else { return nil }
                return (near, side, type, far, edge, validFrom, systemFrom)
            }
            guard let (near, side, type, far, edge, validFrom, systemFrom) = header else {
                throw GraphError(.corruption, "corrupt adjacency key")
            }
            let live = cursor.withValue { value -> Bool in
                value.count >= 16 && Int64(bitPattern: value.fixed64(at: 8)) == Time.forever
                    && Int64(bitPattern: value.fixed64(at: 0)) > now
            }
            if live {
                let record: (validTo: Int64, systemTo: Int64, edgeName: String, farName: String, properties: [UInt8])
                do { record = try AdjacencyCodec.decode(cursor.value) } catch { throw GraphError.wrap(error) }
                // The two entries of a version carry the same properties: the second shares the first's bytes.
                let version = VersionKey(edge: edge, validFrom: validFrom, systemFrom: systemFrom)
                var properties = record.properties
                if let first = firstSides.removeValue(forKey: version) {
                    properties = first
                } else if !properties.isEmpty {
                    firstSides[version] = properties
                }
                let entry = Adjacent(
                    position: AdjacencyPosition(
                        side: side, type: type, far: far, edge: edge, validFrom: validFrom, systemFrom: systemFrom),
                    validTo: record.validTo, edgeName: record.edgeName, farName: record.farName,
                    properties: properties)
                if near != runEntity {
                    flush(&run)
                    runEntity = near
                }
                run.append(entry)
                state.count += 1
            }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        flush(&run)
        return state
    }
}

extension CommitContext {
    /// The entries each touched edge should have among the edges of the present after this commit, and the
    /// entities whose lists may hold its entries from before (the ends of every version the commit loaded: all
    /// believed versions of the edge).
    func currentEdgeEntries(now: Int64) throws(GraphError) -> [CurrentEdges.Update] {
        var result: [CurrentEdges.Update] = []
        for (id, edge) in edges where edge.touched {
            var endpoints: [UInt64] = []
            for slot in edge.timeline.slots {
                for end in [slot.content.from, slot.content.to] where !endpoints.contains(end) { endpoints.append(end) }
            }
            var entries: [(near: UInt64, entry: CurrentEdges.Adjacent)] = []
            for slot in edge.timeline.slots where slot.isBelieved && slot.validTo > now {
                let content = slot.content
                // Filed under each end, seeing the other.
                let sides = [(content.from, content.to, EdgeSide.outgoing), (content.to, content.from, .incoming)]
                for (near, far, side) in sides {
                    let position = AdjacencyPosition(
                        side: side, type: content.type, far: far, edge: id, validFrom: slot.validFrom,
                        systemFrom: slot.systemFrom)
                    let entry = CurrentEdges.Adjacent(
                        position: position, validTo: slot.validTo, edgeName: edge.name, farName: try entityName(far),
                        properties: content.propertyBytes)
                    entries.append((near, entry))
                }
            }
            result.append((id, endpoints, entries))
        }
        return result
    }
}

/// The edges of the present and whether a process asked for them.
struct CurrentEdgesState: Sendable {
    /// Set by ``Graph/buildInMemorySpace()``: the state is rebuilt on use after a bulk load dropped it.
    var wanted = false
    var edges: CurrentEdges?
}

extension Graph {
    /// Whether the edges of the present are held in memory now.
    public var hasCurrentEdges: Bool { currentEdges.withLock { $0.edges != nil } }

    /// Adjacency entries the edges of the present hold (each edge version twice, once per endpoint; 0 when they
    /// are not held).
    public var currentEdgeEntries: Int { currentEdges.withLock { $0.edges?.count ?? 0 } }

    /// Builds the edges of the present (if not built) and keeps them in step from now on: statements at "now"
    /// then follow edges without reading the store (``buildInMemorySpace()`` does this with the R-trees).
    public func buildCurrentEdges() throws(GraphError) {
        currentEdges.withLock { $0.wanted = true }
        _ = try currentEdgesIfWanted()
    }

    /// The edges of the present, rebuilt under the writer lock if they were asked for and dropped since; nil
    /// when no one asked for them.
    private func currentEdgesIfWanted() throws(GraphError) -> CurrentEdges? {
        let (wanted, ready) = currentEdges.withLock { ($0.wanted, $0.edges) }
        if let ready { return ready }
        guard wanted else { return nil }
        return try writer.withLock { (state: inout WriterState) throws(GraphError) -> CurrentEdges in
            if let ready = currentEdges.withLock({ $0.edges }) { return ready }
            var built = try CurrentEdges.build(from: store, at: Time.nowMicros())
            built.commitCount = state.commitCount
            currentEdges.withLock { $0.edges = built }
            return built
        }
    }

    /// Keeps the edges of the present in step with a commit; pipelined (bulk) commits drop them instead.
    func refreshCurrentEdges(after context: CommitContext, pipelined: Bool) throws(GraphError) {
        guard currentEdges.withLock({ $0.edges != nil }) else { return }
        if pipelined {
            currentEdges.withLock { $0.edges = nil }
            return
        }
        let updates = try context.currentEdgeEntries(now: Time.nowMicros())
        currentEdges.withLock { state in
            guard state.edges != nil else { return }
            state.edges?.apply(updates)
            state.edges?.commitCount = context.state.commitCount
        }
    }

    /// The edges of entity `name` valid at `now` in the latest belief, from memory, in the order
    /// ``GraphReader/edges(of:direction:type:validFrom:validTo:system:withProperties:)`` gives; nil when the edges
    /// of the present are not held or do not reflect `reader`'s snapshot (read the store then).
    ///
    /// - Parameter withProperties: false leaves every edge's properties empty, without decoding them.
    public func edgesNow(
        of name: String, direction: EdgeDirection = .both, type: String? = nil, at now: Int64,
        consistentWith reader: GraphReader, withProperties: Bool = true
    ) throws(GraphError) -> [EdgeVersion]? {
        guard
            let found = try adjacentNow(of: name, direction: direction, type: type, at: now, consistentWith: reader)
        else { return nil }
        var result: [EdgeVersion] = []
        result.reserveCapacity(found.entries.count)
        for entry in found.entries {
            result.append(try Self.edgeVersion(entry, of: name, found.catalog, withProperties: withProperties))
        }
        return result
    }

    /// ``edgesNow(of:direction:type:at:consistentWith:withProperties:)`` with, for each edge, the version of its
    /// far end valid at `now` as the R-tree of the present keeps it (with its parsed geometry), so that a
    /// traversal need not look each far end up by name; `far` is nil when the R-tree holds no version of it valid
    /// at `now` (an entity without geometry: read it).
    ///
    /// - Parameter visit: called with each edge and what is known of its far end, in order, as it is found (no
    ///   array of pairs in between); not called at all when the result is false.
    /// - Returns: false when the edges of the present or the R-tree of the present are not held or do not
    ///   reflect `reader`'s snapshot (read the store then).
    public func neighborsNow(
        of name: String, direction: EdgeDirection = .both, type: String? = nil, at now: Int64,
        consistentWith reader: GraphReader, withProperties: Bool = true,
        _ visit: (EdgeVersion, _ far: SpatialHit?, _ farGeometry: Geometry?) -> Void
    ) throws(GraphError) -> Bool {
        guard hasCurrentSpace,
            let found = try adjacentNow(of: name, direction: direction, type: type, at: now, consistentWith: reader)
        else { return false }
        let commits = reader.snapshot == nil ? nil : try reader.commitCount()
        // All far ends under one hold of the lock (a reference each, no copy of the state).
        let farEntries = presentEntries(of: found.entries.lazy.map(\.position.far), at: now, commits: commits)
        guard let farEntries else { return false }
        for (entry, far) in zip(found.entries, farEntries) {
            let edge = try Self.edgeVersion(entry, of: name, found.catalog, withProperties: withProperties)
            guard let far else {
                visit(edge, nil, nil)
                continue
            }
            visit(edge, far.hit(labels: CurrentSpace.names(far.labels, found.catalog)), far.geometry)
        }
        return true
    }

    /// The adjacency entries of the present for `edgesNow` and `neighborsNow`, with the catalog that names them.
    private func adjacentNow(
        of name: String, direction: EdgeDirection, type: String?, at now: Int64, consistentWith reader: GraphReader
    ) throws(GraphError) -> (entries: [CurrentEdges.Adjacent], catalog: Catalog)? {
        guard let present = try currentEdgesIfWanted() else { return nil }
        if reader.snapshot != nil, try reader.commitCount() != present.commitCount { return nil }
        let catalog = catalog.withLock { $0 }
        guard let entity = try reader.entityId(name) else { return ([], catalog) }
        var typeId: UInt32?
        if let type {
            guard let known = catalog.id(.relationType, type) else { return ([], catalog) }
            typeId = known
        }
        var result: [CurrentEdges.Adjacent] = []
        for entry in present.byEntity[entity] ?? [] {
            let position = entry.position
            switch direction {
            case .outgoing: if position.side != .outgoing { continue }
            case .incoming: if position.side != .incoming { continue }
            // With both directions a self-loop was already reported by its outgoing entry.
            case .both: if position.side == .incoming && position.far == entity { continue }
            }
            if let typeId, position.type != typeId { continue }
            guard position.validFrom <= now, now < entry.validTo else { continue }
            result.append(entry)
        }
        return (result, catalog)
    }

    /// The edge version an adjacency entry of entity `name` stands for.
    private static func edgeVersion(
        _ entry: CurrentEdges.Adjacent, of name: String, _ catalog: Catalog, withProperties: Bool
    ) throws(GraphError) -> EdgeVersion {
        let position = entry.position
        let outgoing = position.side == .outgoing
        var properties: [String: Value] = [:]
        if withProperties && !entry.properties.isEmpty {
            var bytes = ByteReader(entry.properties, context: "edge properties")
            do { properties = try ValueCodec.decodeMap(from: &bytes) } catch { throw GraphError.wrap(error) }
        }
        return EdgeVersion(
            id: entry.edgeName, from: outgoing ? name : entry.farName, to: outgoing ? entry.farName : name,
            type: catalog.name(of: position.type), properties: properties,
            valid: TimeInterval64(from: position.validFrom, to: entry.validTo),
            system: TimeInterval64(from: position.systemFrom, to: Time.forever))
    }
}
