import TesseraCore
import TesseraStorage

/// The outcome of ``Graph/check(progress:)``.
public struct CheckReport: Sendable {
    /// Entity version records examined.
    public var entityVersions = 0
    /// Edge version records examined.
    public var edgeVersions = 0
    /// Label-index entries examined.
    public var labelEntries = 0
    /// Adjacency entries examined (both directions).
    public var adjacencyEntries = 0
    /// Change-log entries examined.
    public var changes = 0
    /// Space-time index entries examined.
    public var spaceTimeEntries = 0
    /// Property-index entries examined (every index, populating or online).
    public var propertyIndexEntries = 0
    /// Every disagreement found, in words.
    public var problems: [String] = []
}

extension Graph {
    /// Verifies, on one snapshot, that every index agrees with the version records and the counters:
    /// id dictionary both ways, head entries, label entries, adjacency in both directions, no overlapping
    /// believed versions, counts. Reports problems instead of throwing; throws only when reading fails.
    public func check(progress: @escaping (Int) -> Void = { _ in }) throws(GraphError) -> CheckReport {
        let snapshot = store.snapshot()
        let state = writer.withLock { $0 }
        var checker = Checker(store: store, snapshot: snapshot, progress: progress)
        try checker.prepareIndexChecks(self)
        do {
            try checker.checkDictionary()
            try checker.checkEntityVersions()
            try checker.checkLabelIndex()
            try checker.checkSpaceIndex()
            try checker.checkPropertyIndexes()
            try checker.checkEdges()
            try checker.checkChangeLog(lastSystemTime: state.lastSystemTime)
        } catch {
            throw GraphError.wrap(error)
        }
        checker.compare("entity ids", Int64(checker.entityNames), state.entityCount)
        checker.compare("entity versions", Int64(checker.report.entityVersions), state.versionCount)
        checker.compare("edge ids", Int64(checker.edgeNames), state.edgeIdCount)
        checker.compare("edge versions", Int64(checker.report.edgeVersions), state.edgeVersionCount)
        return checker.report
    }
}

struct Checker {
    let store: Store
    let snapshot: Snapshot
    let progress: (Int) -> Void
    var report = CheckReport()
    var entityNames = 0
    var edgeNames = 0
    var expectedLabelEntries = 0
    var expectedSpaceEntries = 0
    var indexCheck = PropertyIndexCheck()
    var examined = 0

    init(store: Store, snapshot: Snapshot, progress: @escaping (Int) -> Void) {
        self.store = store
        self.snapshot = snapshot
        self.progress = progress
    }

    mutating func problem(_ text: String) {
        if report.problems.count < 10_000 { report.problems.append(text) }
    }

    mutating func compare(_ what: String, _ actual: Int64, _ counted: Int64) {
        if actual != counted { problem("counter mismatch: \(counted) \(what) recorded, \(actual) found") }
    }

    mutating func tick() {
        examined += 1
        if examined % 100_000 == 0 { progress(examined) }
    }

    func scan(_ space: Keyspace, _ body: (Cursor) throws -> Void) throws {
        let bounds = Keys.space(space)
        let cursor = store.cursor(from: bounds.lower, to: bounds.upper, snapshot: snapshot)
        cursor.seekToFirst()
        while cursor.isValid {
            try body(cursor)
            cursor.next()
        }
        try cursor.checkStatus()
    }

    mutating func checkDictionary() throws {
        var names = 0
        try scan(.entityIdByName) { cursor in
            let name = String(decoding: cursor.key.dropFirst(), as: UTF8.self)
            var reader = ByteReader(cursor.value, context: "entity id")
            let id = try reader.readFixed64()
            let back = try store.get(Keys.entityNameById(id), snapshot: snapshot)
            if back != Array(name.utf8) {
                problem(
                    "entity \(name) -> #\(id), but #\(id) -> \(back.map { String(decoding: $0, as: UTF8.self) } ?? "nothing")"
                )
            }
            names += 1
        }
        var reverse = 0
        try scan(.entityNameById) { _ in reverse += 1 }
        if reverse != names { problem("\(names) entity names but \(reverse) reverse entries") }
        entityNames = names
        var edges = 0
        try scan(.edgeIdByName) { _ in edges += 1 }
        edgeNames = edges
    }

    mutating func checkEntityVersions() throws {
        var current: UInt64?
        var believed: [(validFrom: Int64, systemFrom: Int64, validTo: Int64, value: [UInt8])] = []
        var labelsOfEntity = Set<UInt32>()
        try scan(.entityVersions) { cursor in
            let key = cursor.key
            let id = try key.withUnsafeBufferPointer { buffer in
                var reader = KeyReader(buffer, offset: 1)
                return try reader.readUInt64()
            }
            let times = try CommitContext.decodeTimes(key, offset: 9)
            let record = try EntityRecordCodec.decode(cursor.value)
            if id != current {
                if let current { try finishEntity(current, believed) }
                current = id
                believed = []
                labelsOfEntity = []
                indexCheck.keysOfEntity = []
            }
            if record.systemTo == Time.forever {
                believed.append((times.validFrom, times.systemFrom, record.validTo, cursor.value))
            }
            if times.validFrom >= record.validTo { problem("entity #\(id) has an empty valid interval") }
            if let bounds = record.content.bounds {
                try checkSpaceEntries(
                    id, bounds: bounds, validFrom: times.validFrom, systemFrom: times.systemFrom,
                    validTo: record.validTo,
                    systemTo: record.systemTo, labels: record.content.labels)
            }
            for label in record.content.labels where !labelsOfEntity.contains(label) {
                labelsOfEntity.insert(label)
                expectedLabelEntries += 1
                if try store.get(Keys.label(label, id), snapshot: snapshot) == nil {
                    problem("entity #\(id): label entry \(label) missing")
                }
            }
            try checkIndexEntries(id, record.content)
            report.entityVersions += 1
            tick()
        }
        if let current { try finishEntity(current, believed) }
        var heads = 0
        try scan(.entityHead) { _ in heads += 1 }
        if heads > entityNames { problem("\(heads) head entries for \(entityNames) entities") }
    }

    mutating func finishEntity(
        _ id: UInt64, _ believed: [(validFrom: Int64, systemFrom: Int64, validTo: Int64, value: [UInt8])]
    ) throws {
        let sorted = believed.sorted { $0.validFrom < $1.validFrom }
        for index in sorted.indices.dropFirst() where sorted[index - 1].validTo > sorted[index].validFrom {
            problem("entity #\(id) has overlapping believed versions")
        }
        guard let nameBytes = try store.get(Keys.entityNameById(id), snapshot: snapshot) else {
            problem("entity #\(id) has versions but no external id")
            return
        }
        let head = try store.get(Keys.entityHead(String(decoding: nameBytes, as: UTF8.self)), snapshot: snapshot)
        guard let last = sorted.last else {
            if head != nil { problem("entity #\(id) has a head entry but no believed version") }
            return
        }
        var expected = ByteWriter()
        expected.writeFixed64(id)
        expected.writeFixed64(UInt64(bitPattern: last.validFrom))
        expected.writeFixed64(UInt64(bitPattern: last.systemFrom))
        expected.bytes.append(contentsOf: last.value)
        if head != expected.bytes { problem("entity #\(id): head entry missing or stale") }
    }

    mutating func checkSpaceEntries(
        _ id: UInt64, bounds: SpatialBounds, validFrom: Int64, systemFrom: Int64, validTo: Int64, systemTo: Int64,
        labels: [UInt32]
    ) throws {
        guard let nameBytes = try store.get(Keys.entityNameById(id), snapshot: snapshot) else { return }
        let expected = SpaceTimeEntryCodec.encode(
            validTo: validTo, systemTo: systemTo, bounds: bounds, labels: labels,
            name: String(decoding: nameBytes, as: UTF8.self))
        for placement in SpaceTimeIndex.placements(of: bounds, validFrom: validFrom, validTo: validTo) {
            expectedSpaceEntries += 1
            let key = SpaceTimeIndex.key(placement, entity: id, validFrom: validFrom, systemFrom: systemFrom)
            if try store.get(key, snapshot: snapshot) != expected {
                problem("entity #\(id): space-time entry missing or stale")
            }
        }
    }

    mutating func checkSpaceIndex() throws {
        try scan(.spaceTime) { _ in
            report.spaceTimeEntries += 1
            tick()
        }
        if report.spaceTimeEntries != expectedSpaceEntries {
            problem("\(report.spaceTimeEntries) space-time entries, \(expectedSpaceEntries) expected from the versions")
        }
    }

    mutating func checkLabelIndex() throws {
        try scan(.labelIndex) { _ in
            report.labelEntries += 1
            tick()
        }
        if report.labelEntries != expectedLabelEntries {
            problem(
                "\(report.labelEntries) label entries, \(expectedLabelEntries) (label, entity) pairs in the versions")
        }
    }

    mutating func checkEdges() throws {
        try scan(.edgeVersions) { cursor in
            let key = cursor.key
            let edge = try key.withUnsafeBufferPointer { buffer in
                var reader = KeyReader(buffer, offset: 1)
                return try reader.readUInt64()
            }
            let times = try CommitContext.decodeTimes(key, offset: 9)
            let record = try EdgeRecordCodec.decode(cursor.value)
            let content = record.content
            for (space, near, far) in [
                (EdgeSide.outgoing, content.from, content.to), (.incoming, content.to, content.from),
            ] {
                let entry = try store.get(
                    Keys.adjacency(
                        space, near, content.type, far, edge, validFrom: times.validFrom, systemFrom: times.systemFrom),
                    snapshot: snapshot)
                guard let entry else {
                    problem("edge \(record.name): \(space == .outgoing ? "outgoing" : "incoming") entry missing")
                    continue
                }
                let decoded = try AdjacencyCodec.decode(entry)
                if decoded.validTo != record.validTo || decoded.systemTo != record.systemTo
                    || decoded.edgeName != record.name || decoded.properties != content.propertyBytes
                {
                    problem("edge \(record.name): adjacency entry disagrees with the edge version")
                }
            }
            report.edgeVersions += 1
            tick()
        }
        var adjacency = 0
        try scan(.adjacency) { _ in adjacency += 1 }
        report.adjacencyEntries = adjacency
        if adjacency != 2 * report.edgeVersions {
            problem("\(adjacency) adjacency entries for \(report.edgeVersions) edge versions (expected twice as many)")
        }
    }

    mutating func checkChangeLog(lastSystemTime: Int64) throws {
        try scan(.changeLog) { cursor in
            let systemTime = try cursor.key.withUnsafeBufferPointer { buffer in
                var reader = KeyReader(buffer, offset: 1)
                return try reader.readInt64()
            }
            if systemTime > lastSystemTime { problem("change log entry after the last commit") }
            report.changes += try ChangeCodec.decode(cursor.value, systemTime: systemTime).count
        }
    }
}
