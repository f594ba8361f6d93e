import ArgumentParser
import Foundation
import TesseraCore
import TesseraGraph
import TesseraQuery

/// Output formats of query results.
enum ResultFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, ndjson, geojson, csv
}

/// Options shared by `query` and `shell`.
struct QueryOptionsGroup: ParsableArguments {
    @Option(name: .long, help: "A parameter as name=value; the value is a TQL literal (42, 'text', [1, 2], {a: 1}).")
    var param: [String] = []

    @Option(name: .long, help: "Output format: table, json, ndjson, geojson or csv.")
    var format: ResultFormat = .table

    @Option(name: .long, help: "Stop a statement after this many seconds.")
    var timeout: Double?

    @Option(name: .long, help: "Fail a statement returning more rows than this.")
    var maxRows: Int = 10_000_000

    @Option(name: .long, help: "Memory budget for sorts, grouping and collecting, in MiB.")
    var memoryMb: Int = 2048

    @Flag(name: .long, help: "Open the database read-only (write statements fail).")
    var readOnly = false

    func session(_ graph: Graph) -> QuerySession {
        var options = QueryOptions()
        options.timeoutSeconds = timeout
        options.maxRows = maxRows
        options.memoryBudgetBytes = memoryMb << 20
        return QuerySession(graph: graph, options: options)
    }

    /// Parses `name=value` pairs, evaluating each value as a TQL expression.
    func parameters(_ session: QuerySession) throws -> [String: QueryValue] {
        var result: [String: QueryValue] = [:]
        for entry in param {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                Output.error("--param expects name=value, got '\(entry)'")
                throw ExitCode(2)
            }
            let name = String(entry[..<equals])
            let text = String(entry[entry.index(after: equals)...])
            result[name] = try QueryText.literal(text, session)
        }
        return result
    }
}

enum QueryText {
    /// A parameter value: a TQL expression without variables, or else the raw text as a string.
    static func literal(_ text: String, _ session: QuerySession) throws -> QueryValue {
        if let result = try? session.run("RETURN " + text + " AS v"), let value = result.rows.first?.first {
            return value
        }
        return .string(text)
    }

    static func print(_ result: QueryResult, format: ResultFormat) {
        if let plan = result.plan {
            // The plan goes with a table to standard output, next to machine formats to standard error.
            if format == .table {
                Swift.print(plan)
            } else {
                FileHandle.standardError.write(Data((plan + "\n").utf8))
            }
        }
        switch format {
        case .table: Swift.print(table(result), terminator: "")
        case .json:
            Swift.print("[" + result.rows.map { object(result.columns, $0) }.joined(separator: ",\n ") + "]")
        case .ndjson:
            for row in result.rows { Swift.print(object(result.columns, row)) }
        case .csv:
            Swift.print(result.columns.map(csvField).joined(separator: ","))
            for row in result.rows {
                Swift.print(
                    row.map { value -> String in
                        if case .string(let s) = value { return csvField(s) }
                        if case .null = value { return "" }
                        return csvField(value.render())
                    }.joined(separator: ","))
            }
        case .geojson:
            Swift.print(geoJSON(result))
        }
        if result.statistics.containsUpdates {
            let s = result.statistics
            var parts: [String] = []
            for (count, what) in [
                (s.nodesCreated, "nodes created"), (s.nodesDeleted, "nodes deleted"),
                (s.relationshipsCreated, "relationships created"), (s.relationshipsDeleted, "relationships deleted"),
                (s.labelsAdded, "labels added"), (s.labelsRemoved, "labels removed"),
                (s.propertiesSet, "properties set"), (s.propertiesRemoved, "properties removed"),
                (s.indexesAdded, "indexes added"), (s.indexesRemoved, "indexes removed"),
            ] where count > 0 {
                parts.append("\(count) \(what)")
            }
            FileHandle.standardError.write(Data((parts.joined(separator: ", ") + "\n").utf8))
        }
    }

    static func object(_ columns: [String], _ row: [QueryValue]) -> String {
        var fields: [String] = []
        for (column, value) in zip(columns, row) {
            fields.append(String(decoding: JSONWriter.encode(.string(column)), as: UTF8.self) + ":" + value.toJSON())
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func csvField(_ text: String) -> String {
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    static func table(_ result: QueryResult) -> String {
        guard !result.columns.isEmpty else { return "" }
        let cells = result.rows.map { $0.map { $0.render() } }
        var widths = result.columns.map(\.count)
        for row in cells {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = min(80, max(widths[i], cell.count)) }
        }
        func line(_ values: [String]) -> String {
            "| "
                + values.enumerated().map { i, v in
                    let clipped = v.count > widths[i] ? String(v.prefix(widths[i] - 1)) + "…" : v
                    return clipped + String(repeating: " ", count: widths[i] - clipped.count)
                }.joined(separator: " | ") + " |\n"
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        var text = rule + line(result.columns) + rule
        for row in cells { text += line(row) }
        text += rule + "\(result.rows.count) row\(result.rows.count == 1 ? "" : "s")\n"
        return text
    }

    /// A FeatureCollection: each row's first node, geometry or point gives the feature's geometry.
    static func geoJSON(_ result: QueryResult) -> String {
        var features: [String] = []
        for row in result.rows {
            var geometry = "null"
            var properties: [String] = []
            for (column, value) in zip(result.columns, row) {
                if geometry == "null" {
                    switch value {
                    case .node(let node) where node.geometry != nil:
                        geometry = node.geometry ?? "null"
                        properties.append(
                            "\"id\":" + String(decoding: JSONWriter.encode(.string(node.id)), as: UTF8.self))
                        continue
                    case .geometry, .point:
                        geometry = value.toJSON()
                        continue
                    default: break
                    }
                }
                properties.append(
                    String(decoding: JSONWriter.encode(.string(column)), as: UTF8.self) + ":" + value.toJSON())
            }
            features.append(
                "{\"type\":\"Feature\",\"geometry\":\(geometry),\"properties\":{\(properties.joined(separator: ","))}}")
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",\n") + "]}"
    }
}

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one TQL statement and print its result.",
        discussion: """
            The statement comes from the argument, from --file, or from standard input ('-').
            Errors name line:column and show the line with a caret under the offending token.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: QueryOptionsGroup
    @Option(name: .long, help: "Read the statement from this file.") var file: String?
    @Argument(help: "The statement (or '-' for standard input).") var statement: String?

    func run() throws {
        var text = statement ?? ""
        if let file {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                Output.error("cannot read \(file)")
                throw ExitCode(2)
            }
            text = contents
        } else if statement == "-" || statement == nil {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let graph = try openGraph(database.db, readOnly: options.readOnly)
        let session = options.session(graph)
        let parameters = try options.parameters(session)
        do {
            let result = try session.run(text, parameters: parameters)
            QueryText.print(result, format: options.format)
        } catch {
            Output.error(error.description)
            throw ExitCode(1)
        }
    }
}

struct Shell: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "An interactive TQL shell (statements end with ';'; :help lists the commands).")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: QueryOptionsGroup
    @Flag(
        name: .long,
        help:
            "Keep the present in memory from the start, as a server does (the R-trees and the edges of the present: a few seconds and a few hundred MiB for 200,000 entities; windows and traversals at now then read no disk index)."
    )
    var inMemory = false

    static let help = """
        Statements may span lines and end with ';'. Commands:
          :param name value   set a parameter ($name), value is a TQL literal
          :params             list parameters
          :unparam name       remove a parameter
          :asof VALID [SYSTEM]  read at a valid time (and system time); ':asof now' resets
          :explain STATEMENT  show the plan without running
          :profile STATEMENT  run and show rows and time per operator
          :format FORMAT      table, json, ndjson, geojson or csv
          :history            previous statements
          :help               this text
          :quit               leave
        """

    func run() throws {
        let graph = try openGraph(database.db, readOnly: options.readOnly)
        if inMemory {
            let start = ContinuousClock.now
            Output.note("keeping the present in memory...")
            try graph.buildInMemorySpace()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            Output.note(
                "the present is in memory (\(graph.currentEdgeEntries) edge entries) after "
                    + String(format: "%.1f s", seconds))
        }
        let session = options.session(graph)
        var parameters = try options.parameters(session)
        var format = options.format
        var history: [String] = []
        let historyPath = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.tessera_history"
        if let saved = try? String(contentsOfFile: historyPath, encoding: .utf8) {
            history = saved.split(separator: "\u{1E}").map(String.init).suffix(500)
        }
        let interactive = isatty(0) == 1
        if interactive { Swift.print("TQL shell on \(database.db). End statements with ';'. :help for commands.") }
        var buffer = ""
        func execute(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return }
            history.append(trimmed)
            try? history.suffix(500).joined(separator: "\u{1E}").write(
                toFile: historyPath, atomically: true, encoding: .utf8)
            do {
                QueryText.print(try session.run(trimmed, parameters: parameters), format: format)
            } catch {
                Output.error(error.description)
            }
        }
        while true {
            if interactive {
                Swift.print(buffer.isEmpty ? "tql> " : "...> ", terminator: "")
                fflush(nil)
            }
            guard let line = readLine() else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if buffer.isEmpty && trimmed.hasPrefix(":") {
                let parts = trimmed.split(separator: " ", maxSplits: 2).map(String.init)
                switch parts[0] {
                case ":quit", ":exit", ":q": return
                case ":help": Swift.print(Self.help)
                case ":params":
                    for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
                        Swift.print("$\(name) = \(value.render())")
                    }
                case ":param" where parts.count == 3:
                    parameters[parts[1]] = (try? QueryText.literal(parts[2], session)) ?? .string(parts[2])
                case ":unparam" where parts.count >= 2:
                    parameters[parts[1]] = nil
                case ":asof":
                    if parts.count < 2 || parts[1] == "now" {
                        session.options.validAt = nil
                        session.options.systemAt = nil
                    } else {
                        let pins = parts.dropFirst().joined(separator: " ").split(separator: " ").map(String.init)
                        guard let valid = Time.parse(pins[0]) else {
                            Output.error("cannot read '\(pins[0])' as a time (RFC 3339 or a date)")
                            continue
                        }
                        session.options.validAt = valid
                        session.options.systemAt = pins.count > 1 ? Time.parse(pins[1]) : nil
                    }
                case ":explain", ":profile":
                    let rest = trimmed.dropFirst(parts[0].count)
                    execute((parts[0] == ":explain" ? "EXPLAIN " : "PROFILE ") + rest)
                case ":format" where parts.count == 2:
                    if let chosen = ResultFormat(rawValue: parts[1]) {
                        format = chosen
                    } else {
                        Output.error("unknown format \(parts[1]); use table, json, ndjson, geojson or csv")
                    }
                case ":history":
                    for (i, entry) in history.suffix(50).enumerated() { Swift.print("\(i + 1): \(entry)") }
                default:
                    Output.error("unknown command \(parts[0]); :help lists the commands")
                }
                continue
            }
            buffer += (buffer.isEmpty ? "" : "\n") + line
            if trimmed.hasSuffix(";") {
                execute(buffer)
                buffer = ""
            }
        }
        if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { execute(buffer) }
    }
}
