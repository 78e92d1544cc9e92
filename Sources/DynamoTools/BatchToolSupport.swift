import DynamoCore
import Foundation

/// What the batch and transaction tools share: keys by table, backoff, not-found and cancellation notes.
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

    /// A nested argument object with the call's `format` carried in.
    func mergingFormat(_ entry: JSONValue) -> JSONValue {
        guard case .object(var o) = entry else { return entry }
        if o["format"] == nil { o["format"] = .string(args.format.rawValue) }
        return .object(o)
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
