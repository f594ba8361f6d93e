import TesseraCore
import TesseraGeometry
import TesseraStorage

extension GraphReader {
    /// Edges of entity `id` valid at `validAt` (default: now) as believed at `system`.
    ///
    /// - Parameters:
    ///   - direction: outgoing, incoming or both (outgoing first).
    ///   - type: only edges of this relation type, when given.
    public func edges(
        of id: String, direction: EdgeDirection = .both, type: String? = nil, validAt: Int64? = nil,
        system: SystemTimePin = .latest
    ) throws(GraphError) -> [EdgeVersion] {
        let instant = validAt ?? Time.nowMicros()
        return try edges(
            of: id, direction: direction, type: type, validFrom: instant, validTo: instant + 1, system: system)
    }

    /// Edge versions of entity `id` whose valid time overlaps `[validFrom, validTo)`, as believed at `system`.
    ///
    /// An edge with several versions in the interval is reported once per version.
    ///
    /// - Parameter withProperties: false leaves every edge's properties empty, without decoding them (for a caller
    ///   that only follows the edges).
    public func edges(
        of id: String, direction: EdgeDirection = .both, type: String? = nil, validFrom rangeFrom: Int64,
        validTo rangeTo: Int64, system: SystemTimePin = .latest, withProperties: Bool = true
    ) throws(GraphError) -> [EdgeVersion] {
        guard let internalId = try entityId(id) else { return [] }
        var typeId: UInt32?
        if let type {
            guard let known = graph.catalog.withLock({ $0.id(.relationType, type) }) else { return [] }
            typeId = known
        }
        return try cursors.withCursor(store, snapshot: snapshot) { cursor throws(GraphError) in
            try edges(
                of: id, internalId: internalId, direction: direction, typeId: typeId, validFrom: rangeFrom,
                validTo: rangeTo, system: system, withProperties: withProperties, cursor: cursor)
        }
    }

    private func edges(
        of id: String, internalId: UInt64, direction: EdgeDirection, typeId: UInt32?, validFrom rangeFrom: Int64,
        validTo rangeTo: Int64, system: SystemTimePin, withProperties: Bool, cursor: Cursor
    ) throws(GraphError) -> [EdgeVersion] {
        var result: [EdgeVersion] = []
        let catalog = graph.catalog.withLock { $0 }
        // Both directions of an entity share one prefix: one iterator, one seek.
        let side: EdgeSide? = direction == .both ? nil : (direction == .outgoing ? .outgoing : .incoming)
        let prefix = Keys.adjacencyPrefix(internalId, side: side, type: typeId)
        cursor.seek(prefix)
        while cursor.isValid {
            guard
                let header = cursor.withKey({ key -> (EdgeSide, UInt32, UInt64, Int64, Int64)?? in
                    guard key.starts(with: prefix) else { return .none }
                    guard key.count == Keys.adjacencyKeyBytes, let side = EdgeSide(rawValue: key[9]) else {
                        return .some(nil)
                    }
                    var reader = KeyReader(key, offset: 10)
                    guard let relation = try? reader.readUInt32(), let far = try? reader.readUInt64(),
                        (try? reader.readUInt64()) != nil, let validFrom = try? reader.readInt64(descending: true),
                        let systemFrom = try? reader.readInt64(descending: true)
                    else { return .some(nil) }
                    return (side, relation, far, validFrom, systemFrom)
                })
            else { break }
            guard let (entrySide, relation, far, validFrom, systemFrom) = header else {
                throw GraphError(.corruption, "corrupt adjacency key")
            }
            // With both directions a self-loop was already reported by its outgoing entry.
            let duplicate = side == nil && entrySide == .incoming && far == internalId
            // The interval ends lead the record: reject on them in place before copying it.
            let admitted = cursor.withValue { value -> Bool in
                guard value.count >= 16 else { return true }  // the decoder reports the corruption
                return rangeFrom < Int64(bitPattern: value.fixed64(at: 0))
                    && system.admits(systemFrom: systemFrom, systemTo: Int64(bitPattern: value.fixed64(at: 8)))
            }
            if admitted && validFrom < rangeTo && !duplicate && (typeId == nil || typeId == relation) {
                let edge: EdgeVersion?
                do {
                    edge = try RecordDecoder.adjacency(
                        cursor.value, near: id, outgoing: entrySide == .outgoing, type: catalog.name(of: relation),
                        validFrom: validFrom, systemFrom: systemFrom, after: rangeFrom, system: system,
                        withProperties: withProperties)
                } catch { throw GraphError.wrap(error) }
                if let edge { result.append(edge) }
            }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return result
    }

    /// Every version of edge `id` on both time axes, ordered by valid-from, then system-from.
    public func edgeHistory(of id: String) throws(GraphError) -> [EdgeVersion] {
        let internalId: UInt64
        do {
            guard let bytes = try store.get(Keys.edgeIdByName(id), snapshot: snapshot) else { return [] }
            var reader = ByteReader(bytes, context: "edge id")
            internalId = try reader.readFixed64()
        } catch {
            throw GraphError.wrap(error)
        }
        let prefix = Keys.entityPrefix(.edgeVersions, internalId)
        let cursor = store.cursor(from: prefix, to: prefix.prefixSuccessor(), snapshot: snapshot)
        var versions: [EdgeVersion] = []
        cursor.seekToLast()
        while cursor.isValid {
            let record: (validTo: Int64, systemTo: Int64, content: EdgeContent, name: String)
            do { record = try EdgeRecordCodec.decode(cursor.value) } catch { throw GraphError.wrap(error) }
            let times = try CommitContext.decodeTimes(cursor.key, offset: 9)
            var reader = ByteReader(record.content.propertyBytes, context: "edge properties")
            let properties: [String: Value]
            do { properties = try ValueCodec.decodeMap(from: &reader) } catch { throw GraphError.wrap(error) }
            versions.append(
                EdgeVersion(
                    id: id, from: try name(of: record.content.from), to: try name(of: record.content.to),
                    type: graph.catalog.withLock { $0.name(of: record.content.type) }, properties: properties,
                    valid: TimeInterval64(from: times.validFrom, to: record.validTo),
                    system: TimeInterval64(from: times.systemFrom, to: record.systemTo)))
            cursor.previous()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return versions
    }

    /// External ids of every entity that carried `label` in any version, in internal-id order.
    public func entityIds(withLabel label: String) throws(GraphError) -> [String] {
        guard let labelId = graph.catalog.withLock({ $0.id(.label, label) }) else { return [] }
        let prefix = Keys.labelPrefix(labelId)
        let cursor = store.cursor(from: prefix, to: prefix.prefixSuccessor(), snapshot: snapshot)
        var result: [String] = []
        cursor.seekToFirst()
        while cursor.isValid {
            let entity = cursor.withKey { key -> UInt64? in
                var reader = KeyReader(key, offset: 5)
                return try? reader.readUInt64()
            }
            guard let entity else { throw GraphError(.corruption, "corrupt label key") }
            result.append(try name(of: entity))
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return result
    }

    /// External ids of every entity ever written, in internal-id order.
    public func allEntityIds() throws(GraphError) -> [String] {
        let prefix = [Keyspace.entityNameById.rawValue]
        let cursor = store.cursor(from: prefix, to: prefix.prefixSuccessor(), snapshot: snapshot)
        var result: [String] = []
        cursor.seekToFirst()
        while cursor.isValid {
            result.append(String(decoding: cursor.value, as: UTF8.self))
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return result
    }

    func name(of entity: UInt64) throws(GraphError) -> String {
        do {
            guard let bytes = try store.get(Keys.entityNameById(entity), snapshot: snapshot) else {
                throw GraphError(.corruption, "entity #\(entity) has no external id")
            }
            return String(decoding: bytes, as: UTF8.self)
        } catch let error as StorageError {
            throw GraphError.wrap(error)
        } catch let error as GraphError {
            throw error
        } catch {
            throw GraphError(.storage, "\(error)")
        }
    }

    /// Entities carrying `label` valid at `validAt` (default: now) as believed at `system`, in internal-id order.
    ///
    /// - Parameter limit: stop after this many entities.
    public func entities(
        withLabel label: String, validAt: Int64? = nil, system: SystemTimePin = .latest, limit: Int = .max
    ) throws(GraphError) -> [EntityVersion] {
        guard let labelId = graph.catalog.withLock({ $0.id(.label, label) }) else { return [] }
        let instant = validAt ?? Time.nowMicros()
        let prefix = Keys.labelPrefix(labelId)
        let cursor = store.cursor(from: prefix, to: prefix.prefixSuccessor(), snapshot: snapshot)
        var result: [EntityVersion] = []
        cursor.seekToFirst()
        while cursor.isValid && result.count < limit {
            let entity = cursor.withKey { key -> UInt64? in
                var reader = KeyReader(key, offset: 5)
                return try? reader.readUInt64()
            }
            guard let entity else { throw GraphError(.corruption, "corrupt label key") }
            if let version = try version(of: entity, named: try name(of: entity), validAt: instant, system: system),
                version.labels.contains(label)
            {
                result.append(version)
            }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return result
    }

    /// Calls `body` with each entity valid at `validAt` as believed at `system` (those carrying `label` when one
    /// is given), in internal-id order, reading each version only when the scan reaches it; stops when `body`
    /// returns false. Memory stays flat however many entities there are.
    public func forEachEntity(
        withLabel label: String?, validAt: Int64, system: SystemTimePin = .latest, _ body: (EntityVersion) -> Bool
    ) throws(GraphError) {
        try scanEntities(withLabel: label) { (entity, knownName) throws(GraphError) -> Bool in
            let name: String
            if let knownName { name = knownName } else { name = try self.name(of: entity) }
            guard let version = try version(of: entity, named: name, validAt: validAt, system: system),
                label.map(version.labels.contains) ?? true
            else { return true }
            return body(version)
        }
    }

    /// ``forEachEntity(withLabel:validAt:system:_:)`` at the instant `now` in the latest belief, with the versions
    /// the R-tree of the present holds taken from it (``EntityNow/kept(_:_:)``: no read of the version or of the
    /// entity's name) and the others read (``EntityNow/read(_:)``: entities without geometry). Where the R-tree
    /// no longer reflects this reader's snapshot (a commit landed since), every version is read.
    public func forEachEntityNow(withLabel label: String?, at now: Int64, _ body: (EntityNow) -> Bool)
        throws(GraphError)
    {
        let labelId: UInt32?
        if let label {
            guard let known = graph.catalog.withLock({ $0.id(.label, label) }) else { return }
            labelId = known
        } else {
            labelId = nil
        }
        if !graph.hasCurrentSpace { _ = try graph.currentSpace() }
        let commits = snapshot == nil ? nil : try commitCount()
        let catalog = graph.catalog.withLock { $0 }
        var labelNames: [[UInt32]: [String]] = [:]
        try scanEntities(withLabel: label) { (entity, knownName) throws(GraphError) -> Bool in
            // The R-tree's version of the entity valid at `now`, looked up under its lock (a commit may change the
            // R-tree while the scan runs: then it no longer matches the snapshot and the store answers).
            let kept = graph.presentEntries(of: CollectionOfOne(entity), at: now, commits: commits)?.first ?? nil
            if let kept {
                if let labelId, !kept.labels.contains(labelId) { return true }
                let names: [String]
                if let shared = labelNames[kept.labels] {
                    names = shared
                } else {
                    names = CurrentSpace.names(kept.labels, catalog)
                    labelNames[kept.labels] = names
                }
                return body(.kept(kept.hit(labels: names), kept.geometry))
            }
            let name: String
            if let knownName { name = knownName } else { name = try self.name(of: entity) }
            guard let version = try version(of: entity, named: name, validAt: now, system: .latest),
                label.map(version.labels.contains) ?? true
            else { return true }
            return body(.read(version))
        }
    }

    /// Walks the label index entries of `label` (the entity-name entries when nil) in internal-id order, calling
    /// `visit` with each entity and, from name entries, its external id; stops when `visit` returns false.
    private func scanEntities(
        withLabel label: String?, _ visit: (UInt64, String?) throws(GraphError) -> Bool
    ) throws(GraphError) {
        let prefix: [UInt8]
        if let label {
            guard let labelId = graph.catalog.withLock({ $0.id(.label, label) }) else { return }
            prefix = Keys.labelPrefix(labelId)
        } else {
            prefix = [Keyspace.entityNameById.rawValue]
        }
        let cursor = store.cursor(from: prefix, to: prefix.prefixSuccessor(), snapshot: snapshot)
        cursor.seekToFirst()
        while cursor.isValid {
            // Label entries: label | entity; name entries: entity -> external id.
            let entity = cursor.withKey { key -> UInt64? in
                var reader = KeyReader(key, offset: label == nil ? 1 : 5)
                return try? reader.readUInt64()
            }
            guard let entity else {
                throw GraphError(.corruption, "corrupt \(label == nil ? "entity name" : "label") key")
            }
            let name = label == nil ? String(decoding: cursor.value, as: UTF8.self) : nil
            guard try visit(entity, name) else { return }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
    }

    /// Change-log entries with system time in `[from, to)`, oldest first.
    public func changes(fromSystemTime from: Int64, toSystemTime to: Int64 = Time.forever, limit: Int = .max)
        throws(GraphError) -> [Change]
    {
        let cursor = store.cursor(
            from: Keys.changeSeek(systemTime: from), to: Keys.changeSeek(systemTime: to), snapshot: snapshot)
        var result: [Change] = []
        cursor.seekToFirst()
        while cursor.isValid && result.count < limit {
            defer { if result.count > limit { result.removeLast(result.count - limit) } }
            let key = cursor.key
            let systemTime = key.withUnsafeBufferPointer { buffer in
                var reader = KeyReader(buffer, offset: 1)
                return (try? reader.readInt64()) ?? 0
            }
            do { result.append(contentsOf: try ChangeCodec.decode(cursor.value, systemTime: systemTime)) } catch {
                throw GraphError.wrap(error)
            }
            cursor.next()
        }
        do { try cursor.checkStatus() } catch { throw GraphError.wrap(error) }
        return result
    }
}

extension RecordDecoder {
    /// An adjacency entry as an edge version, or nil when it is not visible at (`instant`, `system`).
    static func adjacency(
        _ value: [UInt8], near: String, outgoing: Bool, type: String, validFrom: Int64, systemFrom: Int64,
        after rangeFrom: Int64, system: SystemTimePin, withProperties: Bool = true
    ) throws(CorruptionError) -> EdgeVersion? {
        var reader = ByteReader(value, context: "adjacency entry")
        let validTo = Int64(bitPattern: try reader.readFixed64())
        let systemTo = Int64(bitPattern: try reader.readFixed64())
        guard rangeFrom < validTo, system.admits(systemFrom: systemFrom, systemTo: systemTo) else { return nil }
        let edgeName = try reader.readString()
        let farName = try reader.readString()
        _ = try reader.readVarint()
        let properties = withProperties ? try ValueCodec.decodeMap(from: &reader) : [:]
        return EdgeVersion(
            id: edgeName, from: outgoing ? near : farName, to: outgoing ? farName : near, type: type,
            properties: properties, valid: TimeInterval64(from: validFrom, to: validTo),
            system: TimeInterval64(from: systemFrom, to: systemTo))
    }
}

extension Graph {
    /// Edges of entity `id` valid at `validAt` (default: now) as believed at `system`.
    public func edges(
        of id: String, direction: EdgeDirection = .both, type: String? = nil, validAt: Int64? = nil,
        system: SystemTimePin = .latest
    ) throws(GraphError) -> [EdgeVersion] {
        try GraphReader(graph: self, snapshot: nil).edges(
            of: id, direction: direction, type: type, validAt: validAt, system: system)
    }

    /// Every version of edge `id` on both time axes.
    public func edgeHistory(of id: String) throws(GraphError) -> [EdgeVersion] {
        try GraphReader(graph: self, snapshot: nil).edgeHistory(of: id)
    }

    /// Entities carrying `label` valid at `validAt` as believed at `system`.
    public func entities(
        withLabel label: String, validAt: Int64? = nil, system: SystemTimePin = .latest, limit: Int = .max
    ) throws(GraphError) -> [EntityVersion] {
        try GraphReader(graph: self, snapshot: nil).entities(
            withLabel: label, validAt: validAt, system: system, limit: limit)
    }

    /// Change-log entries with system time in `[from, to)`.
    public func changes(fromSystemTime from: Int64, toSystemTime to: Int64 = Time.forever, limit: Int = .max)
        throws(GraphError) -> [Change]
    {
        try GraphReader(graph: self, snapshot: nil).changes(fromSystemTime: from, toSystemTime: to, limit: limit)
    }
}

/// An entity found by ``GraphReader/forEachEntityNow(withLabel:at:_:)``.
public enum EntityNow: Sendable {
    /// The version as the R-tree of the present keeps it, with its parsed geometry.
    case kept(SpatialHit, Geometry?)
    /// The version read from the store.
    case read(EntityVersion)
}
