import DynamoCore

extension ToolSchemaParts {
    static let listTables = tool(
        "list_tables", "List tables", "The tables this session may use. Start here.",
        object(["limit": integer("Most names.", min: 1, max: 100), "cursor": string("A next_cursor.")]),
        readOnly: true,
        example: #"{}"#,
        output: ToolOutputSchemas.listTables,
        run: { try await $0.listTables() })
}

extension ToolOutputSchemas {
    static let listTables = object(
        ["tables": ["type": "array", "items": ["type": "string"]], "next_cursor": cursor], required: ["tables"])
}

extension ToolContext {
    func listTables() async throws -> ToolResult {
        var names: [String] = []
        var start = args.string("cursor")
        let limit = args.int("limit") ?? 100
        repeat {
            var request: [String: JSONValue] = [:]
            if let start { request["ExclusiveStartTableName"] = .string(start) }
            let out = try await send(.listTables, request)
            names += (out["TableNames"]?.arrayValue ?? []).compactMap(\.stringValue).filter { policy.allows(table: $0) }
            start = out["LastEvaluatedTableName"]?.stringValue
        } while start != nil && names.count < limit
        var result: [String: JSONValue] = ["tables": .array(names.prefix(limit).map { .string($0) })]
        if names.count > limit { result["next_cursor"] = .string(names[limit - 1]) }
        return ToolResult(structured: .object(result), summary: "list_tables: \(min(names.count, limit)) table(s)")
    }
}
