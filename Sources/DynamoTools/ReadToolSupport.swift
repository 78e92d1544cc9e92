import DynamoCore

/// What query, scan and parallel_scan share: paging with cursors, `all` with caps, scanned vs returned counts.
extension ToolContext {
    var itemCap: Int { min(args.int("max_items") ?? policy.maxItems, policy.maxItems) }

    /// The DynamoDB request shared by every page of a query or scan.
    func readRequest(isQuery: Bool) throws(DynamoError) -> [String: JSONValue] {
        let table = try table()
        var builder = try ExpressionBuilder(args)
        var request: [String: JSONValue] = ["TableName": .string(table)]
        if let index = args.string("index_name") { request["IndexName"] = .string(index) }
        if isQuery {
            guard
                let key = try builder.condition(
                    structured: "key_condition", raw: "key_condition_expression", prefix: "k")
            else {
                throw DynamoError.validation(
                    "query needs key_condition (e.g. {\"pk\": \"value\"}) or key_condition_expression")
            }
            request["KeyConditionExpression"] = .string(key)
            if let forward = args.bool("scan_forward") { request["ScanIndexForward"] = .bool(forward) }
        } else {
            if args["key_condition"] != nil || args["key_condition_expression"] != nil {
                throw DynamoError.validation("scan takes no key condition; use query, or filters")
            }
            if let s = args.int("segment") { request["Segment"] = .int(s) }
            if let t = args.int("total_segments") { request["TotalSegments"] = .int(t) }
        }
        if let f = try builder.condition(structured: "filters", raw: "filter_expression", prefix: "f") {
            request["FilterExpression"] = .string(f)
        }
        if let p = try builder.projection() { request["ProjectionExpression"] = .string(p) }
        if let c = args.bool("consistent_read") { request["ConsistentRead"] = .bool(c) }
        if let s = args.string("select") { request["Select"] = .string(s) }
        builder.apply(to: &request)
        return request
    }

    struct Pages {
        var items: [JSONValue] = []
        var count = 0
        var scanned = 0
        var pages = 0
        var bytes = 0
        var lastKey: JSONValue? = nil
        /// The call was cancelled after at least one page: what was read is kept, and `lastKey`
        /// resumes after it.
        var cancelled = false
        /// Which cap or budget ended the read while DynamoDB had more: `max_items`, `max_bytes`, `scan_budget`.
        var stoppedBy: String? = nil
        /// A local index read fetched items from the table (attributes the index does not project).
        var readBaseTable = false
    }

    /// How many items a `select: COUNT` read with `all` may scan before it stops and reports a cursor.
    var scanBudget: Int { policy.maxItems * 100 }

    /// Reads pages from `start` until the call's limits say stop.
    ///
    /// `limit` is DynamoDB's page size and nothing else; `cap` (`max_items`) bounds the items
    /// returned. A page that would pass the cap is cut after the last item kept and the cursor
    /// resumes right after that item, so no page is ever shrunk to fit the cap.
    func readPages(
        _ operation: DynamoOperation, _ base: [String: JSONValue], start: JSONValue?, cap: Int,
        reportProgress: Bool = true
    ) async throws -> Pages {
        var pages = Pages()
        var startKey = start
        let followAll = args.bool("all") ?? false
        let countOnly = base["Select"]?.stringValue == "COUNT"
        var keyNames: [String]? = nil
        repeat {
            var request = base
            if let limit = args.int("limit") { request["Limit"] = .int(limit) }
            if let startKey { request["ExclusiveStartKey"] = startKey }
            // Per-index capacity tells whether the table itself was read (an LSI fetching attributes).
            if request["IndexName"] != nil, request["ReturnConsumedCapacity"] == nil {
                request["ReturnConsumedCapacity"] = "INDEXES"
            }
            var out: JSONValue
            do {
                out = try await send(operation, request)
            } catch is CancellationError where pages.pages > 0 {
                pages.cancelled = true
                return pages
            }
            var wireItems = out["Items"]?.arrayValue ?? []
            var lastEvaluated = out["LastEvaluatedKey"]
            if !countOnly, pages.count + wireItems.count > cap {
                let keep = cap - pages.count
                if keyNames == nil { keyNames = try await resumeKeyNames(base) }
                if let names = keyNames, let resume = Self.resumeKey(wireItems[keep - 1], names) {
                    wireItems = Array(wireItems.prefix(keep))
                    lastEvaluated = resume
                } else {
                    // The projection dropped a key attribute: read this page again, only as far as the cap.
                    request["Limit"] = .int(keep)
                    out = try await send(operation, request)
                    wireItems = out["Items"]?.arrayValue ?? []
                    lastEvaluated = out["LastEvaluatedKey"]
                }
                pages.stoppedBy = lastEvaluated == nil ? nil : "max_items"
            }
            try pages.take(out, wireItems, readsIndex: base["IndexName"] != nil, countOnly: countOnly, args: args)
            startKey = lastEvaluated
            pages.lastKey = startKey
            if reportProgress, let progress {
                await progress(
                    ToolProgress(pages: pages.pages, items: pages.count, scanned: pages.scanned, more: startKey != nil))
            }
            // Long reads on a fast backend never suspend otherwise; yielding lets a cancel get through.
            if followAll { await Task.yield() }
            if startKey != nil, pages.stoppedBy == nil {
                if !countOnly, followAll, pages.count >= cap { pages.stoppedBy = "max_items" }
                if pages.bytes >= policy.maxBytes { pages.stoppedBy = "max_bytes" }
                if countOnly, followAll, pages.scanned >= scanBudget { pages.stoppedBy = "scan_budget" }
            }
        } while followAll && startKey != nil && pages.stoppedBy == nil
        return pages
    }

    /// The attributes a resume key needs: the table's keys, and the index's keys when reading an index.
    func resumeKeyNames(_ base: [String: JSONValue]) async throws -> [String] {
        guard let table = base["TableName"] else { return [] }
        let description = TableDescription(
            try await runner.backend.perform(.describeTable, ["TableName": table])["Table"] ?? .null)
        var keys = description.keyAttributeNames
        if let index = base["IndexName"]?.stringValue {
            keys += description.keys(forIndex: index).map(\.name).filter { !keys.contains($0) }
        }
        return keys
    }

    /// The ExclusiveStartKey that resumes right after `item`, or nil if the item lacks a key attribute.
    static func resumeKey(_ item: JSONValue, _ names: [String]) -> JSONValue? {
        var key: [String: JSONValue] = [:]
        for name in names {
            guard let value = item[name] else { return nil }
            key[name] = value
        }
        return key.isEmpty ? nil : .object(key)
    }

    /// What the result says when a cap or budget ended the read early, and how to go on.
    func stoppedNote(_ pages: Pages) -> JSONValue? {
        guard let reason = pages.stoppedBy else { return nil }
        let limits = ["max_items": itemCap, "max_bytes": policy.maxBytes, "scan_budget": scanBudget]
        return [
            "reason": .string(reason), "limit": .int(limits[reason] ?? 0),
            "continue": "call again with cursor: next_cursor (same arguments) to read on",
        ]
    }

    func read(isQuery: Bool) async throws -> ToolResult {
        let tool = isQuery ? "query" : "scan"
        let base = try readRequest(isQuery: isQuery)
        let start = try args.string("cursor").map { (c) throws(DynamoError) in try Cursor.decode(c, args, tool: tool) }
        let pages = try await readPages(isQuery ? .query : .scan, base, start: start, cap: itemCap)
        var result: [String: JSONValue] = [
            "count": .int(pages.count), "scanned_count": .int(pages.scanned), "pages": .int(pages.pages),
        ]
        if base["Select"]?.stringValue != "COUNT" { result["items"] = .array(pages.items) }
        if let last = pages.lastKey { result["next_cursor"] = .string(Cursor.encode(args, tool: tool, state: last)) }
        if pages.cancelled { result["cancelled"] = true }
        if pages.readBaseTable { result["read_base_table"] = true }
        if let note = stoppedNote(pages) { result["stopped"] = note }
        if pages.count == 0, pages.scanned > 0 {
            let warnings = await readWarnings(base)
            if !warnings.isEmpty { result["warnings"] = .array(warnings) }
        }
        let target = (base["TableName"]?.stringValue ?? "") + (base["IndexName"]?.stringValue.map { " (\($0))" } ?? "")
        let more =
            pages.lastKey == nil
            ? "" : ", more available (next_cursor)\(pages.stoppedBy.map { "; stopped by \($0)" } ?? "")"
        let stopped = pages.cancelled ? "cancelled after " : ""
        let fetched = pages.readBaseTable ? "; also read the table for attributes the index does not project" : ""
        return ToolResult(
            structured: .object(result),
            summary: "\(tool) \(target): \(stopped)\(pages.count) item(s), scanned \(pages.scanned) in "
                + "\(pages.pages) page(s)\(more)\(fetched)")
    }

}

extension ToolContext.Pages {
    /// Adds one page's items and counts; an index read whose capacity charged the table read the base table.
    mutating func take(
        _ out: JSONValue, _ wireItems: [JSONValue], readsIndex: Bool, countOnly: Bool, args: ToolArguments
    )
        throws(DynamoError)
    {
        pages += 1
        if readsIndex,
            let tableUnits = out["ConsumedCapacity"]?["Table"]?["CapacityUnits"]?.numberText.flatMap(Double.init),
            tableUnits > 0
        {
            readBaseTable = true
        }
        count += countOnly ? out["Count"]?.intValue ?? 0 : wireItems.count
        scanned += out["ScannedCount"]?.intValue ?? 0
        for item in wireItems {
            let shown = try args.shownItem(item)
            bytes += shown.jsonBytes.count
            items.append(shown)
        }
    }
}
