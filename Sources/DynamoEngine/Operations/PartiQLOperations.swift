import DynamoCore
import Foundation

/// ExecuteStatement: PartiQL planned onto the engine's own operations.
///
/// SELECT becomes a Query when the WHERE clause fixes the partition key with `=` (a sort-key
/// condition joins the key condition, the rest becomes the filter), otherwise a Scan with a filter,
/// as DynamoDB does. INSERT is a PutItem that refuses an existing key, UPDATE and DELETE need the
/// whole primary key by equality; any further conditions guard the write.
extension EmbeddedEngine {
    func executeStatement(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        var (statement, render) = try Self.parse(r)
        var extra: [String: JSONValue] = [:]
        if let mode = try r.string("ReturnConsumedCapacity") { extra["ReturnConsumedCapacity"] = .string(mode) }
        if case .select(let select) = statement { return try executeSelect(select, &render, r, extra) }
        var (operation, request) = try planWrite(statement, &render)
        request.merge(extra) { a, _ in a }
        return Self.writeResponse(try performWrite(operation, request))
    }

    /// Runs a planned write. INSERT's PutItem refuses an existing key with a failed condition,
    /// which PartiQL reports as DuplicateItemException.
    func performWrite(_ operation: DynamoOperation, _ request: [String: JSONValue]) throws(DynamoError) -> JSONValue {
        do {
            return try performSync(operation, .object(request))
        } catch  where operation == .putItem && error.kind == .conditionalCheckFailed {
            throw DynamoError(type: "DuplicateItemException", message: "Duplicate primary key exists in table")
        }
    }

    /// A statement and its renderer, from `Statement` and `Parameters` (counts must match).
    static func parse(_ r: JSONReader) throws(DynamoError) -> (PartiQLStatement, PartiQLRenderer) {
        let (statement, expected) = try PartiQLParser.parseCountingParameters(try r.requiredString("Statement"))
        let parameters = try (r.array("Parameters") ?? []).map { (p) throws(DynamoError) in try TypedJSON.decode(p) }
        guard parameters.count == expected else {
            throw DynamoError.validation("Number of parameters in request and statement don't match.")
        }
        return (statement, PartiQLRenderer(parameters: parameters))
    }

    /// INSERT, UPDATE or DELETE as the PutItem, UpdateItem or DeleteItem request that performs it.
    func planWrite(_ statement: PartiQLStatement, _ render: inout PartiQLRenderer) throws(DynamoError) -> (
        DynamoOperation, [String: JSONValue]
    ) {
        switch statement {
        case .select:
            throw DynamoError.validation("Expected a write statement (INSERT, UPDATE or DELETE)")
        case .insert(let table, let value):
            let handle = try handle(table)
            guard case .m(let item) = try render.resolve(value) else {
                throw DynamoError.validation(
                    "Unsupported operation: Insert value must be a map ({'attribute': value, …})")
            }
            var request: [String: JSONValue] = ["TableName": .string(table), "Item": TypedJSON.encodeItem(item)]
            request["ConditionExpression"] = .string(
                "attribute_not_exists(\(render.name(handle.schema.keySchema.partition.name)))")
            render.finish(into: &request)
            return (.putItem, request)
        case .update(let table, let sets, let removes, let condition):
            let handle = try handle(table)
            var (request, guards) = try keyedWrite(handle, condition, &render)
            var actions: [String] = []
            if !sets.isEmpty {
                actions.append(
                    "SET "
                        + (try sets.map { (target, value) throws(DynamoError) in
                            "\(render.path(target)) = \(try render.expression(value))"
                        }).joined(separator: ", "))
            }
            if !removes.isEmpty { actions.append("REMOVE " + removes.map { render.path($0) }.joined(separator: ", ")) }
            request["UpdateExpression"] = .string(actions.joined(separator: " "))
            guards.insert("attribute_exists(\(render.name(handle.schema.keySchema.partition.name)))", at: 0)
            request["ConditionExpression"] = .string(guards.joined(separator: " AND "))
            render.finish(into: &request)
            return (.updateItem, request)
        case .delete(let table, let condition):
            let handle = try handle(table)
            var (request, guards) = try keyedWrite(handle, condition, &render)
            if !guards.isEmpty { request["ConditionExpression"] = .string(guards.joined(separator: " AND ")) }
            render.finish(into: &request)
            return (.deleteItem, request)
        }
    }

    /// A SELECT of one item by its whole key (batches and transactions allow nothing else), as the
    /// GetItem request that reads it.
    func planPointRead(_ statement: PartiQLStatement, _ render: inout PartiQLRenderer) throws(DynamoError) -> [String:
        JSONValue]
    {
        guard case .select(let select) = statement, select.index == nil, let condition = select.condition else {
            throw DynamoError.validation(
                "Batch and transaction reads must be SELECT statements on a table with a WHERE clause naming the "
                    + "whole primary key"
            )
        }
        var (request, guards) = try keyedWrite(try handle(select.table), condition, &render)
        guard guards.isEmpty else {
            throw DynamoError.validation("Batch and transaction reads take only key equalities in their WHERE clause")
        }
        if let projection = select.projection {
            request["ProjectionExpression"] = .string(projection.map { render.path($0) }.joined(separator: ", "))
        }
        render.finish(into: &request)
        return request
    }

    /// The WHERE terms that make a Query's key condition, taken out of `conjuncts`: an equality on every
    /// partition-key attribute, then the sort-key attributes in turn — equalities, and a range on the last one
    /// taken. Without every partition equality, none are taken (the statement scans).
    static func takeKeyCondition(
        from conjuncts: inout [PartiQLCondition], _ keys: KeySchema, _ render: inout PartiQLRenderer
    ) throws(DynamoError) -> [String] {
        let equal = keys.partitionKeys.map { k in conjuncts.firstIndex { equality($0, on: k.name) != nil } }
        guard equal.allSatisfy({ $0 != nil }) else { return [] }
        var taken = equal.compactMap { $0 }
        for sort in keys.sortKeys {
            if let at = conjuncts.indices.first(where: {
                !taken.contains($0) && equality(conjuncts[$0], on: sort.name) != nil
            }) {
                taken.append(at)
                continue
            }
            if let at = conjuncts.indices.first(where: {
                !taken.contains($0) && isSortKeyCondition(conjuncts[$0], on: sort.name)
            }) {
                taken.append(at)
            }
            break
        }
        var parts: [String] = []
        for at in taken { parts.append(try render.condition(conjuncts[at])) }
        for at in taken.sorted(by: >) { conjuncts.remove(at: at) }
        return parts
    }

    private func executeSelect(
        _ select: PartiQLSelect, _ render: inout PartiQLRenderer, _ r: JSONReader,
        _ extra: [String: JSONValue]
    ) throws(DynamoError) -> JSONValue {
        let handle = try handle(select.table)
        var index: IndexSchema? = nil
        if let name = select.index {
            guard let found = handle.schema.index(named: name) else {
                throw DynamoError.validation("The table does not have the specified index: \(name)")
            }
            index = found
        }
        let keys = index?.keySchema ?? handle.schema.keySchema
        var conjuncts = select.condition?.conjuncts ?? []
        let keyParts = try Self.takeKeyCondition(from: &conjuncts, keys, &render)
        var request = extra
        request["TableName"] = .string(select.table)
        if let name = select.index { request["IndexName"] = .string(name) }
        if !keyParts.isEmpty { request["KeyConditionExpression"] = .string(keyParts.joined(separator: " AND ")) }
        if !conjuncts.isEmpty {
            request["FilterExpression"] = .string(
                try conjuncts.map { (c) throws(DynamoError) in "(\(try render.condition(c)))" }.joined(
                    separator: " AND "))
        }
        if let projection = select.projection {
            request["ProjectionExpression"] = .string(projection.map { render.path($0) }.joined(separator: ", "))
        }
        if let (path, descending) = select.orderBy {
            guard !keyParts.isEmpty, path.singleName == keys.sort?.name else {
                throw DynamoError.validation(
                    "Must have WHERE clause in the statement when using ORDER BY clause: ORDER BY needs an equality "
                        + "on the partition key and orders by the sort key"
                )
            }
            request["ScanIndexForward"] = .bool(!descending)
        }
        if let limit = try r.int("Limit") { request["Limit"] = .int(limit) }
        if let consistent = try r.bool("ConsistentRead") { request["ConsistentRead"] = .bool(consistent) }
        if let token = try r.string("NextToken") {
            guard let data = Data(base64Encoded: token), let key = try? JSONValue.parse(bytes: [UInt8](data)) else {
                throw DynamoError.validation(
                    "The provided starting key is invalid: NextToken is not one this server issued")
            }
            request["ExclusiveStartKey"] = key
        }
        render.finish(into: &request)
        let out = try performSync(keyParts.isEmpty ? .scan : .query, .object(request))
        var response: [String: JSONValue] = ["Items": out["Items"] ?? []]
        if let last = out["LastEvaluatedKey"] {
            response["NextToken"] = .string(Data(last.jsonBytes).base64EncodedString())
            response["LastEvaluatedKey"] = last
        }
        if let capacity = out["ConsumedCapacity"] { response["ConsumedCapacity"] = capacity }
        return .object(response)
    }

    /// A write statement's answer: no items, and the capacity the write consumed when asked for.
    static func writeResponse(_ out: JSONValue) -> JSONValue {
        var response: [String: JSONValue] = ["Items": []]
        if let capacity = out["ConsumedCapacity"] { response["ConsumedCapacity"] = capacity }
        return .object(response)
    }

    /// UPDATE and DELETE: the key from `key = value` conjuncts (all key attributes required); the
    /// other conjuncts, rendered, guard the write.
    private func keyedWrite(
        _ handle: TableHandle, _ condition: PartiQLCondition,
        _ render: inout PartiQLRenderer
    ) throws(DynamoError) -> (request: [String: JSONValue], guards: [String]) {
        var conjuncts = condition.conjuncts
        var key: Item = [:]
        for name in handle.schema.keySchema.names {
            guard let at = conjuncts.firstIndex(where: { Self.equality($0, on: name) != nil }) else {
                throw DynamoError.validation("Where clause does not contain a mandatory equality on all key attributes")
            }
            key[name] = try render.resolve(Self.equality(conjuncts.remove(at: at), on: name)!)
        }
        let guards = try conjuncts.map { (c) throws(DynamoError) in "(\(try render.condition(c)))" }
        return (["TableName": .string(handle.schema.name), "Key": TypedJSON.encodeItem(key)], guards)
    }

    /// The value in `name = value` (either way round), if `condition` is that.
    static func equality(_ condition: PartiQLCondition, on name: String) -> PartiQLOperand? {
        guard case .compare(let a, .eq, let b) = condition else { return nil }
        if case .path(let p) = a, p.singleName == name, !Self.isPath(b) { return b }
        if case .path(let p) = b, p.singleName == name, !Self.isPath(a) { return a }
        return nil
    }

    static func isPath(_ o: PartiQLOperand) -> Bool {
        switch o {
        case .path, .size: return true
        default: return false
        }
    }

    /// Whether a conjunct can be a Query's sort-key condition.
    static func isSortKeyCondition(_ condition: PartiQLCondition, on name: String) -> Bool {
        switch condition {
        case .compare(.path(let p), let op, let v): return p.singleName == name && op != .ne && !isPath(v)
        case .compare(let v, let op, .path(let p)): return p.singleName == name && op != .ne && !isPath(v)
        case .between(.path(let p), let lo, let hi): return p.singleName == name && !isPath(lo) && !isPath(hi)
        case .function("begins_with", let args):
            if case .path(let p)? = args.first { return p.singleName == name && args.count == 2 } else { return false }
        default: return false
        }
    }
}
