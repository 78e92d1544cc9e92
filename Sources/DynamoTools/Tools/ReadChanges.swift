import DynamoCore

extension ToolSchemaParts {
    static let readChanges = tool(
        "read_changes", "Read recent item changes",
        "What changed (INSERT/MODIFY/REMOVE, old and new item, who made it) in tables with a stream; "
            + "pass the returned cursor as since to read only newer changes.",
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
        let feed = ChangeFeed(backend: runner.backend)
        var page = try await feed.read(tables: table.map { [$0] }, after: cursor, limit: limit)
        page.changes = page.changes.filter { runner.policy.allows(table: $0.table) }
        var changes: [JSONValue] = []
        for change in page.changes { changes.append(try shown(change)) }
        var out: [String: JSONValue] = ["changes": .array(changes), "cursor": .string(page.cursor.text)]
        var summary = "read_changes \(table ?? "(all tables)"): \(changes.count) change(s)"
        if !page.tablesWithoutStream.isEmpty {
            out["tables_without_stream"] = .array(page.tablesWithoutStream.map { .string($0) })
            summary += "; no stream on \(page.tablesWithoutStream.joined(separator: ", ")) (turn one on with "
                + "update_table {\"table\": …, \"stream\": \"NEW_AND_OLD_IMAGES\"})"
        }
        return ToolResult(structured: .object(out), summary: summary)
    }

    /// One change in the session's format, with who made it when the backend knows.
    func shown(_ change: ChangeFeed.Change) throws(DynamoError) -> JSONValue {
        var o: [String: JSONValue] = [
            "table": .string(change.table), "event": .string(change.event), "key": try args.shownItem(change.keys),
            "sequence": .string(change.sequenceNumber), "time": .number(String(Int64(change.time))),
        ]
        if let old = change.oldImage { o["old"] = try args.shownItem(old) }
        if let new = change.newImage { o["new"] = try args.shownItem(new) }
        if change.byService { o["by"] = "time to live" }
        if let origin = change.origin {
            var by: [String: JSONValue] = ["face": .string(origin.face)]
            if let client = origin.client { by["client"] = .string(client) }
            if let tool = origin.tool { by["tool"] = .string(tool) }
            if let arguments = origin.arguments { by["arguments"] = arguments }
            o["by"] = .object(by)
        }
        return .object(o)
    }
}
