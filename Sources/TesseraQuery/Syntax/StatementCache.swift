import Synchronization

/// Statements already parsed, by their exact text, shared by every session of the process: applications send
/// the same statements again and again (their values as parameters), and each text is lexed and parsed once.
///
/// A parsed statement depends on its text alone (positions in error messages included), so a kept one is
/// exactly what parsing again would give. Statements that fail to parse are not kept. The cache is bounded:
/// texts longer than ``maxTextBytes`` (generated bulk statements) are not kept, and each of two generations
/// holds at most ``capacity`` statements: when the newer one is full it becomes the older one and the
/// previous older one is dropped. A statement found in the older generation moves to the newer one, so one in
/// steady use stays while one used once ages out.
final class StatementCache: Sendable {
    /// The cache sessions use.
    static let shared = StatementCache(capacity: 1024)
    /// Longer texts are parsed every time.
    static let maxTextBytes = 16 << 10

    /// Statements per generation.
    let capacity: Int
    private let state = Mutex(State())

    private struct State {
        var newer: [String: Statement] = [:]
        var older: [String: Statement] = [:]
        var hits = 0
        var misses = 0

        mutating func keep(_ text: String, _ statement: Statement, capacity: Int) {
            if newer.count >= capacity {
                older = newer
                newer = [:]
                newer.reserveCapacity(capacity)
            }
            newer[text] = statement
        }
    }

    init(capacity: Int) {
        precondition(capacity > 0, "a statement cache needs room for at least one statement")
        self.capacity = capacity
    }

    /// The statement `text` parses to, from the cache when it was parsed before.
    func statement(_ text: String) throws(QueryError) -> Statement {
        guard text.utf8.count <= Self.maxTextBytes else { return try Parser.parse(text) }
        let capacity = capacity
        let found = state.withLock { state -> Statement? in
            if let statement = state.newer[text] {
                state.hits += 1
                return statement
            }
            guard let statement = state.older.removeValue(forKey: text) else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            state.keep(text, statement, capacity: capacity)
            return statement
        }
        if let found { return found }
        let parsed = try Parser.parse(text)
        state.withLock { $0.keep(text, parsed, capacity: capacity) }
        return parsed
    }

    /// How many look-ups found their statement and how many parsed it, and how many statements are kept.
    var statistics: (hits: Int, misses: Int, kept: Int) {
        state.withLock { ($0.hits, $0.misses, $0.newer.count + $0.older.count) }
    }
}
