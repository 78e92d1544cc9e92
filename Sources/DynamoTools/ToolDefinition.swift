import DynamoCore

/// One tool as agents see it: name, description, argument schema and MCP annotations.
///
/// A tool is one value: what agents see, one example call, the shape of its result, and the function
/// that runs it — so a new tool is one file under `Tools/` and one line in `ToolCatalog.all`.
public struct ToolDefinition: Sendable {
    public var name: String
    public var title: String
    public var description: String
    public var inputSchema: JSONValue
    /// The JSON Schema of the tool's structured result (MCP `outputSchema`).
    public var outputSchema: JSONValue
    /// One concrete call on the demo tables: `dynamo-explorer tools NAME` prints it, and the input
    /// schema carries it as JSON Schema `examples`.
    public var example: String
    public var readOnly: Bool
    public var destructive: Bool
    public var idempotent: Bool
    /// Runs one call of this tool.
    let run: @Sendable (ToolContext) async throws -> ToolResult

    /// True when the tool's arguments name a table (the command line completes one after it).
    public var takesTable: Bool { inputSchema["properties"]?["table"] != nil }
}

/// How a tool is made: its definition, with its one example attached to the argument schema. Each tool is
/// one file under `Tools/`; `ToolCatalog.all` lists them.
extension ToolSchemaParts {
    /// A tool with its example call attached to the argument schema (JSON Schema `examples`).
    static func tool(
        _ name: String, _ title: String, _ description: String, _ schema: JSONValue,
        readOnly: Bool = false, destructive: Bool = false, idempotent: Bool = false,
        example: String, output: JSONValue, run: @escaping @Sendable (ToolContext) async throws -> ToolResult
    ) -> ToolDefinition {
        var schema = schema
        if case .object(var o) = schema {
            if let parsed = try? JSONValue.parse(example) {
                o["examples"] = [parsed]
            }
            // Every tool can be tried first: validated against the table, nothing changed.
            if case .object(var properties)? = o["properties"] {
                properties["dry_run"] = ["type": "boolean"]
                o["properties"] = .object(properties)
            }
            schema = .object(o)
        }
        return ToolDefinition(
            name: name, title: title, description: description, inputSchema: schema, outputSchema: output,
            example: example, readOnly: readOnly, destructive: destructive, idempotent: readOnly || idempotent,
            run: run)
    }
}
