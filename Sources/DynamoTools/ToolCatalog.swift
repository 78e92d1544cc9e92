import DynamoCore

/// One tool as agents see it: name, description, argument schema and MCP annotations.
public struct ToolDefinition: Sendable {
    public var name: String
    public var title: String
    public var description: String
    public var inputSchema: JSONValue
    public var readOnly: Bool
    public var destructive: Bool
    public var idempotent: Bool
}

/// The tools of the product, shared by the MCP server, `call`, `replay` and the TUI's action log.
public enum ToolCatalog {
    /// The tools visible under a policy: read-only sessions do not see write tools, and see
    /// `execute_statement` as the read-only tool it is there (SELECT only), so its annotations hold
    /// for every call it accepts.
    public static func tools(for policy: ToolPolicy) -> [ToolDefinition] {
        all.compactMap { definition(for: $0, policy) }
    }

    /// Every tool, in the order agents see them.
    public static let all: [ToolDefinition] = ToolSchemaParts.tables + ToolSchemaParts.itemTools + ToolSchemaParts.reads
        + ToolSchemaParts.batches + [ToolSchemaParts.statement]

    public static func definition(_ name: String) -> ToolDefinition? { all.first { $0.name == name } }

    /// The definition as a session with this policy sees it; nil when the session may not use it.
    public static func definition(_ name: String, policy: ToolPolicy) -> ToolDefinition? {
        all.first { $0.name == name }.flatMap { definition(for: $0, policy) }
    }

    static func definition(for tool: ToolDefinition, _ policy: ToolPolicy) -> ToolDefinition? {
        guard policy.readOnly, !tool.readOnly else { return tool }
        guard tool.name == "execute_statement" else { return nil }
        var selectOnly = tool
        selectOnly.readOnly = true
        selectOnly.destructive = false
        selectOnly.idempotent = true
        selectOnly.description = "Run one PartiQL SELECT (this session is read-only): SELECT ... FROM \"Table\"[.\"Index\"] "
            + "WHERE ... [ORDER BY sortkey DESC]. Without an equality on the partition key it reads the whole table."
        return selectOnly
    }
}
