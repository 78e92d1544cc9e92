import DynamoCore
import Synchronization

/// Adds up the capacity units a tool call's DynamoDB requests consumed, so every result can say
/// what it cost — an agent or a person learns that a scan is expensive before running it at scale.
final class CapacityMeter: Sendable {
    struct Totals: Sendable {
        var read = 0.0
        var write = 0.0

        /// `["0.5 RCU", "2 WCU"]`, for the human summary; empty when nothing was consumed.
        var summary: [String] {
            [(read, "RCU"), (write, "WCU")].filter { $0.0 > 0 }.map { "\(CapacityMeter.format($0.0)) \($0.1)" }
        }

        /// `{"read_units": 0.5, "write_units": 0}` for the structured result; nil when nothing was consumed.
        var json: JSONValue? {
            guard read > 0 || write > 0 else { return nil }
            return [
                "read_units": .number(CapacityMeter.format(read)), "write_units": .number(CapacityMeter.format(write)),
            ]
        }
    }

    private let state = Mutex(Totals())

    var totals: Totals { state.withLock { $0 } }

    /// Operations that read or write items and so report consumed capacity.
    static func measures(_ operation: DynamoOperation) -> Bool {
        switch operation {
        case .getItem, .putItem, .updateItem, .deleteItem, .query, .scan, .batchGetItem, .batchWriteItem,
            .transactGetItems, .transactWriteItems, .executeStatement:
            return true
        default:
            return false
        }
    }

    static func isRead(_ operation: DynamoOperation) -> Bool {
        [.getItem, .query, .scan, .batchGetItem, .transactGetItems].contains(operation)
    }

    /// Adds a response's `ConsumedCapacity` (one object, or a list for batches and transactions).
    func record(_ operation: DynamoOperation, _ consumed: JSONValue?) {
        guard let consumed else { return }
        let entries = consumed.arrayValue ?? [consumed]
        var read = 0.0
        var write = 0.0
        for entry in entries {
            let units = entry["CapacityUnits"]?.numberText.flatMap(Double.init) ?? 0
            if let r = entry["ReadCapacityUnits"]?.numberText.flatMap(Double.init) { read += r }
            if let w = entry["WriteCapacityUnits"]?.numberText.flatMap(Double.init) { write += w }
            if entry["ReadCapacityUnits"] == nil && entry["WriteCapacityUnits"] == nil {
                if Self.isRead(operation) { read += units } else { write += units }
            }
        }
        state.withLock {
            $0.read += read
            $0.write += write
        }
    }

    /// The units one response's `ConsumedCapacity` names in all, as text; nil when it names none.
    static func units(_ consumed: JSONValue?) -> String? {
        guard let consumed else { return nil }
        let total = (consumed.arrayValue ?? [consumed]).compactMap {
            $0["CapacityUnits"]?.numberText.flatMap(Double.init)
        }
        .reduce(0, +)
        return format(total)
    }

    static func format(_ units: Double) -> String {
        units == units.rounded() ? String(Int(units)) : String(units)
    }
}
