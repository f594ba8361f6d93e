import TesseraTCK
import Testing

@Suite struct GherkinReaderTests {
    static let feature = """
        # a comment before the feature
        @slow
        Feature: Shelves - books on shelves
          Some description text.

          Background:
            Given an empty shelf

          @smoke
          Scenario: [1] Put one book
            When placing:
              \"\"\"
              PUT 'Dune'
                ON top
              \"\"\"
            Then the shelf holds:
              | title  | note        |
              | 'Dune' | 'a \\| b'   |
              | 'Emma' | 'back\\\\'  |
            # a comment between steps
            And nothing fell

          Scenario Outline: [2] Put <count> books #Example: <name>
            When placing <count> books named <name>:
              \"\"\"
              PUT <name> x<count>
              \"\"\"
            Then the shelf holds:
              | n       |
              | <count> |

            Examples:
              | count | name   |
              | 1     | 'one'  |
              | 2     | 'two'  |

            @extra
            Examples:
              | count | name    |
              | 3     | 'three' |
        """

    @Test func readsFeatureBackgroundAndTags() throws {
        let feature = try GherkinReader.parse(Self.feature, path: "shelves/Shelves.feature")
        #expect(feature.name == "Shelves - books on shelves")
        #expect(feature.tags == ["slow"])
        #expect(feature.background.map(\.text) == ["an empty shelf"])
        #expect(feature.scenarios.count == 4)
        let first = feature.scenarios[0]
        #expect(first.name == "[1] Put one book")
        #expect(first.tags == ["slow", "smoke"])
        #expect(first.line == 10)
        #expect(first.steps.map(\.keyword) == ["Given", "When", "Then", "And"])
    }

    @Test func readsDocStringsAndTableEscapes() throws {
        let scenario = try GherkinReader.parse(Self.feature).scenarios[0]
        #expect(scenario.steps[1].docString == "PUT 'Dune'\n  ON top")
        let table = try #require(scenario.steps[2].table)
        #expect(table.header == ["title", "note"])
        #expect(table.body == [["'Dune'", "'a | b'"], ["'Emma'", "'back\\'"]])
        #expect(table.lines == [17, 18, 19])
    }

    @Test func expandsOutlinesAcrossExamplesBlocks() throws {
        let scenarios = Array(try GherkinReader.parse(Self.feature).scenarios.dropFirst())
        #expect(
            scenarios.map(\.name) == [
                "[2] Put 1 books #Example: 'one'", "[2] Put 2 books #Example: 'two'",
                "[2] Put 3 books #Example: 'three'",
            ])
        #expect(scenarios.map(\.exampleIndex) == [1, 2, 3])
        #expect(scenarios.map(\.exampleLine) == [34, 35, 40])
        #expect(scenarios[2].tags == ["slow", "extra"])
        let steps = scenarios[1].steps
        #expect(steps[0].text == "an empty shelf")
        #expect(steps[1].text == "placing 2 books named 'two':")
        #expect(steps[1].docString == "PUT 'two' x2")
        #expect(steps[2].table?.rows == [["n"], ["2"]])
    }

    @Test func substitutesInOnePass() {
        let text = GherkinReader.substitute("<a> and <b> and <c>", ["a": "<b>", "b": "B"])
        #expect(text == "<b> and B and <c>")
    }

    @Test func reportsProblemsWithTheirLine() {
        let unclosed = "Feature: F\n  Scenario: S\n    When running:\n      \"\"\"\n      X\n"
        #expect(throws: GherkinError(path: "f", line: 4, message: "a doc string without its closing \"\"\"")) {
            try GherkinReader.parse(unclosed, path: "f")
        }
        let ragged = "Feature: F\n  Scenario Outline: S\n    Given <a>\n    Examples:\n      | a |\n      | 1 | 2 |\n"
        #expect(throws: GherkinError.self) { try GherkinReader.parse(ragged) }
        let openRow = "Feature: F\n  Scenario: S\n    Given rows:\n      | a | b\n"
        #expect(throws: GherkinError.self) { try GherkinReader.parse(openRow) }
    }
}
