import DynamoCore

extension ToolSchemaParts {
    static let batchWriteItem = tool(
        "batch_write_item", "Batch write",
        "Unconditional puts and deletes: table with put/delete, or requests {table: {put, delete}}; "
            + "sent 25 at a time and retried, leftovers in unprocessed.",
        object([
            "table": table, "put": list(of: ["type": "object"], "Whole items."),
            "delete": list(of: ["type": "object"], "Keys."),
            "requests": anyObject(), "format": writeFormat,
        ]),
        destructive: true,
        example:
            #"{"table": "Movies", "put": [{"year": 2030, "title": "A"}], "delete": [{"year": 2024, "title": "New"}]}"#,
        output: ToolOutputSchemas.batchWriteItem,
        run: { try await $0.batchWrite() })
}

extension ToolOutputSchemas {
    static let batchWriteItem = object(
        ["written": count, "unprocessed": unprocessed], required: ["written", "unprocessed"])
}

extension ToolContext {
    func batchWrite() async throws -> ToolResult {
        var writes: [(String, JSONValue)] = []
        func add(_ table: String, _ spec: [String: JSONValue], at prefix: String) throws(DynamoError) {
            try policy.checkTable(table)
            for (i, item) in (spec["put"]?.arrayValue ?? []).enumerated() {
                writes.append((table, ["PutRequest": ["Item": try args.wireItem(item, at: "\(prefix)put[\(i)]")]]))
            }
            for (i, key) in (spec["delete"]?.arrayValue ?? []).enumerated() {
                writes.append((table, ["DeleteRequest": ["Key": try args.wireItem(key, at: "\(prefix)delete[\(i)]")]]))
            }
        }
        if args["put"] != nil || args["delete"] != nil { try add(try table(), args.values, at: "") }
        if case .object(let requests)? = args["requests"] {
            for (table, spec) in requests.sorted(by: { $0.key < $1.key }) {
                try add(table, spec.objectValue ?? [:], at: "requests.\(table).")
            }
        }
        if writes.isEmpty {
            throw DynamoError.validation(
                "batch_write_item needs table with put/delete, or requests: {table: {put: [...], delete: [...]}}")
        }
        var unprocessed: [JSONValue] = []
        var start = 0
        while start < writes.count {
            let chunk = writes[start..<min(start + 25, writes.count)]
            start += 25
            var grouped: [String: [JSONValue]] = [:]
            for (table, request) in chunk { grouped[table, default: []].append(request) }
            var pending: JSONValue = .object(grouped.mapValues { .array($0) })
            for attempt in 0..<ToolContext.retryAttempts {
                let out = try await send(.batchWriteItem, ["RequestItems": pending])
                pending = out["UnprocessedItems"] ?? .object([:])
                if pending.objectValue?.isEmpty ?? true { break }
                if attempt == ToolContext.retryAttempts - 1 {
                    for (table, list) in pending.objectValue ?? [:] {
                        for r in list.arrayValue ?? [] { unprocessed.append(["table": .string(table), "request": r]) }
                    }
                } else {
                    try await backoff(attempt)
                }
            }
        }
        let done = writes.count - unprocessed.count
        return ToolResult(
            structured: ["written": .int(done), "unprocessed": .array(unprocessed)],
            summary: "batch_write_item: \(done) of \(writes.count) written in \((writes.count + 24) / 25) request(s)")
    }
}
