/// External id -> internal id for entities and edges resolved by recent commits, bounded in size.
///
/// Why @unchecked Sendable: it is only read and written while the writer lock is held
/// (``Graph/commit(_:durability:)`` and the bulk loader), which serializes every access.
final class NameCache: @unchecked Sendable {
    private var entities: [String: UInt64] = [:]
    private var edges: [String: UInt64] = [:]
    private var entityNames: [UInt64: String] = [:]
    private var validity: [UInt64: [TimeInterval64]] = [:]
    let capacity: Int
    /// Whether every entity and edge name in the database is in the cache, so that a miss means
    /// "absent" without asking the store. True for a database that was empty when opened, until the
    /// cache is cleared or evicts.
    private(set) var isComplete = false

    init(capacity: Int = 1 << 21) { self.capacity = capacity }

    /// Declares the cache complete (the database holds no names yet).
    func markComplete() { isComplete = true }

    func entityId(_ name: String) -> UInt64? { entities[name] }
    func edgeId(_ name: String) -> UInt64? { edges[name] }
    func entityName(_ id: UInt64) -> String? { entityNames[id] }

    /// The believed valid-time intervals of an entity, as of the last commit that touched it.
    func validity(of id: UInt64) -> [TimeInterval64]? { validity[id] }

    func remember(validity intervals: [TimeInterval64], of id: UInt64) {
        if validity.count >= capacity { validity.removeAll(keepingCapacity: true) }
        validity[id] = intervals
    }

    func remember(entity name: String, id: UInt64) {
        if entities.count >= capacity {
            isComplete = false
            entities.removeAll(keepingCapacity: true)
            entityNames.removeAll(keepingCapacity: true)
        }
        entities[name] = id
        entityNames[id] = name
    }

    func remember(edge name: String, id: UInt64) {
        if edges.count >= capacity {
            isComplete = false
            edges.removeAll(keepingCapacity: true)
        }
        edges[name] = id
    }

    /// Forgets everything (after a failed write, whose new ids were never stored).
    func clear() {
        isComplete = false
        entities.removeAll()
        edges.removeAll()
        entityNames.removeAll()
        validity.removeAll()
    }
}
