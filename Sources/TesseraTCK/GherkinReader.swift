/// Reads Gherkin feature files: features, backgrounds, scenarios, outlines with `Examples:` tables, tags,
/// doc strings, data tables and comments.
///
/// Outlines are expanded: each example row becomes one ``GherkinScenario`` whose `<name>` placeholders
/// (in its name, step texts, doc strings and tables) are replaced by the row's cells.
public struct GherkinReader {
    /// An outline or plain scenario while its lines are being read.
    private struct Draft {
        var name: String
        var tags: [String]
        var line: Int
        var isOutline: Bool
        var steps: [GherkinStep] = []
        var examples: [(tags: [String], table: GherkinTable)] = []
    }

    private enum Section {
        case none, background, scenario, examples
    }

    private static let stepKeywords = ["Given", "When", "Then", "And", "But", "*"]

    private let path: String
    private var featureName: String?
    private var featureTags: [String] = []
    private var pendingTags: [String] = []
    private var background: [GherkinStep] = []
    private var drafts: [Draft] = []
    private var section = Section.none

    private init(path: String) {
        self.path = path
    }

    /// Parses the text of one feature file; `path` is only used in errors and kept in the result.
    public static func parse(_ text: String, path: String = "<inline>") throws(GherkinError) -> GherkinFeature {
        var reader = GherkinReader(path: path)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var index = 0
        while index < lines.count {
            index = try reader.read(lines, at: index)
        }
        return try reader.finish()
    }

    /// Reads the line at `index` (and for a doc string, the lines up to its end); returns the next index.
    private mutating func read(_ lines: [String], at index: Int) throws(GherkinError) -> Int {
        let lineNumber = index + 1
        let trimmed = lines[index].trimmedWhitespace
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return index + 1 }
        if trimmed.hasPrefix("\"\"\"") || trimmed.hasPrefix("```") {
            let (docString, next) = try Self.docString(lines, at: index, path: path)
            try updateLastStep(line: lineNumber) { $0.docString = docString }
            return next
        }
        if trimmed.hasPrefix("|") {
            try addRow(Self.cells(of: trimmed, path: path, line: lineNumber), line: lineNumber)
            return index + 1
        }
        if trimmed.hasPrefix("@") {
            pendingTags += Self.tags(in: trimmed)
            return index + 1
        }
        if let (keyword, rest) = Self.header(in: trimmed) {
            try startSection(keyword, name: rest, line: lineNumber)
            return index + 1
        }
        if let keyword = Self.stepKeywords.first(where: { trimmed == $0 || trimmed.hasPrefix($0 + " ") }) {
            let text = String(trimmed.dropFirst(keyword.count)).trimmedWhitespace
            try addStep(GherkinStep(keyword: keyword, text: text, line: lineNumber), line: lineNumber)
            return index + 1
        }
        // Free text is a description when it follows a header, before any step.
        guard isInDescription else {
            throw GherkinError(path: path, line: lineNumber, message: "unexpected text '\(trimmed.prefix(40))'")
        }
        return index + 1
    }

    private var isInDescription: Bool {
        switch section {
        case .none: return true
        case .background: return background.isEmpty
        case .scenario: return drafts.last?.steps.isEmpty ?? true
        case .examples: return drafts.last?.examples.last?.table.rows.isEmpty ?? true
        }
    }

    private static func header(in line: String) -> (String, String)? {
        let keywords = [
            "Feature", "Background", "Scenario Outline", "Scenario Template", "Scenario", "Example", "Examples",
            "Scenarios", "Rule",
        ]
        for keyword in keywords where line.hasPrefix(keyword + ":") {
            return (keyword, String(line.dropFirst(keyword.count + 1)).trimmedWhitespace)
        }
        return nil
    }

    private mutating func startSection(_ keyword: String, name: String, line: Int) throws(GherkinError) {
        let tags = pendingTags
        pendingTags = []
        switch keyword {
        case "Feature":
            guard featureName == nil else { throw GherkinError(path: path, line: line, message: "a second Feature") }
            featureName = name
            featureTags = tags
            section = .none
        case "Background":
            section = .background
        case "Scenario Outline", "Scenario Template":
            drafts.append(Draft(name: name, tags: featureTags + tags, line: line, isOutline: true))
            section = .scenario
        case "Scenario", "Example":
            drafts.append(Draft(name: name, tags: featureTags + tags, line: line, isOutline: false))
            section = .scenario
        case "Examples", "Scenarios":
            guard let last = drafts.last, last.isOutline else {
                throw GherkinError(path: path, line: line, message: "Examples outside a Scenario Outline")
            }
            drafts[drafts.count - 1].examples.append((tags, GherkinTable(rows: [], lines: [])))
            section = .examples
        default:
            // `Rule:` only groups scenarios; the scenarios that follow are read as usual.
            section = .none
        }
    }

    private mutating func addStep(_ step: GherkinStep, line: Int) throws(GherkinError) {
        switch section {
        case .background: background.append(step)
        case .scenario: drafts[drafts.count - 1].steps.append(step)
        case .none, .examples:
            throw GherkinError(path: path, line: line, message: "a step outside a Scenario or Background")
        }
    }

    private mutating func updateLastStep(line: Int, _ update: (inout GherkinStep) -> Void) throws(GherkinError) {
        switch section {
        case .background where !background.isEmpty:
            update(&background[background.count - 1])
        case .scenario where !(drafts.last?.steps.isEmpty ?? true):
            let draft = drafts.count - 1
            update(&drafts[draft].steps[drafts[draft].steps.count - 1])
        default:
            throw GherkinError(path: path, line: line, message: "a doc string or table without a step")
        }
    }

    private mutating func addRow(_ cells: [String], line: Int) throws(GherkinError) {
        if section == .examples {
            let draft = drafts.count - 1
            let block = drafts[draft].examples.count - 1
            var table = drafts[draft].examples[block].table
            if let width = table.rows.first?.count, width != cells.count {
                throw GherkinError(
                    path: path, line: line, message: "\(cells.count) cells where the header has \(width)")
            }
            table.rows.append(cells)
            table.lines.append(line)
            drafts[draft].examples[block].table = table
            return
        }
        try updateLastStep(line: line) { step in
            var table = step.table ?? GherkinTable(rows: [], lines: [])
            table.rows.append(cells)
            table.lines.append(line)
            step.table = table
        }
    }

    private func finish() throws(GherkinError) -> GherkinFeature {
        guard let featureName else { throw GherkinError(path: path, line: 1, message: "no Feature: line") }
        var scenarios: [GherkinScenario] = []
        for draft in drafts {
            guard draft.isOutline else {
                scenarios.append(
                    GherkinScenario(
                        name: draft.name, tags: draft.tags, line: draft.line, steps: background + draft.steps))
                continue
            }
            var exampleIndex = 0
            for block in draft.examples {
                for (row, rowLine) in zip(block.table.body, block.table.lines.dropFirst()) {
                    exampleIndex += 1
                    let values = Dictionary(zip(block.table.header, row), uniquingKeysWith: { first, _ in first })
                    scenarios.append(
                        GherkinScenario(
                            name: Self.substitute(draft.name, values), tags: draft.tags + block.tags, line: draft.line,
                            exampleIndex: exampleIndex, exampleLine: rowLine,
                            steps: background + draft.steps.map { Self.substitute($0, values) }))
                }
            }
        }
        return GherkinFeature(
            name: featureName, tags: featureTags, path: path, background: background, scenarios: scenarios)
    }
}

extension GherkinReader {
    /// The cells of a table row: split at unescaped `|`; `\|`, `\\` and `\n` are unescaped; cells are trimmed.
    static func cells(of line: String, path: String, line lineNumber: Int) throws(GherkinError) -> [String] {
        var cells: [String] = []
        var current = ""
        var characters = line.dropFirst().makeIterator()  // the leading `|`
        var closed = true
        while let character = characters.next() {
            if character == "|" {
                cells.append(current.trimmedWhitespace)
                current = ""
                closed = true
                continue
            }
            closed = false
            guard character == "\\" else {
                current.append(character)
                continue
            }
            switch characters.next() {
            case "|": current.append("|")
            case "\\": current.append("\\")
            case "n": current.append("\n")
            case let other?: current += "\\" + String(other)
            case nil: current.append("\\")
            }
        }
        guard closed || current.trimmedWhitespace.isEmpty else {
            throw GherkinError(path: path, line: lineNumber, message: "a table row must end with '|'")
        }
        return cells
    }

    /// The tags on a tag line, without `@`; a `#` starts a comment.
    static func tags(in line: String) -> [String] {
        let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return content.split(whereSeparator: \.isWhitespace).compactMap { word in
            word.hasPrefix("@") ? String(word.dropFirst()) : nil
        }
    }

    /// Reads a doc string opening at `index`; returns its text and the index after its closing delimiter.
    static func docString(_ lines: [String], at index: Int, path: String) throws(GherkinError) -> (String, Int) {
        let opening = lines[index]
        let indent = opening.prefix(while: \.isWhitespace).count
        let delimiter = opening.trimmedWhitespace.hasPrefix("```") ? "```" : "\"\"\""
        var content: [String] = []
        var next = index + 1
        while next < lines.count {
            let line = lines[next]
            if line.trimmedWhitespace == delimiter {
                return (content.joined(separator: "\n"), next + 1)
            }
            var stripped = Substring(line)
            var removed = 0
            while removed < indent, let first = stripped.first, first.isWhitespace {
                stripped = stripped.dropFirst()
                removed += 1
            }
            let escaped = delimiter.map { "\\" + String($0) }.joined()
            content.append(String(stripped).replacing(escaped, with: delimiter))
            next += 1
        }
        throw GherkinError(path: path, line: index + 1, message: "a doc string without its closing \(delimiter)")
    }

    /// Replaces each `<name>` whose name is a key of `values` by its value, in one pass.
    public static func substitute(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("<") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: ">"), let value = values[String(rest[afterOpen..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("<")
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    static func substitute(_ step: GherkinStep, _ values: [String: String]) -> GherkinStep {
        var step = step
        step.text = substitute(step.text, values)
        step.docString = step.docString.map { substitute($0, values) }
        if var table = step.table {
            table.rows = table.rows.map { row in row.map { substitute($0, values) } }
            step.table = table
        }
        return step
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
