import PropertyBased
import TesseraCore
import TesseraGeometry
import TesseraTestSupport
import Testing

@testable import TesseraQuery

// MARK: - Random values

/// Builds random query values from a seed, over small domains so that equal and equivalent values meet often.
struct RandomValues {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func pick<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &random)] }

    static let integers: [Int64] = [.min, .min + 1, -3, -1, 0, 1, 2, 3, 9_007_199_254_740_993, .max]
    static let floats: [Double] = [
        -.infinity, -2.5, -1, -0.0, 0.0, 0.5, 1, 2, 3, 9_007_199_254_740_992, .infinity, .nan, 1e300,
    ]
    static let strings = ["", "a", "b", "ab", "A", "é", "e\u{301}", "it's", "😀"]

    /// Any value, nested at most `depth` levels.
    mutating func value(depth: Int = 2) -> QueryValue {
        let kinds = depth > 0 ? 14 : 11
        switch Int.random(in: 0..<kinds, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(pick(Self.integers))
        case 3: return .float(pick(Self.floats))
        case 4: return .string(pick(Self.strings))
        case 5: return .node(node())
        case 6: return .relationship(relationship())
        case 7: return .point(PointValue(srid: pick([4326, 7203]), x: pick([0, 1.5, .nan]), y: pick([0, -1])))
        case 8: return .duration(DurationValue(months: pick([0, 1]), days: pick([0, 30]), seconds: 0, nanoseconds: 0))
        case 9:
            return .dateTime(DateTimeValue(epochSecond: pick([0, 60]), nanosecond: 0, offsetSeconds: pick([0, 3600])))
        case 10: return .bytes(pick([[], [0], [0, 255], [1]]))
        case 11: return .list((0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth: depth - 1) })
        case 12:
            var entries: [String: QueryValue] = [:]
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                entries[pick(["k", "l", "m"])] = value(depth: depth - 1)
            }
            return .map(entries)
        default:
            let first = node()
            let second = node()
            let edge = relationship()
            return .path(PathValue(nodes: [first, second], relationships: [edge]))
        }
    }

    /// A value that can be stored as a property.
    mutating func storable() -> QueryValue {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return .bool(Bool.random(using: &random))
        case 1: return .int(Int64.random(in: .min ... .max, using: &random))
        case 2: return .float(Double(bitPattern: random.next()))
        case 3: return .string(pick(Self.strings))
        case 4:
            return .bytes(
                (0..<Int.random(in: 0...4, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
        case 5: return .date(DateValue(epochDay: Int64.random(in: -1_000_000...1_000_000, using: &random)))
        case 6: return .time(TimeValue(nanosecondOfDay: 5_000, offsetSeconds: pick([-3600, 0, 19_800])))
        case 7:
            let zone: String? = pick([nil, "Europe/Stockholm"])
            return .dateTime(
                DateTimeValue(epochSecond: 1_700_000_000, nanosecond: 12, offsetSeconds: 3600, zoneId: zone))
        case 8: return .duration(DurationValue(months: 14, days: -3, seconds: 7200, nanoseconds: 5))
        case 9: return .point(PointValue(srid: 4979, x: 12.5, y: -33.25, z: pick([nil, 100])))
        case 10:
            return .list(
                (0..<Int.random(in: 0...3, using: &random)).map { _ in .int(Int64.random(in: -9...9, using: &random)) })
        default: return .list([.string("x"), .string(pick(Self.strings))])
        }
    }

    private mutating func node() -> NodeValue {
        NodeValue(id: pick(["n1", "n2"]), labels: ["A"], properties: ["k": .int(pick([1, 2]))])
    }

    private mutating func relationship() -> RelationshipValue {
        RelationshipValue(id: pick(["r1", "r2"]), type: "T", start: "n1", end: "n2", properties: [:])
    }
}

private let seeds = Gen.uint64()

private func values(_ seed: UInt64, count: Int) -> [QueryValue] {
    var generator = RandomValues(seed: seed)
    return (0..<count).map { _ in generator.value() }
}

private func sign(_ number: Int) -> Int { number < 0 ? -1 : (number > 0 ? 1 : 0) }

// MARK: - Properties

@Suite("Query values: order, equivalence and storage")
struct ValueSemanticsPropertyTests {
    @Test("orderCompare is a total order: reflexive, antisymmetric, transitive")
    func totalOrder() async {
        await propertyCheck(count: 2000, input: seeds) { seed throws in
            let v = values(seed, count: 3)
            let (a, b, c) = (v[0], v[1], v[2])
            #expect(QueryValue.orderCompare(a, a) == 0, "seed \(seed): \(a.render())")
            #expect(
                sign(QueryValue.orderCompare(a, b)) == -sign(QueryValue.orderCompare(b, a)),
                "seed \(seed): \(a.render()) vs \(b.render())")
            if QueryValue.orderCompare(a, b) <= 0 && QueryValue.orderCompare(b, c) <= 0 {
                #expect(QueryValue.orderCompare(a, c) <= 0, "seed \(seed): \(a.render()), \(b.render()), \(c.render())")
            }
        }
    }

    @Test("Hashable agrees with equivalence, and equality implies equivalence")
    func hashAgreesWithEquivalence() async {
        await propertyCheck(count: 3000, input: seeds) { seed throws in
            let v = values(seed, count: 2)
            let (a, b) = (v[0], v[1])
            if a == b { #expect(a.hashValue == b.hashValue, "seed \(seed): \(a.render()) vs \(b.render())") }
            if QueryValue.equals(a, b) == true { #expect(a == b, "seed \(seed): \(a.render()) vs \(b.render())") }
            #expect(QueryValue.equals(a, b) == QueryValue.equals(b, a), "seed \(seed)")
            #expect(Set([a, b]).count == (a == b ? 1 : 2), "seed \(seed)")
        }
    }

    @Test("compare agrees with orderCompare where it answers")
    func compareAgreesWithOrder() async {
        await propertyCheck(count: 3000, input: seeds) { seed throws in
            let v = values(seed, count: 2)
            let (a, b) = (v[0], v[1])
            let expected: Int? =
                switch QueryValue.compare(a, b) {
                case .less: -1
                case .equal: 0
                case .greater: 1
                case .unordered, nil: nil
                }
            if let expected {
                #expect(sign(QueryValue.orderCompare(a, b)) == expected, "seed \(seed): \(a.render()) vs \(b.render())")
            }
        }
    }

    @Test("toProperty and init(property:) round-trip")
    func propertyRoundTrip() async {
        await propertyCheck(count: 2000, input: seeds) { seed throws in
            var generator = RandomValues(seed: seed)
            let value = generator.storable()
            let stored = try #require(try value.toProperty())
            let back = QueryValue(property: stored)
            #expect(back == value, "seed \(seed): \(value.render()) came back as \(back.render())")
            #expect(back.render() == value.render(), "seed \(seed)")
            #expect(try back.toProperty()?.description == stored.description, "seed \(seed)")
        }
    }
}

// MARK: - Examples

@Suite("Query values: openCypher cases")
struct ValueSemanticsExampleTests {
    let nan = QueryValue.float(.nan)

    @Test("Equality is three-valued")
    func equality() {
        #expect(QueryValue.equals(.int(1), .float(1.0)) == true)
        #expect(QueryValue.equals(.null, .null) == nil)
        #expect(QueryValue.equals(nan, nan) == false)
        #expect(QueryValue.equals(.string("1"), .int(1)) == false)
        #expect(QueryValue.equals(.list([.int(1), .null]), .list([.int(1), .int(2)])) == nil)
        #expect(QueryValue.equals(.list([.int(1), .null]), .list([.int(2), .null])) == false)
        #expect(QueryValue.equals(.list([.null]), .list([.null, .null])) == false)
        #expect(QueryValue.equals(.map(["k": .null]), .map(["k": .null])) == nil)
        #expect(QueryValue.equals(.map(["k": .null]), .map([:])) == false)
        #expect(QueryValue.equals(.map(["k": .int(1), "l": .null]), .map(["k": .null, "l": .int(1)])) == nil)
        #expect(QueryValue.equals(.int(9_007_199_254_740_993), .float(9_007_199_254_740_992)) == false)
    }

    @Test("Comparisons: NaN is unordered, lists are lexicographic, mixed types are null")
    func comparison() {
        #expect(QueryValue.compare(nan, .int(1)) == .unordered)
        #expect(QueryValue.lessThan(nan, nan) == false)
        #expect(QueryValue.greaterThanOrEqual(nan, .float(1)) == false)
        #expect(QueryValue.lessThan(nan, .string("a")) == nil)
        #expect(QueryValue.lessThan(.int(1), .float(3.14)) == true)
        #expect(QueryValue.lessThan(.string("1"), .int(1)) == nil)
        #expect(QueryValue.greaterThanOrEqual(.list([.int(1), .int(0)]), .list([.int(1)])) == true)
        #expect(QueryValue.greaterThanOrEqual(.list([.int(1), .null]), .list([.int(1)])) == true)
        #expect(QueryValue.greaterThanOrEqual(.list([.int(1), .int(2)]), .list([.int(1), .null])) == nil)
        #expect(QueryValue.greaterThanOrEqual(.list([.int(1), .int(2)]), .list([.int(3), .null])) == false)
        #expect(QueryValue.lessThan(.map([:]), .map([:])) == nil)
        #expect(QueryValue.lessThan(.bool(false), .bool(true)) == true)
        #expect(QueryValue.lessThan(.string("B"), .string("a")) == true)
    }

    @Test("ORDER BY sorts types as openCypher does")
    func crossTypeOrder() {
        let node = NodeValue(id: "n", labels: ["N"], properties: [:])
        let edge = RelationshipValue(id: "r", type: "REL", start: "n", end: "m", properties: [:])
        let path = PathValue(nodes: [node, NodeValue(id: "m", labels: [], properties: [:])], relationships: [edge])
        let expected: [QueryValue] = [
            .map(["a": .string("map")]), .node(node), .relationship(edge), .list([.string("list")]), .path(path),
            .string("text"), .bool(false), .float(1.5), nan, .null,
        ]
        let shuffled =
            [expected[5], expected[9], expected[2], expected[8], expected[0]] + [
                expected[7], expected[3], expected[6], expected[1], expected[4],
            ]
        let sorted = shuffled.sorted { QueryValue.orderCompare($0, $1) < 0 }
        #expect(sorted.map { $0.render() } == expected.map { $0.render() })
    }

    @Test("Equivalence groups null with null, NaN with NaN and 1 with 1.0")
    func equivalence() {
        #expect(QueryValue.null == QueryValue.null)
        #expect(nan == nan)
        #expect(Set<QueryValue>([.int(1), .float(1.0), .float(-0.0), .int(0), nan, nan, .null, .null]).count == 4)
        #expect(QueryValue.list([.null, nan]) == QueryValue.list([.null, nan]))
    }

    @Test("Integer arithmetic is checked and truncates")
    func arithmetic() throws {
        #expect(try Operators.divide(.int(7), .int(-2)) == .int(-3))
        #expect(try Operators.modulo(.int(-7), .int(2)) == .int(-1))
        #expect(try Operators.modulo(.int(.min), .int(-1)) == .int(0))
        #expect(try Operators.divide(.float(1), .int(0)) == .float(.infinity))
        #expect(try Operators.divide(.float(0), .float(0)).isNaN)
        #expect(try Operators.power(.int(2), .int(3)) == .float(8))
        #expect(try Operators.add(.int(1), .float(0.5)) == .float(1.5))
        #expect(try Operators.add(.string("a"), .int(1)) == .string("a1"))
        #expect(try Operators.add(.list([.int(1)]), .int(2)) == .list([.int(1), .int(2)]))
        #expect(try Operators.add(.int(0), .list([.int(1)])) == .list([.int(0), .int(1)]))
        #expect(try Operators.add(.null, .int(1)) == .null)
        for (a, b) in [(Int64.max, Int64(1)), (Int64.min, Int64(-1))] {
            #expect(throws: QueryError.self) { try Operators.add(.int(a), .int(a == .max ? b : a)) }
            #expect(throws: QueryError.self) { try Operators.multiply(.int(a), .int(2)) }
        }
        let zero = #expect(throws: QueryError.self) { try Operators.divide(.int(1), .int(0)) }
        #expect(zero?.kind == .arithmeticError)
        #expect(zero?.message.hasPrefix("/ by zero") == true)
        #expect(throws: QueryError.self) { try Operators.modulo(.int(1), .int(0)) }
        #expect(throws: QueryError.self) { try Operators.negate(.int(.min)) }
        let type = #expect(throws: QueryError.self) { try Operators.subtract(.string("a"), .int(1)) }
        #expect(type?.kind == .typeError)
        #expect(type?.detail == "InvalidArgumentType")
    }

    @Test("Rendering follows openCypher literals")
    func rendering() {
        #expect(QueryValue.float(1).render() == "1.0")
        #expect(QueryValue.float(1e-5).render() == "1e-5")
        #expect(QueryValue.float(1.2635418652381264e305).render() == "1.2635418652381264e305")
        #expect(nan.render() == "NaN")
        #expect(QueryValue.float(-.infinity).render() == "-Infinity")
        #expect(QueryValue.string("it's\n\\").render() == #"'it\'s\n\\'"#)
        #expect(QueryValue.map(["b": .string("x"), "a": .int(1)]).render() == "{a: 1, b: 'x'}")
        #expect(QueryValue.list([.int(1), .null]).render() == "[1, null]")
        let a = NodeValue(id: "1", labels: ["A", "B"], properties: ["k": .int(1)])
        let b = NodeValue(id: "2", labels: [], properties: [:])
        #expect(QueryValue.node(a).render() == "(:A:B {k: 1})")
        #expect(QueryValue.node(b).render() == "()")
        let forward = RelationshipValue(id: "r", type: "T", start: "1", end: "2", properties: [:])
        let backward = RelationshipValue(id: "s", type: "U", start: "1", end: "2", properties: ["w": .float(2)])
        #expect(QueryValue.relationship(backward).render() == "[:U {w: 2.0}]")
        let path = PathValue(nodes: [a, b, a], relationships: [forward, backward])
        #expect(QueryValue.path(path).render() == "<(:A:B {k: 1})-[:T]->()<-[:U {w: 2.0}]-(:A:B {k: 1})>")
        #expect(QueryValue.point(PointValue(srid: 7203, x: 1, y: 2)).render() == "point({srid: 7203, x: 1.0, y: 2.0})")
    }

    @Test("JSON output")
    func json() {
        let node = NodeValue(id: "n1", labels: ["A"], properties: ["k": .list([.int(1), .float(.nan)])])
        #expect(QueryValue.node(node).toJSON() == #"{"id":"n1","labels":["A"],"properties":{"k":[1,null]}}"#)
        #expect(QueryValue.map(["s": .string("q\""), "b": .bool(true)]).toJSON() == #"{"b":true,"s":"q\""}"#)
    }

    @Test("Only storable values become properties")
    func storage() throws {
        #expect(try QueryValue.null.toProperty() == nil)
        #expect(try QueryValue.list([.int(1), .int(2)]).toProperty() == .list([.int(1), .int(2)]))
        for value: QueryValue in [
            .map(["a": .int(1)]), .list([.map([:])]), .list([.int(1), .null]), .list([.int(1), .string("a")]),
            .list([.list([])]), .node(NodeValue(id: "n", labels: [], properties: [:])),
        ] {
            let error = #expect(throws: QueryError.self) { try value.toProperty() }
            #expect(error?.detail == "InvalidPropertyType", "\(value.render())")
        }
        #expect(QueryValue(property: .map(["$date": .string("x")])) == .map(["$date": .string("x")]))
    }
}
