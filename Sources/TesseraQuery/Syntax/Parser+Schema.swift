/// Schema commands: `CREATE INDEX`, `DROP INDEX`, `SHOW INDEXES` (Neo4j 5 spelling).
///
/// `DROP`, `SHOW`, `INDEX`, `INDEXES`, `IF` and `RANGE` are contextual keywords: they mean something only
/// where a schema command can start, and stay usable as variable names everywhere else.
extension Parser {
    /// Whether the statement starts with a schema command.
    var isAtSchemaCommand: Bool {
        if current.isKeyword("CREATE") {
            return peek().isKeyword("INDEX") || (peek().isKeyword("RANGE") && peek(2).isKeyword("INDEX"))
        }
        return (current.isKeyword("DROP") || current.isKeyword("SHOW")) && peek().kind == .identifier
    }

    /// The schema command at the start of the statement, nil when the statement is a query.
    mutating func schemaCommand() throws(QueryError) -> SchemaCommand? {
        guard isAtSchemaCommand else { return nil }
        let location = current.location
        if acceptKeyword("CREATE") {
            _ = acceptKeyword("RANGE")
            try expectKeyword("INDEX")
            return try createIndex(location)
        }
        if acceptKeyword("DROP") {
            try expectKeyword("INDEX")
            let name = try self.name("the name of the index to drop")
            var ifExists = false
            if acceptKeyword("IF") {
                try expectKeyword("EXISTS")
                ifExists = true
            }
            return .dropIndex(name: name, ifExists: ifExists, location: location)
        }
        _ = advance()
        if !acceptKeyword("ALL") { _ = acceptKeyword("RANGE") }
        guard acceptKeyword("INDEXES") || acceptKeyword("INDEX") else { throw error("INDEXES") }
        return .showIndexes(location: location)
    }

    /// `[name] [IF NOT EXISTS] FOR (n:Label) ON (n.property)`, after `CREATE [RANGE] INDEX`.
    private mutating func createIndex(_ location: SourceLocation) throws(QueryError) -> SchemaCommand {
        var name: String?
        let atFor = current.isKeyword("FOR") && peek().isSymbol("(")
        let atIf = current.isKeyword("IF") && peek().isKeyword("NOT")
        if !atFor && !atIf { name = try self.name("an index name, IF NOT EXISTS or FOR") }
        var ifNotExists = false
        if acceptKeyword("IF") {
            try expectKeyword("NOT")
            try expectKeyword("EXISTS")
            ifNotExists = true
        }
        try expectKeyword("FOR")
        try expectSymbol("(")
        let variable = try variableName()
        guard acceptSymbol(":") else { throw error("':' and the label to index") }
        let label = try self.name("a label")
        guard current.isSymbol(")") else {
            throw error(message: "an index covers one label: expected ')' after :\(label)", at: current.location)
        }
        _ = advance()
        try expectKeyword("ON")
        try expectSymbol("(")
        let property = try indexedProperty(of: variable)
        if current.isSymbol(",") {
            var error = QueryError.semantic(
                "UnsupportedCompositeIndex",
                "composite indexes (several properties) are not supported: create one index per property",
                at: current.location)
            error.source = source
            throw error
        }
        try expectSymbol(")")
        return .createIndex(
            name: name, ifNotExists: ifNotExists, label: label, property: property, location: location)
    }

    /// `n.property` where `n` must be the variable of the FOR pattern.
    private mutating func indexedProperty(of variable: String) throws(QueryError) -> String {
        let location = current.location
        let used = try variableName()
        guard used == variable else {
            var error = QueryError.semantic(
                "UndefinedVariable", "variable '\(used)' is not defined: ON (...) must use '\(variable)' of FOR (...)",
                at: location)
            error.source = source
            throw error
        }
        try expectSymbol(".")
        return try self.name("a property key")
    }
}
