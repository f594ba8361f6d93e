import TesseraQuery
import TesseraTCK
import Testing

@Suite struct TCKValueParserTests {
    @Test(arguments: [
        ("null", TCKValue.null), ("true", .bool(true)), ("false", .bool(false)), ("-42", .int(-42)),
        ("0x1F", .int(31)), ("-0o17", .int(-15)), ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)), ("1.5", .float(1.5)), ("1e10", .float(1e10)),
        ("-2.5e-3", .float(-2.5e-3)), ("Inf", .float(.infinity)), ("-Inf", .float(-.infinity)),
        ("'it\\'s \\\\ ok'", .string("it's \\ ok")), ("'tab\\there'", .string("tab\there")),
        ("'\\u00e9'", .string("é")), ("[]", .list([])), ("{}", .map([:])),
        ("[1, [2.0, 'x'], {a: null}]", .list([.int(1), .list([.float(2), .string("x")]), .map(["a": .null])])),
        ("{`odd key`: 1, b: [true]}", .map(["odd key": .int(1), "b": .list([.bool(true)])])),
    ])
    func parsesScalarsAndCollections(text: String, expected: TCKValue) throws {
        #expect(try TCKValueParser.parse(text) == expected)
    }

    @Test func parsesNaN() throws {
        guard case .float(let value) = try TCKValueParser.parse("NaN") else {
            Issue.record("NaN is not a float")
            return
        }
        #expect(value.isNaN)
        #expect(try TCKValueParser.parse("NaN") == .float(.nan))
    }

    @Test func parsesGraphElements() throws {
        #expect(try TCKValueParser.parse("()") == .node(TCKNode()))
        #expect(
            try TCKValueParser.parse("(:A:B {name: 'x', n: 1})")
                == .node(TCKNode(labels: ["A", "B"], properties: ["name": .string("x"), "n": .int(1)])))
        #expect(
            try TCKValueParser.parse("[:T {w: 2.5}]")
                == .relationship(TCKRelationship(type: "T", properties: ["w": .float(2.5)])))
        #expect(try TCKValueParser.parse("[ :T ]") == .relationship(TCKRelationship(type: "T")))
    }

    @Test func parsesNestedPaths() throws {
        let value = try TCKValueParser.parse("[<(:A)-[:T]->(:B {k: [1]})<-[:U]-()>, <()>]")
        let path = TCKPath(
            start: TCKNode(labels: ["A"]),
            steps: [
                .init(
                    relationship: TCKRelationship(type: "T"), isForward: true,
                    node: TCKNode(labels: ["B"], properties: ["k": .list([.int(1)])])),
                .init(relationship: TCKRelationship(type: "U"), isForward: false, node: TCKNode()),
            ])
        #expect(value == .list([.path(path), .path(TCKPath(start: TCKNode()))]))
        #expect(value.description == "[<(:A)-[:T]->(:B {k: [1]})<-[:U]-()>, <()>]")
    }

    @Test(arguments: ["", "[1, 2", "{a 1}", "'open", "1 2", "nil", "(:A", "<(:A)-[:T]-(:B)>", "99999999999999999999"])
    func rejectsMalformedValues(text: String) {
        #expect(throws: TCKValueError.self) { try TCKValueParser.parse(text) }
    }
}

@Suite struct TCKValueMatchingTests {
    static func node(_ id: String, _ labels: [String], _ properties: [String: QueryValue] = [:]) -> NodeValue {
        NodeValue(id: id, labels: labels, properties: properties)
    }

    static func relationship(_ id: String, _ type: String, _ start: String, _ end: String) -> RelationshipValue {
        RelationshipValue(id: id, type: type, start: start, end: end, properties: [:])
    }

    @Test func numbersKeepTheirType() throws {
        #expect(try TCKValueParser.parse("1").matches(.int(1)))
        #expect(!(try TCKValueParser.parse("1").matches(.float(1))))
        #expect(!(try TCKValueParser.parse("1.0").matches(.int(1))))
        #expect(try TCKValueParser.parse("NaN").matches(.float(.nan)))
        #expect(!(try TCKValueParser.parse("0.1").matches(.float(0.1 + 0.2 - 0.2))))
    }

    @Test func listsInOrderOrAsMultisets() throws {
        let expected = try TCKValueParser.parse("['a', 'b', 'b']")
        let actual = QueryValue.list([.string("b"), .string("a"), .string("b")])
        #expect(!expected.matches(actual))
        #expect(expected.matches(actual, options: TCKMatchOptions(ignoresListOrder: true)))
        #expect(
            !expected.matches(
                .list([.string("a"), .string("a"), .string("b")]), options: .init(ignoresListOrder: true)))
    }

    @Test func nodesCompareLabelSetsAndProperties() throws {
        let expected = try TCKValueParser.parse("(:B:A {name: 'x'})")
        #expect(expected.matches(.node(Self.node("1", ["A", "B"], ["name": .string("x")]))))
        #expect(!expected.matches(.node(Self.node("1", ["A"], ["name": .string("x")]))))
        #expect(!expected.matches(.node(Self.node("1", ["A", "B"], ["name": .string("x"), "n": .int(1)]))))
        #expect(try TCKValueParser.parse("{a: 1}").matches(.map(["a": .int(1)])))
        #expect(!(try TCKValueParser.parse("{a: 1}").matches(.map(["a": .int(1), "b": .null]))))
    }

    @Test func pathsCheckDirection() throws {
        let a = Self.node("a", ["A"])
        let b = Self.node("b", ["B"])
        let forward = QueryValue.path(PathValue(nodes: [a, b], relationships: [Self.relationship("r", "T", "a", "b")]))
        let backward = QueryValue.path(
            PathValue(nodes: [a, b], relationships: [Self.relationship("r", "T", "b", "a")]))
        let expected = try TCKValueParser.parse("<(:A)-[:T]->(:B)>")
        #expect(expected.matches(forward))
        #expect(!expected.matches(backward))
        #expect(try TCKValueParser.parse("<(:A)<-[:T]-(:B)>").matches(backward))
    }

    @Test func parametersConvertToQueryValues() throws {
        let value = try TCKValueParser.parse("{list: [1, 'x'], f: 2.5}").queryValue()
        #expect(try TCKValueParser.parse("{list: [1, 'x'], f: 2.5}").matches(value))
        #expect(throws: TCKParameterError.self) { try TCKValueParser.parse("(:A)").queryValue() }
    }
}
