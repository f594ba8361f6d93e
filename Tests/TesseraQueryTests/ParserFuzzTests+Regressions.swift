import Foundation
import Testing

@testable import TesseraQuery

/// Long flat inputs, and the inputs the fuzzer found, kept as regression tests.
extension ParserFuzzTests {
    /// Flat inputs are limited by nothing but their length, and take time linear in it.
    static let longInputs: [(name: String, text: String)] = {
        let megabyte = 1 << 20
        return [
            ("1 MB string", "RETURN '" + String(repeating: "x", count: megabyte) + "' AS s"),
            ("256 KB name", "RETURN 1 AS a" + String(repeating: "b", count: megabyte / 4)),
            (
                "256 KB comments",
                "/* " + String(repeating: "c", count: megabyte / 8) + " */ RETURN 1 // "
                    + String(repeating: "c", count: megabyte / 8)
            ),
            ("10k-element list", "RETURN [" + String(repeating: "1, ", count: 10_000) + "1] AS xs"),
            ("10k-key map", "RETURN {" + (0..<10_000).map { "k\($0): 1" }.joined(separator: ", ") + "} AS m"),
            (
                "10k labels",
                "MATCH (n" + String(repeating: ":A", count: 10_000) + ") RETURN n"
                    + String(repeating: ":B", count: 10_000)
            ),
            ("5k-step pattern", "MATCH (a)" + String(repeating: "-->()", count: 5_000) + " RETURN a"),
            ("2k UNIONs", "RETURN 1 AS x" + String(repeating: " UNION RETURN 1 AS x", count: 2_000)),
            ("5k clauses", String(repeating: "WITH 1 AS x ", count: 5_000) + "RETURN x"),
        ]
    }()

    @Test func longFlatInputsParse() async {
        let report = await HangGuard.check(Self.longInputs.map(\.text), label: "long inputs", mustParse: true)
        for failure in report.failures { Issue.record("\(failure)") }
    }

    /// Long inputs that fail, fail at the right place.
    @Test func longInvalidInputsFailAtAPosition() async throws {
        let megabyte = 1 << 20
        let cases: [(text: String, at: String, detail: String)] = [
            ("RETURN 1" + String(repeating: " + 1", count: 100_000), "1:806", "NestingTooDeep"),
            ("RETURN " + String(repeating: "(", count: 100_000), "1:207", "NestingTooDeep"),
            ("RETURN '" + String(repeating: "x", count: megabyte), "1:8", "InvalidSyntax"),
            ("RETURN 1 /*" + String(repeating: "x", count: megabyte), "1:10", "InvalidSyntax"),
            (String(repeating: "\n", count: 100_000) + "RETURN ?", "100001:8", "InvalidSyntax"),
            ("RETURN 1 '" + String(repeating: "x", count: megabyte) + "'", "1:10", "InvalidSyntax"),
            ("RETURN " + String(repeating: "9", count: megabyte / 4), "1:8", "IntegerOverflow"),
            ("RETURN " + String(repeating: "9", count: megabyte / 4) + "x", "1:8", "InvalidSyntax"),
        ]
        for (text, at, detail) in cases {
            let error = try #require(await Self.parseError(text), "\(at) parsed")
            #expect(error.message.count < 200, "a message of \(error.message.count) characters")
            #expect(error.location.map { "\($0)" } == at, "\(error.message)")
            #expect(error.detail == detail, "\(error.message)")
            #expect(ParseContract.misplaced(error, in: text, required: true) == nil)
        }
    }

    /// Found by the fuzzer: a pattern in a property map was parsed twice per level (as a pattern,
    /// then as an expression), so nested ones took exponential time (24 levels: minutes).
    @Test func patternsNestedInPropertyMapsParseOnce() async {
        let text =
            "MATCH (b:Building) RETURN count(b) AS n ORDER BY n DESC, "
            + String(repeating: "({a: ", count: 60) + "1" + String(repeating: "})", count: 60)
        let list =
            "MATCH (a) RETURN " + String(repeating: "[(a {p: ", count: 40) + "1"
            + String(repeating: "})-->() | 1]", count: 40)
        let report = await HangGuard.run([text, list], label: "nested property-map patterns") {
            (
                { input in
                    do {
                        _ = try Parser.parse(input)
                        return nil
                    } catch {
                        return "\(error)"
                    }
                }, { "" }
            )
        }
        #expect(report.failures.isEmpty, "\(report.failures)")
    }

    /// Found by the fuzzer: 190 nested lists overflowed an 8 MiB stack in a debug build before the
    /// depth limit was reached (the parser used 43 KB of stack per level).
    @Test func nestedListsFailWithTheDepthErrorNotACrash() async throws {
        let text =
            "MATCH (b:Building) WHERE intersects(b, bbox(116.30, 39.90, " + String(repeating: "[", count: 2_500)
            + String(repeating: "]", count: 2_500) + ".32, 39.92)) RETURN b"
        let error = try #require(await Self.parseError(text))
        #expect(error.detail == "NestingTooDeep")
    }

    /// Found by the fuzzer: with CRLF line ends an error showed no line and caret (the line split
    /// took "\r\n" for one character that is not "\n").
    @Test func errorsInCRLFTextShowTheLine() throws {
        let db = try ScratchGraph()
        for (text, line) in [
            ("MATCH (n)\r\nWHERE nx = 1\r\nRETURN n", "  WHERE nx = 1\n        ^"),
            ("MATCH (n)\r\nRETURN n ORDER n", "  RETURN n ORDER n\n                 ^"),
        ] {
            do {
                _ = try db.run(text)
                Issue.record("expected an error")
            } catch let error as QueryError {
                #expect(error.description.hasSuffix(line), "\(error.description)")
            }
        }
    }

    /// Found by the fuzzer: errors raised while evaluating time pins and SKIP/LIMIT at compile time
    /// had a location but no query text, so they showed no line and caret.
    @Test func compileTimeEvaluationErrorsShowTheLine() throws {
        let db = try ScratchGraph()
        do {
            _ = try db.run("MATCH (n)\nRETURN n SKIP $skip")
            Issue.record("expected an error")
        } catch let error as QueryError {
            #expect(error.detail == "MissingParameter")
            #expect(error.description.hasSuffix("  RETURN n SKIP $skip\n                ^"), "\(error.description)")
        }
    }
}
