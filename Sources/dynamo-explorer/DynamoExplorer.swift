import ArgumentParser
import DynamoMCP
import DynamoTools
import Foundation

struct DynamoExplorer: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dynamo-explorer",
        abstract: "A DynamoDB explorer for the terminal: an embedded DynamoDB-compatible engine, an MCP server and a CLI.",
        discussion: """
        Examples:
          dynamo-explorer serve --demo                       # DynamoDB API on http://127.0.0.1:8000
          dynamo-explorer --mcp --demo --read-only           # MCP server on stdio
          dynamo-explorer call list_tables '{}' --demo       # one tool call
        The interactive TUI is not built yet; run with --mcp, or use a subcommand.
        """,
        version: version,
        subcommands: [ServeCommand.self, CallCommand.self, ReplayCommand.self]
    )

    @Flag(name: .long, help: "Run the MCP server on stdin/stdout.") var mcp = false
    @OptionGroup var backend: BackendOptions
    @OptionGroup var policy: PolicyOptions

    func run() async throws {
        guard mcp else { throw CleanExit.helpRequest(self) }
        let signals = SignalExit.install()
        defer { _ = signals }
        let engine = try backend.makeEngine()
        let runner = ToolRunner(backend: engine, policy: policy.policy)
        try await backend.withExpirySweeps(engine) { try await MCPServer(runner: runner, version: DynamoExplorer.version).runStdio() }
    }
}

/// Exits cleanly (status 0) on SIGTERM and SIGINT, for servers whose loops block on stdin.
enum SignalExit {
    static func install() -> [DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler { exit(0) }
            source.resume()
            return source
        }
    }
}

/// The entry point: DESIGN's exit codes (0 success, 1 a DynamoDB/tool error, 2 a usage error).
@main
enum Main {
    static func main() async {
        do {
            var command = try DynamoExplorer.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = DynamoExplorer.exitCode(for: error)
            let message = DynamoExplorer.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            if !message.isEmpty { printError(message) }
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
