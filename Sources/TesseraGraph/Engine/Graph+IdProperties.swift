import TesseraCore
import TesseraStorage

extension Graph {
    /// Establishes whether any entity version stores a property named `id` other than its external id, for a
    /// database whose engine state predates tracking it (new databases track it from their creation): one
    /// scan of every entity version, under the writer lock. Returns nil when it was already known (nothing
    /// scanned), else what the scan found. Afterwards lookups by an id that does not exist stop scanning the
    /// graph when the answer is false.
    @discardableResult
    public func establishIdPropertyTracking() throws(GraphError) -> Bool? {
        try writer.withLock { (state: inout WriterState) throws(GraphError) -> Bool? in
            guard state.storesIdProperty == nil else { return nil }
            let found = try scanForShadowingIdProperty()
            var updated = state
            updated.storesIdProperty = found
            let batch = WriteBatch()
            batch.put(WriterState.key, updated.encoded())
            do { try store.write(batch) } catch { throw GraphError.wrap(error) }
            state = updated
            return found
        }
    }

    /// Whether some stored entity version has an `id` property that is not its external id.
    private func scanForShadowingIdProperty() throws(GraphError) -> Bool {
        let reader = GraphReader(graph: self, snapshot: store.snapshot())
        let prefix = [Keyspace.entityVersions.rawValue]
        let cursor = store.cursor(from: prefix, to: prefix.prefixSuccessor(), snapshot: reader.snapshot)
        cursor.seek(prefix)
        var entity: UInt64 = 0
        var expected: [UInt8] = []
        while cursor.isValid {
            let key = cursor.key
            guard key.count >= 9 else { throw GraphError(.corruption, "short entity version key") }
            let id = key[1..<9].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let value = cursor.value
            do {
                var record = ByteReader(value, offset: 16, context: "entity version")
                let labelCount = try record.readVarint()
                for _ in 0..<labelCount { _ = try record.readVarint() }
                let properties = Array(try record.readLengthPrefixed())
                if let stored = try ValueCodec.encodedValue(in: properties, forKey: "id") {
                    if id != entity {
                        entity = id
                        expected = ValueCodec.encode(.string(try reader.name(of: id)))
                    }
                    if !stored.elementsEqual(expected) { return true }
                }
            } catch { throw GraphError.wrap(error) }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return false
    }
}
