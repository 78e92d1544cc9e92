import DynamoCore

extension ToolSchemaParts {
    static let parallelScan = tool(
        "parallel_scan", "Parallel scan", "Scan in several segments at once and merge the results.",
        object(
            merged(
                ["table": table, "total_segments": integer("Segments (default 4).", min: 1, max: 64)],
                reading(filters: "As in query.")),
            required: ["table"]), readOnly: true,
        example: #"{"table": "Metrics", "total_segments": 4, "select": "COUNT"}"#,
        output: ToolOutputSchemas.parallelScan,
        run: { try await $0.parallelScan() })
}

extension ToolOutputSchemas {
    static let parallelScan = object(
        read.merging(["segments": ["type": "integer", "minimum": 1]]) { a, _ in a },
        required: ["count", "scanned_count", "pages", "segments"])
}

extension ToolContext {
    func parallelScan() async throws -> ToolResult {
        let segments = args.int("total_segments") ?? 4
        var base = try readRequest(isQuery: false)
        base["TotalSegments"] = .int(segments)
        var starts: [JSONValue] = Array(repeating: .null, count: segments)
        if let cursor = args.string("cursor") {
            guard case .array(let saved) = try Cursor.decode(cursor, args, tool: "parallel_scan"),
                saved.count == segments
            else {
                throw DynamoError.validation("arguments.cursor: does not match total_segments")
            }
            starts = saved
        }
        let share = max(1, (itemCap + segments - 1) / segments)
        let results = try await withThrowingTaskGroup(of: (Int, Pages?).self) { group in
            for segment in 0..<segments {
                if case .string("done") = starts[segment] { continue }
                let start: JSONValue? = starts[segment].isNull ? nil : starts[segment]
                var request = base
                request["Segment"] = .int(segment)
                let frozen = request
                group.addTask {
                    (segment, try await readPages(.scan, frozen, start: start, cap: share, reportProgress: false))
                }
            }
            var out: [Int: Pages] = [:]
            for try await (segment, pages) in group { out[segment] = pages }
            return out
        }
        var merged = Pages()
        var next: [JSONValue] = []
        for segment in 0..<segments {
            guard let pages = results[segment] else {
                next.append("done")
                continue
            }
            merged.items += pages.items
            merged.count += pages.count
            merged.scanned += pages.scanned
            merged.pages += pages.pages
            merged.cancelled = merged.cancelled || pages.cancelled
            next.append(pages.lastKey ?? "done")
        }
        var result: [String: JSONValue] = [
            "count": .int(merged.count), "scanned_count": .int(merged.scanned), "pages": .int(merged.pages),
            "segments": .int(segments),
        ]
        if base["Select"]?.stringValue != "COUNT" { result["items"] = .array(merged.items) }
        if merged.cancelled { result["cancelled"] = true }
        let unfinished = next.contains { $0 != "done" }
        if unfinished {
            result["next_cursor"] = .string(Cursor.encode(args, tool: "parallel_scan", state: .array(next)))
        }
        return ToolResult(
            structured: .object(result),
            summary:
                "parallel_scan \(base["TableName"]?.stringValue ?? "") ×\(segments): \(merged.count) item(s), "
                + "scanned \(merged.scanned)\(unfinished ? ", more available (next_cursor)" : "")"
        )
    }
}
