import DynamoCore
import DynamoTools

/// What a write does when the item changed under it: the delete's guard, and the user's edit
/// carried over onto the item as it is now.
///
/// ```swift
/// let merged = ItemConflict.rebase(loaded: old, edited: mine, current: theirs)
/// // merged.item: theirs with my changed attributes applied; merged.clashes: what we both changed
/// ```
public enum ItemConflict {
    /// At most this many attributes are compared by a delete's condition, which keeps the
    /// expression far under DynamoDB's 4 KB limit.
    public static let maxComparedAttributes = 100

    /// `delete_item`'s condition for an item as loaded: it exists and its attributes still hold the
    /// loaded values (up to `maxComparedAttributes`, smallest names first). Also returns how many
    /// attributes it compares, so the confirmation can say when it compares fewer than all.
    public static func deleteCondition(keyNames: [String], loaded: Item) -> (condition: JSONValue, compared: Int) {
        var condition: [String: JSONValue] = [:]
        if let partition = keyNames.first, let segment = try? ItemEdit.pathSegment(partition) {
            condition[segment] = ["op": "exists"]
        }
        var compared = 0
        for name in loaded.keys.sorted() where !keyNames.contains(name) {
            guard compared < maxComparedAttributes, let segment = try? ItemEdit.pathSegment(name),
                let value = try? PlainJSON.encode(loaded[name]!)
            else { continue }
            condition[segment] = ["op": "eq", "value": value]
            compared += 1
        }
        return (.object(condition), compared)
    }

    /// The user's edit (`loaded` → `edited`) applied to `current`, top-level attribute by attribute,
    /// and the names both sides changed (with the value `current` holds, nil when removed).
    public static func rebase(loaded: Item, edited: Item, current: Item) -> (
        item: Item, clashes: [(String, AttributeValue?)]
    ) {
        var merged = current
        var clashes: [(String, AttributeValue?)] = []
        for name in Set(loaded.keys).union(edited.keys).sorted() where loaded[name] != edited[name] {
            if current[name] != loaded[name], current[name] != edited[name] { clashes.append((name, current[name])) }
            merged[name] = edited[name]
        }
        return (merged, clashes)
    }

    /// The notes put above a rebased edit in the editor.
    public static func notes(table: String, clashes: [(String, AttributeValue?)]) -> String {
        var lines = [
            "// not saved: this \(table) item changed since you loaded it.",
            "// Below is the item as it is now with your changes applied; save to write it, or quit",
            "// and answer n to drop your changes.",
        ]
        for (name, theirs) in clashes {
            let now = theirs.flatMap { try? PlainJSON.encode($0).jsonText } ?? "(removed)"
            lines.append("// both changed \(name): yours is below; now it is \(String(now.prefix(200)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
