import TesseraCore
import TesseraStorage

extension GraphReader {
    /// The property indexes as this reader's snapshot has them (a definition may be newer than the snapshot,
    /// and only what the snapshot says is safe to read through it).
    public func propertyIndexes() throws(GraphError) -> [PropertyIndex] {
        let current = graph.propertyIndexCatalog.withLock { $0 }
        // No index declared now: an older snapshot can only hold dropped ones, which nothing needs.
        if current.indexes.isEmpty { return [] }
        // The catalog in memory, unless it was written after the snapshot may have been taken.
        guard let snapshot, snapshot.sequenceAtLeast < current.writtenBy else { return current.indexes }
        return try PropertyIndexCatalog.load(from: store, snapshot: snapshot).indexes
    }

    /// Entities whose version valid at `validAt` (default: now), as believed at `system`, carries the index's
    /// label and a value of its property inside one of `ranges`, in internal-id order.
    ///
    /// - Throws: ``GraphError/Kind/indexNotFound`` when the index is not online in this reader's snapshot.
    public func entities(
        in index: PropertyIndex, matching ranges: [PropertyIndexRange], validAt: Int64? = nil,
        system: SystemTimePin = .latest, limit: Int = .max
    ) throws(GraphError) -> [EntityVersion] {
        let instant = validAt ?? Time.nowMicros()
        var result: [EntityVersion] = []
        for entity in try indexedEntities(index, ranges) {
            guard result.count < limit else { break }
            guard let version = try version(of: entity, named: try name(of: entity), validAt: instant, system: system),
                version.labels.contains(index.label), let value = version.properties[index.property],
                ranges.contains(where: { $0.contains(value) })
            else { continue }
            result.append(version)
        }
        return result
    }

    /// External ids of the entities that had, in some version at any valid or system time, the index's
    /// label and a value inside one of `ranges`, in internal-id order (candidates for interval reads).
    ///
    /// - Throws: ``GraphError/Kind/indexNotFound`` when the index is not online in this reader's snapshot.
    public func entityIds(in index: PropertyIndex, matching ranges: [PropertyIndexRange]) throws(GraphError)
        -> [String]
    {
        var result: [String] = []
        for entity in try indexedEntities(index, ranges) { result.append(try name(of: entity)) }
        return result
    }

    /// Internal ids with an entry inside one of `ranges`, each once, ascending.
    func indexedEntities(_ index: PropertyIndex, _ ranges: [PropertyIndexRange]) throws(GraphError) -> [UInt64] {
        try requireOnline(index)
        let prefix = Keys.propertyIndexPrefix(index.id)
        var entities = Set<UInt64>()
        for range in ranges where !range.isEmpty {
            let cursor = store.cursor(from: prefix + range.lower, to: prefix + range.upper, snapshot: snapshot)
            cursor.seekToFirst()
            while cursor.isValid {
                let entity = cursor.withKey { key -> UInt64? in
                    guard key.count >= 13 else { return nil }
                    var reader = KeyReader(key, offset: key.count - 8)
                    return try? reader.readUInt64()
                }
                guard let entity else { throw GraphError(.corruption, "corrupt property index key") }
                entities.insert(entity)
                cursor.next()
            }
            do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        }
        return entities.sorted()
    }

    private func requireOnline(_ index: PropertyIndex) throws(GraphError) {
        let stored = try PropertyIndexCatalog.load(from: store, snapshot: snapshot).index(id: index.id)
        guard let stored, stored.state == .online else {
            throw GraphError(
                .indexNotFound,
                "index '\(index.name)' is not online in this reader's snapshot (\(stored == nil ? "absent" : "populating"))"
            )
        }
    }
}

extension Graph {
    /// Entities whose version at `validAt`, as believed at `system`, has the index's label and a value in
    /// one of `ranges` (see ``GraphReader/entities(in:matching:validAt:system:limit:)``).
    public func entities(
        in index: PropertyIndex, matching ranges: [PropertyIndexRange], validAt: Int64? = nil,
        system: SystemTimePin = .latest, limit: Int = .max
    ) throws(GraphError) -> [EntityVersion] {
        try GraphReader(graph: self, snapshot: nil).entities(
            in: index, matching: ranges, validAt: validAt, system: system, limit: limit)
    }
}
