import DynamoCore
import Foundation
import GRDB

/// BatchGetItem and BatchWriteItem with DynamoDB's limits.
extension EmbeddedEngine {
    static let maxBatchGetKeys = 100
    static let maxBatchWriteRequests = 25

    func batchGetItem(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        guard let requestItems = try r.objectValue("RequestItems"), !requestItems.isEmpty else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "requestItems") + "Member must "
                    + "have length greater than or equal to 1"
            )
        }
        struct TableRead {
            var handle: TableHandle
            var keys: [(Item, StoredKey)]
            var projection: [DocumentPath]?
            var consistent: Bool
        }
        let report = try CapacityReport(r)
        var reads: [TableRead] = []
        var total = 0
        for (tableName, spec) in requestItems.sorted(by: { $0.key < $1.key }) {
            let t = try JSONReader(spec)
            let handle = try handle(tableName)
            var attrs = try RequestParts.attributes(t, expressionFields: ["ProjectionExpression"])
            let projection = try RequestParts.projection(t, &attrs)
            try attrs.checkAllUsed()
            guard let keyList = try t.array("Keys"), !keyList.isEmpty else {
                throw DynamoError.validation(
                    "1 validation error detected: Value null at 'requestItems.\(tableName).member.keys' failed to "
                        + "satisfy constraint: Member must have length greater than or equal to 1"
                )
            }
            var keys: [(Item, StoredKey)] = []
            var seen = Set<StoredKey>()
            for k in keyList {
                let item = try TypedJSON.decodeItem(k)
                let stored = try Keys.storedKey(item, handle.schema.keySchema)
                if !seen.insert(stored).inserted {
                    throw DynamoError.validation("Provided list of item keys contains duplicates")
                }
                keys.append((item, stored))
            }
            total += keys.count
            reads.append(
                TableRead(
                    handle: handle, keys: keys, projection: projection,
                    consistent: try t.bool("ConsistentRead") ?? false))
        }
        if total > EmbeddedEngine.maxBatchGetKeys {
            throw DynamoError.validation("Too many items requested for the BatchGetItem call")
        }
        let (responses, capacity) = try database {
            try writer.read { db -> ([String: JSONValue], [CapacityUse]) in
                var out: [String: JSONValue] = [:]
                var capacity: [CapacityUse] = []
                for read in reads {
                    var items: [JSONValue] = []
                    for (_, key) in read.keys {
                        let item = try readItem(db, read.handle, key)
                        if let item {
                            items.append(
                                TypedJSON.encodeItem(read.projection.map { Projection.apply($0, to: item) } ?? item))
                        }
                        if report != .none {
                            capacity.append(
                                .read(
                                    read.handle.schema, bytes: item.map(ItemSize.of) ?? 0, consistent: read.consistent))
                        }
                    }
                    out[read.handle.schema.name] = .array(items)
                }
                return (out, capacity)
            }
        }
        var out: [String: JSONValue] = ["Responses": .object(responses), "UnprocessedKeys": .object([:])]
        out["ConsumedCapacity"] = report.render(capacity)
        return .object(out)
    }

    func batchWriteItem(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        guard let requestItems = try r.objectValue("RequestItems"), !requestItems.isEmpty else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "requestItems") + "Member must "
                    + "have length greater than or equal to 1"
            )
        }
        let report = try CapacityReport(r)
        var writes: [(TableHandle, StoredKey, Item?)] = []
        for (tableName, list) in requestItems.sorted(by: { $0.key < $1.key }) {
            let handle = try handle(tableName)
            guard case .array(let requests) = list, !requests.isEmpty else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(at: "requestItems") + "Map value "
                        + "must satisfy constraint: [Member must have length less than or equal to 25, Member must "
                        + "have length greater than or equal to 1]"
                )
            }
            var seen = Set<StoredKey>()
            for request in requests {
                let w = try JSONReader(request)
                let put = try w.reader("PutRequest")
                let delete = try w.reader("DeleteRequest")
                guard (put == nil) != (delete == nil) else {
                    throw DynamoError.validation(
                        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                            + "supported datatypes"
                    )
                }
                let key: StoredKey
                var item: Item? = nil
                if let put {
                    guard let i = try put.item("Item") else {
                        throw DynamoError.validation(
                            DynamoError.constraintPrefix(nullAt: "item") + "Member "
                                + "must not be null"
                        )
                    }
                    key = try validateItem(i, handle)
                    item = i
                } else {
                    guard let k = try delete!.item("Key") else {
                        throw DynamoError.validation(
                            DynamoError.constraintPrefix(nullAt: "key") + "Member "
                                + "must not be null"
                        )
                    }
                    key = try Keys.storedKey(k, handle.schema.keySchema)
                }
                if !seen.insert(key).inserted {
                    throw DynamoError.validation("Provided list of item keys contains duplicates")
                }
                writes.append((handle, key, item))
            }
        }
        if writes.count > EmbeddedEngine.maxBatchWriteRequests {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(at: "requestItems") + "Map value must "
                    + "satisfy constraint: [Member must have length less than or equal to 25, Member must have length "
                    + "greater than or equal to 1]"
            )
        }
        let capacity = try database {
            try commit { db -> [CapacityUse] in
                var capacity: [CapacityUse] = []
                for (handle, key, item) in writes {
                    let old = try readItem(db, handle, key)
                    let indexWrites = try writeItem(db, handle, key: key, old: old, new: item)
                    if report != .none {
                        capacity.append(.write(handle.schema, old: old, new: item, indexWrites: indexWrites))
                    }
                }
                return capacity
            }
        }
        var out: [String: JSONValue] = ["UnprocessedItems": .object([:])]
        out["ConsumedCapacity"] = report.render(capacity)
        return .object(out)
    }
}
