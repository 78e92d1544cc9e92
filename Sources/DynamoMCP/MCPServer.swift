import DynamoCore
import DynamoTools
import Foundation
import Logging
import MCP

/// The MCP face: the tool catalog, one resource per table (its data model) and exploration
/// prompts, served over stdio with the MCP Swift SDK.
///
/// Logs go to stderr only; stdout carries the protocol.
public struct MCPServer: Sendable {
    public let runner: ToolRunner
    public let version: String
    /// Queries saved by hand in the TUI: offered as prompts and resources, read afresh on each list.
    public let queries: SavedQueryFile?

    public init(runner: ToolRunner, version: String, queries: SavedQueryFile? = nil) {
        self.runner = runner
        self.version = version
        self.queries = queries
    }

    /// Serves on stdin/stdout until the client closes stdin (EOF) or the task is cancelled.
    public func runStdio() async throws {
        let logger = Logger(label: "dynamo-explorer.mcp") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let relay = ExactJSONRelay()
        let server = try await makeServer(relay: relay)
        let identity = runner.identity
        try await server.start(transport: LineStdioTransport(relay: relay, logger: logger)) { client, _ in
            identity.client = client.version.isEmpty ? client.name : "\(client.name) \(client.version)"
        }
        await server.waitUntilCompleted()
        await server.stop()
    }

    /// A server with every handler registered, for stdio or an in-memory transport in tests.
    ///
    /// With a `relay` (which its transport must share), tool arguments and structured results
    /// pass exactly; without one they go through the SDK's `Value`, which rounds big numbers.
    public func makeServer(relay: ExactJSONRelay? = nil) async throws -> Server {
        let server = Server(
            name: "dynamo-explorer",
            version: version,
            instructions: ToolCatalog.instructions(backend: runner.backend.label, readOnly: runner.policy.readOnly),
            capabilities: .init(
                prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false),
                tools: .init(listChanged: false))
        )
        await registerTools(server, relay: relay)
        await registerResources(server)
        await registerPrompts(server)
        return server
    }

    /// `tools/list` and `tools/call`: the catalog this session's policy allows, run by the shared runner.
    func registerTools(_ server: Server, relay: ExactJSONRelay?) async {
        let runner = self.runner
        await server.withMethodHandler(ListTools.self) { _ in
            .init(tools: ToolCatalog.tools(for: runner.policy).map(MCPServer.tool))
        }
        await server.withMethodHandler(CallTool.self) { params in
            let result: ToolResult
            do {
                let arguments = try MCPServer.arguments(params.arguments, relay: relay)
                result = await runner.run(
                    ToolCall(name: params.name, arguments: arguments),
                    progress: params._meta?.progressToken.map { MCPServer.progressReporter(server, token: $0) })
            } catch let error as DynamoError {
                result = ToolResult(
                    structured: ["error": ["type": .string(error.type), "message": .string(error.message)]],
                    summary: "\(error.type): \(error.message)", isError: true)
            }
            return .init(
                content: [
                    .text(text: result.summary + "\n" + result.structured.jsonText, annotations: nil, _meta: nil)
                ],
                structuredContent: Optional<Value>.some(
                    ValueBridge.value(relay?.park(result.structured) ?? result.structured)),
                isError: result.isError)
        }
    }

    /// One resource per table (its data model) and the saved queries.
    func registerResources(_ server: Server) async {
        let runner = self.runner
        let queries = self.queries
        await server.withMethodHandler(ListResources.self) { _ in
            let tables = await runner.run(ToolCall.listTables())
            let names = tables.structured["tables"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let tableResources = names.map {
                Resource(
                    name: $0, uri: "dynamodb://table/\($0)",
                    description: "Key schema, indexes and attribute types of \($0)", mimeType: "application/json")
            }
            return .init(resources: tableResources + SavedQueryPrompts.resources(queries), nextCursor: nil)
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            .init(templates: [
                Resource.Template(
                    uriTemplate: "dynamodb://table/{name}", name: "table",
                    description: "Key schema, indexes and attribute types of a table", mimeType: "application/json")
            ])
        }
        await server.withMethodHandler(ReadResource.self) { params in
            if let text = try SavedQueryPrompts.read(params.uri, queries) {
                return .init(contents: [.text(text, uri: params.uri, mimeType: "application/json")])
            }
            let prefix = "dynamodb://table/"
            guard params.uri.hasPrefix(prefix) else {
                throw MCPError.invalidParams("Unknown resource \(params.uri); expected \(prefix)NAME")
            }
            let model = await DataModel.describe(table: String(params.uri.dropFirst(prefix.count)), runner: runner)
            return .init(contents: [.text(model.prettyText, uri: params.uri, mimeType: "application/json")])
        }
    }

    /// The exploration prompts and the saved queries.
    func registerPrompts(_ server: Server) async {
        let queries = self.queries
        await server.withMethodHandler(ListPrompts.self) { _ in
            .init(prompts: Prompts.all + SavedQueryPrompts.prompts(queries), nextCursor: nil)
        }
        await server.withMethodHandler(GetPrompt.self) { params in
            let arguments = (params.arguments ?? [:]).mapValues { "\($0)" }
            guard
                let text = Prompts.text(params.name, arguments: arguments)
                    ?? SavedQueryPrompts.text(params.name, queries)
            else {
                let names = (Prompts.all + SavedQueryPrompts.prompts(queries)).map(\.name)
                throw MCPError.invalidParams(
                    "Unknown prompt \(params.name); available: \(names.joined(separator: ", "))")
            }
            return .init(description: text.description, messages: [.user(.text(text: text.body))])
        }
    }

    /// Sends `notifications/progress` for each page of a long read, when the client asked for them.
    static func progressReporter(_ server: Server, token: ProgressToken) -> ToolProgress.Handler {
        { progress in
            try? await server.notify(
                ProgressNotification.message(
                    .init(progressToken: token, progress: Double(progress.pages), message: progress.message)))
        }
    }

    /// The call's arguments: the exact ones parked by the transport, else the SDK's decoded values.
    static func arguments(_ values: [String: Value]?, relay: ExactJSONRelay?) throws(DynamoError) -> JSONValue {
        var arguments: [String: JSONValue] = [:]
        for (k, v) in values ?? [:] { arguments[k] = try ValueBridge.json(v) }
        if let relay, let exact = relay.take(.object(arguments)) { return exact }
        return .object(arguments)
    }

    static func tool(_ d: ToolDefinition) -> Tool {
        Tool(
            name: d.name, title: d.title, description: d.description, inputSchema: ValueBridge.value(d.inputSchema),
            // destructive and idempotent hints mean something only for tools that write.
            annotations: .init(
                readOnlyHint: d.readOnly, destructiveHint: d.readOnly ? nil : d.destructive,
                idempotentHint: d.readOnly ? nil : d.idempotent, openWorldHint: false),
            outputSchema: ValueBridge.value(d.outputSchema))
    }
}
