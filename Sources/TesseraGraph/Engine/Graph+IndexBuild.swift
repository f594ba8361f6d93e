import Foundation
import TesseraCore
import TesseraStorage

extension Graph {
    /// Fills a populating index from the versions stored before it was defined.
    ///
    /// Reads one snapshot (taken after the definition, so every later commit maintains the index itself)
    /// entity by entity from where an earlier build stopped; every batch of entries is written together
    /// with the new resume point, under the writer lock, after checking that the index still exists.
    func backfill(_ index: PropertyIndex, batchVersions: Int, progress: (IndexBuildProgress) -> Void)
        throws(GraphError)
    {
        let started = Date()
        let snapshot = store.snapshot()
        var report = IndexBuildProgress(
            versionsScanned: 0, versionsTotal: statistics().versions, entriesWritten: 0, elapsedSeconds: 0)
        guard let labelId = catalog.withLock({ $0.id(.label, index.label) }) else {
            progress(report)
            return
        }
        let start = index.builtThrough == 0 ? 0 : index.builtThrough + 1
        let cursor = store.cursor(
            from: Keys.entityPrefix(.entityVersions, start), to: [Keyspace.entityVersions.rawValue + 1],
            snapshot: snapshot)
        var keys: [[UInt8]] = []
        var pendingVersions = 0
        var entity: UInt64 = 0
        var done: UInt64 = index.builtThrough
        cursor.seekToFirst()
        while cursor.isValid {
            let id = try Self.entityOfVersionKey(cursor)
            if id != entity {
                done = entity == 0 ? done : entity
                entity = id
                if pendingVersions >= batchVersions {
                    report.entriesWritten += try writeBuildBatch(index, keys, builtThrough: done)
                    report.elapsedSeconds = Date().timeIntervalSince(started)
                    progress(report)
                    keys.removeAll(keepingCapacity: true)
                    pendingVersions = 0
                }
            }
            if let key = try Self.indexKey(of: cursor.value, entity: id, labelId: labelId, index: index) {
                keys.append(key)
            }
            pendingVersions += 1
            report.versionsScanned += 1
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        report.entriesWritten += try writeBuildBatch(index, keys, builtThrough: max(done, entity))
        report.elapsedSeconds = Date().timeIntervalSince(started)
        progress(report)
    }

    /// The entry key for one stored version record, nil when the version has no indexed value.
    static func indexKey(of record: [UInt8], entity: UInt64, labelId: UInt32, index: PropertyIndex)
        throws(GraphError) -> [UInt8]?
    {
        var reader = ByteReader(record, offset: 16, context: "entity version")
        do {
            guard try PropertyLookup.labels(&reader).contains(labelId),
                let value = try PropertyLookup.value(&reader, index.property),
                let encoded = IndexValueEncoding.encode(value)
            else { return nil }
            return Keys.propertyIndex(index.id, value: encoded, entity: entity)
        } catch { throw GraphError.wrap(error) }
    }

    static func entityOfVersionKey(_ cursor: Cursor) throws(GraphError) -> UInt64 {
        let id = cursor.withKey { key -> UInt64? in
            var reader = KeyReader(key, offset: 1)
            return try? reader.readUInt64()
        }
        guard let id else { throw GraphError(.corruption, "corrupt entity version key") }
        return id
    }

    /// Writes one batch of built entries with the resume point; returns the number of distinct entries.
    private func writeBuildBatch(_ index: PropertyIndex, _ keys: [[UInt8]], builtThrough: UInt64) throws(GraphError)
        -> Int
    {
        let sorted = keys.sorted { $0.lexicographicallyPrecedes($1) }
        return try withCatalogWrite(durability: .logged) {
            (catalog: inout PropertyIndexCatalog, batch: WriteBatch) throws(GraphError) -> Int in
            guard var current = catalog.index(id: index.id) else { throw Self.droppedWhileBuilding(index) }
            var written = 0
            var previous: [UInt8]?
            for key in sorted where key != previous {
                batch.put(key, [])
                previous = key
                written += 1
            }
            current.builtThrough = max(current.builtThrough, builtThrough)
            catalog.replace(current)
            batch.put(PropertyIndexCatalog.key, catalog.encoded())
            return written
        }
    }
}
