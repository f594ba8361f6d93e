/// A data table attached to a step or an `Examples:` block: rows of cells, the first row usually a header.
public struct GherkinTable: Sendable, Equatable {
    /// The rows, each a list of unescaped, trimmed cells.
    public var rows: [[String]]
    /// The 1-based line of each row in the feature file.
    public var lines: [Int]

    /// Creates a table; `lines` gives each row's line (zeros when it does not match).
    public init(rows: [[String]], lines: [Int] = []) {
        self.rows = rows
        self.lines = lines.count == rows.count ? lines : Array(repeating: 0, count: rows.count)
    }

    /// The first row.
    public var header: [String] { rows.first ?? [] }

    /// Every row after the first.
    public var body: [[String]] { Array(rows.dropFirst()) }
}

/// One step of a scenario: its keyword, its text and an optional doc string or data table.
public struct GherkinStep: Sendable, Equatable {
    /// `Given`, `When`, `Then`, `And`, `But` or `*`.
    public var keyword: String
    /// The text after the keyword, trimmed.
    public var text: String
    /// The 1-based line of the step in the feature file.
    public var line: Int
    /// The doc string (`"""` ... `"""`) following the step, with its indentation removed.
    public var docString: String?
    /// The data table following the step.
    public var table: GherkinTable?

    /// Creates a step.
    public init(keyword: String, text: String, line: Int, docString: String? = nil, table: GherkinTable? = nil) {
        self.keyword = keyword
        self.text = text
        self.line = line
        self.docString = docString
        self.table = table
    }
}

/// A scenario ready to run: a plain scenario, or one expansion of a scenario outline.
public struct GherkinScenario: Sendable, Equatable {
    /// The scenario's name, with outline placeholders substituted.
    public var name: String
    /// Tags of the feature, the scenario and (for expansions) the `Examples:` block, without `@`.
    public var tags: [String]
    /// The 1-based line of the `Scenario:` / `Scenario Outline:` keyword.
    public var line: Int
    /// For an outline expansion: the 1-based index of its example row across all `Examples:` blocks.
    public var exampleIndex: Int?
    /// For an outline expansion: the 1-based line of its example row.
    public var exampleLine: Int?
    /// The background steps followed by the scenario's own steps.
    public var steps: [GherkinStep]

    /// Creates a scenario.
    public init(
        name: String, tags: [String], line: Int, exampleIndex: Int? = nil, exampleLine: Int? = nil,
        steps: [GherkinStep]
    ) {
        self.name = name
        self.tags = tags
        self.line = line
        self.exampleIndex = exampleIndex
        self.exampleLine = exampleLine
        self.steps = steps
    }
}

/// A parsed feature file with its outlines expanded.
public struct GherkinFeature: Sendable, Equatable {
    /// The feature's name (the text after `Feature:`).
    public var name: String
    /// The feature's tags, without `@`.
    public var tags: [String]
    /// The path the feature was read from (as given to the reader).
    public var path: String
    /// The background steps (already included in every scenario's steps).
    public var background: [GherkinStep]
    /// The scenarios in file order; each outline contributes one scenario per example row.
    public var scenarios: [GherkinScenario]

    /// Creates a feature.
    public init(
        name: String, tags: [String], path: String, background: [GherkinStep], scenarios: [GherkinScenario]
    ) {
        self.name = name
        self.tags = tags
        self.path = path
        self.background = background
        self.scenarios = scenarios
    }
}

/// A feature file that cannot be read: what was wrong and where.
public struct GherkinError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The path of the feature file.
    public var path: String
    /// The 1-based line of the problem.
    public var line: Int
    /// What was wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`.
    public var description: String { "\(path):\(line): \(message)" }
}
