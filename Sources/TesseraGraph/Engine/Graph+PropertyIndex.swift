import TesseraCore
import TesseraStorage

/// Where the build of a property index is.
public struct IndexBuildProgress: Sendable {
    /// Entity version records read so far.
    public var versionsScanned: Int
    /// Entity version records in the database when the build started (an estimate of the work).
    public var versionsTotal: Int
    /// Entries written so far by the build (commits made meanwhile write their own).
    public var entriesWritten: Int
    /// Seconds since the build started.
    public var elapsedSeconds: Double

    /// The fraction done, 0 to 1.
    public var fraction: Double {
        versionsTotal > 0 ? min(1, Double(versionsScanned) / Double(versionsTotal)) : 1
    }
}

/// What ``Graph/createPropertyIndex(named:label:property:ifNotExists:progress:)`` did.
public struct IndexCreation: Sendable, Equatable {
    /// The index, online.
    public var index: PropertyIndex
    /// Whether this call defined it (false: it existed, and `IF NOT EXISTS` made the call a no-op, or
    /// this call finished an interrupted build of it).
    public var created: Bool
}

extension Graph {
    /// Versions read by an index build between two writes of its entries (and resume points), by default.
    public static let indexBuildBatchVersions = 50_000

    /// The declared property indexes, populating and online, in creation order.
    public func propertyIndexes() -> [PropertyIndex] { propertyIndexCatalog.withLock { $0.indexes } }

    /// Creates a property index on `property` of the entities carrying `label`, fills it from the existing
    /// data and returns when it is online.
    ///
    /// Commits made during the build maintain the index already; the build reads one snapshot in batches
    /// and records how far it got, so calling this again after an interruption finishes the same index.
    ///
    /// - Parameters:
    ///   - name: a unique name; default `label_property`.
    ///   - ifNotExists: return the existing index instead of failing when one has this name, or covers the
    ///     same label and property.
    ///   - batchVersions: versions read between two writes of entries and of the resume point.
    ///   - progress: called after every batch of the build.
    /// - Throws: ``GraphError/Kind/indexNameTaken`` or ``GraphError/Kind/equivalentIndexExists`` (without
    ///   `ifNotExists`), ``GraphError/Kind/invalidName`` for unusable names.
    @discardableResult
    public func createPropertyIndex(
        named name: String? = nil, label: String, property: String, ifNotExists: Bool = false,
        batchVersions: Int = Graph.indexBuildBatchVersions, progress: (IndexBuildProgress) -> Void = { _ in }
    ) throws(GraphError) -> IndexCreation {
        let name = name ?? PropertyIndex.defaultName(label: label, property: property)
        try Validation.name(name, "index name")
        try Validation.name(label, "label")
        try Validation.name(property, "property key")
        guard property != "id" && property != "geometry" else {
            throw GraphError(
                .invalidName,
                "property '\(property)' cannot be indexed: `id` lookups use the id dictionary and `geometry` "
                    + "uses the space-time index; index an ordinary property instead")
        }
        let (index, defined) = try define(name: name, label: label, property: property, ifNotExists: ifNotExists)
        guard index.state == .populating else { return IndexCreation(index: index, created: false) }
        try waitForLoads()
        try backfill(index, batchVersions: max(1, batchVersions), progress: progress)
        let online = try markOnline(index)
        return IndexCreation(index: online, created: defined)
    }

    /// Drops the property index `name` and deletes its entries; false when there is none and `ifExists`.
    ///
    /// - Throws: ``GraphError/Kind/indexNotFound`` when there is no such index and not `ifExists`.
    @discardableResult
    public func dropPropertyIndex(named name: String, ifExists: Bool = false) throws(GraphError) -> Bool {
        try withCatalogWrite { (catalog: inout PropertyIndexCatalog, batch: WriteBatch) throws(GraphError) in
            guard let index = catalog.index(named: name) else {
                if ifExists { return false }
                throw GraphError(
                    .indexNotFound,
                    "there is no index named '\(name)' to drop (existing: \(Self.describe(catalog.indexes)))")
            }
            catalog.indexes.removeAll { $0.id == index.id }
            batch.put(PropertyIndexCatalog.key, catalog.encoded())
            batch.deleteRange(from: Keys.propertyIndexPrefix(index.id), to: Keys.propertyIndexPrefix(index.id + 1))
            return true
        }
    }

    /// How much of the existing data an index covers, in percent: 100 once online, the share of entities
    /// already backfilled while populating.
    public func populationPercent(of index: PropertyIndex) -> Double {
        guard index.state == .populating else { return 100 }
        let entities = max(1, statistics().entities)
        return min(100, (Double(index.builtThrough) / Double(entities) * 1000).rounded() / 10)
    }

    /// The number of entries of `index` (one scan of its key range).
    public func propertyIndexEntryCount(_ index: PropertyIndex) throws(GraphError) -> Int {
        let prefix = Keys.propertyIndexPrefix(index.id)
        let cursor = store.cursor(from: prefix, to: Keys.propertyIndexPrefix(index.id + 1))
        var count = 0
        cursor.seekToFirst()
        while cursor.isValid {
            count += 1
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return count
    }

    static func describe(_ indexes: [PropertyIndex]) -> String {
        indexes.isEmpty ? "none" : indexes.map { "'\($0.name)' on \($0.schemaText)" }.joined(separator: ", ")
    }

    /// Defines the index (populating), or finds the one the call refers to.
    func define(name: String, label: String, property: String, ifNotExists: Bool) throws(GraphError)
        -> (index: PropertyIndex, defined: Bool)
    {
        try withCatalogWrite { (catalog: inout PropertyIndexCatalog, batch: WriteBatch) throws(GraphError) in
            let wanted = PropertyIndex(id: 0, name: name, label: label, property: property, state: .populating)
            if let existing = catalog.index(named: name) {
                // Same definition left populating by an interrupted build: finish it.
                if existing.isEquivalent(to: wanted) && (existing.state == .populating || ifNotExists) {
                    return (existing, false)
                }
                if ifNotExists { return (existing, false) }
                throw GraphError(
                    existing.isEquivalent(to: wanted) ? .equivalentIndexExists : .indexNameTaken,
                    "an index named '\(name)' already exists, on \(existing.schemaText); choose another name, "
                        + "or add IF NOT EXISTS to accept the existing index")
            }
            if let equivalent = catalog.indexes.first(where: { $0.isEquivalent(to: wanted) }) {
                if ifNotExists { return (equivalent, false) }
                throw GraphError(
                    .equivalentIndexExists,
                    "an equivalent index already exists: '\(equivalent.name)' on \(equivalent.schemaText); "
                        + "add IF NOT EXISTS to accept it")
            }
            guard catalog.indexes.count < GraphLimits.maxPropertyIndexes else {
                throw GraphError(
                    .invalidName, "a database holds at most \(GraphLimits.maxPropertyIndexes) property indexes")
            }
            let index = PropertyIndex(
                id: catalog.nextId, name: name, label: label, property: property, state: .populating)
            catalog.nextId += 1
            catalog.indexes.append(index)
            batch.put(PropertyIndexCatalog.key, catalog.encoded())
            batch.put(WriterState.formatKey, WriterState.encodeFormat(Graph.formatVersion))
            return (index, true)
        }
    }

    /// Marks a built index online.
    private func markOnline(_ index: PropertyIndex) throws(GraphError) -> PropertyIndex {
        try withCatalogWrite { (catalog: inout PropertyIndexCatalog, batch: WriteBatch) throws(GraphError) in
            guard var current = catalog.index(id: index.id) else { throw Self.droppedWhileBuilding(index) }
            current.state = .online
            current.builtThrough = 0
            catalog.replace(current)
            batch.put(PropertyIndexCatalog.key, catalog.encoded())
            return current
        }
    }

    static func droppedWhileBuilding(_ index: PropertyIndex) -> GraphError {
        GraphError(.indexNotFound, "index '\(index.name)' was dropped while it was being built")
    }

    /// Under the writer lock: lets `body` change the index catalog and add writes, then writes them
    /// (synced) and publishes the new catalog. Nothing is written when `body` throws or adds nothing.
    func withCatalogWrite<Result>(
        durability: Durability = .synced,
        _ body: (inout PropertyIndexCatalog, WriteBatch) throws(GraphError) -> Result
    ) throws(GraphError) -> Result {
        try writer.withLock { (state: inout WriterState) throws(GraphError) -> Result in
            var catalog = propertyIndexCatalog.withLock { $0 }
            let batch = WriteBatch()
            let result = try body(&catalog, batch)
            guard batch.count > 0 else { return result }
            do {
                // A logged write must not survive a crash that loses earlier unlogged batches it builds on.
                if state.hasUnloggedWrites {
                    try store.flush()
                    state.hasUnloggedWrites = false
                }
            } catch { throw GraphError.wrap(error) }
            // Written and published under the catalog's lock: a reader that checks the catalog after taking its
            // snapshot sees either the state before this write (and then its snapshot predates the write) or
            // this one with its sequence number (``GraphReader/propertyIndexes()``).
            try propertyIndexCatalog.withLock { (published: inout PropertyIndexCatalog) throws(GraphError) in
                do { try store.write(batch, durability: durability) } catch { throw GraphError.wrap(error) }
                catalog.writtenBy = store.latestSequence
                published = catalog
            }
            return result
        }
    }

    /// Waits until every batch of a running bulk load reached the store, so a snapshot taken next holds
    /// every version committed before the index was defined.
    private func waitForLoads() throws(GraphError) {
        let loads = activeLoads.withLock { Array($0.values) }
        for load in loads {
            do { try load.waitIdle() } catch { throw GraphError.wrap(error) }
        }
    }
}
