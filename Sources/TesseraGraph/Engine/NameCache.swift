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

    init(capacity: Int = 1 << 20) { self.capacity = capacity }

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
            entities.removeAll(keepingCapacity: true)
            entityNames.removeAll(keepingCapacity: true)
        }
        entities[name] = id
        entityNames[id] = name
    }

    func remember(edge name: String, id: UInt64) {
        if edges.count >= capacity { edges.removeAll(keepingCapacity: true) }
        edges[name] = id
    }

    /// Forgets everything (after a failed write, whose new ids were never stored).
    func clear() {
        entities.removeAll()
        edges.removeAll()
        entityNames.removeAll()
        validity.removeAll()
    }
}
