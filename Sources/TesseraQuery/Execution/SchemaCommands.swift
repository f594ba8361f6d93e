import TesseraCore
import TesseraGraph

/// Runs schema commands: property indexes are created, dropped and listed through the engine.
extension QuerySession {
    /// The columns of `SHOW INDEXES` (Neo4j's, plus `entries`).
    static let indexColumns = [
        "id", "name", "state", "populationPercent", "type", "entityType", "labelsOrTypes", "properties", "entries",
    ]

    func run(_ command: SchemaCommand) throws(QueryError) -> QueryResult {
        var statistics = QueryStatistics()
        do {
            switch command {
            case .createIndex(let name, let ifNotExists, let label, let property, _):
                // Returns when the index is online: the statement waits for the build.
                let creation = try graph.createPropertyIndex(
                    named: name, label: label, property: property, ifNotExists: ifNotExists)
                statistics.indexesAdded = creation.created ? 1 : 0
                return QueryResult(columns: [], rows: [], statistics: statistics)
            case .dropIndex(let name, let ifExists, _):
                statistics.indexesRemoved = try graph.dropPropertyIndex(named: name, ifExists: ifExists) ? 1 : 0
                return QueryResult(columns: [], rows: [], statistics: statistics)
            case .showIndexes:
                return QueryResult(columns: Self.indexColumns, rows: try indexRows())
            }
        } catch {
            throw Self.schemaError(error, command)
        }
    }

    /// One row per index, by name.
    private func indexRows() throws(GraphError) -> [[QueryValue]] {
        var rows: [[QueryValue]] = []
        for index in graph.propertyIndexes().sorted(by: { $0.name < $1.name }) {
            rows.append([
                .int(Int64(index.id)), .string(index.name), .string(index.state.rawValue),
                .float(graph.populationPercent(of: index)), .string("RANGE"), .string("NODE"),
                .list([.string(index.label)]), .list([.string(index.property)]),
                .int(Int64(try graph.propertyIndexEntryCount(index))),
            ])
        }
        return rows
    }

    static func schemaError(_ error: GraphError, _ command: SchemaCommand) -> QueryError {
        let location: SourceLocation
        switch command {
        case .createIndex(_, _, _, _, let at), .dropIndex(_, _, let at), .showIndexes(let at): location = at
        }
        let detail: String
        switch error.kind {
        case .indexNameTaken: detail = "IndexWithNameAlreadyExists"
        case .equivalentIndexExists: detail = "EquivalentSchemaRuleAlreadyExists"
        case .indexNotFound: detail = "IndexNotFound"
        case .invalidName: detail = "InvalidSchemaRule"
        default: return QueryError(.runtime, .storageError, error.message)
        }
        return QueryError(.runtime, .schemaError, error.message, detail: detail, location: location)
    }
}
