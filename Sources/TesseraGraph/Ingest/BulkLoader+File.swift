import Foundation
import TesseraCore
import TesseraStorage

extension BulkLoader {
    /// Loads one file; returns true when the error limit stopped the load.
    func loadFile(
        _ path: String, summary: inout LoadSummary, onRejected: (IngestError) -> Void,
        onBatch: (Int64, LoadSummary, Int) -> Void
    ) throws(IngestFailure) -> Bool {
        let marker = ResumeMarker(path: path)
        var startOffset: Int64 = 0
        var startLine = 0
        if options.resume, let marker, let saved = try marker.load(from: graph) {
            startOffset = saved.offset
            startLine = saved.line
            summary.resumedLines += saved.line
        }
        let reader = try LineReader(path: path, offset: startOffset)
        let queue = BatchQueue(capacity: 4)
        let batchLines = options.batchLines
        let firstLine = startLine
        let repair = options.repairGeometry
        let producer = Thread {
            Self.produce(
                reader: reader, startLine: firstLine, batchLines: batchLines,
                validator: GeometryValidator(repair: repair),
                into: queue)
        }
        producer.stackSize = 8 << 20
        producer.start()
        defer { queue.cancel() }
        var durableLine = startLine
        /// The line through which a flush was started but not yet confirmed.
        var pendingDurableLine: Int?
        var linesSinceDurable = 0
        while let next = queue.pop() {
            let batch: Batch
            switch next {
            case .failure(let failure): throw failure
            case .success(let value): batch = value
            }
            let stop = try commit(batch, path: path, marker: marker, summary: &summary, onRejected: onRejected)
            linesSinceDurable += batch.lines.count
            if let pending = pendingDurableLine, !graph.isSyncPending {
                durableLine = pending
                pendingDurableLine = nil
            }
            if linesSinceDurable >= options.durableEveryLines {
                // The flush runs in the background while the load goes on into a new memtable; the lines become
                // durable (and are reported so) once it is done. A flush still running from the previous such
                // point is waited for first, so that a crash never loses more than these lines and those loaded
                // while one flush runs.
                do {
                    try batchWriter?.waitIdle()
                    if let pending = pendingDurableLine {
                        try graph.sync()
                        durableLine = pending
                    }
                    try graph.startSync()
                } catch { throw IngestFailure("flush failed: \(error)") }
                pendingDurableLine = batch.endLine
                linesSinceDurable = 0
            }
            onBatch(batch.endOffset, summary, durableLine)
            if stop { return true }
            if batch.isLast { break }
        }
        return false
    }

    /// Reads, parses and validates lines into batches of about `batchLines`.
    ///
    /// A full batch takes the further versions of the entity its last line wrote, up to `batchLines` more
    /// lines, before it is handed over: the next batch then starts with another entity. An entity cut in two
    /// would make the next commit read the first part back from the store, which means waiting for the writer
    /// to drain (about a batch's write time, once per batch).
    static func produce(
        reader: LineReader, startLine: Int, batchLines: Int, validator: GeometryValidator, into queue: BatchQueue
    ) {
        var batch = Batch()
        var lineNumber = startLine
        /// Once the batch is full: the entity whose versions may still join it.
        var closingEntity: String?
        /// Hands the batch over, ending just before byte `offset` (after line `line`), and starts the next; false
        /// when the consumer has gone.
        func handOver(endingAt offset: Int64, line: Int, isLast: Bool = false) -> Bool {
            batch.endOffset = offset
            batch.endLine = line
            batch.isLast = isLast
            defer {
                batch = Batch()
                closingEntity = nil
            }
            return queue.push(.success(batch))
        }
        do {
            while true {
                let offsetBefore = reader.offset
                let lineBefore = lineNumber
                var parsed: ParsedLine?
                let more = try reader.nextLine { line in
                    lineNumber += 1
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
                    do {
                        parsed = ParsedLine(
                            number: lineNumber,
                            result: .success(try IngestLineParser.parse(line, validator: validator)))
                    } catch let rejection as LineRejection {
                        parsed = ParsedLine(
                            number: lineNumber, result: .failure(LineRejectionText(reason: rejection.reason)))
                    }
                }
                if let closing = closingEntity, let line = parsed,
                    line.entityName != closing || batch.lines.count >= 2 * batchLines
                {
                    // The line belongs to the next batch: this one ends just before it.
                    guard handOver(endingAt: offsetBefore, line: lineBefore) else { return }
                }
                if let line = parsed { batch.lines.append(line) }
                if !more {
                    _ = handOver(endingAt: reader.offset, line: lineNumber, isLast: true)
                    return
                }
                if closingEntity == nil && batch.lines.count >= batchLines {
                    if let name = batch.lines.last?.entityName {
                        closingEntity = name
                    } else {
                        guard handOver(endingAt: reader.offset, line: lineNumber) else { return }
                    }
                }
            }
        } catch {
            _ = queue.push(.failure(IngestFailure("\(error)")))
        }
    }

    /// Commits one batch; returns true when the error limit was exceeded.
    func commit(
        _ batch: Batch, path: String, marker: ResumeMarker?, summary: inout LoadSummary,
        onRejected: (IngestError) -> Void
    ) throws(IngestFailure) -> Bool {
        guard let batchWriter else { throw IngestFailure("the loader's writer is not running") }
        var stop = false
        var local = summary
        var rejections: [IngestError] = []
        var lastProcessed = (offset: batch.endOffset, line: batch.endLine)
        let maxErrors = options.maxErrors
        do {
            _ = try graph.withCommit(
                durability: .unlogged,
                extraWrites: { writes in
                    guard let marker else { return }
                    if batch.isLast && !stop {
                        writes.delete(marker.key)
                    } else {
                        writes.put(marker.key, marker.encode(offset: lastProcessed.offset, line: lastProcessed.line))
                    }
                },
                writer: batchWriter
            ) { context throws(GraphError) in
                for line in batch.lines {
                    local.lines += 1
                    switch line.result {
                    case .failure(let rejection):
                        rejections.append(IngestError(file: path, line: line.number, reason: rejection.reason))
                    case .success(let operation):
                        do {
                            let changed = try context.apply(operation)
                            if case .putEdge = operation { local.edges += 1 } else { local.entityVersions += 1 }
                            if !changed { local.unchanged += 1 }
                        } catch let error as GraphError {
                            if error.kind == .storage || error.kind == .corruption { throw error }
                            rejections.append(IngestError(file: path, line: line.number, reason: error.message))
                        } catch {
                            throw GraphError.wrap(error)
                        }
                    }
                    if local.rejected + rejections.count > maxErrors {
                        stop = true
                        lastProcessed = (-1, line.number)
                        break
                    }
                }
            }
        } catch {
            throw IngestFailure("commit failed: \(error)")
        }
        for rejection in rejections { onRejected(rejection) }
        local.rejected += rejections.count
        summary = local
        return stop
    }
}

/// A bounded hand-over of parsed batches from the reading thread to the committing thread.
///
/// Why @unchecked Sendable: all state is guarded by `condition`.
final class BatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Result<BulkLoader.Batch, IngestFailure>] = []
    private var cancelled = false
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds an item, waiting while full; false when the consumer has gone.
    func push(_ item: Result<BulkLoader.Batch, IngestFailure>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Takes the next item, waiting while empty; nil once cancelled.
    func pop() -> Result<BulkLoader.Batch, IngestFailure>? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !cancelled { condition.wait() }
        guard !items.isEmpty else { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Where an interrupted load of a file stopped: file size and modification time (to recognise the
/// same file), byte offset and line number just after the last committed line.
struct ResumeMarker {
    let key: [UInt8]
    let size: Int64
    let modified: Int64

    init?(path: String) {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.int64Value, let date = attributes[.modificationDate] as? Date
        else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        key = Keys.meta("load:" + absolute)
        self.size = size
        modified = Int64(date.timeIntervalSince1970 * 1_000_000)
    }

    func encode(offset: Int64, line: Int) -> [UInt8] {
        var writer = ByteWriter(capacity: 32)
        writer.writeSignedVarint(size)
        writer.writeSignedVarint(modified)
        writer.writeSignedVarint(offset)
        writer.writeSignedVarint(Int64(line))
        return writer.bytes
    }

    /// The saved position, when it belongs to this very file.
    func load(from graph: Graph) throws(IngestFailure) -> (offset: Int64, line: Int)? {
        do {
            guard let bytes = try graph.store.get(key) else { return nil }
            var reader = ByteReader(bytes, context: "load marker")
            let savedSize = try reader.readSignedVarint()
            let savedModified = try reader.readSignedVarint()
            let offset = try reader.readSignedVarint()
            let line = try reader.readSignedVarint()
            guard savedSize == size, savedModified == modified, offset >= 0, offset <= size else { return nil }
            return (offset, Int(line))
        } catch {
            throw IngestFailure("cannot read the load marker: \(error)")
        }
    }
}
