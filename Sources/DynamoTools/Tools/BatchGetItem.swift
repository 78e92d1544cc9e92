import DynamoCore

extension ToolSchemaParts {
    static let batchGetItem = tool(
        "batch_get_item", "Batch get",
        "Read many items by key: table and keys, or requests {table: {keys, projection}}; split and retried.",
        object([
            "table": table, "keys": itemList, "projection": projection,
            "requests": anyObject(), "format": readFormat,
        ]),
        readOnly: true,
        example: #"{"table": "Movies", "keys": [{"year": 1979, "title": "The Crimson Orbit"}, {"year": 1990, "#
            + #""title": "X"}]}"#,
        output: ToolOutputSchemas.batchGetItem,
        run: { try await $0.batchGet() })
}

extension ToolOutputSchemas {
    static let batchGetItem = object(
        [
            "items": [
                "type": "object", "additionalProperties": ["type": "array", "items": item],
                "description": "By table.",
            ],
            "count": count, "unprocessed": unprocessed,
        ], required: ["items", "count", "unprocessed"])
}

extension ToolContext {
    func batchGet() async throws -> ToolResult {
        let keys = try batchKeys()
        var found: [String: [JSONValue]] = [:]
        var wireFound: [String: [JSONValue]] = [:]
        var unprocessed: [JSONValue] = []
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(start + 100, keys.count)]
            start += 100
            var requestItems: [String: JSONValue] = [:]
            var grouped: [String: ([JSONValue], JSONValue?)] = [:]
            for (table, key, projection) in chunk { grouped[table, default: ([], projection)].0.append(key) }
            for (table, (tableKeys, projection)) in grouped {
                var spec: [String: JSONValue] = ["Keys": .array(tableKeys)]
                if let projection {
                    let sub = try ToolArguments(["projection": projection])
                    var builder = try ExpressionBuilder(sub)
                    if let p = try builder.projection() { spec["ProjectionExpression"] = .string(p) }
                    builder.apply(to: &spec)
                }
                requestItems[table] = .object(spec)
            }
            var pending: JSONValue = .object(requestItems)
            for attempt in 0..<ToolContext.retryAttempts {
                let out = try await send(.batchGetItem, ["RequestItems": pending])
                for (table, items) in out["Responses"]?.objectValue ?? [:] {
                    for item in items.arrayValue ?? [] {
                        found[table, default: []].append(try args.shownItem(item))
                        wireFound[table, default: []].append(item)
                    }
                }
                pending = out["UnprocessedKeys"] ?? .object([:])
                if pending.objectValue?.isEmpty ?? true { break }
                if attempt == ToolContext.retryAttempts - 1 {
                    for (table, spec) in pending.objectValue ?? [:] {
                        for k in spec["Keys"]?.arrayValue ?? [] {
                            unprocessed.append(["table": .string(table), "key": try args.shownItem(k)])
                        }
                    }
                } else {
                    try await backoff(attempt)
                }
            }
        }
        let count = found.values.reduce(0) { $0 + $1.count }
        var result: [String: JSONValue] = [
            "items": .object(found.mapValues { .array($0) }), "count": .int(count),
            "unprocessed": .array(unprocessed),
        ]
        let missing = try notFound(keys.map { ($0.0, $0.1) }, wireFound, unprocessed: unprocessed)
        if let missing { result["not_found"] = .array(missing) }
        let absent = missing.map { $0.isEmpty ? "" : ", \($0.count) not found (not_found)" } ?? ""
        return ToolResult(
            structured: .object(result),
            summary: "batch_get_item: \(count) of \(keys.count) found\(absent)"
                + (unprocessed.isEmpty ? "" : ", \(unprocessed.count) unprocessed"))
    }
}
