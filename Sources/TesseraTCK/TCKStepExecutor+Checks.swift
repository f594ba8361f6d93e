import Foundation
import TesseraQuery

extension TCKStepExecutor {
    /// Rows of the last result must equal the table's rows (header = column names), in order or as a multiset.
    func checkResult(_ table: GherkinTable, ordered: Bool, options: TCKMatchOptions) throws(TCKStepFailure) {
        let result = try requireResult()
        let header = table.header
        guard Set(header) == Set(result.columns), header.count == result.columns.count else {
            throw TCKStepFailure("expected columns \(header), got \(result.columns)")
        }
        let columnIndex = header.map { name in result.columns.firstIndex(of: name) ?? 0 }
        var expectedRows: [[TCKValue]] = []
        for row in table.body {
            var values: [TCKValue] = []
            for cell in row {
                do {
                    values.append(try TCKValueParser.parse(cell))
                } catch {
                    throw TCKStepFailure("cannot read the expected value: \(error)")
                }
            }
            expectedRows.append(values)
        }
        var actualRows: [[QueryValue]] = []
        for row in result.rows {
            guard row.count == result.columns.count else {
                throw TCKStepFailure("a result row has \(row.count) values for \(result.columns.count) columns")
            }
            actualRows.append(columnIndex.map { row[$0] })
        }
        let matchRow = { (expected: [TCKValue], actual: [QueryValue]) -> Bool in
            zip(expected, actual).allSatisfy { $0.matches($1, options: options) }
        }
        let matches =
            ordered
            ? expectedRows.count == actualRows.count && zip(expectedRows, actualRows).allSatisfy(matchRow)
            : TCKValue.matchesUnordered(expectedRows, actualRows, matchRow)
        guard matches else {
            let expectedText = expectedRows.prefix(8).map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }
            throw TCKStepFailure(
                "expected \(expectedRows.count) rows \(expectedText.joined(separator: " "))"
                    + (expectedRows.count > 8 ? " ..." : "") + ", got " + Self.describe(result))
        }
    }

    /// The statistics of the last `executing query` statement must equal the table (absent keys: 0).
    func checkSideEffects(_ table: GherkinTable) throws(TCKStepFailure) {
        let statistics = sideEffects
        let actual: [String: Int] = [
            "+nodes": statistics.nodesCreated, "-nodes": statistics.nodesDeleted,
            "+relationships": statistics.relationshipsCreated, "-relationships": statistics.relationshipsDeleted,
            "+labels": statistics.labelsAdded, "-labels": statistics.labelsRemoved,
            "+properties": statistics.propertiesSet, "-properties": statistics.propertiesRemoved,
        ]
        var expected: [String: Int] = [:]
        for row in table.rows {
            guard row.count == 2, actual[row[0]] != nil, let count = Int(row[1]) else {
                throw TCKStepFailure("unsupported side effect row \(row)")
            }
            expected[row[0]] = count
        }
        let differences = actual.keys.sorted().compactMap { key -> String? in
            let want = expected[key] ?? 0
            return actual[key] == want ? nil : "\(key) expected \(want), got \(actual[key] ?? 0)"
        }
        guard differences.isEmpty else {
            throw TCKStepFailure("side effects differ: " + differences.joined(separator: "; "))
        }
    }

    /// Runs the scripts of a named graph (`<graphs>/<name>/<name>.json` lists them; else `<name>.cypher`).
    func loadNamedGraph(_ name: String) throws(TCKStepFailure) {
        let directory = (graphsRoot as NSString).appendingPathComponent(name)
        var scripts = [name]
        let metadataPath = (directory as NSString).appendingPathComponent(name + ".json")
        if let data = FileManager.default.contents(atPath: metadataPath),
            let metadata = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let listed = metadata["scripts"] as? [String]
        {
            scripts = listed
        }
        for script in scripts {
            let path = (directory as NSString).appendingPathComponent(script + ".cypher")
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else { throw TCKStepFailure("no graph script at \(path)") }
            for statement in Self.statements(in: text) {
                if case .failure(let error) = execute(statement, parameters: [:]) {
                    throw TCKStepFailure("the \(name) graph script raised \(error)")
                }
            }
        }
    }

    /// The statements of a script: split at `;` outside quotes, blank ones dropped.
    static func statements(in script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in script {
            if let open = quote {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                }
            } else if character == "'" || character == "\"" || character == "`" {
                quote = character
            } else if character == ";" {
                statements.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        statements.append(current)
        return statements.map(\.trimmedWhitespace).filter { !$0.isEmpty }
    }

    /// A result in TCK syntax for failure messages (at most 8 rows).
    static func describe(_ result: QueryResult) -> String {
        let rows = result.rows.prefix(8).map { row in "[" + row.map(describe).joined(separator: ", ") + "]" }
        return "\(result.rows.count) rows \(result.columns) " + rows.joined(separator: " ")
            + (result.rows.count > 8 ? " ..." : "")
    }

    /// A query value in TCK syntax.
    static func describe(_ value: QueryValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .float(let value): return TCKValue.float(value).description
        case .string(let value): return TCKValue.string(value).description
        case .list(let values): return "[" + values.map(describe).joined(separator: ", ") + "]"
        case .map(let entries): return describe(entries)
        case .node(let node): return describe(node)
        case .relationship(let relationship):
            return "[:" + relationship.type
                + (relationship.properties.isEmpty ? "" : " " + describe(relationship.properties)) + "]"
        case .path(let path):
            var text = "<" + (path.nodes.first.map(describe) ?? "")
            for (relationship, node) in zip(path.relationships, path.nodes.dropFirst()) {
                let forward = relationship.end == node.id
                let middle = describe(QueryValue.relationship(relationship))
                text += (forward ? "-" + middle + "->" : "<-" + middle + "-") + describe(node)
            }
            return text + ">"
        default:
            return TCKValueRendering.temporalString(value).map { "'" + $0 + "'" } ?? String(describing: value)
        }
    }

    private static func describe(_ node: NodeValue) -> String {
        let labels = node.labels.map { ":" + $0 }.joined()
        let separator = labels.isEmpty || node.properties.isEmpty ? "" : " "
        return "(" + labels + separator + (node.properties.isEmpty ? "" : describe(node.properties)) + ")"
    }

    private static func describe(_ entries: [String: QueryValue]) -> String {
        "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \(describe($0.value))" }.joined(separator: ", ")
            + "}"
    }
}
