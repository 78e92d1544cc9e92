import DynamoCore

extension ToolSchemaParts {
    static let executeStatement = tool(
        "execute_statement", "Run a PartiQL statement",
        "One PartiQL statement: SELECT ... FROM \"Table\"[.\"Index\"] WHERE ... [ORDER BY sk DESC]; INSERT INTO "
            + "\"Table\" "
            + "VALUE {'pk': ...}; UPDATE \"Table\" SET a = ? REMOVE b WHERE ...; DELETE FROM \"Table\" WHERE .... "
            + "'strings', \"attribute names\". SELECT without pk = ... reads the whole table.",
        object(
            [
                "statement": string(),
                "parameters": ["type": "array", "description": "Values for the ? placeholders, in order."],
                "limit": integer("Items read per page (SELECT).", min: 1), "cursor": string("A next_cursor."),
                "format": writeFormat,
            ], required: ["statement"]),
        destructive: true,
        example: #"{"statement": "SELECT title FROM Movies WHERE \"year\" = ?", "parameters": [1990]}"#,
        output: ToolOutputSchemas.executeStatement,
        run: { try await $0.executeStatement() })
}

extension ToolOutputSchemas {
    static let executeStatement = object(
        [
            "items": ["type": "array", "items": item], "count": count, "next_cursor": cursor,
            "warnings": ["type": "array", "items": ["type": "string"]],
        ], required: ["items", "count"])
}

extension ToolContext {
    func executeStatement() async throws -> ToolResult {
        let text = try args.requiredString("statement")
        let (statement, _) = try PartiQLParser.parseCountingParameters(text)
        let table = statement.table
        try policy.checkTable(table)
        if policy.readOnly {
            guard case .select = statement else {
                throw DynamoError(
                    type: "AccessDeniedException",
                    message: "This session is read-only (--read-only): execute_statement runs SELECT statements only")
            }
        }
        var request: [String: JSONValue] = ["Statement": .string(text)]
        if let parameters = args["parameters"]?.arrayValue, !parameters.isEmpty {
            request["Parameters"] = .array(
                try parameters.enumerated().map { (i, p) throws(DynamoError) in
                    TypedJSON.encode(try args.decodeValue(p, at: "parameters[\(i)]"))
                })
        }
        if let limit = args.int("limit") { request["Limit"] = .int(limit) }
        if let cursor = args.string("cursor") {
            guard case .string(let token) = try Cursor.decode(cursor, args, tool: "execute_statement") else {
                throw DynamoError.validation("arguments.cursor: not a cursor from execute_statement")
            }
            request["NextToken"] = .string(token)
        }
        let out = try await send(.executeStatement, request)
        let items = try (out["Items"]?.arrayValue ?? []).map { (i) throws(DynamoError) in try args.shownItem(i) }
        var result: [String: JSONValue] = ["items": .array(items), "count": .int(items.count)]
        if items.isEmpty, case .select = statement, let hint = Self.doubleQuotedComparison(text) {
            result["warnings"] = [.string(hint)]
        }
        if let token = out["NextToken"]?.stringValue {
            result["next_cursor"] = .string(Cursor.encode(args, tool: "execute_statement", state: .string(token)))
        }
        let verb: String
        switch statement {
        case .select:
            verb =
                "SELECT: \(items.count) item(s)"
                + (result["next_cursor"] == nil ? "" : ", more available (next_cursor)")
        case .insert: verb = "INSERT: written"
        case .update: verb = "UPDATE: updated"
        case .delete: verb = "DELETE: done"
        }
        return ToolResult(structured: .object(result), summary: "execute_statement \(table) \(verb)")
    }

    /// `title = "Rush"` compares with an attribute named Rush (double quotes are identifiers in
    /// PartiQL), so it quietly matches nothing; the warning names the fix.
    static func doubleQuotedComparison(_ text: String) -> String? {
        let pattern = #"(=|<>|<|>|<=|>=)\s*"([^"]*)""#
        guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
        let quoted = text[range].drop { $0 != "\"" }
        let name = quoted.dropFirst().dropLast()
        return
            "In PartiQL double quotes name an attribute: \(quoted) is the attribute \(name), not a string; write "
            + "'\(name)' in single quotes to compare with text"
    }
}
