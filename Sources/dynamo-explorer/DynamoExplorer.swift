import ArgumentParser
import Foundation

@main
struct DynamoExplorer: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dynamo-explorer",
        abstract: "A DynamoDB explorer for the terminal: an embedded DynamoDB-compatible engine, an MCP server and a CLI.",
        version: version,
        subcommands: [ServeCommand.self]
    )

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        throw CleanExit.helpRequest(self)
    }
}
