import DynamoCore

/// The tools of the product, shared by the MCP server, `call`, `replay` and the TUI's action log.
public enum ToolCatalog {
    /// The tools visible under a policy: read-only sessions do not see write tools, and see
    /// `execute_statement` as the read-only tool it is there (SELECT only), so its annotations hold
    /// for every call it accepts.
    public static func tools(for policy: ToolPolicy) -> [ToolDefinition] {
        all.compactMap { definition(for: $0, policy) }
    }

    /// Every tool, in the order agents see them.
    public static let all: [ToolDefinition] = [
        ToolSchemaParts.listTables, ToolSchemaParts.describeTable, ToolSchemaParts.createTable,
        ToolSchemaParts.updateTable, ToolSchemaParts.deleteTable, ToolSchemaParts.getItem, ToolSchemaParts.putItem,
        ToolSchemaParts.updateItem,
        ToolSchemaParts.deleteItem, ToolSchemaParts.query, ToolSchemaParts.scan, ToolSchemaParts.parallelScan,
        ToolSchemaParts.batchGetItem, ToolSchemaParts.batchWriteItem, ToolSchemaParts.transactGetItems,
        ToolSchemaParts.transactWriteItems, ToolSchemaParts.executeStatement, ToolSchemaParts.readChanges,
    ]

    public static func definition(_ name: String) -> ToolDefinition? { all.first { $0.name == name } }

    /// What every tool shares, said once to an agent (MCP `instructions`) instead of in 16 schemas.
    public static func instructions(backend: String, readOnly: Bool) -> String {
        "DynamoDB tools. Start with list_tables and describe_table (keys, indexes, and attributes_seen: the "
            + "names and types in a sample) or the dynamodb://table/NAME resources; query when you know a partition "
            + "key, scan otherwise. Follow next_cursor to page. Items are plain JSON (sets {\"$ss\": [...]}, $ns, "
            + "$bs; binary {\"$b\": base64}; a one-key map {\"$m\": {...}}) unless format is dynamodb (typed JSON). "
            + "names and values are ExpressionAttributeNames/Values for the raw *_expression arguments. "
            + "dry_run: true validates any call against the table and changes nothing: {valid, operation, request "
            + "(the exact DynamoDB request), plan {table, index, reads_base_table}, first_request {count, "
            + "scanned_count, capacity_units, more_pages}, estimate (a full scan's items and units), would_fail}. "
            + "Results have consumed_capacity {read_units, write_units} and may have warnings; errors are "
            + "{error: {type, message}}. Backend: \(backend)\(readOnly ? " (read-only session)" : "")."
    }

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
        selectOnly.description =
            "Run one PartiQL SELECT (this session is read-only): SELECT ... FROM \"Table\"[.\"Index\"] "
            + "WHERE ... [ORDER BY sortkey DESC]. Without an equality on the partition key it reads the whole table."
        return selectOnly
    }
}
