import TesseraCore
import TesseraStorage

extension CommitContext {
    /// Whether the commit changes anything.
    var hasChanges: Bool { !changes.isEmpty }

    /// Writes everything the commit changed into `batch`: dictionary and catalog entries, versions,
    /// head, label and adjacency entries, the change log and the engine state.
    ///
    /// Keys are emitted in ascending order, key space by key space: RocksDB's memtable skip list
    /// inserts a run of ascending keys far faster than scattered ones (it reuses its last splice).
    func emit(into batch: WriteBatch) throws(GraphError) {
        for (id, name) in newEntities {
            var idBytes = ByteWriter(capacity: 8)
            idBytes.writeFixed64(id)
            batch.put(Keys.entityIdByName(name), idBytes.bytes)
        }
        for (id, name) in newEntities { batch.put(Keys.entityNameById(id), Array(name.utf8)) }
        for (id, name) in newEdges {
            var idBytes = ByteWriter(capacity: 8)
            idBytes.writeFixed64(id)
            batch.put(Keys.edgeIdByName(name), idBytes.bytes)
        }
        for addition in catalogAdditions {
            let id = addition.id
            batch.put(
                Keys.catalog(addition.kind, addition.name),
                [
                    UInt8(truncatingIfNeeded: id >> 24), UInt8(truncatingIfNeeded: id >> 16),
                    UInt8(truncatingIfNeeded: id >> 8), UInt8(truncatingIfNeeded: id),
                ])
        }
        let touchedEntities = entities.keys.sorted().compactMap { entities[$0] }.filter(\.touched)
        var labelEntries: [LabelEntry] = []
        var spaceEntries: [SpaceEntry] = []
        for entity in touchedEntities {
            try emitVersions(entity, into: batch, labels: &labelEntries, space: &spaceEntries)
        }
        var heads: [(name: String, entity: EntityState)] = []
        for entity in touchedEntities { heads.append((try entityName(entity.id), entity)) }
        heads.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for head in heads { emitHead(head.entity, name: head.name, into: batch) }
        labelEntries.sort()
        for entry in labelEntries { batch.put(Keys.label(entry.label, entry.entity), []) }
        emitSpace(spaceEntries, into: batch)
        try emitPropertyIndexEntries(touchedEntities, into: batch)
        try emitEdges(into: batch)
        emitChanges(into: batch)
        state.lastSystemTime = systemTime
        state.commitCount += 1
        batch.put(WriterState.key, state.encoded())
    }

    /// A label-index entry waiting to be written in key order.
    struct LabelEntry: Comparable {
        let label: UInt32
        let entity: UInt64

        static func < (a: LabelEntry, b: LabelEntry) -> Bool {
            a.label != b.label ? a.label < b.label : a.entity < b.entity
        }
    }

    private func emitVersions(
        _ entity: EntityState, into batch: WriteBatch, labels: inout [LabelEntry], space: inout [SpaceEntry]
    ) throws(GraphError) {
        // The label index records that an entity carries a label in some version; a label already on a
        // stored believed version has its entry (rewriting one would be harmless, only slower). Few labels per
        // entity: small arrays rather than sets.
        var added: [UInt32] = []
        for slot in entity.timeline.slots where !slot.stored {
            for label in slot.content.labels where !added.contains(label) { added.append(label) }
        }
        for slot in entity.timeline.slots where slot.stored && !added.isEmpty {
            added.removeAll { slot.content.labels.contains($0) }
        }
        for label in added { labels.append(LabelEntry(label: label, entity: entity.id)) }
        var changed = entity.timeline.slots.filter { !$0.stored || $0.dirty }
        if changed.count > 1 {
            changed.sort {
                $0.validFrom != $1.validFrom ? $0.validFrom > $1.validFrom : $0.systemFrom > $1.systemFrom
            }
        }
        var name: String?
        for slot in changed {
            let systemTo = slot.stored ? systemTime : Time.forever
            if !slot.stored { state.versionCount += 1 }
            batch.put(
                Keys.entityVersion(entity.id, validFrom: slot.validFrom, systemFrom: slot.systemFrom),
                EntityRecordCodec.encode(validTo: slot.validTo, systemTo: systemTo, content: slot.content))
            if let bounds = slot.content.bounds {
                if name == nil { name = try entityName(entity.id) }
                let value = SpaceTimeEntryCodec.encode(
                    validTo: slot.validTo, systemTo: systemTo, bounds: bounds, labels: slot.content.labels,
                    name: name ?? "")
                for placement in SpaceTimeIndex.placements(of: bounds, validFrom: slot.validFrom, validTo: slot.validTo)
                {
                    space.append(
                        SpaceEntry(
                            placement: placement, entity: entity.id, validFrom: slot.validFrom,
                            systemFrom: slot.systemFrom, value: value))
                }
            }
        }
    }

    /// A space-time entry waiting to be written in key order.
    struct SpaceEntry {
        let placement: SpaceTimeIndex.Placement
        let entity: UInt64
        let validFrom: Int64
        let systemFrom: Int64
        let value: [UInt8]

        func precedes(_ other: SpaceEntry) -> Bool {
            let a = placement
            let b = other.placement
            if a.tier != b.tier { return a.tier < b.tier }
            if a.level != b.level { return a.level < b.level }
            if a.bin != b.bin { return a.bin < b.bin }
            if a.cell != b.cell { return a.cell < b.cell }
            if entity != other.entity { return entity < other.entity }
            if validFrom != other.validFrom { return validFrom > other.validFrom }
            return systemFrom > other.systemFrom
        }
    }

    private func emitSpace(_ entries: [SpaceEntry], into batch: WriteBatch) {
        guard !entries.isEmpty else { return }
        for entry in entries.sorted(by: { $0.precedes($1) }) {
            batch.put(
                SpaceTimeIndex.key(
                    entry.placement, entity: entry.entity, validFrom: entry.validFrom, systemFrom: entry.systemFrom),
                entry.value)
            let slot = SpaceTimeIndex.slot(tier: entry.placement.tier, level: entry.placement.level)
            if !spaceSlots.contains(slot) { newSpaceSlots.insert(slot) }
        }
        if !newSpaceSlots.isEmpty {
            batch.put(SpaceSlots.key, SpaceSlots.encode(spaceSlots.union(newSpaceSlots)))
        }
    }

    private func emitHead(_ entity: EntityState, name: String, into batch: WriteBatch) {
        let believed = entity.timeline.slots.filter(\.isBelieved)
        names.remember(validity: believed.map { TimeInterval64(from: $0.validFrom, to: $0.validTo) }, of: entity.id)
        guard let head = believed.max(by: { $0.validFrom < $1.validFrom }) else {
            batch.delete(Keys.entityHead(name))
            return
        }
        var writer = ByteWriter(capacity: head.content.bytes.count + 40)
        writer.writeFixed64(entity.id)
        writer.writeFixed64(UInt64(bitPattern: head.validFrom))
        writer.writeFixed64(UInt64(bitPattern: head.systemFrom))
        writer.bytes.append(
            contentsOf: EntityRecordCodec.encode(validTo: head.validTo, systemTo: Time.forever, content: head.content))
        batch.put(Keys.entityHead(name), writer.bytes)
    }

    /// An adjacency entry waiting to be written in key order.
    struct AdjacencyEntry {
        let near: UInt64
        let position: AdjacencyPosition
        let value: [UInt8]

        func precedes(_ other: AdjacencyEntry) -> Bool {
            near != other.near ? near < other.near : position.precedes(other.position)
        }
    }

    private func emitEdges(into batch: WriteBatch) throws(GraphError) {
        var entries: [AdjacencyEntry] = []
        for id in edges.keys.sorted() {
            guard let edge = edges[id], edge.touched else { continue }
            let changed = edge.timeline.slots.filter { !$0.stored || $0.dirty }.sorted {
                $0.validFrom != $1.validFrom ? $0.validFrom > $1.validFrom : $0.systemFrom > $1.systemFrom
            }
            for slot in changed {
                let systemTo = slot.stored ? systemTime : Time.forever
                if !slot.stored { state.edgeVersionCount += 1 }
                let content = slot.content
                batch.put(
                    Keys.edgeVersion(edge.id, validFrom: slot.validFrom, systemFrom: slot.systemFrom),
                    EdgeRecordCodec.encode(validTo: slot.validTo, systemTo: systemTo, content: content, name: edge.name)
                )
                entries.append(
                    AdjacencyEntry(
                        near: content.from,
                        position: AdjacencyPosition(
                            side: .outgoing, type: content.type, far: content.to, edge: edge.id,
                            validFrom: slot.validFrom, systemFrom: slot.systemFrom),
                        value: AdjacencyCodec.encode(
                            validTo: slot.validTo, systemTo: systemTo, edgeName: edge.name,
                            farName: try entityName(content.to), properties: content.propertyBytes)))
                entries.append(
                    AdjacencyEntry(
                        near: content.to,
                        position: AdjacencyPosition(
                            side: .incoming, type: content.type, far: content.from, edge: edge.id,
                            validFrom: slot.validFrom, systemFrom: slot.systemFrom),
                        value: AdjacencyCodec.encode(
                            validTo: slot.validTo, systemTo: systemTo, edgeName: edge.name,
                            farName: try entityName(content.from), properties: content.propertyBytes)))
            }
        }
        do {
            for entry in entries.sorted(by: { $0.precedes($1) }) {
                batch.put(
                    Keys.adjacency(entry.near, entry.position),
                    entry.value)
            }
        }
    }

    /// Change-log records: the commit's changes in order, up to ``changesPerRecord`` per key.
    private func emitChanges(into batch: WriteBatch) {
        var sequence: UInt32 = 0
        var start = 0
        while start < changes.count {
            let end = min(start + ChangeCodec.changesPerRecord, changes.count)
            batch.put(
                Keys.change(systemTime: systemTime, sequence: sequence), ChangeCodec.encode(changes[start..<end]))
            sequence += 1
            start = end
        }
    }

    func entityName(_ id: UInt64) throws(GraphError) -> String {
        if let name = names.entityName(id) { return name }
        try settle()
        do {
            guard let bytes = try store.get(Keys.entityNameById(id)) else {
                throw GraphError(.corruption, "entity #\(id) has no external id")
            }
            let name = String(decoding: bytes, as: UTF8.self)
            names.remember(entity: name, id: id)
            return name
        } catch let error as StorageError {
            throw GraphError.wrap(error)
        } catch let error as GraphError {
            throw error
        } catch {
            throw GraphError(.storage, "\(error)")
        }
    }
}

/// Change-log values: a count, then per change its subject, operation, valid interval and external id.
enum ChangeCodec {
    /// Changes stored under one change-log key.
    static let changesPerRecord = 256

    static func encode(_ changes: ArraySlice<Change>) -> [UInt8] {
        var writer = ByteWriter(capacity: changes.count * 32)
        writer.writeVarint(UInt64(changes.count))
        for change in changes {
            writer.write((change.subject == .entity ? 1 : 2) | (change.operation == .put ? 0x10 : 0x20))
            writer.writeSignedVarint(change.valid.from)
            writer.writeSignedVarint(change.valid.to)
            writer.writeString(change.id)
        }
        return writer.bytes
    }

    static func decode(_ value: [UInt8], systemTime: Int64) throws(CorruptionError) -> [Change] {
        var reader = ByteReader(value, context: "change log record")
        let count = try reader.readVarint()
        guard count <= UInt64(value.count) else { throw reader.corrupt("change count \(count)") }
        var changes: [Change] = []
        changes.reserveCapacity(Int(count))
        for _ in 0..<count {
            let flags = try reader.read()
            let from = try reader.readSignedVarint()
            let to = try reader.readSignedVarint()
            let id = try reader.readString()
            changes.append(
                Change(
                    systemTime: systemTime, subject: flags & 0x0F == 1 ? .entity : .edge,
                    operation: flags & 0xF0 == 0x10 ? .put : .delete, id: id, valid: TimeInterval64(from: from, to: to))
            )
        }
        return changes
    }
}
