import DynamoCore
import Foundation

/// batch_get_item, batch_write_item, transact_get_items, transact_write_items.
extension ToolContext {
    static let retryAttempts = 6

    /// (table, typed key, projection) for every key the call names.
    func batchKeys() throws(DynamoError) -> [(String, JSONValue, JSONValue?)] {
        var out: [(String, JSONValue, JSONValue?)] = []
        if let keys = args["keys"]?.arrayValue {
            let table = try table()
            for (i, k) in keys.enumerated() {
                out.append((table, try args.wireItem(k, at: "keys[\(i)]"), args["projection"]))
            }
        }
        if case .object(let requests)? = args["requests"] {
            for (table, spec) in requests.sorted(by: { $0.key < $1.key }) {
                try policy.checkTable(table)
                for (i, k) in (spec["keys"]?.arrayValue ?? []).enumerated() {
                    out.append((table, try args.wireItem(k, at: "requests.\(table).keys[\(i)]"), spec["projection"]))
                }
            }
        }
        if out.isEmpty {
            throw DynamoError.validation("batch_get_item needs table and keys, or requests: {table: {keys: [...]}}")
        }
        return out
    }

    /// Sleeps before retry `attempt` (50 ms, 100 ms, … capped at 1.6 s), as the AWS SDKs back off.
    func backoff(_ attempt: Int) async throws {
        try await Task.sleep(nanoseconds: UInt64(50_000_000) << UInt64(min(attempt, 5)))
    }

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

    /// The requested keys no item came back for, as `{table, key}`; nil when a projection left the
    /// key attributes out of the items, so they cannot be matched.
    func notFound(
        _ requested: [(String, JSONValue)], _ items: [String: [JSONValue]],
        unprocessed: [JSONValue]
    ) throws(DynamoError) -> [JSONValue]? {
        var out: [JSONValue] = []
        for (table, key) in requested {
            let attributes = key.objectValue ?? [:]
            let tableItems = items[table] ?? []
            if tableItems.contains(where: { item in attributes.keys.contains { item[$0] == nil } }) { return nil }
            guard !tableItems.contains(where: { item in attributes.allSatisfy { item[$0.key] == $0.value } }) else {
                continue
            }
            let entry: JSONValue = ["table": .string(table), "key": try args.shownItem(key)]
            if !unprocessed.contains(entry) { out.append(entry) }
        }
        return out
    }

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

    func transactGet() async throws -> ToolResult {
        var items: [JSONValue] = []
        for (i, entry) in (args["items"]?.arrayValue ?? []).enumerated() {
            let sub = try ToolArguments(mergingFormat(entry))
            let table = try sub.requiredString("table")
            try policy.checkTable(table)
            var builder = try ExpressionBuilder(sub)
            let key = try sub.wireItem(try sub.required("key"), at: "items[\(i)].key")
            var get: [String: JSONValue] = ["TableName": .string(table), "Key": key]
            if let p = try builder.projection() { get["ProjectionExpression"] = .string(p) }
            builder.apply(to: &get)
            items.append(["Get": .object(get)])
        }
        let out = try await send(.transactGetItems, ["TransactItems": .array(items)])
        let shown = try (out["Responses"]?.arrayValue ?? []).map { (r) throws(DynamoError) -> JSONValue in
            try r["Item"].map { (i) throws(DynamoError) in try args.shownItem(i) } ?? .null
        }
        return ToolResult(
            structured: ["items": .array(shown)],
            summary: "transact_get_items: \(shown.filter { !$0.isNull }.count) of \(shown.count) found")
    }

    /// A nested argument object with the call's `format` carried in.
    func mergingFormat(_ entry: JSONValue) -> JSONValue {
        guard case .object(var o) = entry else { return entry }
        if o["format"] == nil { o["format"] = .string(args.format.rawValue) }
        return .object(o)
    }

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
        } catch let error as DynamoError where error.type == "TransactionCanceledException" {
            throw explainedCancellation(error)
        }
        return ToolResult(
            structured: ["committed": true, "actions": .int(actions.count)],
            summary: "transact_write_items: \(actions.count) action(s) committed")
    }

    /// Names each failed action by its index and shows the item it found (`current_item`, in the
    /// call's format), so an agent sees why the transaction was cancelled without reading again.
    func explainedCancellation(_ error: DynamoError) -> DynamoError {
        var error = error
        guard let reasons = error.details["CancellationReasons"]?.arrayValue else { return error }
        var failed: [String] = []
        let shown = reasons.enumerated().map { (i, reason) -> JSONValue in
            guard case .object(var r) = reason, let code = r["Code"]?.stringValue, code != "None" else { return reason }
            failed.append("actions[\(i)] \(code)")
            if let item = r.removeValue(forKey: "Item") {
                r["current_item"] = (try? args.shownItem(item)) ?? item
            } else if code == "ConditionalCheckFailed" {
                r["current_item"] = .null
            }
            return .object(r)
        }
        error.details["CancellationReasons"] = .array(shown)
        if !failed.isEmpty {
            error.message +=
                " — failed: \(failed.joined(separator: ", "))"
                + " (CancellationReasons[i].current_item shows each item as it is now; null: it does not exist)"
        }
        return error
    }
}
