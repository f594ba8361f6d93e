import ArgumentParser
import Foundation
import TesseraCore
import TesseraGraph
import TesseraStorage

#if canImport(Glibc)
    import Glibc
#endif

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load NDJSON ingest files (entity and edge lines) into a database, creating it if needed.",
        discussion: "Re-loading the same data changes nothing. An interrupted load continues where it stopped.")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, help: "Rejected lines tolerated before stopping (0: stop at the first).")
    var maxErrors: Int = 0
    @Option(name: .long, help: "Lines per commit.") var batchLines: Int = 20_000
    @Option(
        name: .long, help: "Start making the load durable every N lines (a crash loses about N lines of work at most).")
    var durableEvery: Int = 1_000_000
    @Flag(name: .long, help: "Re-read interrupted files from the start instead of resuming.") var noResume = false
    @Flag(name: .long, help: "Repair invalid polygons (GEOS MakeValid) instead of rejecting their lines.")
    var repairGeometry = false
    @Flag(name: .long, help: "No progress display.") var quiet = false
    @Argument(help: "NDJSON files, or - for standard input.") var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file (or - for standard input)") }
        guard maxErrors >= 0 else { throw ValidationError("--max-errors must be 0 or more") }
        guard batchLines > 0 else { throw ValidationError("--batch-lines must be positive") }
        for file in files where file != "-" && !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("cannot read \(file)")
        }
    }

    func run() throws {
        // Batches allocate and free tens of megabytes each: keep that memory instead of faulting it in again
        // (about 8 % of the load's wall time on the 200k city; peak RSS ~30 MiB higher).
        ProcessMemory.keepFreedMemory()
        let graph: Graph
        do { graph = try Graph(path: database.db) } catch {
            Output.error("cannot open \(database.db): \(error)")
            throw ExitCode(1)
        }
        var options = LoadOptions()
        options.maxErrors = maxErrors
        options.batchLines = batchLines
        options.resume = !noResume
        options.repairGeometry = repairGeometry
        options.durableEveryLines = max(durableEvery, 1)
        let reporter = ProgressReporter(enabled: !quiet)
        let summary: LoadSummary
        do {
            summary = try BulkLoader(graph: graph, options: options).load(
                paths: files, onProgress: reporter.update,
                onRejected: { Output.error("rejected \($0)") })
        } catch {
            reporter.finish()
            Output.error("load failed: \(error)")
            throw ExitCode(1)
        }
        reporter.finish()
        report(summary, graph: graph)
        if summary.stoppedEarly {
            Output.error("stopped: more than \(maxErrors) rejected lines (raise --max-errors to go on)")
            throw ExitCode(3)
        }
    }

    func report(_ summary: LoadSummary, graph: Graph) {
        let stats = graph.statistics()
        let rate = Int(summary.rowsPerSecond.rounded())
        FileHandle.standardError.write(
            Data(
                ("loaded \(summary.entityVersions) entity versions and \(summary.edges) edges "
                    + "(\(summary.unchanged) already present) in \(String(format: "%.2f", summary.seconds)) s, "
                    + "\(rate) rows/s; \(summary.rejected) rejected\n").utf8))
        Output.print(
            .map([
                "lines": .int(Int64(summary.lines)),
                "entity_versions": .int(Int64(summary.entityVersions)),
                "edges": .int(Int64(summary.edges)),
                "unchanged": .int(Int64(summary.unchanged)),
                "rejected": .int(Int64(summary.rejected)),
                "resumed_lines": .int(Int64(summary.resumedLines)),
                "seconds": .double((summary.seconds * 1000).rounded() / 1000),
                "rows_per_second": .int(Int64(rate)),
                "stopped_early": .bool(summary.stoppedEarly),
                "database": .map([
                    "entities": .int(Int64(stats.entities)), "versions": .int(Int64(stats.versions)),
                    "edges": .int(Int64(stats.edges)),
                ]),
            ]))
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic synthetic city in the NDJSON ingest format.")
    @Option(name: .long, help: "Number of entities.") var entities: Int
    @Option(name: .long, help: "Random seed: the same seed gives the same city.") var seed: UInt64 = 1
    @Option(name: .long, help: "Output file (default: standard output).") var out: String?

    func validate() throws {
        guard entities >= 0 else { throw ValidationError("--entities must be 0 or more") }
    }

    func run() throws {
        let handle: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil) else {
                throw ValidationError("cannot create \(out)")
            }
            guard let opened = FileHandle(forWritingAtPath: out) else { throw ValidationError("cannot write \(out)") }
            handle = opened
        } else {
            handle = FileHandle.standardOutput
        }
        let summary = try CityGenerator(entities: entities, seed: seed).write { chunk in
            try handle.write(contentsOf: Data(chunk))
        }
        if out != nil { try handle.close() }
        FileHandle.standardError.write(
            Data(
                ("generated \(summary.entities) entities, \(summary.versions) versions, \(summary.edges) edges "
                    + "(\(summary.deletedEntities) deleted entities)\n").utf8))
    }
}

/// A progress bar with rate and ETA on a terminal; a plain line every few seconds otherwise.
final class ProgressReporter: @unchecked Sendable {
    // Why @unchecked: only called from the loader's committing thread.
    let enabled: Bool
    let isTerminal = isatty(2) != 0
    var lastPrinted = 0.0
    var lastDurable = 0
    var drewBar = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: LoadProgress) {
        guard enabled else { return }
        let interval = isTerminal ? 0.2 : 5.0
        let durableMoved = !isTerminal && progress.durableLines != lastDurable
        guard progress.elapsedSeconds - lastPrinted >= interval || durableMoved else { return }
        lastPrinted = progress.elapsedSeconds
        lastDurable = progress.durableLines
        let rate = progress.elapsedSeconds > 0 ? Double(progress.rows) / progress.elapsedSeconds : 0
        var text = "\(progress.rows) rows, \(Int(rate)) rows/s, \(progress.rejected) rejected"
        if !isTerminal { text += ", durable through line \(progress.durableLines)" }
        if let total = progress.bytesTotal, total > 0 {
            let fraction = min(1, Double(progress.bytesDone) / Double(total))
            let remaining = fraction > 0 ? progress.elapsedSeconds * (1 - fraction) / fraction : 0
            let eta = "ETA \(Int(remaining) / 60):" + String(format: "%02d", Int(remaining) % 60)
            if isTerminal {
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                text = "[\(bar)] \(Int(fraction * 100))% " + text + " " + eta
            } else {
                text = "\(Int(fraction * 100))% " + text + " " + eta
            }
        }
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            drewBar = true
        } else {
            FileHandle.standardError.write(Data(("progress: " + text + "\n").utf8))
        }
    }

    func finish() {
        if drewBar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

func directorySize(_ path: String) -> Int {
    guard let enumerator = FileManager.default.enumerator(atPath: path) else { return 0 }
    var total = 0
    while let file = enumerator.nextObject() as? String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + file)
        total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }
    return total
}
