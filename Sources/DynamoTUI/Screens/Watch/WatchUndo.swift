import DynamoCore
import DynamoTools

/// Undo of changes seen on the Watch screen, as the tool calls that do it.
///
/// The inverse of a change puts the old item back (or deletes an inserted one) only if the item
/// still is what the change made it: a later change to the same item is a conflict, never silently
/// overwritten. Calls use DynamoDB JSON so every value goes back exactly as it was.
public enum WatchUndo {
    /// Why a change cannot be undone, or nil when it can.
    static func refusal(_ change: ChangeFeed.Change) -> String? {
        switch change.event {
        case "INSERT" where change.newImage != nil: return nil
        case "REMOVE" where change.oldImage != nil: return nil
        case "MODIFY" where change.oldImage != nil && change.newImage != nil: return nil
        default:
            return "Undo needs the old and new item: turn the stream to NEW_AND_OLD_IMAGES "
                + "(update_table {\"table\": \"\(change.table)\", \"stream\": \"off\"}, then \"NEW_AND_OLD_IMAGES\")"
        }
    }

    /// The call that reverses one change.
    static func call(_ change: ChangeFeed.Change) -> ToolCall {
        call(table: change.table, keys: change.keys, restore: change.oldImage, expected: change.newImage)
    }

    /// Puts `restore` back (deletes the item when nil) if the item is now `expected` (absent when nil).
    static func call(table: String, keys: JSONValue, restore: JSONValue?, expected: JSONValue?) -> ToolCall {
        var arguments = condition(keys: keys, expected: expected)
        arguments["table"] = .string(table)
        arguments["format"] = "dynamodb"
        if let restore {
            arguments["item"] = restore
            return ToolCall(name: "put_item", arguments: .object(arguments))
        }
        arguments["key"] = keys
        return ToolCall(name: "delete_item", arguments: .object(arguments))
    }

    /// `condition_expression` with its names and values: every attribute equals the expected item's,
    /// or the item does not exist.
    static func condition(keys: JSONValue, expected: JSONValue?) -> [String: JSONValue] {
        var names: [String: JSONValue] = [:]
        var values: [String: JSONValue] = [:]
        var terms: [String] = []
        if let attributes = expected?.objectValue {
            for (index, name) in attributes.keys.sorted().enumerated() {
                names["#a\(index)"] = .string(name)
                values[":v\(index)"] = attributes[name]
                terms.append("#a\(index) = :v\(index)")
            }
        } else if let first = keys.objectValue?.keys.sorted().first {
            names["#k"] = .string(first)
            terms.append("attribute_not_exists(#k)")
        }
        var out: [String: JSONValue] = [
            "condition_expression": .string(terms.joined(separator: " AND ")), "names": .object(names),
        ]
        if !values.isEmpty { out["values"] = .object(values) }
        return out
    }

    /// One item's part of an undo of many changes: put `restore` back (delete the item when nil) if it is
    /// `expected` now (absent when nil).
    public struct Step: Equatable, Sendable {
        var table: String
        var keys: JSONValue
        var restore: JSONValue?
        var expected: JSONValue?
    }

    /// The steps that undo every change from the first to the last, newest first: each item goes back to
    /// what it was before the first change, if it is what the last change left (one step per item, as a
    /// transaction allows one action per item).
    static func steps(_ changes: [ChangeFeed.Change]) -> [Step] {
        var order: [String] = []
        var first: [String: ChangeFeed.Change] = [:]
        var last: [String: ChangeFeed.Change] = [:]
        for change in changes {
            let id = change.table + "\u{1}" + change.keys.jsonText
            if first[id] == nil {
                first[id] = change
                order.append(id)
            }
            last[id] = change
        }
        // Newest first: the item changed last is put back first.
        order.sort { (last[$0]?.sequenceNumber ?? "") > (last[$1]?.sequenceNumber ?? "") }
        return order.compactMap { id in
            guard let oldest = first[id], let newest = last[id] else { return nil }
            return Step(table: oldest.table, keys: oldest.keys, restore: oldest.oldImage, expected: newest.newImage)
        }
    }

    /// The steps as transactions of up to `limit` actions.
    static func transactions(_ steps: [Step], limit: Int = 100) -> [ToolCall] {
        let actions: [JSONValue] = steps.map { step in
            let single = call(table: step.table, keys: step.keys, restore: step.restore, expected: step.expected)
            var arguments = single.arguments.objectValue ?? [:]
            arguments["format"] = nil
            return [single.name == "put_item" ? "put" : "delete": .object(arguments)]
        }
        return chunks(actions, limit).map {
            ToolCall(name: "transact_write_items", arguments: ["format": "dynamodb", "actions": .array($0)])
        }
    }

    /// The consistent reads that check the steps before they are offered: a condition can say what each
    /// attribute must be, not that no other attribute was added since, so the items are read and compared
    /// whole first (as `u` does for one change).
    static func reads(_ steps: ArraySlice<Step>, limit: Int = 100) -> ToolCall? {
        let items: [JSONValue] = steps.prefix(limit).map { ["table": .string($0.table), "key": $0.keys] }
        guard !items.isEmpty else { return nil }
        return ToolCall(name: "transact_get_items", arguments: ["format": "dynamodb", "items": .array(items)])
    }

    /// The first step whose item is not what the changes left, with the item as read.
    static func firstConflict(_ steps: ArraySlice<Step>, read items: [JSONValue]) -> (Step, JSONValue?)? {
        for (step, item) in zip(steps, items) {
            let current: JSONValue? = item.isNull ? .none : .some(item)
            if current != step.expected { return (step, current) }
        }
        return nil
    }

    private static func chunks<T>(_ all: [T], _ size: Int) -> [[T]] {
        stride(from: 0, to: all.count, by: size).map { Array(all[$0..<min($0 + size, all.count)]) }
    }
}
