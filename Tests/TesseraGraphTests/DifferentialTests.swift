import Foundation
import TesseraCore
import TesseraStorage
import Testing

@testable import TesseraGraph

/// Drives the engine and ``NaiveBitemporalModel`` with the same seeded random transactions and compares
/// every read: point reads, adjacency, label scans, histories, the change log and the counters.
///
/// A few sequences share one fresh database, interleaved, each in its own namespace of ids and labels
/// (`s3.e0`, `s3.L1`, ...), so each starts from an empty graph as far as its reads can tell. Every sequence
/// has its own model; the database is closed and reopened once while they run.
///
/// Each test case prints its seed; a failure names the seed, database and sequence, and lists the
/// sequence's transactions.
@Suite("Differential: engine vs naive bitemporal model")
struct DifferentialTests {
    static let seeds: [UInt64] = Array(1...40)
    static let databasesPerSeed = 10
    static let sequencesPerDatabase = 5

    @Test("random transaction sequences agree with the model", arguments: seeds)
    func randomSequences(seed: UInt64) throws {
        print("seed", seed)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }

        var random = SplitMix64(seed: seed)
        var totals = Totals()
        for database in 0..<Self.databasesPerSeed {
            var group = DatabaseGroup(
                random: SplitMix64(seed: random.next()), sequences: Self.sequencesPerDatabase,
                directory: root.appendingPathComponent("db\(database)").path)
            do {
                try group.run()
            } catch {
                Issue.record("seed \(seed), database \(database): \(group.report(error))")
                return
            }
            totals.add(group.totals)
        }
        print("seed", seed, totals)
        #expect(totals.sequences == Self.databasesPerSeed * Self.sequencesPerDatabase)
    }
}

// MARK: - Random numbers

extension DifferentialTests {
    /// SplitMix64 (Steele, Lea, Flood 2014): deterministic, seedable, good enough for test data.
    struct SplitMix64 {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in `range` (the modulo bias is irrelevant for ranges this small).
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }

        /// Uniform in [0, 1).
        mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

        mutating func chance(_ probability: Double) -> Bool { unit() < probability }

        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

        mutating func shuffle<T>(_ items: [T]) -> [T] {
            var items = items
            for index in stride(from: items.count - 1, to: 0, by: -1) {
                items.swapAt(index, int(0...index))
            }
            return items
        }
    }
}

// MARK: - Bookkeeping

extension DifferentialTests {
    struct Mismatch: Error {
        var message: String
    }

    struct Totals: CustomStringConvertible {
        var sequences = 0
        var transactions = 0
        var failedTransactions = 0
        var emptyTransactions = 0
        var operations = 0
        var reads = 0

        mutating func add(_ other: Totals) {
            sequences += other.sequences
            transactions += other.transactions
            failedTransactions += other.failedTransactions
            emptyTransactions += other.emptyTransactions
            operations += other.operations
            reads += other.reads
        }

        var description: String {
            "sequences \(sequences) transactions \(transactions) (missing endpoint \(failedTransactions),"
                + " no change \(emptyTransactions)) operations \(operations) reads \(reads)"
        }
    }

    static func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
        guard actual == expected else {
            throw Mismatch(message: "\(what)\n engine: \(actual)\n model:  \(expected)")
        }
    }

    /// The read surface shared by ``Graph`` and a snapshot ``GraphReader``.
    enum Source {
        case graph(Graph)
        case reader(GraphReader)

        func entity(_ id: String, validAt: Int64, system: SystemTimePin) throws(GraphError) -> EntityVersion? {
            switch self {
            case .graph(let graph): return try graph.entity(id, validAt: validAt, system: system)
            case .reader(let reader): return try reader.entity(id, validAt: validAt, system: system)
            }
        }

        func entity(_ id: String, versionFrom validFrom: Int64, systemFrom: Int64) throws(GraphError)
            -> EntityVersion?
        {
            switch self {
            case .graph(let graph): return try graph.reader().entity(id, versionFrom: validFrom, systemFrom: systemFrom)
            case .reader(let reader): return try reader.entity(id, versionFrom: validFrom, systemFrom: systemFrom)
            }
        }

        func history(of id: String) throws(GraphError) -> [EntityVersion] {
            switch self {
            case .graph(let graph): return try graph.history(of: id)
            case .reader(let reader): return try reader.history(of: id)
            }
        }

        func edges(of id: String, direction: EdgeDirection, type: String?, validAt: Int64, system: SystemTimePin)
            throws(GraphError) -> [EdgeVersion]
        {
            switch self {
            case .graph(let graph):
                return try graph.edges(of: id, direction: direction, type: type, validAt: validAt, system: system)
            case .reader(let reader):
                return try reader.edges(of: id, direction: direction, type: type, validAt: validAt, system: system)
            }
        }

        /// The edges of the present (Docs/Decisions/0013) for this source's view.
        func edgesNow(of id: String, direction: EdgeDirection, type: String?, at now: Int64, withProperties: Bool)
            throws(GraphError) -> [EdgeVersion]?
        {
            switch self {
            case .graph(let graph):
                return try graph.edgesNow(
                    of: id, direction: direction, type: type, at: now, consistentWith: graph.reader(),
                    withProperties: withProperties)
            case .reader(let reader):
                return try reader.graph.edgesNow(
                    of: id, direction: direction, type: type, at: now, consistentWith: reader,
                    withProperties: withProperties)
            }
        }

        /// Whether this source is a snapshot older than the latest commit (the edges of the present then do not
        /// answer for it).
        func isStale() throws(GraphError) -> Bool {
            guard case .reader(let reader) = self else { return false }
            return try reader.commitCount() != reader.graph.reader().commitCount()
        }

        func edgeHistory(of id: String) throws(GraphError) -> [EdgeVersion] {
            switch self {
            case .graph(let graph): return try graph.edgeHistory(of: id)
            case .reader(let reader): return try reader.edgeHistory(of: id)
            }
        }

        func entities(withLabel label: String, validAt: Int64, system: SystemTimePin, limit: Int = .max)
            throws(GraphError) -> [EntityVersion]
        {
            switch self {
            case .graph(let graph):
                return try graph.entities(withLabel: label, validAt: validAt, system: system, limit: limit)
            case .reader(let reader):
                return try reader.entities(withLabel: label, validAt: validAt, system: system, limit: limit)
            }
        }

        func changes(from: Int64, to: Int64, limit: Int = .max) throws(GraphError) -> [Change] {
            switch self {
            case .graph(let graph): return try graph.changes(fromSystemTime: from, toSystemTime: to, limit: limit)
            case .reader(let reader): return try reader.changes(fromSystemTime: from, toSystemTime: to, limit: limit)
            }
        }
    }
}

// MARK: - One database, several interleaved sequences

extension DifferentialTests {
    struct DatabaseGroup {
        var random: SplitMix64
        let directory: String
        var runs: [SequenceRun]
        /// The system time of the last commit that changed something.
        var lastSystemTime: Int64 = 0
        var current: Int?

        static let options: StoreOptions = {
            var options = StoreOptions()
            options.blockCacheBytes = 1 << 20
            options.writeBufferBytes = 1 << 20
            options.backgroundJobs = 1
            return options
        }()

        init(random: SplitMix64, sequences: Int, directory: String) {
            var random = random
            runs = (0..<sequences).map { SequenceRun(random: SplitMix64(seed: random.next()), namespace: "s\($0).") }
            self.random = random
            self.directory = directory
        }

        var totals: Totals {
            var totals = Totals()
            for run in runs { totals.add(run.totals) }
            return totals
        }

        func report(_ error: any Error) -> String {
            let message = (error as? Mismatch)?.message ?? "unexpected error: \(error)"
            guard let current else { return message }
            let run = runs[current]
            return """
                sequence \(current), transaction \(run.transactions.count): \(message)
                transactions of sequence \(current):
                \(run.transcript)
                """
        }

        mutating func run() throws {
            var graph: Graph? = try Graph(path: directory, options: Self.options)
            // The edges of the present are kept in step with every commit and compared with the store's.
            try graph?.buildCurrentEdges()
            // A random interleaving of every sequence's transactions; 5-40 each, short ones more often.
            var schedule: [Int] = []
            for index in runs.indices {
                schedule += Array(repeating: index, count: 5 + Int(35 * pow(random.unit(), 3)))
                runs[index].totals.sequences = 1
            }
            schedule = random.shuffle(schedule)
            let reopenAfter = random.int((schedule.count / 4)...(schedule.count * 3 / 4))
            for (step, index) in schedule.enumerated() {
                if let graph { try advance(index, graph) }
                if step == reopenAfter {
                    // Nothing else may hold the graph here: closing it releases the database lock.
                    graph = nil
                    graph = try Graph(path: directory, options: Self.options)
                    try graph?.buildCurrentEdges()
                    try compareEverything(graph)
                }
            }
            try compareEverything(graph)
            current = nil
        }

        /// Runs one transaction of sequence `index` and compares its reads and the counters.
        mutating func advance(_ index: Int, _ graph: Graph) throws {
            current = index
            try runs[index].step(graph, lastSystemTime: &lastSystemTime)
            try runs[index].compare(source(graph), rounds: 1, lastSystemTime: lastSystemTime)
            try compareStatistics(graph)
        }

        /// Reads through the graph or, sometimes, through a snapshot reader.
        mutating func source(_ graph: Graph) -> Source {
            random.chance(0.3) ? .reader(graph.reader()) : .graph(graph)
        }

        mutating func compareEverything(_ graph: Graph?) throws {
            guard let graph else { return }
            for index in runs.indices {
                current = index
                try runs[index].compare(source(graph), rounds: 2, wholeLog: true, lastSystemTime: lastSystemTime)
            }
            try compareStatistics(graph)
        }

        func compareStatistics(_ graph: Graph) throws {
            var expected = GraphStatistics(
                entities: 0, versions: 0, edgeIds: 0, edges: 0, commits: 0, lastSystemTime: lastSystemTime)
            for run in runs {
                let own = run.model.statistics()
                expected.entities += own.entities
                expected.versions += own.versions
                expected.edgeIds += own.edgeIds
                expected.edges += own.edges
                expected.commits += own.commits
            }
            try expectEqual(graph.statistics(), expected, "statistics")
        }
    }
}

// MARK: - One sequence

extension DifferentialTests {
    struct SequenceRun {
        typealias Operation = NaiveBitemporalModel.Operation

        var random: SplitMix64
        var model = NaiveBitemporalModel()
        var transactions: [(operations: [Operation], outcome: String)] = []
        /// System times of this sequence's commits that changed something, oldest first.
        var commitTimes: [Int64] = []
        var totals = Totals()

        let namespace: String
        let entityIds: [String]
        let edgeIds: [String]
        let labels: [String]
        let types = ["knows", "owns"]
        /// An entity id no write ever creates.
        let ghost: String
        /// An edge id no write ever creates.
        let unknownEdge: String
        /// Valid-time instants writes draw from (microseconds); reads also use points between them.
        let instants: [Int64] = (1...12).map { Int64($0) * 100 }

        static let entityProperties: [[String: Value]] = [
            [:], ["w": .int(1)], ["w": .int(2)], ["name": .string("a"), "ok": .bool(true)],
            ["tags": .list([.int(1), .string("x")]), "n": .null],
        ]
        static let edgeProperties: [[String: Value]] = [[:], ["w": .int(1)], ["w": .int(2)]]
        static let geometries = [
            #"{"type":"Point","coordinates":[1,2]}"#, #"{"type":"Point","coordinates":[13.4,52.5]}"#,
        ]

        init(random: SplitMix64, namespace: String) {
            var random = random
            entityIds = (0..<random.int(3...6)).map { "\(namespace)e\($0)" }
            edgeIds = (0..<random.int(3...6)).map { "\(namespace)r\($0)" }
            labels = (0..<random.int(2...3)).map { "\(namespace)L\($0)" }
            ghost = "\(namespace)ghost"
            unknownEdge = "\(namespace)r-unknown"
            self.namespace = namespace
            self.random = random
        }

        var transcript: String {
            transactions.enumerated().map { index, transaction in
                "  #\(index) \(transaction.outcome)\n"
                    + transaction.operations.map { "      \($0)" }.joined(separator: "\n")
            }.joined(separator: "\n")
        }

        // MARK: Writes

        /// Commits one random transaction to the engine and the model and compares the outcomes.
        mutating func step(_ graph: Graph, lastSystemTime: inout Int64) throws {
            // Generate against the model with the transaction's earlier writes applied, so that edges mostly
            // find their endpoints; some still miss them.
            var operations: [Operation] = []
            var pending = model
            for _ in 0..<random.int(1...5) {
                let operation = makeOperation(pending)
                operations.append(operation)
                _ = pending.commit([operation], at: lastSystemTime + 1)
            }
            var transaction = Transaction()
            for operation in operations { try add(operation, to: &transaction) }
            totals.transactions += 1
            totals.operations += operations.count

            // Sometimes hold a snapshot across the commit: it must keep showing the state before it.
            let before = model
            let snapshot = random.chance(0.1) ? graph.reader() : nil
            let statisticsBefore = graph.statistics()

            var engineOutcome: NaiveBitemporalModel.Outcome
            var systemTime = lastSystemTime + 1
            do {
                let result = try graph.commit(transaction, durability: .logged)
                engineOutcome = .applied(changes: result.changes)
                if result.changes > 0 {
                    guard result.systemTime > lastSystemTime else {
                        throw Mismatch(message: "system time \(result.systemTime) not after \(lastSystemTime)")
                    }
                    systemTime = result.systemTime
                } else if result.systemTime != lastSystemTime {
                    throw Mismatch(
                        message: "a commit without changes reported system time \(result.systemTime), "
                            + "expected the previous commit's \(lastSystemTime)")
                }
            } catch let error as GraphError {
                guard error.kind == .missingEndpoint else { throw Mismatch(message: "commit threw \(error)") }
                engineOutcome = .missingEndpoint
            }
            let modelOutcome = model.commit(operations, at: systemTime)
            transactions.append((operations, "\(engineOutcome)"))
            guard engineOutcome == modelOutcome else {
                throw Mismatch(message: "commit outcome: engine \(engineOutcome), model \(modelOutcome)")
            }
            switch modelOutcome {
            case .missingEndpoint:
                totals.failedTransactions += 1
                try expectEqual(graph.statistics(), statisticsBefore, "statistics after a failed commit")
            case .applied(changes: 0):
                totals.emptyTransactions += 1
                try expectEqual(graph.statistics(), statisticsBefore, "statistics after a commit without changes")
            case .applied:
                commitTimes.append(systemTime)
                lastSystemTime = systemTime
            }
            if let snapshot {
                try compareReads(.reader(snapshot), before, validAt: pickValidTime(), system: .latest)
                try compareHistories(.reader(snapshot), before)
            }
        }

        func add(_ operation: Operation, to transaction: inout Transaction) throws {
            switch operation {
            case .putEntity(let id, let labels, let properties, let geometry, let a, let b):
                try transaction.putEntity(
                    id, labels: labels, properties: properties, geometry: geometry, validFrom: a, validTo: b)
            case .deleteEntity(let id, let a, let b):
                try transaction.deleteEntity(id, validFrom: a, validTo: b)
            case .putEdge(let id, let from, let to, let type, let properties, let a, let b):
                try transaction.putEdge(
                    id, from: from, to: to, type: type, properties: properties, validFrom: a, validTo: b)
            case .deleteEdge(let id, let a, let b):
                try transaction.deleteEdge(id, validFrom: a, validTo: b)
            }
        }

        /// `[from, to)` on the instant grid, open-ended about a third of the time.
        mutating func makeInterval() -> (Int64, Int64) {
            let fromIndex = random.int(0...(instants.count - 1))
            if fromIndex == instants.count - 1 || random.chance(0.35) { return (instants[fromIndex], Time.forever) }
            return (instants[fromIndex], instants[random.int((fromIndex + 1)...(instants.count - 1))])
        }

        /// A sub-interval of `[from, to)` on the instant grid (or the interval itself).
        mutating func subInterval(_ from: Int64, _ to: Int64) -> (Int64, Int64) {
            guard random.chance(0.5) else { return (from, to) }
            let inside = instants.filter { from <= $0 && $0 < to }
            guard let first = inside.first else { return (from, to) }
            let start = random.chance(0.5) ? first : random.pick(inside)
            let ends = instants.filter { start < $0 && $0 <= to } + (to == Time.forever ? [Time.forever] : [])
            guard !ends.isEmpty else { return (start, to) }
            return (start, random.pick(ends))
        }

        /// For repeating a believed version: part of its interval, or from inside it to a later instant, which may
        /// span gaps and other versions of the same id.
        mutating func repeatInterval(_ row: NaiveBitemporalModel.Row) -> (Int64, Int64) {
            if random.chance(0.5) { return subInterval(row.validFrom, row.validTo) }
            let starts = instants.filter { row.validFrom <= $0 && $0 < row.validTo }
            let start = starts.isEmpty ? row.validFrom : random.pick(starts)
            return (start, random.pick(instants.filter { $0 > start } + [Time.forever]))
        }

        /// Some of the labels, in any order, sometimes with a duplicate.
        mutating func makeLabels() -> [String] {
            var chosen = labels.filter { _ in random.chance(0.5) }
            if random.chance(0.2), let label = chosen.first { chosen.append(label) }
            return random.shuffle(chosen)
        }

        mutating func makeOperation(_ model: NaiveBitemporalModel) -> Operation {
            let believed = model.believed
            switch random.int(0...99) {
            case 0..<12:
                // Repeat content that is already believed, over (part of) its interval: usually a no-op.
                let rows = believed.filter { $0.kind == .entity }
                guard !rows.isEmpty else { fallthrough }
                let row = random.pick(rows)
                guard case .entity(let labels, let properties, let geometry) = row.content else { fallthrough }
                let (a, b) = repeatInterval(row)
                return .putEntity(
                    row.id, labels: random.shuffle(labels), properties: properties, geometry: geometry, a, b)
            case 12..<40:
                let (a, b) = makeInterval()
                let geometry = random.chance(0.3) ? random.pick(Self.geometries) : nil
                return .putEntity(
                    random.pick(entityIds), labels: makeLabels(), properties: random.pick(Self.entityProperties),
                    geometry: geometry, a, b)
            case 40..<52:
                let (a, b) = makeInterval()
                return .deleteEntity(random.chance(0.1) ? ghost : random.pick(entityIds), a, b)
            case 52..<60:
                // Repeat a believed edge, usually from an instant where its endpoints exist.
                let rows = believed.filter { $0.kind == .edge }
                guard !rows.isEmpty else { fallthrough }
                let row = random.pick(rows)
                guard case .edge(let from, let to, let type, let properties) = row.content else { fallthrough }
                var (a, b) = repeatInterval(row)
                if random.chance(0.8) && !model.existing(at: a).isSuperset(of: [from, to]) { a = row.validFrom }
                return .putEdge(row.id, from: from, to: to, type: type, properties: properties, a, b)
            case 60..<88:
                var (a, b) = makeInterval()
                var from = random.chance(0.03) ? ghost : random.pick(entityIds)
                var to = random.chance(0.03) ? ghost : random.pick(entityIds)
                if random.chance(0.95) {
                    // Mostly pick endpoints that exist at validFrom, so that most transactions commit.
                    for _ in 0..<4 {
                        let candidate = makeInterval()
                        let existing = model.existing(at: candidate.0).sorted()
                        if !existing.isEmpty {
                            (a, b) = candidate
                            from = random.pick(existing)
                            to = random.pick(existing)
                            break
                        }
                    }
                }
                return .putEdge(
                    random.pick(edgeIds), from: from, to: to, type: random.pick(types),
                    properties: random.pick(Self.edgeProperties), a, b)
            default:
                let (a, b) = makeInterval()
                return .deleteEdge(random.chance(0.1) ? unknownEdge : random.pick(edgeIds), a, b)
            }
        }

        // MARK: Reads

        /// Grid instants, points between them, the far past, the far future and the last instant.
        mutating func pickValidTime() -> Int64 {
            switch random.int(0...9) {
            case 0: return -1_000_000
            case 1: return 1_000_000
            case 2: return Time.forever - 1
            case 3...5: return random.pick(instants) + 50
            default: return random.pick(instants)
            }
        }

        /// The latest belief, this sequence's commit times and the instants just before them, before all and
        /// after all commits.
        mutating func pickSystemPin(lastSystemTime: Int64) -> SystemTimePin {
            guard !commitTimes.isEmpty else { return random.chance(0.8) ? .latest : .asOf(lastSystemTime + 1) }
            switch random.int(0...9) {
            case 0...3: return .latest
            case 4...6: return .asOf(random.pick(commitTimes))
            case 7, 8: return .asOf(random.pick(commitTimes) - 1)
            default: return random.chance(0.5) ? .asOf(0) : .asOf(lastSystemTime + 1_000)
            }
        }

        mutating func compare(_ source: Source, rounds: Int, wholeLog: Bool = false, lastSystemTime: Int64) throws {
            for _ in 0..<rounds {
                try compareReads(
                    source, model, validAt: pickValidTime(), system: pickSystemPin(lastSystemTime: lastSystemTime))
            }
            try compareHistories(source, model)
            try compareChanges(source, wholeLog: wholeLog)
        }

        mutating func compareReads(
            _ source: Source, _ model: NaiveBitemporalModel, validAt v: Int64, system s: SystemTimePin
        ) throws {
            let at = "at valid \(v), system \(s)"
            for id in entityIds + [ghost] {
                let expected = model.entities(id, validAt: v, system: s)
                guard expected.count <= 1 else {
                    throw Mismatch(message: "model invariant: \(expected.count) visible versions of \(id) \(at)")
                }
                try expectEqual(try source.entity(id, validAt: v, system: s), expected.first, "entity(\(id)) \(at)")
                for direction in EdgeDirection.allCases {
                    let type: String? =
                        random.chance(0.25) ? (random.chance(0.8) ? random.pick(types) : "no-such-type") : nil
                    let actual = try source.edges(of: id, direction: direction, type: type, validAt: v, system: s)
                    let wanted = model.edges(of: id, direction: direction, type: type, validAt: v, system: s)
                    try expectEqual(
                        sortedEdges(actual), sortedEdges(wanted),
                        "edges(of: \(id), \(direction), type: \(type ?? "any")) \(at)")
                    // The edges of the present: in the store's order, as the store reads them now (with their
                    // properties or without, at random), and as the model has them now.
                    let now = Time.nowMicros()
                    let withProperties = random.chance(0.5)
                    func bare(_ edges: [EdgeVersion]) -> [EdgeVersion] {
                        withProperties
                            ? edges
                            : edges.map { edge in
                                var bare = edge
                                bare.properties = [:]
                                return bare
                            }
                    }
                    guard
                        let present = try source.edgesNow(
                            of: id, direction: direction, type: type, at: now, withProperties: withProperties)
                    else {
                        // A snapshot held across a commit reads the store.
                        guard try source.isStale() else {
                            throw Mismatch(message: "edgesNow(of: \(id)) is nil on a current view")
                        }
                        continue
                    }
                    let what =
                        "edgesNow(of: \(id), \(direction), type: \(type ?? "any"), withProperties: \(withProperties))"
                    let stored = try source.edges(
                        of: id, direction: direction, type: type, validAt: now, system: .latest)
                    try expectEqual(present, bare(stored), what)
                    let modelled = model.edges(of: id, direction: direction, type: type, validAt: now, system: .latest)
                    try expectEqual(sortedEdges(present), bare(sortedEdges(modelled)), what + " against the model")
                }
                totals.reads += 8
            }
            for label in labels + ["\(namespace)no-such-label"] {
                let actual = try source.entities(withLabel: label, validAt: v, system: s)
                try expectEqual(
                    sortedEntities(actual), sortedEntities(model.entities(withLabel: label, validAt: v, system: s)),
                    "entities(withLabel: \(label)) \(at)")
                if random.chance(0.1) {
                    let limit = random.int(0...2)
                    let limited = try source.entities(withLabel: label, validAt: v, system: s, limit: limit)
                    try expectEqual(
                        limited, Array(actual.prefix(limit)), "entities(withLabel: \(label), limit: \(limit)) \(at)")
                    totals.reads += 1
                }
                totals.reads += 1
            }
        }

        mutating func compareHistories(_ source: Source, _ model: NaiveBitemporalModel) throws {
            for id in entityIds + [ghost] {
                let history = model.history(of: id)
                try expectEqual(try source.history(of: id), history, "history(of: \(id))")
                // Every version read back by its key; a key naming no version reads nothing.
                for version in history {
                    try expectEqual(
                        try source.entity(id, versionFrom: version.valid.from, systemFrom: version.system.from),
                        version, "entity(\(id), versionFrom: \(version.valid.from), systemFrom: \(version.system.from))"
                    )
                }
                let missingFrom = (history.map(\.valid.from).max() ?? 0) + 1
                try expectEqual(
                    try source.entity(id, versionFrom: missingFrom, systemFrom: history.first?.system.from ?? 0),
                    nil as EntityVersion?, "entity(\(id), versionFrom: \(missingFrom)) names no version")
                totals.reads += history.count + 1
            }
            for id in edgeIds + [unknownEdge] {
                try expectEqual(try source.edgeHistory(of: id), model.edgeHistory(of: id), "edgeHistory(of: \(id))")
            }
            totals.reads += entityIds.count + edgeIds.count + 2
        }

        /// Compares a random window of the change log (and with `wholeLog` all of it) with the model's,
        /// keeping only this sequence's entries.
        mutating func compareChanges(_ source: Source, wholeLog: Bool) throws {
            var windows: [(Int64, Int64)] = wholeLog ? [(Int64(0), Time.forever)] : []
            if !commitTimes.isEmpty {
                let bounds = commitTimes + commitTimes.map { $0 + 1 } + commitTimes.map { $0 - 1 }
                let a = random.pick(bounds)
                let b = random.pick(bounds)
                windows.append((min(a, b), max(a, b)))
            }
            for (from, to) in windows {
                let unfiltered = try source.changes(from: from, to: to)
                let actual = unfiltered.filter { $0.id.hasPrefix(namespace) }
                let expected = model.changes(fromSystemTime: from, toSystemTime: to)
                let what = "changes(from: \(from), to: \(to))"
                guard actual.count == expected.count else {
                    throw Mismatch(
                        message: "\(what): engine \(actual.count) entries, model \(expected.count)\n"
                            + " engine: \(actual)\n model:  \(expected.map(\.change))")
                }
                // The entries of one cascading delete may come in any order: sort each such group by id.
                let keys = expected.enumerated().map { index, entry in
                    entry.cascade.flatMap { group in expected.firstIndex { $0.cascade == group } } ?? index
                }
                func normalized(_ changes: [Change]) -> [Change] {
                    zip(keys, changes).map { key, change in
                        (key, expected[key].cascade == nil ? "" : change.id, change)
                    }
                    .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                }
                try expectEqual(normalized(actual), normalized(expected.map(\.change)), what)
                if random.chance(0.2) {
                    let limit = random.int(0...3)
                    try expectEqual(
                        try source.changes(from: from, to: to, limit: limit), Array(unfiltered.prefix(limit)),
                        "\(what) limit \(limit)")
                    totals.reads += 1
                }
                totals.reads += 1
            }
        }

        func sortedEdges(_ edges: [EdgeVersion]) -> [EdgeVersion] {
            edges.sorted { ($0.id, $0.valid.from, $0.system.from) < ($1.id, $1.valid.from, $1.system.from) }
        }

        func sortedEntities(_ entities: [EntityVersion]) -> [EntityVersion] {
            entities.sorted { ($0.id, $0.valid.from, $0.system.from) < ($1.id, $1.valid.from, $1.system.from) }
        }
    }
}
