import DynamoCore

extension ToolSchemaParts {
    static let updateItem = tool(
        "update_item", "Update an item",
        "SET (updates), remove, add, delete or update_expression on one item; creates it (created: true) unless "
            + "only_if_exists. "
            + "A failed condition returns current_item.",
        object(
            merged(
                [
                    "table": table, "key": key,
                    "updates": anyObject("SET {path: value}. " + pathRule),
                    "remove": list(of: ["type": "string"], "Paths to remove."),
                    "add": anyObject("ADD {path: number to add, or set to union}."),
                    "delete": anyObject("DELETE {path: set of elements to take out}."),
                    "only_if_exists": boolean("Fail instead of creating a missing item."),
                    "update_expression": string(),
                ],
                writing(condition: conditionAsInPut, ["return_values": returnValues])),
            required: ["table", "key"]), destructive: true,
        example: #"{"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}, "#
            + #""updates": {"info.rating": 8.1}, "add": {"views": 1}, "return_values": "UPDATED_NEW"}"#,
        output: ToolOutputSchemas.updateItem,
        run: { try await $0.updateItem() })
}

extension ToolOutputSchemas {
    static let updateItem = object(["updated": ["const": true], "attributes": item], required: ["updated"])
}

extension ToolContext {
    func updateItem() async throws -> ToolResult {
        let table = try table()
        var builder = try ExpressionBuilder(args)
        var request: [String: JSONValue] = ["TableName": .string(table), "Key": try key()]
        guard let update = try builder.update() else {
            throw DynamoError.validation("update_item needs updates, remove, add, delete or update_expression")
        }
        request["UpdateExpression"] = .string(update)
        let condition = try builder.condition(structured: "condition", raw: "condition_expression", prefix: "c")
        request["ReturnValues"] = .string(args.string("return_values") ?? "ALL_NEW")
        guard let keyName = args["key"]?.objectValue?.keys.sorted().first else {
            if let condition { request["ConditionExpression"] = .string(condition) }
            builder.apply(to: &request)
            _ = try await sendConditional(.updateItem, request)
            return ToolResult(structured: ["updated": true], summary: "update_item \(table): updated")
        }
        func guarded(_ test: String) -> [String: JSONValue] {
            var guarded = request
            var withKey = builder
            withKey.names["#item_key"] = keyName
            guarded["ConditionExpression"] = .string(condition.map { "(\($0)) AND \(test)" } ?? test)
            withKey.apply(to: &guarded)
            return guarded
        }
        // DynamoDB's UpdateItem creates a missing item without a word. To say which happened, the
        // update is sent for an existing item first, and only if there is none, as a creation.
        let onlyIfExists = args.bool("only_if_exists") == true
        if args["updates"] != nil || args["condition"] != nil { await warmSample(table) }
        if dryRun, !onlyIfExists {
            // The exact request an SDK would send for this call (it creates as DynamoDB does).
            if let condition { request["ConditionExpression"] = .string(condition) }
            builder.apply(to: &request)
            _ = try await send(.updateItem, request)
        }
        for _ in 0..<2 {
            do {
                let out = try await sendConditional(.updateItem, guarded("attribute_exists(#item_key)"))
                return try await updated(table, out, created: false)
            } catch let error as DynamoError
                where error.kind == .conditionalCheckFailed
                && error.details["current_item"] == nil && !onlyIfExists
            {
                // No item has this key: create it, unless one appeared meanwhile (then update that one).
                do {
                    let out = try await sendConditional(.updateItem, guarded("attribute_not_exists(#item_key)"))
                    return try await updated(table, out, created: true)
                } catch let error as DynamoError
                    where error.kind == .conditionalCheckFailed
                    && error.details["current_item"] != nil && condition == nil
                {
                    continue
                }
            } catch let error as DynamoError
                where error.kind == .conditionalCheckFailed
                && error.details["current_item"] == nil && onlyIfExists
            {
                var error = error
                error.message = "The conditional request failed: no item has this key, and only_if_exists is true"
                throw error
            }
        }
        throw DynamoError(
            type: "ConditionalCheckFailedException", message: "The item kept appearing and vanishing; try again")
    }

    /// The result of an update that ran: the item's attributes, and whether it was created.
    func updated(_ table: String, _ out: JSONValue, created: Bool) async throws -> ToolResult {
        let summary =
            created
            ? "update_item \(table): created (no item had this key; only_if_exists: true refuses that)"
            : "update_item \(table): updated"
        return await withWarnings(
            ToolResult(
                structured: .object(
                    try attributes(out).merging(["updated": true, "created": .bool(created)]) { a, _ in a }),
                summary: summary),
            table: table)
    }
}
