import ArgumentParser

@main
struct Tessera: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Tessera: a spatio-temporal knowledge graph database for digital-twin cities.",
        subcommands: [
            Generate.self, Load.self, Get.self, History.self, Edges.self, Stats.self, Check.self, Compact.self,
            Backup.self,
            IndexCommand.self, Within.self, Nearest.self, Encode.self, Decode.self, Query.self, Shell.self,
            CommitStream.self,
        ]
    )
}

/// Options shared by every command that opens a database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database directory.")
    var db: String
}
