import PropertyBased
import Testing

@testable import TesseraQuery

/// Calls a scalar function, failing the test when the name is unknown.
private func call(_ name: String, _ arguments: QueryValue...) throws -> QueryValue {
    try #require(try ScalarFunctions.call(name, arguments))
}

/// Feeds `values` to a fresh aggregator and returns its result.
private func aggregate(
    _ name: String, _ values: [QueryValue], distinct: Bool = false, constants: [QueryValue] = []
) throws -> QueryValue {
    var aggregator = try #require(try Aggregation.make(name, distinct: distinct, constantArguments: constants))
    for value in values { try aggregator.add(value) }
    return try aggregator.result()
}

@Suite("Scalar functions")
struct ScalarFunctionTests {
    @Test("Every function in the arity table is callable with null arguments")
    func nullArguments() throws {
        for (name, arity) in ScalarFunctions.arities where name != "rand" {
            let arguments = [QueryValue](repeating: .null, count: arity.lowerBound)
            #expect(try ScalarFunctions.call(name, arguments) != nil, "\(name)")
        }
        #expect(try call("tointeger", .null) == .null)
        #expect(try call("coalesce", .null, .null, .int(2), .int(3)) == .int(2))
        #expect(try ScalarFunctions.call("nosuchfunction", []) == nil)
    }

    @Test("Math")
    func math() throws {
        #expect(try call("abs", .int(-3)) == .int(3))
        #expect(try call("abs", .float(-3.5)) == .float(3.5))
        #expect(try call("sign", .float(-0.5)) == .int(-1))
        #expect(try call("sqrt", .int(16)) == .float(4))
        #expect(try call("ceil", .float(1.2)) == .float(2))
        #expect(try call("floor", .float(-1.2)) == .float(-2))
        #expect(try call("round", .float(2.5)) == .float(3))
        #expect(try call("round", .float(-2.5)) == .float(-2))
        #expect(try call("round", .float(3.14159), .int(2)) == .float(3.14))
        #expect(try call("round", .float(2.675), .int(2)) == .float(2.68))
        #expect(try call("round", .float(-1.5), .int(0)) == .float(-2))
        #expect(try call("round", .float(2.5), .int(0), .string("HALF_EVEN")) == .float(2))
        #expect(try call("round", .float(1234.5), .int(-2), .string("CEILING")) == .float(1300))
        #expect(try call("round", .float(0.0001), .int(1), .string("UP")) == .float(0.1))
        #expect(try call("log", .int(0)) == .float(-.infinity))
        #expect(try call("atan2", .int(1), .int(1)) == .float(Double.pi / 4))
        let error = #expect(throws: QueryError.self) { try call("sqrt", .string("4")) }
        #expect(error?.detail == "InvalidArgumentType")
    }

    @Test("Strings count Unicode scalars and follow Cypher's edge cases")
    func strings() throws {
        #expect(try call("reverse", .string("raksO")) == .string("Oskar"))
        #expect(try call("substring", .string("hello"), .int(1), .int(3)) == .string("ell"))
        #expect(try call("substring", .string("hello"), .int(10)) == .string(""))
        #expect(try call("left", .string("hello"), .int(9)) == .string("hello"))
        #expect(try call("right", .string("héllo"), .int(4)) == .string("éllo"))
        #expect(try call("split", .string("one1two"), .string("1")) == .list([.string("one"), .string("two")]))
        #expect(
            try call("split", .string("a,b;;c"), .list([.string(","), .string(";")]))
                == .list(["a", "b", "", "c"].map { .string($0) }))
        #expect(try call("replace", .string("aXbXc"), .string("X"), .string("--")) == .string("a--b--c"))
        #expect(try call("replace", .string("ab"), .string(""), .string("-")) == .string("-a-b-"))
        #expect(try call("trim", .string("  a b \n")) == .string("a b"))
        #expect(try call("ltrim", .string("  a ")) == .string("a "))
        #expect(try call("toupper", .string("abc")) == .string("ABC"))
        #expect(try call("size", .string("😀a")) == .int(2))
        #expect(throws: QueryError.self) { try call("substring", .string("a"), .int(-1)) }
        #expect(throws: QueryError.self) { try call("toupper", .int(1)) }
    }

    @Test("Conversions")
    func conversions() throws {
        #expect(try call("tointeger", .float(82.9)) == .int(82))
        #expect(try call("tointeger", .string("1.7")) == .int(1))
        #expect(try call("tointeger", .string("foo")) == .null)
        #expect(try call("tofloat", .string("3.4")) == .float(3.4))
        #expect(try call("toboolean", .string(" tru ")) == .null)
        #expect(try call("toboolean", .string("TRUE")) == .bool(true))
        #expect(try call("tostring", .float(2.3)) == .string("2.3"))
        #expect(try call("tostring", .bool(true)) == .string("true"))
        #expect(try call("tointegerornull", .list([])) == .null)
        #expect(try call("tointegerornull", .float(1e300)) == .null)
        #expect(try call("tofloatlist", .list([.int(1), .string("x"), .null])) == .list([.float(1), .null, .null]))
        for (name, argument) in [
            ("toboolean", QueryValue.float(1)), ("tointeger", .list([])), ("tofloat", .bool(true)),
            ("tostring", .map([:])),
        ] {
            let error = #expect(throws: QueryError.self) { try call(name, argument) }
            #expect(error?.kind == .typeError && error?.detail == "InvalidArgumentValue", "\(name)")
        }
    }

    @Test("Lists and range")
    func lists() throws {
        #expect(try call("range", .int(0), .int(10), .int(3)) == .list([0, 3, 6, 9].map { .int($0) }))
        #expect(try call("range", .int(2), .int(-2), .int(-2)) == .list([2, 0, -2].map { .int($0) }))
        #expect(try call("range", .int(0), .int(-1)) == .list([]))
        #expect(try call("range", .int(.max - 1), .int(.max)) == .list([.int(.max - 1), .int(.max)]))
        let zero = #expect(throws: QueryError.self) { try call("range", .int(2), .int(8), .int(0)) }
        #expect(zero?.kind == .argumentError && zero?.detail == "NumberOutOfRange")
        let float = #expect(throws: QueryError.self) { try call("range", .float(-0.0), .int(1)) }
        #expect(float?.kind == .argumentError && float?.detail == "InvalidArgumentType")
        #expect(try call("head", .list([])) == .null)
        #expect(try call("last", .list([.int(1), .int(2)])) == .int(2))
        #expect(try call("tail", .list([.int(1), .int(2)])) == .list([.int(2)]))
        #expect(try call("keys", .map(["b": .null, "a": .int(1)])) == .list([.string("a"), .string("b")]))
        #expect(try call("nullif", .int(1), .float(1)) == .null)
        #expect(try call("isempty", .string("")) == .bool(true))
    }

    @Test("Graph accessors")
    func graph() throws {
        let a = NodeValue(id: "a", labels: ["L"], properties: ["k": .int(1)])
        let b = NodeValue(id: "b", labels: [], properties: [:])
        let r = RelationshipValue(id: "r", type: "T", start: "a", end: "b", properties: [:])
        let path = QueryValue.path(PathValue(nodes: [a, b], relationships: [r]))
        #expect(try call("length", path) == .int(1))
        #expect(try call("nodes", path) == .list([.node(a), .node(b)]))
        #expect(try call("type", .relationship(r)) == .string("T"))
        #expect(try call("labels", .node(a)) == .list([.string("L")]))
        #expect(try call("elementid", .node(a)) == .string("a"))
        #expect(try call("id", .node(a)) == call("id", .node(a)))
        #expect(throws: QueryError.self) { try call("size", path) }
    }

    @Test("round with a precision never moves a value by more than half a unit")
    func roundProperty() async {
        await propertyCheck(count: 500, input: Gen.double(in: -1e6...1e6), Gen.int(in: 0...6)) { x, places throws in
            let rounded = try call("round", .float(x), .int(Int64(places)))
            let unit = (0..<places).reduce(1.0) { unit, _ in unit / 10 }
            #expect(Swift.abs((rounded.asDouble ?? .nan) - x) <= unit / 2 + unit * 1e-9, "\(x) to \(places)")
        }
    }
}

@Suite("Aggregate functions")
struct AggregationTests {
    @Test("count, sum, avg, min, max, collect")
    func basics() throws {
        let values: [QueryValue] = [.int(1), .null, .int(2), .int(3)]
        #expect(try aggregate("count", values) == .int(3))
        #expect(try aggregate("sum", values) == .int(6))
        #expect(try aggregate("sum", []) == .int(0))
        #expect(try aggregate("sum", [.int(1), .float(0.5)]) == .float(1.5))
        #expect(try aggregate("avg", values) == .float(2))
        #expect(try aggregate("avg", []) == .null)
        #expect(try aggregate("avg", [.int(.max), .int(.max), .float(0)]) == .float(Double(Int64.max) * 2 / 3))
        #expect(try aggregate("avg", [.float(0.1), .float(0.2), .float(0.3)]) == .float((0.1 + 0.2 + 0.3) / 3))
        #expect(try aggregate("collect", values) == .list([.int(1), .int(2), .int(3)]))
        let mixed: [QueryValue] = [.int(1), .string("a"), .null, .list([.int(1), .int(2)]), .float(0.2), .string("b")]
        #expect(try aggregate("max", mixed) == .int(1))
        #expect(try aggregate("min", mixed) == .list([.int(1), .int(2)]))
        #expect(try aggregate("min", [.null]) == .null)
        #expect(throws: QueryError.self) { try aggregate("sum", [.int(.max), .int(1)]) }
        #expect(throws: QueryError.self) { try aggregate("sum", [.string("a")]) }
    }

    @Test("DISTINCT deduplicates by equivalence")
    func distinct() throws {
        let values: [QueryValue] = [.int(1), .float(1), .null, .null, .int(2), .float(.nan), .float(.nan)]
        #expect(try aggregate("count", values, distinct: true) == .int(3))
        #expect(try aggregate("collect", [.null, .int(1), .null], distinct: true) == .list([.int(1)]))
    }

    @Test("Standard deviation and percentiles")
    func statistics() throws {
        let values: [QueryValue] = [.float(10), .float(20), .float(30)]
        #expect(try aggregate("stdevp", values) == .float((200.0 / 3).squareRoot()))
        #expect(try aggregate("stdev", values) == .float(10))
        #expect(try aggregate("stdev", [.int(1)]) == .float(0))
        for (p, disc, cont) in [(0.0, 10.0, 10.0), (0.5, 20, 20), (1.0, 30, 30), (0.25, 10, 15)] {
            #expect(try aggregate("percentiledisc", values, constants: [.float(p)]) == .float(disc))
            #expect(try aggregate("percentilecont", values, constants: [.float(p)]) == .float(cont))
        }
        #expect(try aggregate("percentiledisc", [.int(1), .int(2)], constants: [.float(0.5)]) == .int(1))
        for bad: QueryValue in [.int(1000), .int(-1), .float(1.1)] {
            let error = #expect(throws: QueryError.self) { try aggregate("percentilecont", values, constants: [bad]) }
            #expect(error?.kind == .argumentError && error?.detail == "NumberOutOfRange")
        }
    }
}
