import TesseraCore
import TesseraStorage

/// The in-memory working set of one commit: resolves ids, loads the believed versions it touches,
/// applies writes with the ``Timeline`` rules and finally turns everything into one ``WriteBatch``.
final class CommitContext {
    let store: Store
    let systemTime: Int64
    var state: WriterState
    let catalog: Catalog
    let names: NameCache
    var catalogAdditions: [(kind: CatalogKind, name: String, id: UInt32)] = []
    /// The catalog entry ``catalogId(_:_:)`` found last.
    private var lastCatalogHit: (kind: CatalogKind, name: String, id: UInt32)?
    var newEntities: [(id: UInt64, name: String)] = []
    var newEdges: [(id: UInt64, name: String)] = []
    var entities: [UInt64: EntityState] = [:]
    var edges: [UInt64: EdgeState] = [:]
    var changes: [Change] = []
    /// (tier, level) slots of the space-time index in use before this commit, and those it adds.
    let spaceSlots: Set<UInt16>
    var newSpaceSlots: Set<UInt16> = []
    /// Every declared property index (populating or online), maintained by this commit.
    var propertyIndexes: [PropertyIndex] = []

    final class EntityState {
        let id: UInt64
        var timeline = Timeline<EntityContent>()
        var touched = false
        init(id: UInt64) { self.id = id }
    }

    final class EdgeState {
        let id: UInt64
        let name: String
        var timeline = Timeline<EdgeContent>()
        var touched = false
        init(id: UInt64, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// A pipelined writer whose batch in flight must land before this context reads the store.
    let beforeRead: BatchWriter?

    init(
        store: Store, systemTime: Int64, state: WriterState, catalog: Catalog, names: NameCache,
        spaceSlots: Set<UInt16> = [], beforeRead: BatchWriter? = nil
    ) {
        self.spaceSlots = spaceSlots
        self.beforeRead = beforeRead
        self.store = store
        self.systemTime = systemTime
        self.state = state
        self.catalog = catalog
        self.names = names
    }

    /// Makes sure every earlier batch is in the store before reading it.
    func settle() throws(GraphError) {
        guard let beforeRead else { return }
        do { try beforeRead.waitIdle() } catch { throw GraphError.wrap(error) }
    }

    /// Applies one write. Throws before changing anything when the write is invalid.
    @discardableResult
    func apply(_ operation: Transaction.Operation) throws(GraphError) -> Bool {
        switch operation {
        case .putEntity(let name, let labels, let properties, let geometry, let bounds, let valid):
            let labelIds = labels.map { catalogId(.label, $0) }
            if state.storesIdProperty == false {
                // An `id` property equal to the external id hides nothing.
                do {
                    if let value = try ValueCodec.encodedValue(in: properties, forKey: "id"),
                        !value.elementsEqual(ValueCodec.encode(.string(name)))
                    {
                        state.storesIdProperty = true
                    }
                } catch { throw GraphError.wrap(error) }
            }
            let content = EntityContent(labels: labelIds, propertyBytes: properties, geometry: geometry, bounds: bounds)
            let id = try entityId(name, create: true) ?? 0
            let entity = try entityState(id)
            guard entity.timeline.put(content, over: valid, at: systemTime) else { return false }
            entity.touched = true
            record(.entity, .put, name, valid)
        case .deleteEntity(let name, let valid):
            guard let id = try entityId(name, create: false) else { return false }
            let entity = try entityState(id)
            guard entity.timeline.retract(over: valid, at: systemTime) else { return false }
            entity.touched = true
            record(.entity, .delete, name, valid)
            try detach(id, over: valid)
        case .putEdge(let name, let from, let to, let type, let properties, let valid):
            let fromId = try endpoint(from, role: "source", edge: name, at: valid.from)
            let toId = try endpoint(to, role: "target", edge: name, at: valid.from)
            let content = EdgeContent(
                from: fromId, to: toId, type: catalogId(.relationType, type), propertyBytes: properties)
            guard let edge = try edgeState(name, create: true) else { return false }
            guard edge.timeline.put(content, over: valid, at: systemTime) else { return false }
            edge.touched = true
            record(.edge, .put, name, valid)
        case .deleteEdge(let name, let valid):
            guard let edge = try edgeState(name, create: false) else { return false }
            guard edge.timeline.retract(over: valid, at: systemTime) else { return false }
            edge.touched = true
            record(.edge, .delete, name, valid)
        }
        return true
    }

    private func record(
        _ subject: Change.Subject, _ operation: Change.Operation, _ name: String, _ valid: TimeInterval64
    ) {
        changes.append(Change(systemTime: systemTime, subject: subject, operation: operation, id: name, valid: valid))
    }

    func catalogId(_ kind: CatalogKind, _ name: String) -> UInt32 {
        // Consecutive writes mostly repeat a label or type: one comparison instead of two dictionary lookups.
        if let last = lastCatalogHit, last.kind == kind, last.name == name { return last.id }
        if let id = catalog.id(kind, name) {
            lastCatalogHit = (kind, name, id)
            return id
        }
        if let added = catalogAdditions.first(where: { $0.kind == kind && $0.name == name }) { return added.id }
        let id = state.nextCatalogId
        state.nextCatalogId += 1
        catalogAdditions.append((kind, name, id))
        return id
    }

    /// The internal id of an entity, allocating one when `create` is set and the name is new.
    func entityId(_ name: String, create: Bool) throws(GraphError) -> UInt64? {
        if let id = names.entityId(name) { return id }
        do {
            if !names.isComplete { try settle() }
            if !names.isComplete, let bytes = try store.get(Keys.entityIdByName(name)) {
                var reader = ByteReader(bytes, context: "entity id")
                let id = try reader.readFixed64()
                names.remember(entity: name, id: id)
                return id
            }
        } catch {
            throw GraphError.wrap(error)
        }
        guard create else { return nil }
        let id = state.nextEntityId
        state.nextEntityId += 1
        state.entityCount += 1
        newEntities.append((id, name))
        names.remember(entity: name, id: id)
        entities[id] = EntityState(id: id)
        return id
    }

    func entityState(_ id: UInt64) throws(GraphError) -> EntityState {
        if let existing = entities[id] { return existing }
        let entity = EntityState(id: id)
        let prefix = Keys.entityPrefix(.entityVersions, id)
        try scanBelieved(prefix: prefix) { (key: [UInt8], value: [UInt8]) throws(GraphError) in
            let times = try Self.decodeTimes(key, offset: 9)
            let record: (validTo: Int64, systemTo: Int64, content: EntityContent)
            do { record = try EntityRecordCodec.decode(value) } catch { throw GraphError.wrap(error) }
            entity.timeline.slots.append(
                Slot(
                    validFrom: times.validFrom, validTo: record.validTo, systemFrom: times.systemFrom,
                    systemTo: record.systemTo, content: record.content, stored: true))
        }
        entities[id] = entity
        return entity
    }

    private func endpoint(_ name: String, role: String, edge: String, at instant: Int64) throws(GraphError) -> UInt64 {
        guard let id = try entityId(name, create: false), try exists(id, at: instant) else {
            throw GraphError(
                .missingEndpoint,
                "edge \(edge): \(role) entity \"\(name)\" does not exist at \(Time.format(instant)) (its valid_from)")
        }
        return id
    }

    /// Whether entity `id` has a believed version valid at `instant`, counting this commit's writes.
    private func exists(_ id: UInt64, at instant: Int64) throws(GraphError) -> Bool {
        if let state = entities[id] { return state.timeline.isValid(at: instant) }
        if let intervals = names.validity(of: id) { return intervals.contains { $0.contains(instant) } }
        return try entityState(id).timeline.isValid(at: instant)
    }

    func edgeState(_ name: String, create: Bool) throws(GraphError) -> EdgeState? {
        if let id = names.edgeId(name) {
            if let loaded = edges[id] { return loaded }
            return try loadEdge(id, name: name)
        }
        let storedId: UInt64?
        do {
            if !names.isComplete { try settle() }
            if !names.isComplete, let bytes = try store.get(Keys.edgeIdByName(name)) {
                var reader = ByteReader(bytes, context: "edge id")
                storedId = try reader.readFixed64()
            } else {
                storedId = nil
            }
        } catch {
            throw GraphError.wrap(error)
        }
        if let storedId { return try loadEdge(storedId, name: name) }
        guard create else { return nil }
        let id = state.nextEdgeId
        state.nextEdgeId += 1
        state.edgeIdCount += 1
        newEdges.append((id, name))
        names.remember(edge: name, id: id)
        let edge = EdgeState(id: id, name: name)
        edges[id] = edge
        return edge
    }

    func loadEdge(_ id: UInt64, name: String) throws(GraphError) -> EdgeState {
        if let existing = edges[id] { return existing }
        let edge = EdgeState(id: id, name: name)
        try scanBelieved(prefix: Keys.entityPrefix(.edgeVersions, id)) {
            (key: [UInt8], value: [UInt8]) throws(GraphError) in
            let times = try Self.decodeTimes(key, offset: 9)
            let record: (validTo: Int64, systemTo: Int64, content: EdgeContent, name: String)
            do { record = try EdgeRecordCodec.decode(value) } catch { throw GraphError.wrap(error) }
            edge.timeline.slots.append(
                Slot(
                    validFrom: times.validFrom, validTo: record.validTo, systemFrom: times.systemFrom,
                    systemTo: record.systemTo, content: record.content, stored: true))
        }
        names.remember(edge: name, id: id)
        edges[id] = edge
        return edge
    }

    /// Retracts, over `valid`, every believed edge version that touches entity `id`.
    private func detach(_ id: UInt64, over valid: TimeInterval64) throws(GraphError) {
        var edgeIds = Set<UInt64>()
        do {
            try scanBelieved(prefix: Keys.adjacencyPrefix(id)) {
                (key: [UInt8], _) throws(GraphError) in
                let edgeId = key.withUnsafeBufferPointer { buffer in
                    var reader = KeyReader(buffer, offset: 22)
                    return try? reader.readUInt64()
                }
                guard let edgeId else { throw GraphError(.corruption, "corrupt adjacency key") }
                edgeIds.insert(edgeId)
            }
        }
        for (edgeId, edge) in edges
        where edge.timeline.slots.contains(where: { $0.isBelieved && ($0.content.from == id || $0.content.to == id) }) {
            edgeIds.insert(edgeId)
        }
        for edgeId in edgeIds.sorted() {
            let edge: EdgeState
            if let loaded = edges[edgeId] {
                edge = loaded
            } else {
                edge = try loadEdge(edgeId, name: try edgeName(edgeId))
            }
            let touches = { (content: EdgeContent) in content.from == id || content.to == id }
            if edge.timeline.retract(over: valid, at: systemTime, matching: touches) {
                edge.touched = true
                record(.edge, .delete, edge.name, valid)
            }
        }
    }

    private func edgeName(_ id: UInt64) throws(GraphError) -> String {
        try settle()
        let bytes: [UInt8]?
        do {
            let cursor = store.cursor(
                from: Keys.entityPrefix(.edgeVersions, id), to: Keys.entityPrefix(.edgeVersions, id + 1))
            cursor.seekToFirst()
            bytes = cursor.isValid ? cursor.value : nil
            try cursor.checkStatus()
        } catch { throw GraphError.wrap(error) }
        guard let bytes else { throw GraphError(.corruption, "adjacency refers to edge #\(id), which has no versions") }
        do { return try EdgeRecordCodec.decode(bytes).name } catch { throw GraphError.wrap(error) }
    }

    /// Calls `body` for each stored record under `prefix` whose systemTo is open (still believed).
    func scanBelieved(prefix: [UInt8], _ body: ([UInt8], [UInt8]) throws(GraphError) -> Void) throws(GraphError) {
        try settle()
        let cursor = store.cursor(from: prefix, to: prefix.prefixSuccessor())
        cursor.seekToFirst()
        while cursor.isValid {
            let value = cursor.value
            let ends: (validTo: Int64, systemTo: Int64)
            do { ends = try EntityRecordCodec.ends(value, what: "version") } catch { throw GraphError.wrap(error) }
            if ends.systemTo == Time.forever { try body(cursor.key, value) }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
    }

    static func decodeTimes(_ key: [UInt8], offset: Int) throws(GraphError) -> (validFrom: Int64, systemFrom: Int64) {
        let decoded = key.withUnsafeBufferPointer { buffer -> (Int64, Int64)? in
            var reader = KeyReader(buffer, offset: offset)
            guard let validFrom = try? reader.readInt64(descending: true),
                let systemFrom = try? reader.readInt64(descending: true)
            else { return nil }
            return (validFrom, systemFrom)
        }
        guard let decoded else { throw GraphError(.corruption, "corrupt version key") }
        return decoded
    }
}
