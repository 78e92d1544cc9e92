import DynamoCore
import DynamoTools

/// `o` in the browser: one field per key attribute (partition key first), typed by the key schema,
/// that becomes a `get_item` — going to an item by its key without paging to it.
public struct KeyPrompt: Equatable, Sendable {
    public var table: String
    public var keys: [TableSummary.KeyPart]
    public var values: [String]
    public var focus = 0

    public init(table: String, keys: [TableSummary.KeyPart]) {
        self.table = table
        self.keys = keys
        values = Array(repeating: "", count: keys.count)
    }

    /// `year (N): 1990 · title (S): Rush`, the focused field with its cursor `tail` characters from
    /// its end.
    public func text(tail: Int = 0) -> String {
        keys.indices.map { i in
            let value = i == focus ? LineEditor.window(values[i], tail: tail, width: Int.max) : values[i]
            return "\(keys[i].name) (\(keys[i].type)): \(value)"
        }
        .joined(separator: " · ")
    }

    /// The `get_item` call, or why the fields do not make a key yet.
    public func call() -> Result<ToolCall, EditError> {
        var key: [String: JSONValue] = [:]
        for (part, text) in zip(keys, values) {
            guard !text.isEmpty else { return .failure(EditError("\(part.name) is empty")) }
            switch part.type {
            case "N":
                guard (try? DynamoNumber(text)) != nil else {
                    return .failure(EditError("\(part.name) needs a number, got \(text)"))
                }
                key[part.name] = .number(text)
            case "B": key[part.name] = ["$b": .string(text)]
            default: key[part.name] = .string(text)
            }
        }
        return .success(ToolCall.getItem(table, key: .object(key)))
    }
}
