import DynamoCore

extension ToolSchemaParts {
    static let putItem = tool(
        "put_item", "Put an item",
        "Create or replace a whole item; condition {\"pk\": {\"op\": \"not_exists\"}} refuses to overwrite. "
            + "A failed condition returns current_item.",
        object(
            merged(["table": table, "item": anyObject("The whole item, keys included.")], conditionalWrite),
            required: ["table", "item"]), destructive: true, idempotent: true,
        example: #"{"table": "Movies", "item": {"year": 2024, "title": "New", "rating": 7.5}, "#
            + #""condition": {"title": {"op": "not_exists"}}}"#,
        output: ToolOutputSchemas.putItem,
        run: { try await $0.putItem() })
}

extension ToolOutputSchemas {
    static let putItem = object(["written": ["const": true], "attributes": item], required: ["written"])
}

extension ToolContext {
    func putItem() async throws -> ToolResult {
        let table = try table()
        var builder = try ExpressionBuilder(args)
        var request: [String: JSONValue] = [
            "TableName": .string(table), "Item": try args.wireItem(try args.required("item"), at: "item"),
        ]
        if let c = try builder.condition(structured: "condition", raw: "condition_expression", prefix: "c") {
            request["ConditionExpression"] = .string(c)
        }
        if let rv = args.string("return_values") { request["ReturnValues"] = .string(rv) }
        builder.apply(to: &request)
        await warmSample(table)
        let out = try await sendConditional(.putItem, request)
        var result = try attributes(out).merging(["written": true]) { a, _ in a }
        let warnings = await writeWarnings(
            table: table, item: try args.decodeItem(try args.required("item"), at: "item"))
        if !warnings.isEmpty { result["warnings"] = .array(warnings) }
        return ToolResult(structured: .object(result), summary: "put_item \(table): written")
    }
}
