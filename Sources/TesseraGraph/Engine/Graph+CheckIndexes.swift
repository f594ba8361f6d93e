import TesseraCore
import TesseraStorage

/// What ``Checker`` knows about property indexes, and what it has counted.
struct PropertyIndexCheck {
    /// Every declared index, by id.
    var declared: [UInt32: PropertyIndex] = [:]
    /// Online indexes whose label is in the catalog, with its id: their entries must be complete.
    var checked: [(labelId: UInt32, index: PropertyIndex)] = []
    /// Entry keys expected for the entity being scanned (versions often repeat a value).
    var keysOfEntity = Set<[UInt8]>()
    /// Distinct entries expected per index.
    var expected: [UInt32: Int] = [:]
}

extension Checker {
    /// Loads the index definitions of the snapshot being checked.
    mutating func prepareIndexChecks(_ graph: Graph) throws(GraphError) {
        let catalog = try PropertyIndexCatalog.load(from: store, snapshot: snapshot)
        let labels = graph.catalog.withLock { $0 }
        for index in catalog.indexes {
            indexCheck.declared[index.id] = index
            if index.state == .online, let labelId = labels.id(.label, index.label) {
                indexCheck.checked.append((labelId, index))
            }
        }
    }

    /// Checks that every online index has the entry of one version (any valid or system time).
    mutating func checkIndexEntries(_ id: UInt64, _ content: EntityContent) throws {
        for (labelId, index) in indexCheck.checked where content.labels.contains(labelId) {
            guard let value = try content.propertyValue(index.property),
                let encoded = IndexValueEncoding.encode(value)
            else { continue }
            let key = Keys.propertyIndex(index.id, value: encoded, entity: id)
            guard indexCheck.keysOfEntity.insert(key).inserted else { continue }
            indexCheck.expected[index.id, default: 0] += 1
            if try store.get(key, snapshot: snapshot) == nil {
                problem("entity #\(id): index '\(index.name)' has no entry for \(index.property) = \(value)")
            }
        }
    }

    /// Counts the entries of every index: entries of no declared index, and more entries than the versions
    /// account for (stale entries: reads would still be right, as they re-check versions, but the engine
    /// never writes one), are problems.
    mutating func checkPropertyIndexes() throws {
        var counts: [UInt32: Int] = [:]
        var orphans = 0
        let declared = indexCheck.declared
        try scan(.propertyIndex) { cursor in
            let index = try cursor.key.withUnsafeBufferPointer { buffer in
                var reader = KeyReader(buffer, offset: 1)
                return try reader.readUInt32()
            }
            if declared[index] == nil {
                orphans += 1
            } else {
                counts[index, default: 0] += 1
            }
            report.propertyIndexEntries += 1
            tick()
        }
        if orphans > 0 { problem("\(orphans) property-index entries belong to no declared index") }
        for index in declared.values.sorted(by: { $0.id < $1.id }) where index.state == .online {
            let found = counts[index.id] ?? 0
            let expected = indexCheck.expected[index.id] ?? 0
            if found > expected {
                problem(
                    "index '\(index.name)': \(found) entries, \(expected) (value, entity) pairs in the versions: "
                        + "\(found - expected) stale")
            }
        }
    }
}
