import DynamoCore
import Foundation
import GRDB

/// TransactGetItems and TransactWriteItems: all-or-nothing, with per-action cancellation reasons.
extension EmbeddedEngine {
    static let maxTransactionActions = 100
    /// DynamoDB's cap on the aggregate size of the items one transaction writes.
    static let maxTransactionBytes = 4 * 1024 * 1024
    /// How long a ClientRequestToken makes a TransactWriteItems call idempotent.
    static let idempotencyWindow: TimeInterval = 600

    func transactGetItems(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let actions = try transactItems(r)
        let report = try CapacityReport(r)
        var reads: [(TableHandle, StoredKey, [DocumentPath]?)] = []
        for action in actions {
            guard let get = try JSONReader(action).reader("Get") else {
                throw DynamoError.validation("TransactGetItems actions must be Get")
            }
            let handle = try handle(try get.requiredString("TableName"))
            var attrs = try RequestParts.attributes(get, expressionFields: ["ProjectionExpression"])
            let projection = try RequestParts.projection(get, &attrs)
            try attrs.checkAllUsed()
            guard let key = try get.item("Key") else { throw Keys.mismatch() }
            reads.append((handle, try Keys.storedKey(key, handle.schema.keySchema), projection))
        }
        let (responses, capacity) = try database {
            try writer.read { db -> ([JSONValue], [CapacityUse]) in
                var responses: [JSONValue] = []
                var capacity: [CapacityUse] = []
                for (handle, key, projection) in reads {
                    let item = try readItem(db, handle, key)
                    if report != .none {
                        capacity.append(
                            .read(
                                handle.schema, bytes: item.map(ItemSize.of) ?? 0, consistent: true, transactional: true)
                        )
                    }
                    guard let item else {
                        responses.append(.object([:]))
                        continue
                    }
                    responses.append([
                        "Item": TypedJSON.encodeItem(projection.map { Projection.apply($0, to: item) } ?? item)
                    ])
                }
                return (responses, capacity)
            }
        }
        var out: [String: JSONValue] = ["Responses": .array(responses)]
        out["ConsumedCapacity"] = report.render(capacity)
        return .object(out)
    }

    /// One action of a write transaction, parsed and validated before anything runs.
    struct TransactAction {
        enum Kind { case put(Item), update(UpdateExpression?, Item), delete, check }
        var handle: TableHandle
        var key: StoredKey
        var kind: Kind
        var condition: Condition?
        var returnOldOnFailure: Bool
    }

    func transactWriteItems(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let report = try CapacityReport(r)
        let actions = try transactItems(r)
        let token = try r.string("ClientRequestToken")
        if let token, token.isEmpty || token.count > 36 {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: token, at: "clientRequestToken")
                    + (token.isEmpty
                        ? "Member must have length greater than or equal to 1"
                        : "Member must have length less than or equal to 36"))
        }
        let requestHash = JSONValue.array(actions).jsonText.hashValue
        if let token, let previous = try idempotentResponse(token: token, requestHash: requestHash) { return previous }
        var parsed: [TransactAction] = []
        var seen = Set<String>()
        for (position, action) in actions.enumerated() {
            let one = try transactAction(try JSONReader(action), position: position + 1)
            let identity =
                "\(one.handle.schema.name)|\(one.key.pk.base64EncodedString())|\(one.key.sk.base64EncodedString())"
            if !seen.insert(identity).inserted {
                throw DynamoError.validation("Transaction request cannot include multiple operations on one item")
            }
            parsed.append(one)
        }
        try Self.checkTransactionSize(parsed.compactMap { if case .put(let item) = $0.kind { item } else { nil } })
        let capacity = try database {
            try commit { db -> [CapacityUse] in
                let outcomes = try checkTransactConditions(db, parsed)
                try Self.checkTransactionSize(outcomes.compactMap { $0.writes ? $0.new : nil })
                return try applyTransactActions(db, parsed, outcomes: outcomes, report: report)
            }
        }
        var response: [String: JSONValue] = [:]
        response["ConsumedCapacity"] = report.render(capacity)
        if let token, !Self.rollsBack {
            idempotency.withLock {
                $0[token] = IdempotentEntry(requestHash: requestHash, response: .object(response), time: Date())
            }
        }
        return .object(response)
    }

    /// Refuses a transaction whose written items total more than 4 MB: first its `Put` items alone (before
    /// anything is read), then every item it would leave behind, updates included.
    static func checkTransactionSize(_ items: [Item]) throws(DynamoError) {
        let total = items.reduce(0) { $0 + ItemSize.of($1) }
        if total > maxTransactionBytes {
            throw DynamoError.validation(
                "Transaction size has exceeded the maximum allowed size of 4 MB: the items total \(total) bytes")
        }
    }

    /// `TransactItems`: 1 to 100 actions.
    func transactItems(_ r: JSONReader) throws(DynamoError) -> [JSONValue] {
        try RequestParts.members(r, "TransactItems", field: "transactItems", max: EmbeddedEngine.maxTransactionActions)
    }

    /// The response a request with this token already got (within the idempotency window); a different
    /// request under the same token is refused.
    func idempotentResponse(token: String, requestHash: Int) throws(DynamoError) -> JSONValue? {
        let now = Date()
        let previous = idempotency.withLock { entries -> IdempotentEntry? in
            entries = entries.filter { now.timeIntervalSince($0.value.time) < EmbeddedEngine.idempotencyWindow }
            return entries[token]
        }
        guard let previous else { return nil }
        guard previous.requestHash == requestHash else {
            throw DynamoError(
                type: "IdempotentParameterMismatchException",
                message: "The request uses the same client token as a previous, but non-identical request")
        }
        return previous.response
    }

    /// One action (`Put`, `Update`, `Delete` or `ConditionCheck`), parsed and validated.
    func transactAction(_ a: JSONReader, position: Int) throws(DynamoError) -> TransactAction {
        let kinds = ["Put", "Update", "Delete", "ConditionCheck"].filter { a.has($0) }
        guard kinds.count == 1, let kindName = kinds.first, let body = try a.reader(kindName) else {
            throw DynamoError.validation("TransactItems can only contain one of Check, Put, Update or Delete")
        }
        let handle = try handle(try body.requiredString("TableName"))
        var attrs = try RequestParts.attributes(body, expressionFields: ["ConditionExpression", "UpdateExpression"])
        let key: StoredKey
        let kind: TransactAction.Kind
        switch kindName {
        case "Put":
            guard let item = try body.item("Item") else {
                throw DynamoError.validation(DynamoError.constraintPrefix(nullAt: "item") + "Member must not be null")
            }
            key = try validateItem(item, handle)
            kind = .put(item)
        default:
            guard let keyItem = try body.item("Key") else { throw Keys.mismatch() }
            key = try Keys.storedKey(keyItem, handle.schema.keySchema)
            if kindName == "Update" {
                kind = .update(try transactUpdate(body, handle, &attrs), keyItem)
            } else {
                kind = kindName == "Delete" ? .delete : .check
            }
        }
        let condition = try RequestParts.condition(body, "ConditionExpression", .condition, &attrs)
        if kindName == "ConditionCheck", condition == nil {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "conditionExpression") + "Member must not be null")
        }
        try attrs.checkAllUsed()
        return TransactAction(
            handle: handle, key: key, kind: kind, condition: condition,
            returnOldOnFailure: try RequestParts.returnOldOnFailure(
                body,
                field:
                    "transactItems.\(position).member.\(Self.memberName(kindName)).returnValuesOnConditionCheckFailure")
        )
    }

    /// How DynamoDB names an action in a constraint's path (`conditionCheck`, `put`, …).
    static func memberName(_ kind: String) -> String {
        kind == "ConditionCheck" ? "conditionCheck" : kind.lowercased()
    }

    /// An `Update` action's expression, which may not touch a key attribute.
    func transactUpdate(_ body: JSONReader, _ handle: TableHandle, _ attrs: inout ExpressionAttributes)
        throws(DynamoError) -> UpdateExpression
    {
        guard let text = try body.string("UpdateExpression") else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "updateExpression") + "Member must not be null")
        }
        let update = try attrs.resolve(try ExpressionParser.parseUpdate(text))
        try Self.checkUpdateAvoidsKeys(update, handle.schema.keySchema)
        return update
    }

    /// What one action will leave: the item before and after (nil: absent), or nil for a check.
    struct TransactOutcome {
        var old: Item?
        var new: Item?
        var writes: Bool
    }

    /// Reads every action's item, checks its condition and works out what it will write; one failed
    /// condition, or an update that cannot apply to the item as it is (a wrong operand type, an item grown
    /// past 400 KB), cancels the whole transaction with a reason per action, as DynamoDB does.
    func checkTransactConditions(_ db: Database, _ parsed: [TransactAction]) throws -> [TransactOutcome] {
        var outcomes: [TransactOutcome] = []
        var reasons: [JSONValue] = []
        var failed = false
        for action in parsed {
            let old = try readItem(db, action.handle, action.key)
            outcomes.append(TransactOutcome(old: old, new: old, writes: false))
            if let c = action.condition, !ConditionEvaluator.evaluate(c, on: old ?? [:]) {
                failed = true
                var reason: [String: JSONValue] = [
                    "Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
                ]
                if action.returnOldOnFailure, let old { reason["Item"] = TypedJSON.encodeItem(old) }
                reasons.append(.object(reason))
                continue
            }
            do throws(DynamoError) {
                outcomes[outcomes.count - 1] = try transactOutcome(action, old: old)
                reasons.append(["Code": "None"])
            } catch {
                guard error.kind == .validation else { throw error }
                failed = true
                reasons.append(["Code": "ValidationError", "Message": .string(error.message)])
            }
        }
        if failed {
            let codes = reasons.map { $0["Code"]?.stringValue ?? "None" }.joined(separator: ", ")
            throw DynamoError(
                type: "TransactionCanceledException",
                message: "Transaction cancelled, please refer cancellation reasons for specific reasons [\(codes)]",
                details: ["CancellationReasons": .array(reasons)])
        }
        return outcomes
    }

    /// The item an action leaves behind.
    func transactOutcome(_ action: TransactAction, old: Item?) throws(DynamoError) -> TransactOutcome {
        switch action.kind {
        case .put(let item): return TransactOutcome(old: old, new: item, writes: true)
        case .delete: return TransactOutcome(old: old, new: nil, writes: true)
        case .check: return TransactOutcome(old: old, new: old, writes: false)
        case .update(let update, let keyItem):
            if UpdateApplier.writesNothing(update, itemExists: old != nil) {
                return TransactOutcome(old: old, new: old, writes: false)
            }
            let base = old ?? keyItem
            let next =
                try update.map { (u) throws(DynamoError) in
                    try UpdateApplier.apply(u, to: base, itemExists: old != nil).item
                } ?? base
            _ = try validateItem(next, action.handle)
            return TransactOutcome(old: old, new: next, writes: true)
        }
    }

    /// Writes every action (conditions already hold, outcomes worked out), with the capacity each used.
    func applyTransactActions(
        _ db: Database, _ parsed: [TransactAction], outcomes: [TransactOutcome], report: CapacityReport
    ) throws -> [CapacityUse] {
        var capacity: [CapacityUse] = []
        for (action, outcome) in zip(parsed, outcomes) {
            var indexWrites = IndexWrites()
            if outcome.writes {
                indexWrites = try writeItem(db, action.handle, key: action.key, old: outcome.old, new: outcome.new)
            }
            if report != .none {
                capacity.append(
                    .write(
                        action.handle.schema, old: outcome.old, new: outcome.writes ? outcome.new : nil,
                        indexWrites: indexWrites, transactional: true))
            }
        }
        return capacity
    }
}
