import Synchronization
import TesseraCore
import TesseraGraph

/// A row: one value per slot of the current scope.
typealias Row = [QueryValue]

/// Variables visible at one point of a query and the slot each occupies in rows.
final class Scope {
    /// What a variable is known to hold: graph elements, a value of any type, a value that is no graph element
    /// (`scalar`), or one that has no properties either (`plain`: a number, boolean, string or list literal).
    enum Kind { case node, relationship, path, value, relationshipList, scalar, plain }
    private(set) var slots: [String: Int] = [:]
    private(set) var names: [String] = []
    private(set) var kinds: [String: Kind] = [:]

    init() {}

    init(copying other: Scope) {
        slots = other.slots
        names = other.names
        kinds = other.kinds
    }

    var count: Int { names.count }

    func slot(_ name: String) -> Int? { slots[name] }

    func kind(_ name: String) -> Kind? { kinds[name] }

    /// Adds a variable (or returns its slot when already present).
    @discardableResult
    func add(_ name: String, _ kind: Kind) -> Int {
        if let slot = slots[name] { return slot }
        slots[name] = names.count
        names.append(name)
        kinds[name] = kind
        return names.count - 1
    }

    func addAliasInternal(_ name: String, _ slot: Int) {
        slots[name] = slot
        kinds[name] = .value
    }

    /// User-visible variables (hidden ones start with a space).
    var visibleNames: [String] { names.filter { !$0.hasPrefix(" ") }.sorted() }
}

/// Everything a running statement shares: the graph view, parameters, clock and limits.
final class ExecutionContext {
    let access: GraphAccess
    let parameters: [String: QueryValue]
    let options: QueryOptions
    /// The statement's default read pin.
    let defaultPin: TimePin
    let started: ContinuousClock.Instant
    private var ticks = 0
    /// Estimated bytes held by sorts, aggregations, DISTINCT and collected results.
    var memoryUsed = 0
    let cancellation: QueryCancellation?
    /// Whether label and whole-graph scans stream from the engine: statements that only read (a statement
    /// that writes sees its scans as of their start, as lists).
    var streamsScans = false
    /// Function call sites met so far, by the call's offset in the statement (see ``CallSite``).
    var callSites: [Int: CallSite] = [:]

    init(
        access: GraphAccess, parameters: [String: QueryValue], options: QueryOptions, defaultPin: TimePin,
        cancellation: QueryCancellation?
    ) {
        self.access = access
        self.parameters = parameters
        self.options = options
        self.defaultPin = defaultPin
        self.started = ContinuousClock.now
        self.cancellation = cancellation
    }

    var statementTime: Int64 { access.now }

    /// Checks timeout and cancellation (cheaply: the clock is read every 256 calls).
    @inline(__always)
    func tick() throws(QueryError) {
        ticks &+= 1
        guard ticks & 255 == 0 else { return }
        try checkNow()
    }

    func checkNow() throws(QueryError) {
        if let cancellation, cancellation.isCancelled {
            throw QueryError(.runtime, .limitExceeded, "the query was cancelled", detail: "Cancelled")
        }
        if let timeout = options.timeoutSeconds {
            let elapsed = ContinuousClock.now - started
            if elapsed > .milliseconds(Int64(timeout * 1000)) {
                throw QueryError(
                    .runtime, .limitExceeded, "the query ran longer than its timeout of \(timeout) s", detail: "Timeout"
                )
            }
        }
    }

    /// Gives back memory charged for state that was dropped (a row a top-k sort no longer keeps).
    func release(_ bytes: Int) {
        memoryUsed -= bytes
    }

    /// Charges `bytes` of materialised state against the memory budget.
    func charge(_ bytes: Int) throws(QueryError) {
        memoryUsed += bytes
        if memoryUsed > options.memoryBudgetBytes {
            throw QueryError(
                .runtime, .limitExceeded,
                "the query needs more than its memory budget of \(options.memoryBudgetBytes / (1 << 20)) MiB for sorting, grouping or collecting",
                detail: "MemoryBudget")
        }
    }
}

/// Lets another thread cancel a running statement.
public final class QueryCancellation: Sendable {
    private let cancelled = Atomic<Bool>(false)

    public init() {}

    /// Asks the statement to stop at its next check.
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

extension QueryValue {
    /// A rough size estimate for the memory budget.
    var estimatedBytes: Int {
        switch self {
        case .string(let s): 32 + s.utf8.count
        case .list(let l): 32 + l.reduce(0) { $0 + $1.estimatedBytes }
        case .map(let m): 64 + m.reduce(0) { $0 + 32 + $1.key.utf8.count + $1.value.estimatedBytes }
        case .node(let n): 128 + n.properties.count * 48
        case .relationship(let r): 128 + r.properties.count * 48
        case .path(let p): 64 + p.nodes.count * 160 + p.relationships.count * 160
        default: 24
        }
    }
}
