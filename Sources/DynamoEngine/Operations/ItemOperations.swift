import DynamoCore
import Foundation
import GRDB

/// PutItem, GetItem, UpdateItem and DeleteItem.
extension EmbeddedEngine {
    func putItem(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let handle = try handle(try r.requiredString("TableName"))
        guard let item = try r.item("Item") else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "item") + "Member must not be "
                    + "null"
            )
        }
        var attrs = try RequestParts.attributes(r, expressionFields: ["ConditionExpression"])
        let condition = try RequestParts.condition(r, "ConditionExpression", .condition, &attrs)
        try attrs.checkAllUsed()
        let returnValues = try RequestParts.returnValues(r, allowed: ["NONE", "ALL_OLD"])
        let returnOnFailure = try RequestParts.returnOldOnFailure(r)
        let report = try CapacityReport(r)
        let key = try validateItem(item, handle)
        let (old, indexWrites) = try database {
            try commit { db -> (Item?, IndexWrites) in
                let fresh = try current(handle, db)
                // The old item matters to a condition, ReturnValues, capacity, indexes and the stream; a plain
                // put to a plain table needs none of them, so it is one statement, as in raw SQLite.
                let needsOld =
                    condition != nil || returnValues != "NONE" || report != .none || !fresh.schema.indexes.isEmpty
                    || fresh.schema.streamViewType != nil
                let old = needsOld ? try readItem(db, fresh, key) : nil
                if let condition, !ConditionEvaluator.evaluate(condition, on: old ?? [:]) {
                    throw DynamoError.conditionalCheckFailed(
                        item: returnOnFailure ? old.map(TypedJSON.encodeItem) : nil)
                }
                return (old, try writeItem(db, current: fresh, key: key, old: old, new: item))
            }
        }
        var out: [String: JSONValue] = [:]
        if returnValues == "ALL_OLD", let old { out["Attributes"] = TypedJSON.encodeItem(old) }
        out["ConsumedCapacity"] = report.render(.write(handle.schema, old: old, new: item, indexWrites: indexWrites))
        return .object(out)
    }

    func getItem(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let handle = try handle(try r.requiredString("TableName"))
        guard let keyItem = try r.item("Key") else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "key") + "Member must not be null"
            )
        }
        var attrs = try RequestParts.attributes(r, expressionFields: ["ProjectionExpression"])
        let projection = try RequestParts.projection(r, &attrs)
        try attrs.checkAllUsed()
        let report = try CapacityReport(r)
        let key = try Keys.storedKey(keyItem, handle.schema.keySchema)
        // One SELECT is atomic on its own: the point read needs no explicit transaction around it.
        let item = try database { try writer.unsafeRead { db in try readItem(db, handle, key) } }
        var out: [String: JSONValue] = [:]
        if let item {
            out["Item"] = TypedJSON.encodeItem(projection.map { Projection.apply($0, to: item) } ?? item)
        }
        let consistent = try r.bool("ConsistentRead") ?? false
        if report != .none {
            out["ConsumedCapacity"] = report.render(
                .read(handle.schema, bytes: item.map(ItemSize.of) ?? 0, consistent: consistent))
        }
        return .object(out)
    }

    func deleteItem(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let handle = try handle(try r.requiredString("TableName"))
        guard let keyItem = try r.item("Key") else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "key") + "Member must not be null"
            )
        }
        var attrs = try RequestParts.attributes(r, expressionFields: ["ConditionExpression"])
        let condition = try RequestParts.condition(r, "ConditionExpression", .condition, &attrs)
        try attrs.checkAllUsed()
        let returnValues = try RequestParts.returnValues(r, allowed: ["NONE", "ALL_OLD"])
        let returnOnFailure = try RequestParts.returnOldOnFailure(r)
        let report = try CapacityReport(r)
        let key = try Keys.storedKey(keyItem, handle.schema.keySchema)
        let (old, indexWrites) = try database {
            try commit { db -> (Item?, IndexWrites) in
                let old = try readItem(db, handle, key)
                if let condition, !ConditionEvaluator.evaluate(condition, on: old ?? [:]) {
                    throw DynamoError.conditionalCheckFailed(
                        item: returnOnFailure ? old.map(TypedJSON.encodeItem) : nil)
                }
                return (old, try writeItem(db, handle, key: key, old: old, new: nil))
            }
        }
        var out: [String: JSONValue] = [:]
        if returnValues == "ALL_OLD", let old { out["Attributes"] = TypedJSON.encodeItem(old) }
        out["ConsumedCapacity"] = report.render(.write(handle.schema, old: old, new: nil, indexWrites: indexWrites))
        return .object(out)
    }

    func updateItem(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let handle = try handle(try r.requiredString("TableName"))
        guard let keyItem = try r.item("Key") else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "key") + "Member must not be null"
            )
        }
        var attrs = try RequestParts.attributes(r, expressionFields: ["ConditionExpression", "UpdateExpression"])
        var update: UpdateExpression? = nil
        if let text = try r.string("UpdateExpression") {
            update = try attrs.resolve(try ExpressionParser.parseUpdate(text))
        }
        let condition = try RequestParts.condition(r, "ConditionExpression", .condition, &attrs)
        try attrs.checkAllUsed()
        let returnValues = try RequestParts.returnValues(
            r, allowed: ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"])
        let returnOnFailure = try RequestParts.returnOldOnFailure(r)
        let report = try CapacityReport(r)
        let key = try Keys.storedKey(keyItem, handle.schema.keySchema)
        if let update { try Self.checkUpdateAvoidsKeys(update, handle.schema.keySchema) }
        let result = try database {
            try commit { db -> (old: Item?, outcome: UpdateApplier.Outcome, written: Bool, indexWrites: IndexWrites) in
                let old = try readItem(db, handle, key)
                if let condition, !ConditionEvaluator.evaluate(condition, on: old ?? [:]) {
                    throw DynamoError.conditionalCheckFailed(
                        item: returnOnFailure ? old.map(TypedJSON.encodeItem) : nil)
                }
                let base = old ?? keyItem
                var outcome = UpdateApplier.Outcome(item: base, updatedOld: [:], updatedNew: [:])
                if let update { outcome = try UpdateApplier.apply(update, to: base, itemExists: old != nil) }
                let createsNothing = UpdateApplier.writesNothing(update, itemExists: old != nil)
                var indexWrites = IndexWrites()
                if !createsNothing {
                    _ = try validateItem(outcome.item, handle)
                    indexWrites = try writeItem(db, handle, key: key, old: old, new: outcome.item)
                }
                return (old, outcome, !createsNothing, indexWrites)
            }
        }
        var out: [String: JSONValue] = [:]
        out["Attributes"] = Self.returned(
            returnValues, old: result.old, outcome: result.outcome, written: result.written)
        out["ConsumedCapacity"] = report.render(
            .write(
                handle.schema, old: result.old, new: result.written ? result.outcome.item : nil,
                indexWrites: result.indexWrites))
        return .object(out)
    }

    /// UpdateItem's `Attributes` for its ReturnValues (nil: none to return).
    static func returned(_ returnValues: String, old: Item?, outcome: UpdateApplier.Outcome, written: Bool)
        -> JSONValue?
    {
        switch returnValues {
        case "ALL_OLD": return old.map(TypedJSON.encodeItem)
        case "ALL_NEW": return written ? TypedJSON.encodeItem(outcome.item) : nil
        case "UPDATED_OLD": return outcome.updatedOld.isEmpty ? nil : TypedJSON.encodeItem(outcome.updatedOld)
        case "UPDATED_NEW": return outcome.updatedNew.isEmpty ? nil : TypedJSON.encodeItem(outcome.updatedNew)
        default: return nil
        }
    }

    /// An update may not set, remove or add to a key attribute.
    static func checkUpdateAvoidsKeys(_ update: UpdateExpression, _ keys: KeySchema) throws(DynamoError) {
        for path in update.targetPaths {
            if let name = path.topLevelName, keys.names.contains(name) {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Cannot update attribute \(name). This attribute "
                        + "is part of the key")
            }
        }
    }
}
