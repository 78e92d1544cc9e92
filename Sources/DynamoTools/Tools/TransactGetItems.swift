import DynamoCore

extension ToolSchemaParts {
    static let transactGetItems = tool(
        "transact_get_items", "Transactional get", "Read up to 100 items at one point in time.",
        object(
            [
                "items": [
                    "type": "array", "minItems": 1, "maxItems": 100,
                    "items": object(
                        ["table": table, "key": key, "projection": projection], required: ["table", "key"]),
                ],
                "format": readFormat,
            ], required: ["items"]), readOnly: true,
        example: #"{"items": [{"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}}]}"#,
        output: ToolOutputSchemas.transactGetItems,
        run: { try await $0.transactGet() })
}

extension ToolOutputSchemas {
    static let transactGetItems = object(
        ["items": ["type": "array", "items": itemOrNull, "description": "In request order."]],
        required: ["items"])
}

extension ToolContext {
    func transactGet() async throws -> ToolResult {
        var items: [JSONValue] = []
        for (i, entry) in (args["items"]?.arrayValue ?? []).enumerated() {
            let sub = try ToolArguments(mergingFormat(entry))
            let table = try sub.requiredString("table")
            try policy.checkTable(table)
            var builder = try ExpressionBuilder(sub)
            let key = try sub.wireItem(try sub.required("key"), at: "items[\(i)].key")
            var get: [String: JSONValue] = ["TableName": .string(table), "Key": key]
            if let p = try builder.projection() { get["ProjectionExpression"] = .string(p) }
            builder.apply(to: &get)
            items.append(["Get": .object(get)])
        }
        let out = try await send(.transactGetItems, ["TransactItems": .array(items)])
        let shown = try (out["Responses"]?.arrayValue ?? []).map { (r) throws(DynamoError) -> JSONValue in
            try r["Item"].map { (i) throws(DynamoError) in try args.shownItem(i) } ?? .null
        }
        return ToolResult(
            structured: ["items": .array(shown)],
            summary: "transact_get_items: \(shown.filter { !$0.isNull }.count) of \(shown.count) found")
    }
}
