import ArgumentParser
import Foundation
import TesseraCore
import TesseraGraph

#if canImport(Glibc)
    import Glibc
#endif

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Create, list and drop property indexes.",
        subcommands: [CreateIndex.self, ListIndexes.self, DropIndex.self])
}

struct CreateIndex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Index one property of the entities carrying a label, building the index from the existing data.",
        discussion: """
            Writes continue meanwhile and maintain the index; queries use it once it is online. Running the \
            same command again after an interruption finishes the build.
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, help: "The label of the entities to index.") var label: String
    @Option(name: .long, help: "The property to index.") var property: String
    @Option(name: .long, help: "The index name (default: label_property).") var name: String?
    @Flag(name: .long, help: "Succeed without change when the index (or an equivalent one) exists.")
    var ifNotExists = false
    @Option(name: .long, help: "Entity versions read between two writes of entries (and of the resume point).")
    var batchVersions: Int = Graph.indexBuildBatchVersions
    @Flag(name: .long, help: "No progress display.") var quiet = false

    func validate() throws {
        guard batchVersions > 0 else { throw ValidationError("--batch-versions must be positive") }
    }

    func run() throws {
        let graph = try openGraph(database.db, readOnly: false)
        let reporter = IndexProgressReporter(enabled: !quiet)
        let started = Date()
        let creation: IndexCreation
        do {
            creation = try graph.createPropertyIndex(
                named: name, label: label, property: property, ifNotExists: ifNotExists, batchVersions: batchVersions,
                progress: reporter.update)
        } catch {
            reporter.finish()
            Output.error("cannot create the index: \(error)")
            throw ExitCode(1)
        }
        reporter.finish()
        let seconds = Date().timeIntervalSince(started)
        let entries = try graph.propertyIndexEntryCount(creation.index)
        if !quiet {
            let verb = creation.created ? "built" : "found"
            FileHandle.standardError.write(
                Data(
                    ("\(verb) index \(creation.index.name) on :\(label)(\(property)): \(entries) entries "
                        + "in \(String(format: "%.2f", seconds)) s\n").utf8))
        }
        var object = IndexCommand.describe(creation.index, graph: graph, entries: entries)
        object["created"] = .bool(creation.created)
        object["seconds"] = .double((seconds * 1000).rounded() / 1000)
        Output.print(.map(object))
    }
}

struct ListIndexes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the property indexes as a JSON array.")
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let graph = try openGraph(database.db, readOnly: true)
        var items: [[UInt8]] = []
        for index in graph.propertyIndexes().sorted(by: { $0.name < $1.name }) {
            let entries = try graph.propertyIndexEntryCount(index)
            items.append(JSONWriter.encode(.map(IndexCommand.describe(index, graph: graph, entries: entries))))
        }
        Output.print(Output.array(items))
    }
}

struct DropIndex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop", abstract: "Drop a property index and delete its entries.")
    @OptionGroup var database: DatabaseOptions
    @Flag(name: .long, help: "Succeed without change when there is no such index.") var ifExists = false
    @Argument(help: "The index name (see `tessera index list`).") var name: String

    func run() throws {
        let graph = try openGraph(database.db, readOnly: false)
        let dropped: Bool
        do { dropped = try graph.dropPropertyIndex(named: name, ifExists: ifExists) } catch {
            Output.error("cannot drop the index: \(error)")
            throw ExitCode(1)
        }
        Output.print(.map(["name": .string(name), "dropped": .bool(dropped)]))
    }
}

extension IndexCommand {
    /// An index as a JSON object.
    static func describe(_ index: PropertyIndex, graph: Graph, entries: Int) -> [String: Value] {
        [
            "id": .int(Int64(index.id)), "name": .string(index.name), "label": .string(index.label),
            "property": .string(index.property), "state": .string(index.state.rawValue),
            "population_percent": .double(graph.populationPercent(of: index)), "entries": .int(Int64(entries)),
        ]
    }
}

/// Progress of an index build: a bar with rate and ETA on a terminal, a line every few seconds otherwise.
final class IndexProgressReporter {
    let enabled: Bool
    let isTerminal = isatty(2) != 0
    var lastPrinted = -1.0
    var drewBar = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: IndexBuildProgress) {
        guard enabled else { return }
        let interval = isTerminal ? 0.2 : 5.0
        guard lastPrinted < 0 || progress.elapsedSeconds - lastPrinted >= interval else { return }
        lastPrinted = progress.elapsedSeconds
        let fraction = progress.fraction
        let rate = progress.elapsedSeconds > 0 ? Double(progress.versionsScanned) / progress.elapsedSeconds : 0
        let remaining = fraction > 0 ? progress.elapsedSeconds * (1 - fraction) / fraction : 0
        let eta = "ETA \(Int(remaining) / 60):" + String(format: "%02d", Int(remaining) % 60)
        let text =
            "\(progress.versionsScanned) of \(progress.versionsTotal) versions, \(progress.entriesWritten) entries, "
            + "\(Int(rate)) versions/s \(eta)"
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data(("\r\u{1B}[K[\(bar)] \(Int(fraction * 100))% " + text).utf8))
            drewBar = true
        } else {
            FileHandle.standardError.write(Data(("progress: \(Int(fraction * 100))% " + text + "\n").utf8))
        }
    }

    func finish() {
        if drewBar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
