import TesseraCore
import TesseraStorage

extension CommitContext {
    /// Whether the commit changes anything.
    var hasChanges: Bool { !changes.isEmpty }

    /// Writes everything the commit changed into `batch`: dictionary and catalog entries, versions,
    /// head, label and adjacency entries, the change log and the engine state.
    func emit(into batch: WriteBatch) throws(GraphError) {
        for (id, name) in newEntities {
            var idBytes = ByteWriter(capacity: 8)
            idBytes.writeFixed64(id)
            batch.put(Keys.entityIdByName(name), idBytes.bytes)
            batch.put(Keys.entityNameById(id), Array(name.utf8))
        }
        for (id, name) in newEdges {
            var idBytes = ByteWriter(capacity: 8)
            idBytes.writeFixed64(id)
            batch.put(Keys.edgeIdByName(name), idBytes.bytes)
        }
        for addition in catalogAdditions {
            let id = addition.id
            batch.put(
                Keys.catalog(addition.kind, addition.name),
                [UInt8(truncatingIfNeeded: id >> 24), UInt8(truncatingIfNeeded: id >> 16),
                 UInt8(truncatingIfNeeded: id >> 8), UInt8(truncatingIfNeeded: id)])
        }
        for id in entities.keys.sorted() {
            guard let entity = entities[id], entity.touched else { continue }
            emitEntity(entity, into: batch)
        }
        for id in edges.keys.sorted() {
            guard let edge = edges[id], edge.touched else { continue }
            try emitEdge(edge, into: batch)
        }
        for (sequence, change) in changes.enumerated() {
            batch.put(Keys.change(systemTime: systemTime, sequence: UInt32(sequence)), ChangeCodec.encode(change))
        }
        state.lastSystemTime = systemTime
        state.commitCount += 1
        batch.put(WriterState.key, state.encoded())
    }

    private func emitEntity(_ entity: EntityState, into batch: WriteBatch) {
        for slot in entity.timeline.slots where !slot.stored || slot.dirty {
            let systemTo = slot.stored ? systemTime : Time.forever
            if !slot.stored { state.versionCount += 1 }
            batch.put(
                Keys.entityVersion(entity.id, validFrom: slot.validFrom, systemFrom: slot.systemFrom),
                EntityRecordCodec.encode(validTo: slot.validTo, systemTo: systemTo, content: slot.content))
            let ends = IntervalEndsCodec.encode(validTo: slot.validTo, systemTo: systemTo)
            for label in slot.content.labels {
                batch.put(Keys.label(label, entity.id, validFrom: slot.validFrom, systemFrom: slot.systemFrom), ends)
            }
        }
        let head = entity.timeline.slots.filter(\.isBelieved).max { $0.validFrom < $1.validFrom }
        if let head {
            var writer = ByteWriter(capacity: head.content.bytes.count + 32)
            writer.writeFixed64(UInt64(bitPattern: head.validFrom))
            writer.writeFixed64(UInt64(bitPattern: head.systemFrom))
            writer.bytes.append(
                contentsOf: EntityRecordCodec.encode(validTo: head.validTo, systemTo: Time.forever, content: head.content))
            batch.put(Keys.entityHead(entity.id), writer.bytes)
        } else {
            batch.delete(Keys.entityHead(entity.id))
        }
    }

    private func emitEdge(_ edge: EdgeState, into batch: WriteBatch) throws(GraphError) {
        for slot in edge.timeline.slots where !slot.stored || slot.dirty {
            let systemTo = slot.stored ? systemTime : Time.forever
            if !slot.stored { state.edgeVersionCount += 1 }
            let content = slot.content
            batch.put(
                Keys.edgeVersion(edge.id, validFrom: slot.validFrom, systemFrom: slot.systemFrom),
                EdgeRecordCodec.encode(validTo: slot.validTo, systemTo: systemTo, content: content, name: edge.name))
            let fromName = try entityName(content.from)
            let toName = try entityName(content.to)
            batch.put(
                Keys.adjacency(
                    .outgoing, content.from, content.type, content.to, edge.id, validFrom: slot.validFrom,
                    systemFrom: slot.systemFrom),
                AdjacencyCodec.encode(
                    validTo: slot.validTo, systemTo: systemTo, edgeName: edge.name, farName: toName,
                    properties: content.propertyBytes))
            batch.put(
                Keys.adjacency(
                    .incoming, content.to, content.type, content.from, edge.id, validFrom: slot.validFrom,
                    systemFrom: slot.systemFrom),
                AdjacencyCodec.encode(
                    validTo: slot.validTo, systemTo: systemTo, edgeName: edge.name, farName: fromName,
                    properties: content.propertyBytes))
        }
    }

    func entityName(_ id: UInt64) throws(GraphError) -> String {
        if let name = names.entityName(id) { return name }
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

/// Change-log values: subject, operation, valid interval, external id.
enum ChangeCodec {
    static func encode(_ change: Change) -> [UInt8] {
        var writer = ByteWriter(capacity: change.id.utf8.count + 20)
        writer.write(change.subject == .entity ? 1 : 2)
        writer.write(change.operation == .put ? 1 : 2)
        writer.writeFixed64(UInt64(bitPattern: change.valid.from))
        writer.writeFixed64(UInt64(bitPattern: change.valid.to))
        writer.writeString(change.id)
        return writer.bytes
    }

    static func decode(_ value: [UInt8], systemTime: Int64) throws(CorruptionError) -> Change {
        var reader = ByteReader(value, context: "change log entry")
        let subject: Change.Subject = try reader.read() == 1 ? .entity : .edge
        let operation: Change.Operation = try reader.read() == 1 ? .put : .delete
        let from = Int64(bitPattern: try reader.readFixed64())
        let to = Int64(bitPattern: try reader.readFixed64())
        let id = try reader.readString()
        return Change(
            systemTime: systemTime, subject: subject, operation: operation, id: id,
            valid: TimeInterval64(from: from, to: to))
    }
}
