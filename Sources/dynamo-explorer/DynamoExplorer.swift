import ArgumentParser
import DynamoCore
import DynamoEngine
import DynamoMCP
import DynamoRemote
import DynamoTUI
import DynamoTools
import Foundation

struct DynamoExplorer: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dynamo-explorer",
        abstract: "A DynamoDB explorer for the terminal: a TUI, an MCP server and a CLI on one core.",
        discussion: """
            Examples:
              dynamo-explorer --demo                             # the TUI on sample tables (? shows the keys)
              dynamo-explorer --db data.sqlite --log calls.jsonl # the TUI, every call appended to calls.jsonl
              dynamo-explorer serve --demo                       # DynamoDB API on http://127.0.0.1:8000
              dynamo-explorer --mcp --demo --read-only           # MCP server on stdio
              dynamo-explorer call list_tables '{}' --demo       # one tool call
            """,
        version: version,
        subcommands: [
            ServeCommand.self, CallCommand.self, ReplayCommand.self, WatchCommand.self, ToolsCommand.self,
            KeysCommand.self,
        ]
    )

    @Flag(name: .long, help: "Run the MCP server on stdin/stdout.") var mcp = false
    @Option(name: .long, help: "TUI: append every tool call to this file as JSON lines (replay runs them).") var log:
        String?
    @Option(name: .long, help: "TUI: colour theme, a name (default, light, high-contrast, monochrome) or a .toml path.")
    var theme = "default"
    @Option(
        name: .long,
        help: ArgumentHelp(
            "TUI: key bindings to use (TOML; default ~/.config/dynamo-explorer/keys.toml when it exists).",
            valueName: "file"))
    var keys: String?
    @Flag(name: .customLong("no-mouse"), help: "TUI: leave the mouse to the terminal (clicks and the wheel are off).")
    var noMouse = false
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Saved queries file (default: beside --db as NAME.queries.json, else in "
                + "~/.config/dynamo-explorer/queries).",
            valueName: "file"))
    var queries: String?
    @OptionGroup var backend: BackendOptions
    @OptionGroup var policy: PolicyOptions

    func run() async throws {
        guard mcp else { return try await runTUI() }
        let opened = try backend.openBackend(readOnly: policy.readOnly)
        let signals = SignalExit.install { opened.close() }
        defer { _ = signals }
        let runner = ToolRunner(backend: opened.backend, policy: policy.policy, identity: FaceIdentity(face: "mcp"))
        try await backend.withExpirySweeps(opened.engine, enabled: !policy.readOnly) {
            try await MCPServer(runner: runner, version: DynamoExplorer.version, queries: queriesFile(opened))
                .runStdio()
        }
        opened.close()
    }
}

extension DynamoExplorer {
    /// The TUI needs a terminal on both ends; without one, point to the faces that do not.
    func runTUI() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError(
                """
                dynamo-explorer's TUI needs a terminal (standard input and output are not one).
                Without a terminal use: --mcp (MCP server on stdio), call TOOL 'JSON' (one tool call), \
                or serve (the DynamoDB HTTP API). See dynamo-explorer --help.
                """)
            throw ExitCode(2)
        }
        // The demo tables load while the first frame is drawn; calls wait for them.
        let opened = try backend.openBackend(readOnly: policy.readOnly, deferDemo: true)
        defer { opened.close() }
        let runner = ToolRunner(backend: opened.backend, policy: policy.policy, identity: FaceIdentity(face: "tui"))
        let demoEngine = backend.demo ? opened.engine : nil
        var session = SessionInfo(backendLabel: opened.backend.label, readOnly: policy.readOnly)
        if let path = opened.engine?.path {
            session.serveArguments = "--db " + HandOver.shellQuoted(URL(fileURLWithPath: path).standardizedFileURL.path)
        } else if backend.demo {
            session.serveArguments = "--demo"
        }
        session.queriesPath = queriesFile(opened).path
        if let remote = opened.backend as? RemoteBackend {
            let url = remote.settings.endpoint
            let onAWS = url.host?.hasSuffix(".amazonaws.com") == true
            session.awsTarget = AWSTarget(
                endpointURL: onAWS ? nil : url.absoluteString, region: remote.settings.region,
                profile: remote.settings.profileIsExplicit ? remote.settings.profile : nil)
            session.notice = remote.settings.regionNote
        }
        do {
            var options = TUIApp.Options(session: session, theme: theme, logPath: log)
            options.mouse = !noMouse
            options.keysPath = keys
            if let demoEngine { options.prepare = { try DemoData.load(into: demoEngine) } }
            try await TUIApp(runner: runner, options: options).run()
        } catch let error as ActionLogError {
            throw PlainUsageError(error.message)
        }
    }
}

extension DynamoExplorer {
    /// The saved queries of this database: `--queries`, else beside the database file, else in the
    /// config folder under the session's name (`demo`, `memory`, or the remote region or endpoint).
    func queriesFile(_ opened: OpenedBackend) -> SavedQueryFile {
        if let queries { return SavedQueryFile(path: queries) }
        let label = backend.demo && opened.engine?.path == nil ? "demo" : opened.backend.label
        return SavedQueryFile(path: SavedQueryFile.defaultPath(databaseFile: opened.engine?.path, label: label))
    }
}

/// Exits cleanly (status 0) on SIGTERM and SIGINT, for servers whose loops block on stdin:
/// `cleanup` runs first (it checkpoints and closes the database).
enum SignalExit {
    static func install(cleanup: @escaping @Sendable () -> Void) -> [DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler {
                cleanup()
                exit(0)
            }
            source.resume()
            return source
        }
    }
}

/// The entry point: DESIGN's exit codes (0 success, 1 a DynamoDB/tool error, 2 a usage error).
@main
enum Main {
    static func main() async {
        var command: ParsableCommand
        do {
            command = try DynamoExplorer.parseAsRoot()
        } catch {
            fail(error, DynamoExplorer.self)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Errors from a subcommand's run show that subcommand's usage, not the root's.
            fail(error, type(of: command))
        }
    }

    static func fail(_ error: Error, _ command: ParsableCommand.Type) -> Never {
        if let plain = error as? PlainUsageError {
            printError("Error: \(plain.message)")
            exit(2)
        }
        let code = DynamoExplorer.exitCode(for: error)
        var message = DynamoExplorer.fullMessage(for: error)
        if error is ValidationError, command != DynamoExplorer.self {
            let name = command.configuration.commandName ?? ""
            message =
                "Error: \(error)\n"
                + command.helpMessage(columns: 100).components(separatedBy: "\n")
                .drop { !$0.hasPrefix("USAGE:") }.prefix(1).map {
                    $0.replacingOccurrences(of: "USAGE: ", with: "Usage: ")
                }
                .joined().replacingOccurrences(of: "Usage: \(name) ", with: "Usage: dynamo-explorer \(name) ")
                + "\n  See 'dynamo-explorer \(name) --help' for more information."
        }
        if code == .success {
            if !message.isEmpty { print(message) }
            exit(0)
        }
        if !message.isEmpty { printError(message) }
        exit(code == .validationFailure ? 2 : code.rawValue)
    }
}
