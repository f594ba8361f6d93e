import TesseraCore
import TesseraTestSupport

@testable import TesseraQuery

/// A query text with its parameters.
struct GeneratedQuery {
    var text: String
    var parameters: [String: QueryValue] = [:]
}

extension IndexedCity {
    /// A random read with a predicate on an indexed property, at a random time pin.
    func randomQuery(_ random: inout SeededRandom) -> GeneratedQuery {
        let pairs = IndexDifferentialTests.indexed
        let (label, property) = pairs[Int(random.next() % UInt64(pairs.count))]
        let pool = values["\(label).\(property)"] ?? []
        var query = GeneratedQuery(text: "")
        func value(_ random: inout SeededRandom) -> QueryValue { Self.variant(of: pool, &random) }
        let p = "n.\(property)"
        var pattern = "(n:\(label))"
        var predicate: String
        switch random.next() % 10 {
        case 0:
            predicate = "\(p) = $v"
            query.parameters["v"] = value(&random)
        case 1:
            predicate = "$v = \(p)"
            query.parameters["v"] = value(&random)
        case 2:
            pattern = "(n:\(label) {\(property): $v})"
            predicate = ""
            query.parameters["v"] = value(&random)
        case 3:
            predicate = "\(p) IN $list"
            query.parameters["list"] = .list((0..<(1 + random.next() % 4)).map { _ in value(&random) })
        case 4, 5:
            let op = ["<", "<=", ">", ">="][Int(random.next() % 4)]
            predicate = random.next() % 2 == 0 ? "\(p) \(op) $v" : "$v \(op) \(p)"
            query.parameters["v"] = value(&random)
        case 6:
            predicate = "$a <= \(p) AND \(p) < $b AND n.id STARTS WITH $id"
            query.parameters["a"] = value(&random)
            query.parameters["b"] = value(&random)
            query.parameters["id"] = .string(["", "b1", "s", "r2"][Int(random.next() % 4)])
        case 7:
            predicate = "\(p) STARTS WITH $s"
            query.parameters["s"] = Self.prefix(of: value(&random), &random)
        case 8:
            predicate = "\(p) = \(value(&random).render())"
        default:
            return related(label, property, value(&random), &random)
        }
        let pin = Self.pin(systemTimes, &random)
        let matchPin = random.next() % 2 == 0
        let whereClause = predicate.isEmpty ? "" : " WHERE " + predicate
        query.text =
            (matchPin ? "" : pin) + "MATCH \(pattern)" + (matchPin ? " " + pin : "") + whereClause
            + " RETURN n.id AS id, \(p) AS v, validFrom(n) AS since"
        return query
    }

    /// A predicate whose value comes from a node bound earlier, or a traversal from the seek.
    private func related(_ label: String, _ property: String, _ value: QueryValue, _ random: inout SeededRandom)
        -> GeneratedQuery
    {
        let pin = Self.pin(systemTimes, &random)
        if random.next() % 2 == 0 {
            return GeneratedQuery(
                text: pin
                    + "MATCH (a:\(label)) WITH a SKIP $skip LIMIT 3 MATCH (n:\(label)) WHERE n.\(property) = a.\(property) "
                    + "RETURN a.id, n.id",
                parameters: ["skip": .int(Int64(random.next() % 50))])
        }
        return GeneratedQuery(
            text: pin + "MATCH (n:\(label))-[r]-(m) WHERE n.\(property) = $v RETURN n.id, type(r), m.id",
            parameters: ["v": value])
    }

    /// A value from `pool`, or one near it: the other numeric type, a neighbour, a string, null.
    static func variant(of pool: [QueryValue], _ random: inout SeededRandom) -> QueryValue {
        guard !pool.isEmpty else { return .null }
        let base = pool[Int(random.next() % UInt64(pool.count))]
        let roll = random.next() % 10
        switch (base, roll) {
        case (_, 0): return .null
        case (.int(let n), 1): return .float(Double(n))
        case (.int(let n), 2): return .float(Double(n) + 0.5)
        case (.int(let n), 3): return .string("\(n)")
        case (.float(let d), 1): return .int(Int64(d.rounded()))
        case (.float(let d), 2): return .float(d + 0.05)
        case (.string(let s), 1): return .string(String(s.prefix(1 + Int(random.next() % 6))))
        case (.string, 2): return .int(3)
        case (.string(let s), 3): return .string(s + "~")
        default: return base
        }
    }

    /// A prefix of a string value (other values as they are).
    static func prefix(of value: QueryValue, _ random: inout SeededRandom) -> QueryValue {
        guard case .string(let text) = value else { return value }
        return .string(String(text.prefix(Int(random.next() % 8))))
    }

    /// A time pin clause (with a trailing space), or nothing.
    static func pin(_ systemTimes: [Int64], _ random: inout SeededRandom) -> String {
        let month = 1 + random.next() % 12
        let date = "'2025-\(month < 10 ? "0" : "")\(month)-0\(1 + random.next() % 9)T00:00:00Z'"
        let system = systemTimes.isEmpty ? 0 : systemTimes[Int(random.next() % UInt64(systemTimes.count))]
        switch random.next() % 6 {
        case 0, 1: return ""
        case 2: return "FOR VALID_TIME AS OF \(date) "
        case 3: return "FOR SYSTEM_TIME AS OF \(system) "
        case 4: return "FOR VALID_TIME AS OF \(date) FOR SYSTEM_TIME AS OF \(system) "
        default: return "FOR VALID_TIME FROM \(date) TO '2025-12-20T00:00:00Z' "
        }
    }
}
