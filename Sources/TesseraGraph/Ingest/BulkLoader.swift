import Foundation
import TesseraCore
import TesseraStorage

/// How ``BulkLoader`` behaves.
public struct LoadOptions: Sendable {
    /// Rejected lines tolerated before the load stops (0: stop at the first).
    public var maxErrors = 0
    /// Lines per commit.
    public var batchLines = 20_000
    /// Continue an interrupted load of an unchanged file where it stopped (otherwise re-read it all,
    /// which is also safe: already-loaded lines are no-ops).
    public var resume = true
    /// Repair invalid polygons with GEOS MakeValid instead of rejecting their lines.
    public var repairGeometry = false
    /// Lines after which a flush of everything loaded so far starts; it runs in the background while the load
    /// goes on, and a crash loses at most these lines and those loaded while one flush runs.
    public var durableEveryLines = 1_000_000

    /// The defaults.
    public init() {}
}

/// Where a running load is.
public struct LoadProgress: Sendable {
    /// The file being read.
    public var file: String
    /// Bytes read over all files (including skipped, already-loaded bytes).
    public var bytesDone: Int64
    /// Total bytes over all files, when every input is a regular file.
    public var bytesTotal: Int64?
    /// Lines read.
    public var lines: Int
    /// Rows (entity versions and edges) applied or found already present.
    public var rows: Int
    /// Lines rejected.
    public var rejected: Int
    /// Seconds since the load started.
    public var elapsedSeconds: Double
    /// Lines of the current file known to be on disk: a crash now keeps at least these.
    public var durableLines: Int
}

/// What a load did.
public struct LoadSummary: Sendable, Equatable {
    /// Lines read (excluding blank lines and lines skipped by resuming).
    public var lines = 0
    /// Entity version lines accepted.
    public var entityVersions = 0
    /// Edge lines accepted.
    public var edges = 0
    /// Accepted lines that changed nothing (already loaded).
    public var unchanged = 0
    /// Lines rejected.
    public var rejected = 0
    /// Lines skipped because an interrupted load of the same file had already committed them.
    public var resumedLines = 0
    /// Whether the load stopped before the end because of `maxErrors`.
    public var stoppedEarly = false
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// Accepted rows per second.
    public var rowsPerSecond: Double { seconds > 0 ? Double(entityVersions + edges) / seconds : 0 }
}

/// Loads NDJSON ingest files (Docs/IngestFormat.md) in large atomic commits.
///
/// Each batch of lines is one commit, with history, change log and indexes exactly as from
/// ``Graph/commit(_:durability:)``. Batches skip the write-ahead log; the load ends with a flush,
/// after which everything is durable. A crash loses at most the batches since the last memtable
/// flush, never part of one: a resume marker written in each batch lets the next load continue.
public final class BulkLoader {
    let graph: Graph
    let options: LoadOptions
    var batchWriter: BatchWriter?

    /// Creates a loader for `graph`.
    public init(graph: Graph, options: LoadOptions = LoadOptions()) {
        self.graph = graph
        self.options = options
    }

    struct ParsedLine: Sendable {
        let number: Int
        let result: Result<Transaction.Operation, LineRejectionText>

        /// The entity the line writes a version of (nil for edges and rejected lines).
        var entityName: String? {
            switch result {
            case .success(.putEntity(let name, _, _, _, _, _)), .success(.deleteEntity(let name, _)): return name
            default: return nil
            }
        }
    }

    struct LineRejectionText: Error, Sendable { let reason: String }

    struct Batch: Sendable {
        var lines: [ParsedLine] = []
        var endOffset: Int64 = 0
        var endLine = 0
        var isLast = false
    }

    /// Loads `paths` in order (`-` reads standard input).
    ///
    /// - Parameters:
    ///   - onProgress: called after every batch.
    ///   - onRejected: called for every rejected line, in order.
    public func load(
        paths: [String], onProgress: (LoadProgress) -> Void = { _ in }, onRejected: (IngestError) -> Void = { _ in }
    ) throws(IngestFailure) -> LoadSummary {
        let started = Date()
        var summary = LoadSummary()
        let sizes = paths.map { Self.fileSize($0) }
        let total: Int64? = sizes.contains(nil) ? nil : sizes.reduce(Int64(0)) { $0 + ($1 ?? 0) }
        var bytesBefore: Int64 = 0
        let writer = BatchWriter(store: graph.store)
        writer.onCommitsLanded = { [graph] count, last in graph.commitsLanded(count, lastCount: last) }
        batchWriter = writer
        graph.activeLoads.withLock { $0[ObjectIdentifier(writer)] = writer }
        defer {
            graph.activeLoads.withLock { $0[ObjectIdentifier(writer)] = nil }
            writer.stop()
            batchWriter = nil
        }
        for (index, path) in paths.enumerated() {
            let before = bytesBefore
            let stopped = try loadFileOrReset(path, summary: &summary, onRejected: onRejected) {
                offset, current, durable in
                onProgress(
                    LoadProgress(
                        file: path, bytesDone: before + offset, bytesTotal: total, lines: current.lines,
                        rows: current.entityVersions + current.edges, rejected: current.rejected,
                        elapsedSeconds: Date().timeIntervalSince(started), durableLines: durable))
            }
            bytesBefore += sizes[index] ?? 0
            if stopped {
                summary.stoppedEarly = true
                break
            }
        }
        do {
            try writer.waitIdle()
            try graph.sync()
        } catch {
            try? graph.resetWriter()
            throw IngestFailure("final flush failed: \(error)")
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Loads a file; after a failure, resynchronizes the writer with what reached the store.
    func loadFileOrReset(
        _ path: String, summary: inout LoadSummary, onRejected: (IngestError) -> Void,
        onBatch: (Int64, LoadSummary, Int) -> Void
    ) throws(IngestFailure) -> Bool {
        do {
            return try loadFile(path, summary: &summary, onRejected: onRejected, onBatch: onBatch)
        } catch {
            try? batchWriter?.waitIdle()
            try? graph.resetWriter()
            throw error
        }
    }

    static func fileSize(_ path: String) -> Int64? {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            (attributes[.type] as? FileAttributeType) == .typeRegular
        else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value
    }
}
