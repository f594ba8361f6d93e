import TesseraCore

@testable import TesseraGraph

/// A deliberately naive bitemporal property graph: every version of every entity and edge is one row
/// in one flat array, and every read is a brute-force filter over all rows.
///
/// It exists to be obviously right, not fast: intervals are half-open `[from, to)`, a row is believed
/// while its `systemTo` is `Time.forever`, and all writes of one transaction share one system time.
struct NaiveBitemporalModel {
    enum Kind: Hashable { case entity, edge }

    /// The content of one version: for an entity its labels (as a sorted set), properties and geometry;
    /// for an edge its endpoints, type and properties.
    enum Content: Equatable {
        case entity(labels: [String], properties: [String: Value], geometry: String?)
        case edge(from: String, to: String, type: String, properties: [String: Value])
    }

    struct Row {
        var kind: Kind
        var id: String
        var validFrom: Int64
        var validTo: Int64
        var systemFrom: Int64
        var systemTo: Int64
        var content: Content

        var isBelieved: Bool { systemTo == Time.forever }

        func overlaps(_ from: Int64, _ to: Int64) -> Bool { validFrom < to && from < validTo }

        func isVisible(validAt instant: Int64, system: SystemTimePin) -> Bool {
            guard validFrom <= instant && instant < validTo else { return false }
            switch system {
            case .latest: return systemTo == Time.forever
            case .asOf(let s): return systemFrom <= s && s < systemTo
            }
        }
    }

    enum Operation: CustomStringConvertible {
        case putEntity(String, labels: [String], properties: [String: Value], geometry: String?, Int64, Int64)
        case deleteEntity(String, Int64, Int64)
        case putEdge(String, from: String, to: String, type: String, properties: [String: Value], Int64, Int64)
        case deleteEdge(String, Int64, Int64)

        var description: String {
            func span(_ a: Int64, _ b: Int64) -> String { "[\(a), \(b == Time.forever ? "∞" : String(b)))" }
            switch self {
            case .putEntity(let id, let labels, let properties, let geometry, let a, let b):
                return "putEntity \(id) \(labels) \(properties) geo=\(geometry ?? "nil") \(span(a, b))"
            case .deleteEntity(let id, let a, let b):
                return "deleteEntity \(id) \(span(a, b))"
            case .putEdge(let id, let from, let to, let type, let properties, let a, let b):
                return "putEdge \(id) \(from)-[\(type)]->\(to) \(properties) \(span(a, b))"
            case .deleteEdge(let id, let a, let b):
                return "deleteEdge \(id) \(span(a, b))"
            }
        }
    }

    /// A change-log entry; entries produced by the same cascading entity delete share a `cascade` number.
    struct LoggedChange {
        var change: Change
        var cascade: Int?
    }

    enum Outcome: Equatable {
        case missingEndpoint
        case applied(changes: Int)
    }

    private(set) var rows: [Row] = []
    private(set) var log: [LoggedChange] = []
    private(set) var commits = 0
    private(set) var lastSystemTime: Int64 = 0
    private var cascades = 0

    // MARK: - Writes

    /// Applies `operations` in order at `systemTime`, all or nothing.
    mutating func commit(_ operations: [Operation], at systemTime: Int64) -> Outcome {
        var work = self
        for operation in operations {
            guard work.apply(operation, at: systemTime) else { return .missingEndpoint }
        }
        let written = work.log.count - log.count
        guard written > 0 else { return .applied(changes: 0) }
        work.commits += 1
        work.lastSystemTime = systemTime
        self = work
        return .applied(changes: written)
    }

    /// Returns false when an edge endpoint is missing.
    private mutating func apply(_ operation: Operation, at t: Int64) -> Bool {
        switch operation {
        case .putEntity(let id, let labels, let properties, let geometry, let a, let b):
            let content = Content.entity(
                labels: Array(Set(labels)).sorted(), properties: properties, geometry: geometry)
            put(.entity, id, content, a, b, at: t)
        case .deleteEntity(let id, let a, let b):
            let believed = believedRows(.entity, id, overlapping: a, b)
            if believed.isEmpty { return true }
            end(believed, outside: a, b, at: t)
            record(.entity, .delete, id, a, b, at: t, cascade: nil)
            // Cascade to every edge with a believed row over [a, b) touching this entity.
            var edgeIds: [String] = []
            for row in rows where row.kind == .edge && row.isBelieved && row.overlaps(a, b) && touches(row, id) {
                if !edgeIds.contains(row.id) { edgeIds.append(row.id) }
            }
            let group = cascades
            cascades += 1
            for edgeId in edgeIds {
                let affected = believedRows(.edge, edgeId, overlapping: a, b).filter { touches(rows[$0], id) }
                end(affected, outside: a, b, at: t)
                record(.edge, .delete, edgeId, a, b, at: t, cascade: group)
            }
        case .putEdge(let id, let from, let to, let type, let properties, let a, let b):
            guard exists(from, at: a), exists(to, at: a) else { return false }
            put(.edge, id, .edge(from: from, to: to, type: type, properties: properties), a, b, at: t)
        case .deleteEdge(let id, let a, let b):
            let believed = believedRows(.edge, id, overlapping: a, b)
            if believed.isEmpty { return true }
            end(believed, outside: a, b, at: t)
            record(.edge, .delete, id, a, b, at: t, cascade: nil)
        }
        return true
    }

    private func touches(_ row: Row, _ entity: String) -> Bool {
        guard case .edge(let from, let to, _, _) = row.content else { return false }
        return from == entity || to == entity
    }

    private func exists(_ entity: String, at instant: Int64) -> Bool {
        rows.contains {
            $0.kind == .entity && $0.id == entity && $0.isBelieved && $0.validFrom <= instant && instant < $0.validTo
        }
    }

    private func believedRows(_ kind: Kind, _ id: String, overlapping a: Int64, _ b: Int64) -> [Int] {
        rows.indices.filter {
            rows[$0].kind == kind && rows[$0].id == id && rows[$0].isBelieved && rows[$0].overlaps(a, b)
        }
    }

    private mutating func put(_ kind: Kind, _ id: String, _ content: Content, _ a: Int64, _ b: Int64, at t: Int64) {
        let believed = believedRows(kind, id, overlapping: a, b)
        let sorted = believed.map { rows[$0] }.sorted { $0.validFrom < $1.validFrom }
        if let first = sorted.first, let last = sorted.last, first.validFrom <= a, last.validTo >= b,
            sorted.allSatisfy({ $0.content == content }),
            zip(sorted, sorted.dropFirst()).allSatisfy({ $0.validTo == $1.validFrom })
        {
            return
        }
        end(believed, outside: a, b, at: t)
        rows.append(
            Row(kind: kind, id: id, validFrom: a, validTo: b, systemFrom: t, systemTo: Time.forever, content: content))
        record(kind == .entity ? .entity : .edge, .put, id, a, b, at: t, cascade: nil)
    }

    /// Ends the rows at `indices` in system time, keeping their parts outside `[a, b)` as new rows.
    private mutating func end(_ indices: [Int], outside a: Int64, _ b: Int64, at t: Int64) {
        var kept: [Row] = []
        var dropped: [Int] = []
        for index in indices {
            let row = rows[index]
            if row.validFrom < a {
                var left = row
                left.validTo = a
                left.systemFrom = t
                kept.append(left)
            }
            if row.validTo > b {
                var right = row
                right.validFrom = b
                right.systemFrom = t
                kept.append(right)
            }
            if row.systemFrom == t {
                dropped.append(index)
            } else {
                rows[index].systemTo = t
            }
        }
        for index in dropped.sorted(by: >) { rows.remove(at: index) }
        rows.append(contentsOf: kept)
    }

    private mutating func record(
        _ subject: Change.Subject, _ operation: Change.Operation, _ id: String, _ a: Int64, _ b: Int64, at t: Int64,
        cascade: Int?
    ) {
        let change = Change(
            systemTime: t, subject: subject, operation: operation, id: id, valid: TimeInterval64(from: a, to: b))
        log.append(LoggedChange(change: change, cascade: cascade))
    }

    // MARK: - Reads

    private func entityVersion(_ row: Row) -> EntityVersion {
        guard case .entity(let labels, let properties, let geometry) = row.content else { fatalError("not an entity") }
        return EntityVersion(
            id: row.id, labels: labels, properties: properties, geometry: geometry,
            valid: TimeInterval64(from: row.validFrom, to: row.validTo),
            system: TimeInterval64(from: row.systemFrom, to: row.systemTo))
    }

    private func edgeVersion(_ row: Row) -> EdgeVersion {
        guard case .edge(let from, let to, let type, let properties) = row.content else { fatalError("not an edge") }
        return EdgeVersion(
            id: row.id, from: from, to: to, type: type, properties: properties,
            valid: TimeInterval64(from: row.validFrom, to: row.validTo),
            system: TimeInterval64(from: row.systemFrom, to: row.systemTo))
    }

    /// Every visible version of entity `id` (the model's invariants say there is at most one).
    func entities(_ id: String, validAt instant: Int64, system: SystemTimePin) -> [EntityVersion] {
        rows.filter { $0.kind == .entity && $0.id == id && $0.isVisible(validAt: instant, system: system) }
            .map(entityVersion)
    }

    func entity(_ id: String, validAt instant: Int64, system: SystemTimePin) -> EntityVersion? {
        entities(id, validAt: instant, system: system).first
    }

    /// Visible edge versions whose source (outgoing) or target (incoming) is `id`; each row at most once.
    func edges(of id: String, direction: EdgeDirection, type: String?, validAt instant: Int64, system: SystemTimePin)
        -> [EdgeVersion]
    {
        rows.filter { row in
            guard row.kind == .edge, row.isVisible(validAt: instant, system: system),
                case .edge(let from, let to, let rowType, _) = row.content
            else { return false }
            if let type, type != rowType { return false }
            switch direction {
            case .outgoing: return from == id
            case .incoming: return to == id
            case .both: return from == id || to == id
            }
        }.map(edgeVersion)
    }

    func entities(withLabel label: String, validAt instant: Int64, system: SystemTimePin) -> [EntityVersion] {
        rows.filter { row in
            guard row.kind == .entity, row.isVisible(validAt: instant, system: system),
                case .entity(let labels, _, _) = row.content
            else { return false }
            return labels.contains(label)
        }.map(entityVersion)
    }

    func history(of id: String) -> [EntityVersion] {
        rows.filter { $0.kind == .entity && $0.id == id }
            .sorted { ($0.validFrom, $0.systemFrom) < ($1.validFrom, $1.systemFrom) }
            .map(entityVersion)
    }

    func edgeHistory(of id: String) -> [EdgeVersion] {
        rows.filter { $0.kind == .edge && $0.id == id }
            .sorted { ($0.validFrom, $0.systemFrom) < ($1.validFrom, $1.systemFrom) }
            .map(edgeVersion)
    }

    /// Change-log entries with system time in `[from, to)`, oldest first.
    func changes(fromSystemTime from: Int64, toSystemTime to: Int64) -> [LoggedChange] {
        log.filter { from <= $0.change.systemTime && $0.change.systemTime < to }
    }

    /// Distinct entity ids and edge ids that some committed put wrote.
    var writtenEntityIds: Int {
        Set(log.filter { $0.change.subject == .entity && $0.change.operation == .put }.map(\.change.id)).count
    }
    var writtenEdgeIds: Int {
        Set(log.filter { $0.change.subject == .edge && $0.change.operation == .put }.map(\.change.id)).count
    }

    func statistics() -> GraphStatistics {
        GraphStatistics(
            entities: writtenEntityIds, versions: rows.filter { $0.kind == .entity }.count, edgeIds: writtenEdgeIds,
            edges: rows.filter { $0.kind == .edge }.count, commits: commits, lastSystemTime: lastSystemTime)
    }

    /// Entity ids that have a believed row valid at `instant`.
    func existing(at instant: Int64) -> Set<String> {
        Set(
            rows.filter { $0.kind == .entity && $0.isBelieved && $0.validFrom <= instant && instant < $0.validTo }.map(
                \.id))
    }

    /// Every believed row (for generating writes that repeat what is already there).
    var believed: [Row] { rows.filter(\.isBelieved) }
}
