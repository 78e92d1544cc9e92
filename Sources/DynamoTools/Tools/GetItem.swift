import DynamoCore

extension ToolSchemaParts {
    static let getItem = tool(
        "get_item", "Get an item", "Read one item by its full primary key.",
        object(
            [
                "table": table, "key": key, "projection": projection, "names": names,
                "consistent_read": typed("boolean", nil), "format": readFormat,
            ],
            required: ["table", "key"]), readOnly: true,
        example: #"{"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}}"#,
        output: ToolOutputSchemas.getItem,
        run: { try await $0.getItem() })
}

extension ToolOutputSchemas {
    static let getItem = object(["item": itemOrNull], required: ["item"])
}

extension ToolContext {
    func getItem() async throws -> ToolResult {
        let table = try table()
        var builder = try ExpressionBuilder(args)
        var request: [String: JSONValue] = ["TableName": .string(table), "Key": try key()]
        if let p = try builder.projection() { request["ProjectionExpression"] = .string(p) }
        if let c = args.bool("consistent_read") { request["ConsistentRead"] = .bool(c) }
        builder.apply(to: &request)
        let out = try await send(.getItem, request)
        guard let item = out["Item"] else {
            return ToolResult(structured: ["item": .null], summary: "get_item \(table): not found")
        }
        return ToolResult(structured: ["item": try args.shownItem(item)], summary: "get_item \(table): found")
    }
}
