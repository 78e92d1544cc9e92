import DynamoCore
import Foundation
import Synchronization

/// The writes this process sent, with who asked for them: where a backend cannot say who made a change
/// (DynamoDB's streams carry no origin), the change feed matches a change to a write made here.
///
/// Kept in memory, for the last 10 minutes and at most 10,000 items.
public final class LocalWriteLog: Sendable {
    struct Entry {
        var table: String
        /// The item or key as sent (DynamoDB JSON); a change matches when every key attribute equals.
        var attributes: [String: JSONValue]
        var time: Double
        var origin: CallOrigin
    }

    private let entries = Mutex<[Entry]>([])
    static let capacity = 10_000
    static let window: Double = 600

    public init() {}

    /// Notes the items and keys a write request names (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
    /// TransactWriteItems), under the origin of the call that sent it.
    func note(_ operation: DynamoOperation, _ request: [String: JSONValue], origin: CallOrigin?, now: Date = Date()) {
        guard let origin else { return }
        var found: [(String, JSONValue)] = []
        switch operation {
        case .putItem, .updateItem, .deleteItem:
            if let table = request["TableName"]?.stringValue, let item = request["Item"] ?? request["Key"] {
                found.append((table, item))
            }
        case .batchWriteItem:
            for (table, writes) in request["RequestItems"]?.objectValue ?? [:] {
                for write in writes.arrayValue ?? [] {
                    if let item = write["PutRequest"]?["Item"] ?? write["DeleteRequest"]?["Key"] {
                        found.append((table, item))
                    }
                }
            }
        case .transactWriteItems:
            for action in request["TransactItems"]?.arrayValue ?? [] {
                guard let body = action.objectValue?.values.first, let table = body["TableName"]?.stringValue,
                    let item = body["Item"] ?? body["Key"]
                else { continue }
                found.append((table, item))
            }
        default: return
        }
        let time = now.timeIntervalSince1970
        entries.withLock { log in
            for (table, item) in found {
                log.append(Entry(table: table, attributes: item.objectValue ?? [:], time: time, origin: origin))
            }
            // Oldest first: what fell out of the window is at the front.
            let expired = log.firstIndex { time - $0.time <= Self.window } ?? log.count
            log.removeFirst(max(expired, log.count - Self.capacity))
        }
    }

    /// Who made a change, if this process sent a write to the same item about then (the newest such write).
    func origin(of change: ChangeFeed.Change) -> CallOrigin? {
        guard let keys = change.keys.objectValue, !keys.isEmpty else { return nil }
        return entries.withLock { log in
            log.last { entry in
                entry.table == change.table && abs(entry.time - change.time) <= 5
                    && keys.allSatisfy { entry.attributes[$0.key] == $0.value }
            }?.origin
        }
    }
}
