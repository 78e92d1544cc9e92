import DynamoCore

extension ToolSchemaParts {
    static let readChanges = tool(
        "read_changes", "Read recent item changes",
        "Changes to tables with a stream: event, old and new item, who made it. since: a cursor.",
        object(
            [
                "table": string("Omit for every table."), "since": string(), "limit": integer("", min: 1, max: 1000),
                "format": readFormat,
            ]), readOnly: true,
        example: #"{"table": "Shop", "limit": 20}"#,
        output: ToolOutputSchemas.readChanges,
        run: { try await $0.readChanges() })
}

extension ToolOutputSchemas {
    static let readChanges = object(
        ["changes": ["type": "array"], "cursor": ["type": "string"], "tables_without_stream": ["type": "array"]],
        required: ["changes", "cursor"])
}

extension ToolContext {
    func readChanges() async throws -> ToolResult {
        let table = args.string("table")
        if table != nil { _ = try self.table() }
        let cursor = try args.string("since").map { (text) throws(DynamoError) in try ChangeFeed.Cursor(text: text) }
        let limit = args.int("limit") ?? 50
        // A dry run stops at the first request: the table's description (does it exist, has it a stream?).
        if dryRun, let table { _ = try await send(.describeTable, ["TableName": .string(table)]) }
        if dryRun { _ = try await send(.listStreams, [:]) }
        let feed = ChangeFeed(backend: runner.backend, localWrites: runner.localWrites)
        var page = try await feed.read(tables: table.map { [$0] }, after: cursor, limit: limit)
        page.changes = page.changes.filter { runner.policy.allows(table: $0.table) }
        var changes: [JSONValue] = []
        for change in page.changes { changes.append(try change.json(plain: args.format == .plain)) }
        var out: [String: JSONValue] = ["changes": .array(changes), "cursor": .string(page.cursor.text)]
        var summary = "read_changes \(table ?? "(all tables)"): \(changes.count) change(s)"
        if !page.tablesWithoutStream.isEmpty {
            out["tables_without_stream"] = .array(page.tablesWithoutStream.map { .string($0) })
            summary +=
                "; no stream on \(page.tablesWithoutStream.joined(separator: ", ")) (turn one on with "
                + "update_table {\"table\": …, \"stream\": \"NEW_AND_OLD_IMAGES\"})"
        }
        return ToolResult(structured: .object(out), summary: summary)
    }
}
