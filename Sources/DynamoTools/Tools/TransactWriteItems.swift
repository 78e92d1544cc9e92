import DynamoCore

extension ToolSchemaParts {
    static let transactWriteItems = tool(
        "transact_write_items", "Transactional write",
        "Up to 100 writes that all happen or none. When cancelled, CancellationReasons[i] names each failed action "
            + "and its current_item.",
        object(
            [
                "actions": ["type": "array", "minItems": 1, "maxItems": 100, "items": transactAction],
                "client_request_token": string("Idempotency token."), "format": writeFormat,
            ], required: ["actions"]),
        destructive: true,
        example: #"{"actions": [{"put": {"table": "Movies", "item": {"year": 2031, "title": "B"}}}, "#
            + #"{"update": {"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}, "#
            + #""add": {"views": 1}}}]}"#,
        output: ToolOutputSchemas.transactWriteItems,
        run: { try await $0.transactWrite() })
}

extension ToolOutputSchemas {
    static let transactWriteItems = object(
        ["committed": ["const": true], "actions": count], required: ["committed", "actions"])
}

extension ToolContext {
    func transactWrite() async throws -> ToolResult {
        var actions: [JSONValue] = []
        for (i, entry) in (args["actions"]?.arrayValue ?? []).enumerated() {
            guard case .object(let o) = entry, o.count == 1, let (kind, body) = o.first,
                ["put", "update", "delete", "condition_check"].contains(kind)
            else {
                throw DynamoError.validation(
                    "arguments.actions[\(i)]: expected exactly one of put, update, delete, condition_check")
            }
            let sub = try ToolArguments(mergingFormat(body))
            let table = try sub.requiredString("table")
            try policy.checkTable(table)
            var builder = try ExpressionBuilder(sub)
            var action: [String: JSONValue] = ["TableName": .string(table)]
            switch kind {
            case "put": action["Item"] = try sub.wireItem(try sub.required("item"), at: "actions[\(i)].put.item")
            default: action["Key"] = try sub.wireItem(try sub.required("key"), at: "actions[\(i)].\(kind).key")
            }
            if kind == "update" {
                guard let u = try builder.update() else {
                    throw DynamoError.validation(
                        "arguments.actions[\(i)].update: needs updates, remove, add, delete or update_expression")
                }
                action["UpdateExpression"] = .string(u)
            }
            if let c = try builder.condition(structured: "condition", raw: "condition_expression", prefix: "c") {
                action["ConditionExpression"] = .string(c)
                action["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
            }
            builder.apply(to: &action)
            let name = ["put": "Put", "update": "Update", "delete": "Delete", "condition_check": "ConditionCheck"][
                kind]!
            actions.append(.object([name: .object(action)]))
        }
        var request: [String: JSONValue] = ["TransactItems": .array(actions)]
        if let token = args.string("client_request_token") { request["ClientRequestToken"] = .string(token) }
        do {
            _ = try await send(.transactWriteItems, request)
        } catch let error as DynamoError where error.kind == .transactionCanceled {
            throw explainedCancellation(error)
        }
        return ToolResult(
            structured: ["committed": true, "actions": .int(actions.count)],
            summary: "transact_write_items: \(actions.count) action(s) committed")
    }
}
