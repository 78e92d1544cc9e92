import DynamoCore

extension ToolSchemaParts {
    static let deleteItem = tool(
        "delete_item", "Delete an item",
        "Delete one item by its primary key, optionally only if a condition holds.",
        object(
            merged(["table": table, "key": key], writing(condition: conditionAsInPut, ["format": readFormat])),
            required: ["table", "key"]),
        destructive: true, idempotent: true,
        example: #"{"table": "Movies", "key": {"year": 2024, "title": "New"}}"#,
        output: ToolOutputSchemas.deleteItem,
        run: { try await $0.deleteItem() })
}

extension ToolOutputSchemas {
    static let deleteItem = object(["deleted": ["type": "boolean"], "attributes": item], required: ["deleted"])
}

extension ToolContext {
    func deleteItem() async throws -> ToolResult {
        let table = try table()
        var builder = try ExpressionBuilder(args)
        var request: [String: JSONValue] = ["TableName": .string(table), "Key": try key()]
        if let c = try builder.condition(structured: "condition", raw: "condition_expression", prefix: "c") {
            request["ConditionExpression"] = .string(c)
        }
        request["ReturnValues"] = .string(args.string("return_values") ?? "ALL_OLD")
        builder.apply(to: &request)
        if args["condition"] != nil { await warmSample(table) }
        let out = try await sendConditional(.deleteItem, request)
        let attrs = try attributes(out)
        return await withWarnings(
            ToolResult(
                structured: .object(attrs.merging(["deleted": .bool(!attrs.isEmpty)]) { a, _ in a }),
                summary: "delete_item \(table): \(attrs.isEmpty ? "no such item" : "deleted")"),
            table: table)
    }
}
