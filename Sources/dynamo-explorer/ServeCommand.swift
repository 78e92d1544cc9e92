import ArgumentParser
import DynamoServe
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the embedded engine over the DynamoDB HTTP API (for boto3, the AWS CLI, any SDK).",
        discussion: """
            Example:
              dynamo-explorer serve --demo --port 8000
              aws dynamodb list-tables --endpoint-url http://127.0.0.1:8000
            Use --port 0 to pick a free port; the chosen port is printed on the first line.
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8000
    @Flag(help: "Print one line per request to stderr: operation, table, status, time.") var logRequests = false
    @OptionGroup var backend: BackendOptions

    func validate() throws {
        if backend.isRemote {
            throw ValidationError(
                "serve serves the embedded engine (--db, --memory, --demo); remote flags do not apply")
        }
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (0 picks a free port), got \(port)")
        }
    }

    func run() async throws {
        let engine = try backend.makeEngine()
        defer { engine.close() }
        let host = self.host
        let log: (@Sendable (String) -> Void)? = logRequests ? { @Sendable line in printError(line) } : nil
        let server = DynamoHTTPServer(backend: engine, host: host, port: port, requestLog: log) { bound in
            print("dynamo-explorer serving DynamoDB API on http://\(host):\(bound) (\(engine.label))")
            fflush(nil)
        }
        do {
            try await backend.withExpirySweeps(engine) { try await server.run() }
        } catch  where "\(error)".contains("Address already in use") || "\(error)".contains("EADDRINUSE") {
            throw PlainUsageError(
                "port \(port) on \(host) is already in use; pick another with --port, or --port 0 for a free one")
        }
    }
}
