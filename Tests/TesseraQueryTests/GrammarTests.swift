import Foundation
import Testing

@testable import TesseraQuery

/// Keeps `Grammar/` (the EBNF, the keyword list and the example queries) in step with the parser.
@Suite struct GrammarTests {
    /// The repository's `Grammar` folder, found from this file's location.
    static let grammarDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TesseraQueryTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("Grammar")

    static func read(_ name: String) throws -> String {
        try String(contentsOf: grammarDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The words of `keywords.txt`, in file order (comment and blank lines skipped).
    static func keywordLines() throws -> [String] {
        let groups = try keywordGroups()
        return groups.reserved + groups.contextual
    }

    /// The reserved words, then the contextual ones (after the `# Contextual` comment).
    static func keywordGroups() throws -> (reserved: [String], contextual: [String]) {
        var reserved: [String] = []
        var contextual: [String] = []
        var inContextual = false
        for line in try read("keywords.txt").split(separator: "\n", omittingEmptySubsequences: false) {
            let word = line.trimmingCharacters(in: .whitespaces)
            if word.hasPrefix("# Contextual") { inContextual = true }
            if word.isEmpty || word.hasPrefix("#") { continue }
            if inContextual { contextual.append(word) } else { reserved.append(word) }
        }
        return (reserved, contextual)
    }

    /// The example files, sorted by name.
    static func exampleNames() throws -> [String] {
        let directory = grammarDirectory.appendingPathComponent("examples")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".tql") }
            .sorted()
    }

    @Test func keywordListMatchesLexer() throws {
        let groups = try Self.keywordGroups()
        let lines = groups.reserved + groups.contextual
        #expect(Set(groups.reserved) == Keywords.all, "keywords.txt differs from Keywords.all")
        #expect(Set(groups.contextual) == Keywords.contextual, "keywords.txt differs from Keywords.contextual")
        #expect(lines.count == Set(lines).count, "keywords.txt lists a keyword twice")
        #expect(groups.reserved == groups.reserved.sorted(), "the reserved keywords are not sorted")
        #expect(groups.contextual == groups.contextual.sorted(), "the contextual keywords are not sorted")
        #expect(lines.allSatisfy { $0 == $0.uppercased() }, "keywords.txt has a word not in upper case")
    }

    @Test func everyExampleParses() throws {
        let names = try Self.exampleNames()
        #expect(names.count >= 30, "expected at least 30 examples, found \(names.count)")
        for name in names {
            let text = try Self.read("examples/" + name)
            do {
                _ = try Parser.parse(text)
            } catch {
                Issue.record("\(name): \(error.description)")
            }
        }
    }

    @Test func everyKeywordIsATerminalOfTheGrammar() throws {
        let grammar = try Self.read("TQL.ebnf").uppercased()
        for keyword in try Self.keywordLines() {
            let quoted = grammar.contains("\"\(keyword)\"") || grammar.contains("'\(keyword)'")
            #expect(quoted, "keyword \(keyword) is not a quoted terminal of TQL.ebnf")
        }
    }
}
