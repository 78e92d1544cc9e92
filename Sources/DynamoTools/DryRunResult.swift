import DynamoCore

extension DryRunStop {
    /// The dry run's result: valid, the exact request, and — when the backend rehearsed it — what
    /// the first request would read and cost, or that a condition would fail on today's data.
    func result(_ call: ToolCall, backend: any Backend) async -> ToolResult {
        var out: [String: JSONValue] = [
            "valid": true, "operation": .string(operation.rawValue), "request": request,
            "rehearsed": .bool(response != nil || wouldFail != nil),
        ]
        var summary = "valid: \(call.name) would send \(operation.rawValue)"
        var plan: [String: JSONValue] = [:]
        if let table = request["TableName"] { plan["table"] = table }
        if let index = request["IndexName"] { plan["index"] = index }
        if let units = response?["ConsumedCapacity"]?["Table"]?["CapacityUnits"]?.numberText.flatMap(Double.init),
            request["IndexName"] != nil
        {
            plan["reads_base_table"] = .bool(units > 0)
        }
        if !plan.isEmpty { out["plan"] = .object(plan) }
        if operation == .scan, let table = request["TableName"]?.stringValue,
            let estimate = await Self.fullScan(table, index: request["IndexName"]?.stringValue, backend)
        {
            out["estimate"] = estimate
            summary += "; a full pass reads about \(estimate["items"]?.intValue ?? 0) item(s)"
        }
        if let response {
            var estimate: [String: JSONValue] = [:]
            if let count = response["Count"] { estimate["count"] = count }
            if let scanned = response["ScannedCount"] { estimate["scanned_count"] = scanned }
            if let units = CapacityMeter.units(response["ConsumedCapacity"]) {
                estimate["capacity_units"] = .number(units)
            }
            if response["LastEvaluatedKey"] != nil { estimate["more_pages"] = true }
            if !estimate.isEmpty {
                out["first_request"] = .object(estimate)
                if let scanned = estimate["scanned_count"]?.intValue {
                    summary += "; its first page reads \(scanned) item(s)"
                }
            }
        }
        if let wouldFail {
            out["would_fail"] = ["type": .string(wouldFail.type), "message": .string(wouldFail.message)]
            summary += "; on today's data it would fail: \(wouldFail.type)"
        }
        return ToolResult(structured: .object(out), summary: summary)
    }

    /// A full Scan's size from the table's (or index's) description: items, and read units for
    /// eventually consistent reads of 4 KB each.
    static func fullScan(_ table: String, index: String?, _ backend: any Backend) async -> JSONValue? {
        guard let description = try? await backend.perform(.describeTable, ["TableName": .string(table)])["Table"]
        else {
            return nil
        }
        let table = TableDescription(description)
        var items = table.itemCount
        var bytes = table.sizeBytes
        if let index {
            guard let found = table.index(named: index) else { return nil }
            items = found.itemCount
            bytes = found.sizeBytes
        }
        let units = (Double(bytes) / 4096 / 2 * 10).rounded(.up) / 10
        return ["items": .int(items), "read_units": .number(CapacityMeter.format(units))]
    }
}
