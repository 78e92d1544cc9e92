import DynamoCore

/// What the item tools (get, put, update, delete) share: the key, returned attributes, warnings, conditions.
extension ToolContext {
    func key() throws(DynamoError) -> JSONValue { try args.wireItem(try args.required("key"), at: "key") }

    /// The item returned as `attributes` (ReturnValues), in the session's format.
    func attributes(_ out: JSONValue) throws(DynamoError) -> [String: JSONValue] {
        guard let a = out["Attributes"] else { return [:] }
        return ["attributes": try args.shownItem(a)]
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

    /// Sends a write that may carry a condition; when the condition fails, the error carries the
    /// item as it is now (`current_item`, in the call's format), so the caller learns why at once.
    func sendConditional(_ operation: DynamoOperation, _ request: [String: JSONValue]) async throws -> JSONValue {
        var request = request
        if request["ConditionExpression"] != nil { request["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD" }
        do {
            return try await send(operation, request)
        } catch var error as DynamoError where error.kind == .conditionalCheckFailed {
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
