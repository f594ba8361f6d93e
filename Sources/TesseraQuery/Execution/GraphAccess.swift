import TesseraCore
import TesseraGeometry
import TesseraGraph

/// Where on the two time axes a pattern reads: an instant or an interval of valid time, and a system-time pin.
struct TimePin: Sendable, Hashable {
    /// Valid-time interval `[validFrom, validTo)`; an instant `t` is `[t, t + 1)`.
    var validFrom: Int64
    var validTo: Int64
    var system: SystemTimePin

    static func instant(_ t: Int64, system: SystemTimePin = .latest) -> TimePin {
        TimePin(validFrom: t, validTo: t == Int64.max ? t : t + 1, system: system)
    }

    var isInstant: Bool { validTo == validFrom + 1 }

    /// Whether this pin reads the current state (the latest belief at one instant).
    var isLatestInstant: Bool { isInstant && system == .latest }
}

/// The state a statement has written for one node (nil in the overlay: deleted).
struct NodeState {
    var labels: [String]
    var properties: [String: QueryValue]
    var geometry: String?
    /// Created by this statement.
    var isNew: Bool
}

struct RelationshipState {
    var type: String
    var start: String
    var end: String
    var properties: [String: QueryValue]
    var isNew: Bool
}

/// A statement's view of the graph: one engine snapshot plus the statement's own uncommitted writes.
///
/// Reads consult the overlay first, so a statement sees what it wrote; ``commit(_:)`` turns the overlay
/// into one engine transaction.
final class GraphAccess {
    let graph: Graph
    let reader: GraphReader
    /// The statement's clock: the default valid time of reads and the valid-from of writes.
    let now: Int64
    /// Valid-time interval of writes.
    var writeFrom: Int64
    var writeTo: Int64 = Time.forever

    private(set) var nodes: [String: NodeState?] = [:]
    private(set) var relationships: [String: RelationshipState?] = [:]
    /// Relationships created by this statement, by endpoint.
    private var createdByNode: [String: [String]] = [:]
    /// Ids created by this statement (a delete of one of them writes nothing).
    private var createdIds: Set<String> = []
    private var nextId = 0
    var statistics = QueryStatistics()
    /// Whether the spatial index handed out partial nodes (results then need their properties read).
    var madePartialNodes = false
    /// Whether node reads at "now" may come from the R-tree of the present (only once it is built: building
    /// it for a statement that asked for no spatial access would cost more than the reads it saves).
    private(set) lazy var usePresentForNodes = allowPresentNodes && graph.hasCurrentSpace
    /// Whether node reads may come from the R-tree of the present at all (``QueryOptions/usePresentNodes``).
    var allowPresentNodes = true
    /// Whether edge reads at "now" may come from the edges of the present (Decision 0013).
    var usePresentEdges = true
    /// Rectangles prepared for exact tests, by their bounds (a statement usually has one window).
    var preparedRectangles: [RectangleKey: PreparedGeometry] = [:]
    lazy var geometryEngine = GeometryEngine()
    /// Geometries of full nodes parsed by spatial predicates, so a version met on many rows is parsed once.
    var parsedGeometries: [VersionKey: Geometry] = [:]
    /// Engine reads, for PROFILE.
    var engineReads = 0
    /// The online property indexes of the statement's snapshot (none when they cannot be read: the
    /// planner then scans labels, which is always right).
    lazy var propertyIndexes: [PropertyIndex] = ((try? reader.propertyIndexes()) ?? []).filter { $0.state == .online }

    init(graph: Graph, now: Int64) {
        self.graph = graph
        self.reader = graph.reader()
        self.now = now
        self.writeFrom = now
    }

    var hasWrites: Bool { !nodes.isEmpty || !relationships.isEmpty }

    /// Whether a node may have a stored `id` property other than its external id (which a lookup by id must
    /// then also scan for): this statement set one, or the database cannot rule it out.
    var mayHaveIdProperty: Bool { wroteShadowingId || storedIdProperty }
    private lazy var storedIdProperty = (try? reader.mayStoreIdProperty()) ?? true
    /// Whether this statement gave a node an `id` property that is not its external id.
    private var wroteShadowingId = false

    /// Notes an `id` property about to be given to node `id`.
    private func noteIdProperty(_ value: QueryValue?, of id: String) {
        guard let value else { return }
        switch value {
        case .null: return
        case .string(let text) where text == id: return
        default: wroteShadowingId = true
        }
    }

    // MARK: conversions

    static func node(_ version: EntityVersion) -> NodeValue {
        NodeValue(
            id: version.id, labels: version.labels, properties: version.properties.mapValues(QueryValue.init(stored:)),
            geometry: version.geometry, validFrom: version.valid.from, validTo: version.valid.to,
            systemFrom: version.system.from, systemTo: version.system.to)
    }

    static func relationship(_ version: EdgeVersion) -> RelationshipValue {
        RelationshipValue(
            id: version.id, type: version.type, start: version.from, end: version.to,
            properties: version.properties.isEmpty ? [:] : version.properties.mapValues(QueryValue.init(stored:)),
            validFrom: version.valid.from,
            validTo: version.valid.to, systemFrom: version.system.from, systemTo: version.system.to)
    }

    func wrap(_ error: GraphError) -> QueryError {
        QueryError(.runtime, .storageError, error.message)
    }

    // MARK: reads

    private var completedNodes: [VersionKey: NodeValue] = [:]

    /// A node with its properties and geometry read (partial nodes come from index hits).
    func completed(_ node: NodeValue) -> NodeValue {
        guard node.isPartial else { return node }
        let key = VersionKey(node)
        if let done = completedNodes[key] { return done }
        // The index named the version exactly: read it by its key (the statement's writes are applied by the
        // caller, `refreshed`).
        engineReads += 1
        if let version = try? reader.entity(node.id, versionFrom: node.validFrom, systemFrom: node.systemFrom) {
            let full = Self.node(version)
            completedNodes[key] = full
            return full
        }
        // Not found by key: the version valid at the node's valid-from, under the same system-time pin.
        let pin = TimePin.instant(node.validFrom, system: node.known?.pin.system ?? .latest)
        let versions = (try? self.node(node.id, pin: pin)) ?? []
        guard
            let full = versions.first(where: { $0.validFrom == node.validFrom && $0.systemFrom == node.systemFrom })
                ?? versions.first
        else { return node }
        completedNodes[key] = full
        return full
    }

    /// The current state of a node value: the overlay's when the statement changed it.
    func refreshed(_ node: NodeValue) -> NodeValue {
        let node = completed(node)
        guard !nodes.isEmpty, let entry = nodes[node.id] else { return node }
        guard let state = entry else { return node }
        var copy = node
        copy.labels = state.labels
        copy.properties = state.properties
        copy.geometry = state.geometry
        return copy
    }

    func refreshed(_ relationship: RelationshipValue) -> RelationshipValue {
        guard let entry = relationships[relationship.id], let state = entry else { return relationship }
        var copy = relationship
        copy.properties = state.properties
        return copy
    }

    /// A result value with this statement's writes applied to every node and relationship inside it (and
    /// partial nodes read). Only values that ``QueryValue/holdsGraphElements`` can change.
    func materialized(_ value: QueryValue) -> QueryValue {
        switch value {
        case .node(let n): return .node(refreshed(n))
        case .relationship(let r): return .relationship(refreshed(r))
        case .path(let p):
            return .path(PathValue(nodes: p.nodes.map(refreshed), relationships: p.relationships.map(refreshed)))
        case .list(let items): return .list(items.map(materialized))
        case .map(let map): return .map(map.mapValues(materialized))
        default: return value
        }
    }

    func isDeleted(node id: String) -> Bool {
        guard !nodes.isEmpty else { return false }
        if let entry = nodes[id] { return entry == nil }
        return false
    }

    func isDeleted(relationship id: String) -> Bool {
        guard !relationships.isEmpty else { return false }
        if let entry = relationships[id] { return entry == nil }
        return false
    }

    func overlayNode(_ id: String, _ state: NodeState, pin: TimePin) -> NodeValue {
        NodeValue(
            id: id, labels: state.labels, properties: state.properties, geometry: state.geometry,
            validFrom: writeFrom, validTo: writeTo, systemFrom: Time.forever, systemTo: Time.forever)
    }

    /// Versions of node `id` visible under `pin` (one at an instant; possibly several over an interval).
    func node(_ id: String, pin: TimePin) throws(QueryError) -> [NodeValue] {
        if let entry = nodes[id] {
            guard let state = entry else { return [] }
            if state.isNew || pin.isLatestInstant { return [overlayNode(id, state, pin: pin)] }
        }
        // Now, in the latest belief: the R-tree of the present may hold the version (a partial node, read only
        // if its properties are needed).
        if pin.isLatestInstant && pin.validFrom == now && usePresentForNodes,
            let present = try? graph.entityNowWithGeometry(named: id, at: now, consistentWith: reader)
        {
            return SpatialAccessRunner.partialNodes([(present.hit, KeptGeometry(present.geometry))], pin, self)
        }
        engineReads += 1
        do {
            if pin.isInstant {
                guard let version = try reader.entity(id, validAt: pin.validFrom, system: pin.system) else { return [] }
                return [Self.node(version)]
            }
            return try reader.history(of: id).filter {
                $0.valid.from < pin.validTo && pin.validFrom < $0.valid.to
                    && pin.system.admitsPublic(systemFrom: $0.system.from, systemTo: $0.system.to)
            }.map(Self.node)
        } catch { throw wrap(error) }
    }

    /// Engine versions read at an instant as nodes, less those the statement's overlay answers for: deleted
    /// ones, and at the latest instant every node it wrote (reported from the overlay instead).
    func engineNodes(_ versions: [EntityVersion], pin: TimePin) -> [NodeValue] {
        var result: [NodeValue] = []
        result.reserveCapacity(versions.count)
        for version in versions {
            if let entry = nodes[version.id], pin.isLatestInstant || entry == nil { continue }
            result.append(Self.node(version))
        }
        return result
    }

    /// Every node visible under `pin`, optionally only those with `label`.
    func nodes(label: String?, pin: TimePin) throws(QueryError) -> [NodeValue] {
        var result: [NodeValue] = []
        do {
            if pin.isInstant {
                var versions: [EntityVersion] = []
                try reader.forEachEntity(withLabel: label, validAt: pin.validFrom, system: pin.system) {
                    versions.append($0)
                    return true
                }
                engineReads += 1 + versions.count  // the scan, and one version read per entity
                result = engineNodes(versions, pin: pin)
            } else {
                let ids =
                    try label.map { l throws(GraphError) in try reader.entityIds(withLabel: l) }
                    ?? reader.allEntityIds()
                for id in ids where nodes[id] == nil {
                    result += try node(id, pin: pin).filter { label == nil || $0.labels.contains(label!) }
                }
            }
        } catch let error as QueryError {
            throw error
        } catch let error as GraphError {
            throw wrap(error)
        } catch {
            throw QueryError(.runtime, .storageError, "\(error)")
        }
        return result + overlayNodes(label: label, pin: pin)
    }

    /// Nodes written by this statement (created ones at any pin; changed ones at the latest instant).
    func overlayNodes(label: String?, pin: TimePin) -> [NodeValue] {
        var result: [NodeValue] = []
        for (id, entry) in nodes {
            guard let state = entry else { continue }
            guard state.isNew || pin.isLatestInstant else { continue }
            if let label, !state.labels.contains(label) { continue }
            result.append(overlayNode(id, state, pin: pin))
        }
        return result
    }

    /// ``relationships(of:direction:types:pin:withProperties:)`` each with its far end as a partial node when the
    /// edges and the R-tree of the present answer both (a statement at "now" that has written nothing): a
    /// traversal then reads neither the far end nor looks it up by name. A far end given as nil is read as usual
    /// (``node(_:pin:)``).
    func relationshipsWithFarNodes(
        of id: String, direction: EdgeDirection, types: [String], pin: TimePin, withProperties: Bool = true
    ) throws(QueryError) -> [(relationship: RelationshipValue, far: NodeValue?)] {
        if !hasWrites && types.count <= 1 && usePresentEdges && usePresentForNodes && pin.isLatestInstant
            && pin.validFrom == now
        {
            var present: [(relationship: RelationshipValue, far: NodeValue?)] = []
            var anyFar = false
            let answered: Bool
            do {
                answered = try graph.neighborsNow(
                    of: id, direction: direction, type: types.first, at: now, consistentWith: reader,
                    withProperties: withProperties
                ) { edge, far, geometry in
                    anyFar = anyFar || far != nil
                    present.append(
                        (
                            Self.relationship(edge),
                            far.map { SpatialAccessRunner.partialNode($0, KeptGeometry(geometry), pin) }
                        ))
                }
            } catch { throw wrap(error) }
            if answered {
                madePartialNodes = madePartialNodes || anyFar
                return present
            }
        }
        return try relationships(
            of: id, direction: direction, types: types, pin: pin, withProperties: withProperties
        ).map { ($0, nil) }
    }

    /// Relationships of node `id` in `direction`, of one of `types` (any when empty), visible under `pin`.
    /// - Parameter withProperties: false when the statement cannot observe the relationships' properties (an
    ///   anonymous relationship without a property map, outside a named path): they are then left unread.
    func relationships(
        of id: String, direction: EdgeDirection, types: [String], pin: TimePin, withProperties: Bool = true
    ) throws(QueryError) -> [RelationshipValue] {
        var result: [RelationshipValue] = []
        let isNewNode = (nodes[id] ?? nil)?.isNew ?? false
        if !isNewNode {
            do {
                let versions: [EdgeVersion]
                // Now, in the latest belief: the edges of the present, when a process keeps them
                // (Docs/Decisions/0013).
                if usePresentEdges && pin.isLatestInstant && pin.validFrom == now,
                    let present = try graph.edgesNow(
                        of: id, direction: direction, type: types.count == 1 ? types[0] : nil, at: now,
                        consistentWith: reader, withProperties: withProperties)
                {
                    versions = types.count > 1 ? present.filter { types.contains($0.type) } : present
                } else if types.count == 1 {
                    engineReads += 1
                    versions = try reader.edges(
                        of: id, direction: direction, type: types[0], validFrom: pin.validFrom, validTo: pin.validTo,
                        system: pin.system, withProperties: withProperties)
                } else {
                    engineReads += 1
                    versions = try reader.edges(
                        of: id, direction: direction, type: nil, validFrom: pin.validFrom, validTo: pin.validTo,
                        system: pin.system, withProperties: withProperties
                    ).filter { types.isEmpty || types.contains($0.type) }
                }
                for version in versions {
                    if let entry = relationships[version.id] {
                        guard let state = entry else { continue }
                        if pin.isLatestInstant {
                            var value = Self.relationship(version)
                            value.properties = state.properties
                            result.append(value)
                            continue
                        }
                    }
                    // Skip edges whose other end this statement deleted.
                    let far = version.from == id ? version.to : version.from
                    if pin.isLatestInstant && isDeleted(node: far) { continue }
                    result.append(Self.relationship(version))
                }
            } catch { throw wrap(error) }
        }
        for relId in createdByNode[id] ?? [] {
            guard let entry = relationships[relId], let state = entry else { continue }
            if !types.isEmpty && !types.contains(state.type) { continue }
            let outgoing = state.start == id
            let incoming = state.end == id
            let matches: Bool
            switch direction {
            case .outgoing: matches = outgoing
            case .incoming: matches = incoming
            case .both: matches = true
            }
            if !matches { continue }
            result.append(
                RelationshipValue(
                    id: relId, type: state.type, start: state.start, end: state.end, properties: state.properties,
                    validFrom: writeFrom, validTo: writeTo, systemFrom: Time.forever, systemTo: Time.forever))
        }
        return result
    }

    // MARK: writes

    private func freshId() -> String {
        nextId += 1
        return "_\(String(now, radix: 36))_\(nextId)"
    }

    private func currentNodeState(_ node: NodeValue) throws(QueryError) -> NodeState {
        if let entry = nodes[node.id] {
            guard let state = entry else {
                throw QueryError(
                    .runtime, .entityNotFound, "node \(node.id) was deleted by this statement",
                    detail: "DeletedEntityAccess")
            }
            return state
        }
        // A node the spatial index found carries no properties or geometry yet: start from the whole version.
        let full = completed(node)
        return NodeState(labels: full.labels, properties: full.properties, geometry: full.geometry, isNew: false)
    }

    func createNode(labels: [String], properties: [String: QueryValue], geometry: String?) throws(QueryError)
        -> NodeValue
    {
        var id = freshId()
        if case .string(let wanted) = properties["id"] ?? .null, !wanted.isEmpty {
            let taken = (nodes[wanted] ?? nil) != nil
            let exists = !taken && ((try? reader.entity(wanted, validAt: now)) ?? nil) != nil
            if taken || exists {
                throw QueryError(
                    .runtime, .constraintVerificationFailed, "an entity with id '\(wanted)' already exists",
                    detail: "DuplicateId")
            }
            id = wanted
        }
        noteIdProperty(properties["id"], of: id)
        let state = NodeState(labels: labels.uniqueSorted(), properties: properties, geometry: geometry, isNew: true)
        nodes[id] = state
        createdIds.insert(id)
        statistics.nodesCreated += 1
        statistics.labelsAdded += state.labels.count
        statistics.propertiesSet += properties.count
        return overlayNode(id, state, pin: .instant(now))
    }

    func createRelationship(type: String, start: String, end: String, properties: [String: QueryValue])
        throws(QueryError) -> RelationshipValue
    {
        if isDeleted(node: start) || isDeleted(node: end) {
            throw QueryError(
                .runtime, .entityNotFound, "cannot create a relationship to a deleted node",
                detail: "DeletedEntityAccess")
        }
        let id = freshId()
        relationships[id] = RelationshipState(type: type, start: start, end: end, properties: properties, isNew: true)
        createdIds.insert(id)
        createdByNode[start, default: []].append(id)
        if end != start { createdByNode[end, default: []].append(id) }
        statistics.relationshipsCreated += 1
        statistics.propertiesSet += properties.count
        return RelationshipValue(
            id: id, type: type, start: start, end: end, properties: properties, validFrom: writeFrom, validTo: writeTo,
            systemFrom: Time.forever, systemTo: Time.forever)
    }

    func setProperty(_ node: NodeValue, _ key: String, _ value: QueryValue) throws(QueryError) {
        var state = try currentNodeState(node)
        if key == "geometry", value.isGeometryLike {
            state.geometry = try Self.geoJSON(value)
            statistics.propertiesSet += 1
            nodes[node.id] = state
            return
        }
        if key == "id" { noteIdProperty(value, of: node.id) }
        write(key, value, into: &state.properties)
        nodes[node.id] = state
    }

    func setProperty(_ relationship: RelationshipValue, _ key: String, _ value: QueryValue) throws(QueryError) {
        var state = try currentRelationshipState(relationship)
        write(key, value, into: &state.properties)
        relationships[relationship.id] = state
    }

    /// Sets one property (null removes it), counting what changed.
    private func write(_ key: String, _ value: QueryValue, into properties: inout [String: QueryValue]) {
        if case .null = value {
            if properties.removeValue(forKey: key) != nil { statistics.propertiesRemoved += 1 }
        } else {
            properties[key] = value
            statistics.propertiesSet += 1
        }
    }

    /// Removes the properties `map` does not name (`SET n = map`).
    private func removeAll(except map: [String: QueryValue], from properties: inout [String: QueryValue]) {
        for key in properties.keys where map[key] == nil {
            properties.removeValue(forKey: key)
            statistics.propertiesRemoved += 1
        }
    }

    func replaceProperties(_ node: NodeValue, _ map: [String: QueryValue], merge: Bool) throws(QueryError) {
        var state = try currentNodeState(node)
        if !merge { removeAll(except: map, from: &state.properties) }
        nodes[node.id] = state
        for (key, value) in map.sorted(by: { $0.key < $1.key }) { try setProperty(node, key, value) }
    }

    func replaceProperties(_ relationship: RelationshipValue, _ map: [String: QueryValue], merge: Bool)
        throws(QueryError)
    {
        var state = try currentRelationshipState(relationship)
        if !merge { removeAll(except: map, from: &state.properties) }
        relationships[relationship.id] = state
        for (key, value) in map.sorted(by: { $0.key < $1.key }) { try setProperty(relationship, key, value) }
    }

    private func currentRelationshipState(_ relationship: RelationshipValue) throws(QueryError) -> RelationshipState {
        if let entry = relationships[relationship.id] {
            guard let state = entry else {
                throw QueryError(
                    .runtime, .entityNotFound, "relationship \(relationship.id) was deleted by this statement",
                    detail: "DeletedEntityAccess")
            }
            return state
        }
        return RelationshipState(
            type: relationship.type, start: relationship.start, end: relationship.end,
            properties: relationship.properties, isNew: false)
    }

    func setLabels(_ node: NodeValue, _ labels: [String], add: Bool) throws(QueryError) {
        var state = try currentNodeState(node)
        for label in labels {
            if add {
                if !state.labels.contains(label) {
                    state.labels.append(label)
                    statistics.labelsAdded += 1
                }
            } else if let index = state.labels.firstIndex(of: label) {
                state.labels.remove(at: index)
                statistics.labelsRemoved += 1
            }
        }
        state.labels.sort()
        nodes[node.id] = state
    }

    func deleteRelationship(_ relationship: RelationshipValue) {
        if isDeleted(relationship: relationship.id) { return }
        relationships[relationship.id] = .some(nil)
        statistics.relationshipsDeleted += 1
    }

    /// Deletes a node; with `detach` its relationships too, otherwise it must have none left.
    func deleteNode(_ node: NodeValue, detach: Bool) throws(QueryError) {
        if isDeleted(node: node.id) { return }
        let attached = try relationships(of: node.id, direction: .both, types: [], pin: .instant(now))
        if !attached.isEmpty {
            guard detach else {
                throw QueryError(
                    .runtime, .constraintVerificationFailed,
                    "cannot delete node \(node.id): it still has \(attached.count) relationship(s); use DETACH DELETE",
                    detail: "DeleteConnectedNode")
            }
            for relationship in attached { deleteRelationship(relationship) }
        }
        nodes[node.id] = .some(nil)
        statistics.nodesDeleted += 1
    }

    /// Checks at the end of the statement that no relationship is left dangling.
    func validate() throws(QueryError) {
        for (id, entry) in relationships {
            guard let state = entry else { continue }
            if isDeleted(node: state.start) || isDeleted(node: state.end) {
                throw QueryError(
                    .runtime, .constraintVerificationFailed,
                    "relationship \(id) would be left without its \(isDeleted(node: state.start) ? "start" : "end") node",
                    detail: "DeleteConnectedNode")
            }
        }
    }

    // MARK: commit

    static func geoJSON(_ value: QueryValue) throws(QueryError) -> String? {
        guard let geometry = try SpatialFunctions.geometry(of: value) else { return nil }
        return geometry.geoJSON
    }

    /// Commits the overlay as one transaction; returns false when there was nothing to write.
    @discardableResult
    func commit(synced: Bool = true) throws(QueryError) -> Bool {
        guard hasWrites else { return false }
        try validate()
        var transaction = Transaction()
        do {
            for (id, entry) in nodes.sorted(by: { $0.key < $1.key }) {
                guard let state = entry else { continue }
                var stored: [String: Value] = [:]
                for (key, value) in state.properties {
                    if let property = try value.storedProperty(key: key) { stored[key] = property }
                }
                try transaction.putEntity(
                    id, labels: state.labels, properties: stored, geometry: state.geometry, validFrom: writeFrom,
                    validTo: writeTo)
            }
            for (id, entry) in relationships.sorted(by: { $0.key < $1.key }) {
                guard let state = entry else { continue }
                var stored: [String: Value] = [:]
                for (key, value) in state.properties {
                    if let property = try value.storedProperty(key: key) { stored[key] = property }
                }
                try transaction.putEdge(
                    id, from: state.start, to: state.end, type: state.type, properties: stored, validFrom: writeFrom,
                    validTo: writeTo)
            }
            for (id, entry) in relationships.sorted(by: { $0.key < $1.key })
            where entry == nil && !createdIds.contains(id) {
                try transaction.deleteEdge(id, validFrom: writeFrom, validTo: writeTo)
            }
            for (id, entry) in nodes.sorted(by: { $0.key < $1.key }) where entry == nil && !createdIds.contains(id) {
                try transaction.deleteEntity(id, validFrom: writeFrom, validTo: writeTo)
            }
        } catch let error as GraphError {
            throw QueryError(.runtime, .constraintVerificationFailed, error.message)
        } catch let error as QueryError {
            throw error
        } catch {
            throw QueryError(.runtime, .storageError, "\(error)")
        }
        do {
            _ = try graph.commit(transaction, durability: synced ? CommitDurability.synced : CommitDurability.logged)
        } catch { throw wrap(error) }
        return true
    }
}

extension SystemTimePin {
    func admitsPublic(systemFrom: Int64, systemTo: Int64) -> Bool {
        switch self {
        case .latest: return systemTo == Time.forever
        case .asOf(let instant): return systemFrom <= instant && instant < systemTo
        }
    }
}

extension Array where Element == String {
    func uniqueSorted() -> [String] { Array(Set(self)).sorted() }
}
