import DynamoCore

extension DryRunStop {
    /// The dry run's result: valid, the exact request, and — when the backend rehearsed it — what
    /// the first request would read and cost, or that a condition would fail on today's data.
    func result(_ call: ToolCall) -> ToolResult {
        var out: [String: JSONValue] = ["valid": true, "operation": .string(operation.rawValue), "request": request,
                                        "rehearsed": .bool(response != nil || wouldFail != nil)]
        var summary = "valid: \(call.name) would send \(operation.rawValue)"
        if let response {
            var estimate: [String: JSONValue] = [:]
            if let count = response["Count"] { estimate["count"] = count }
            if let scanned = response["ScannedCount"] { estimate["scanned_count"] = scanned }
            if let units = CapacityMeter.units(response["ConsumedCapacity"]) { estimate["capacity_units"] = .number(units) }
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
}
