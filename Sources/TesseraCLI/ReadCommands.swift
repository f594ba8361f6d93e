import ArgumentParser
import TesseraCore
import TesseraGraph

struct TimePins: ParsableArguments {
    @Option(name: .long, help: "Valid time to read at (RFC 3339, a date, or now). Default: now.")
    var validAt: String?

    @Option(name: .long, help: "System time to read at: what the database believed then. Default: latest.")
    var systemAt: String?

    func resolve() throws -> (valid: Int64?, system: SystemTimePin) {
        let valid = try parseTimeOption(validAt, "valid-at")
        let system = try parseTimeOption(systemAt, "system-at").map(SystemTimePin.asOf) ?? .latest
        return (valid, system)
    }
}

struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the version of an entity valid at a time, as JSON.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pins: TimePins
    @Argument(help: "The entity's external id.") var id: String

    func run() throws {
        let (valid, system) = try pins.resolve()
        let graph = try openGraph(database.db, readOnly: true)
        guard let version = try graph.entity(id, validAt: valid, system: system) else {
            Output.error(
                "entity \(id) has no version valid at \(valid.map(Time.format) ?? "now") (as believed at \(pins.systemAt ?? "latest"))"
            )
            throw ExitCode(1)
        }
        Output.print(Output.entity(version))
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every version of an entity (both time axes) as a JSON array.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The entity's external id.") var id: String

    func run() throws {
        let graph = try openGraph(database.db, readOnly: true)
        let versions = try graph.history(of: id)
        guard !versions.isEmpty else {
            Output.error("no entity \(id)")
            throw ExitCode(1)
        }
        Output.print(Output.array(versions.map(Output.entity)))
    }
}

struct Edges: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the edges of an entity valid at a time, as JSON.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pins: TimePins
    @Option(name: .long, help: "outgoing, incoming or both.") var direction: String = "both"
    @Option(name: .long, help: "Only edges of this relation type.") var type: String?
    @Argument(help: "The entity's external id.") var id: String

    func run() throws {
        guard let direction = EdgeDirection(rawValue: direction) else {
            throw ValidationError("--direction must be outgoing, incoming or both")
        }
        let (valid, system) = try pins.resolve()
        let graph = try openGraph(database.db, readOnly: true)
        let edges = try graph.edges(of: id, direction: direction, type: type, validAt: valid, system: system)
        Output.print(Output.array(edges.map { JSONWriter.encode(Output.edge($0)) }))
    }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print counts as JSON.")
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let graph = try openGraph(database.db, readOnly: true)
        let stats = graph.statistics()
        Output.print(
            .map([
                "entities": .int(Int64(stats.entities)),
                "versions": .int(Int64(stats.versions)),
                "edge_ids": .int(Int64(stats.edgeIds)),
                "edges": .int(Int64(stats.edges)),
                "commits": .int(Int64(stats.commits)),
                "last_system_time": stats.lastSystemTime == 0 ? .null : .string(Time.format(stats.lastSystemTime)),
                "disk_bytes": .int(Int64(directorySize(database.db))),
            ]))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify that indexes, counters and data agree; exit 1 when they do not.")
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let graph = try openGraph(database.db, readOnly: true)
        let report = try graph.check()
        Output.print(
            .map([
                "ok": .bool(report.problems.isEmpty),
                "entity_versions": .int(Int64(report.entityVersions)),
                "edge_versions": .int(Int64(report.edgeVersions)),
                "label_entries": .int(Int64(report.labelEntries)),
                "adjacency_entries": .int(Int64(report.adjacencyEntries)),
                "changes": .int(Int64(report.changes)),
                "space_time_entries": .int(Int64(report.spaceTimeEntries)),
                "property_index_entries": .int(Int64(report.propertyIndexEntries)),
                "problems": .list(report.problems.prefix(100).map(Value.string)),
                "problem_count": .int(Int64(report.problems.count)),
            ]))
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}

struct Compact: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compact the database so that reads touch as few files as possible (after a large load).",
        discussion: """
            A database created before id properties were tracked is also scanned once for entity versions whose \
            `id` property differs from their external id; afterwards lookups by an id that does not exist no \
            longer scan the graph when there are none (`shadowing_id_properties` in the output).
            """)
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let graph = try openGraph(database.db, readOnly: false)
        let started = Time.nowMicros()
        try graph.compact()
        // Databases from before id properties were tracked learn whether they have any (one scan).
        let established = try graph.establishIdPropertyTracking()
        let seconds = Double(Time.nowMicros() - started) / 1e6
        var report: [String: Value] = ["ok": .bool(true), "seconds": .double((seconds * 1000).rounded() / 1000)]
        if let established { report["shadowing_id_properties"] = .bool(established) }
        Output.print(.map(report))
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent online copy of the database to a new directory.")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, help: "The backup directory (must not exist).") var to: String

    func run() throws {
        let graph = try openGraph(database.db, readOnly: false)
        try graph.backup(to: to)
        Output.print(.map(["backup": .string(to), "ok": .bool(true)]))
    }
}
