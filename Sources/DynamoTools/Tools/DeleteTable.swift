import DynamoCore

extension ToolSchemaParts {
    static let deleteTable = tool(
        "delete_table", "Delete a table", "Delete a table and all its items; irreversible.",
        object(["table": table, "confirm": string("The table name again.")], required: ["table", "confirm"]),
        destructive: true,
        example: #"{"table": "Metrics", "confirm": "Metrics"}"#,
        output: ToolOutputSchemas.deleteTable,
        run: { try await $0.deleteTable() })
}

extension ToolOutputSchemas {
    static let deleteTable = object(["table": table], required: ["table"])
}

extension ToolContext {
    func deleteTable() async throws -> ToolResult {
        let table = try table()
        guard args.string("confirm") == table else {
            throw DynamoError.validation(
                "delete_table removes \(table) and all its items; to proceed, pass confirm: \"\(table)\"")
        }
        let out = try await send(.deleteTable, ["TableName": .string(table)])
        return ToolResult(
            structured: ["table": out["TableDescription"] ?? .null], summary: "delete_table \(table): deleted")
    }
}
