import DynamoCore

/// get_item, put_item, update_item, delete_item.
extension ToolContext {
    func key() throws(DynamoError) -> JSONValue { try args.wireItem(try args.required("key"), at: "key") }

    /// The item returned as `attributes` (ReturnValues), in the session's format.
    func attributes(_ out: JSONValue) throws(DynamoError) -> [String: JSONValue] {
        guard let a = out["Attributes"] else { return [:] }
        return ["attributes": try args.shownItem(a)]
    }

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

    /// Takes the table's sample before a write, so the write is checked against the data it changes.
    func warmSample(_ table: String) async {
        _ = await runner.samples.sample(table, backend: runner.backend)
    }

    /// The top-level attributes `updates` sets, as values: what a type-change warning compares.
    func updatedValues() -> [String: AttributeValue] {
        guard case .object(let updates)? = args["updates"] else { return [:] }
        var out: [String: AttributeValue] = [:]
        for (path, value) in updates where !path.contains(where: { ".[`".contains($0) }) {
            if let decoded = try? args.decodeValue(value, at: "updates.\(path)") { out[path] = decoded }
        }
        return out
    }

    /// A write's result with the warnings its sample check found.
    func withWarnings(_ result: ToolResult, table: String) async -> ToolResult {
        let warnings = await writeWarnings(table: table, item: nil, updates: updatedValues())
        guard !warnings.isEmpty, case .object(var fields) = result.structured else { return result }
        fields["warnings"] = .array(warnings)
        return ToolResult(structured: .object(fields), summary: result.summary + " (with warnings)")
    }

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
                return await withWarnings(
                    ToolResult(
                        structured: .object(
                            try attributes(out).merging(["updated": true, "created": false]) { a, _ in a }),
                        summary: "update_item \(table): updated"), table: table)
            } catch let error as DynamoError
                where error.type == "ConditionalCheckFailedException"
                && error.details["current_item"] == nil && !onlyIfExists
            {
                // No item has this key: create it, unless one appeared meanwhile (then update that one).
                do {
                    let out = try await sendConditional(.updateItem, guarded("attribute_not_exists(#item_key)"))
                    return await withWarnings(
                        ToolResult(
                            structured: .object(
                                try attributes(out).merging(["updated": true, "created": true]) { a, _ in a }),
                            summary:
                                "update_item \(table): created (no item had this key; only_if_exists: true refuses "
                                + "that)"
                        ),
                        table: table)
                } catch let error as DynamoError
                    where error.type == "ConditionalCheckFailedException"
                    && error.details["current_item"] != nil && condition == nil
                {
                    continue
                }
            } catch let error as DynamoError
                where error.type == "ConditionalCheckFailedException"
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

    /// Sends a write that may carry a condition; when the condition fails, the error carries the
    /// item as it is now (`current_item`, in the call's format), so the caller learns why at once.
    func sendConditional(_ operation: DynamoOperation, _ request: [String: JSONValue]) async throws -> JSONValue {
        var request = request
        if request["ConditionExpression"] != nil { request["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD" }
        do {
            return try await send(operation, request)
        } catch var error as DynamoError where error.type == "ConditionalCheckFailedException" {
            if let item = error.details.removeValue(forKey: "Item") {
                error.details["current_item"] = (try? args.shownItem(item)) ?? item
                error.message += " (current_item shows the item as it is now)"
            } else if request["ConditionExpression"] != nil {
                error.message += " (the item does not exist)"
            }
            throw error
        }
    }
}
