import Foundation
import Synchronization

@testable import TesseraQuery

/// The parser's contract on arbitrary text: it returns a statement, or throws a `QueryError` whose
/// location is a real position of the text and whose rendering shows that line with a caret.
///
/// A statement that parses is also compiled (bound and planned, never run) against an empty scratch
/// graph; an error from that stage must be a `QueryError` too, and point inside the text when it
/// has a location.
final class ParseContract {
    private let scratch: ScratchGraph
    /// Whether a statement that compiles is also run (with `$x = 1`), on the empty graph.
    private let runs: Bool
    /// Whether a rejection breaks the contract (for inputs known to be valid).
    private let mustParse: Bool
    private(set) var parsed = 0
    private(set) var rejected = 0
    private(set) var planned = 0

    init(runs: Bool = false, mustParse: Bool = false) throws {
        scratch = try ScratchGraph()
        self.runs = runs
        self.mustParse = mustParse
    }

    /// What broke the contract on `input`, or nil.
    func violation(_ input: String) -> String? {
        let statement: Statement
        do {
            statement = try Parser.parse(input)
        } catch {
            rejected += 1
            if mustParse { return "rejected: \(error)" }
            return Self.misplaced(error, in: input, required: true)
        }
        parsed += 1
        do {
            _ = try scratch.session.compile(statement, source: input, parameters: [:])
            planned += 1
            if runs { _ = try scratch.session.run(input, parameters: ["x": .int(1)]) }
        } catch {
            return Self.misplaced(error, in: input, required: false)
        }
        return nil
    }

    var summary: String { "\(parsed) parsed (\(planned) planned), \(rejected) rejected" }

    /// Why `error`'s location does not point into `input` (nil when it does, or when it has none and
    /// none is `required`).
    static func misplaced(_ error: QueryError, in input: String, required: Bool) -> String? {
        guard let location = error.location else {
            return required ? "error without a location: \(error)" : nil
        }
        var line = 1
        var column = 1
        var offset = 0
        for scalar in input.unicodeScalars {
            if offset >= location.offset { break }
            offset += scalar.utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        guard offset == location.offset else {
            return
                "offset \(location.offset) is not a character boundary of the \(input.utf8.count)-byte input: \(error)"
        }
        guard line == location.line && column == location.column else {
            return "location \(location) but offset \(location.offset) is at \(line):\(column): \(error)"
        }
        let rendered = error.description
        guard rendered.hasPrefix("\(location): ") else {
            return "rendering does not start with \(location): \(rendered)"
        }
        guard rendered.unicodeScalars.last == "^", rendered.unicodeScalars.split(separator: "\n").count >= 3 else {
            return "rendering lacks the line and caret: \(rendered)"
        }
        guard !error.message.isEmpty else { return "empty message: \(rendered)" }
        return nil
    }

    /// `text` quoted for a failure message, shortened when long.
    static func quoted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 400 else { return String(reflecting: text) }
        let head = String(String.UnicodeScalarView(scalars.prefix(300)))
        return String(reflecting: head) + " ... (\(scalars.count) scalars in all)"
    }
}

/// Runs fuzz inputs on a thread of its own (with the 8 MiB stack of a main thread) and reports an
/// input that stops making progress instead of hanging the test run. `TESSERA_FUZZ_TRACE=path` writes
/// every input to that file before it is checked, to find the one that crashed the process (filter
/// the run to one test: every worker rewrites the file).
///
/// An input may take at most `stallLimit`; inputs take milliseconds, so the limit is a thousand times
/// more than needed and the test does not become flaky on a loaded machine.
enum HangGuard {
    private final class Progress: Sendable {
        let index = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        let summary = Mutex<String>("")
        let finished = Atomic<Bool>(false)
    }

    struct Report {
        /// One line per input that broke the contract (or a line naming the input that stalled).
        var failures: [String]
        var summary: String
    }

    static let stallLimit: Duration = .seconds(30)

    /// Checks every input with a ``ParseContract`` made on the worker thread.
    static func check(_ inputs: [String], label: String, runs: Bool = false, mustParse: Bool = false) async
        -> Report
    {
        await run(inputs, label: label) {
            let contract = try ParseContract(runs: runs, mustParse: mustParse)
            return ({ contract.violation($0) }, { contract.summary })
        }
    }

    /// Calls the checker `make` returns on every input, in order, on a worker thread; the caller
    /// waits without blocking a thread of the concurrency pool.
    static func run(
        _ inputs: [String], label: String,
        make: @escaping @Sendable () throws -> (check: (String) -> String?, summary: () -> String)
    ) async -> Report {
        let progress = Progress()
        let worker = Thread {
            defer { progress.finished.store(true, ordering: .releasing) }
            let checker: (check: (String) -> String?, summary: () -> String)
            do {
                checker = try make()
            } catch {
                progress.failures.withLock { $0.append("\(label): could not set up: \(error)") }
                return
            }
            let trace = ProcessInfo.processInfo.environment["TESSERA_FUZZ_TRACE"].flatMap { path in
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                return FileHandle(forWritingAtPath: path)
            }
            for (index, input) in inputs.enumerated() {
                progress.index.store(index, ordering: .relaxed)
                // A crash kills the process before any report: the trace names the input first.
                trace?.write(Data("\(label) input \(index): \(String(reflecting: input))\n".utf8))
                if let violation = checker.check(input) {
                    progress.failures.withLock {
                        $0.append("\(label) input \(index) \(ParseContract.quoted(input)): \(violation)")
                    }
                }
            }
            progress.summary.withLock { $0 = checker.summary() }
        }
        worker.stackSize = 8 << 20
        worker.start()
        var watched = -1
        var since = ContinuousClock.now
        while !progress.finished.load(ordering: .acquiring) {
            try? await Task.sleep(for: .milliseconds(5))
            let index = progress.index.load(ordering: .relaxed)
            if index != watched {
                watched = index
                since = .now
            } else if ContinuousClock.now - since > stallLimit {
                let failure =
                    "\(label) input \(index) ran longer than \(stallLimit): \(ParseContract.quoted(inputs[index]))"
                return Report(failures: progress.failures.withLock { $0 } + [failure], summary: "stalled")
            }
        }
        return Report(failures: progress.failures.withLock { $0 }, summary: progress.summary.withLock { $0 })
    }
}
