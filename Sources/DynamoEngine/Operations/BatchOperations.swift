import DynamoCore
import Foundation
import GRDB

/// BatchGetItem and BatchWriteItem with DynamoDB's limits.
extension EmbeddedEngine {
    static let maxBatchGetKeys = 100
    static let maxBatchWriteRequests = 25

    /// One table's part of a BatchGetItem.
    struct BatchTableRead {
        var handle: TableHandle
        var keys: [(Item, StoredKey)]
        var projection: [DocumentPath]?
        var consistent: Bool
    }

    /// A table's keys (1 or more, no duplicates), projection and read consistency.
    func batchTableRead(_ tableName: String, _ t: JSONReader) throws(DynamoError) -> BatchTableRead {
        let handle = try handle(tableName)
        var attrs = try RequestParts.attributes(t, expressionFields: ["ProjectionExpression"])
        let projection = try RequestParts.projection(t, &attrs)
        try attrs.checkAllUsed()
        guard let keyList = try t.array("Keys"), !keyList.isEmpty else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "requestItems.\(tableName).member.keys")
                    + "Member must have length greater than or equal to 1")
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
        return BatchTableRead(
            handle: handle, keys: keys, projection: projection, consistent: try t.bool("ConsistentRead") ?? false)
    }

    func batchGetItem(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        guard let requestItems = try r.objectValue("RequestItems"), !requestItems.isEmpty else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "requestItems") + "Member must "
                    + "have length greater than or equal to 1"
            )
        }
        let report = try CapacityReport(r)
        var reads: [BatchTableRead] = []
        for (tableName, spec) in requestItems.sorted(by: { $0.key < $1.key }) {
            reads.append(try batchTableRead(tableName, try JSONReader(spec)))
        }
        let total = reads.reduce(0) { $0 + $1.keys.count }
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
                let (key, item) = try batchWriteRequest(try JSONReader(request), handle)
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

    /// One `PutRequest` (the item, validated) or `DeleteRequest` (its key).
    func batchWriteRequest(_ w: JSONReader, _ handle: TableHandle) throws(DynamoError) -> (StoredKey, Item?) {
        let put = try w.reader("PutRequest")
        let delete = try w.reader("DeleteRequest")
        guard (put == nil) != (delete == nil) else {
            throw DynamoError.validation(
                "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                    + "supported datatypes"
            )
        }
        if let put {
            guard let item = try put.item("Item") else {
                throw DynamoError.validation(DynamoError.constraintPrefix(nullAt: "item") + "Member must not be null")
            }
            return (try validateItem(item, handle), item)
        }
        guard let key = try delete?.item("Key") else {
            throw DynamoError.validation(DynamoError.constraintPrefix(nullAt: "key") + "Member must not be null")
        }
        return (try Keys.storedKey(key, handle.schema.keySchema), nil)
    }
}
