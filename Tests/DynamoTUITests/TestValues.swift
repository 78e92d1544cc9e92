import DynamoCore

/// Short spellings for expectations on the items the TUI holds.
extension AttributeValue {
    /// The text of a string or a number; nil for other types.
    var text: String? {
        switch self {
        case .s(let text): return text
        case .n(let number): return number.description
        default: return nil
        }
    }

    /// A number from its text (the test's own constant: a bad one is a broken test).
    static func num(_ text: String) -> AttributeValue {
        guard let number = try? DynamoNumber(text) else { preconditionFailure("not a number: \(text)") }
        return .n(number)
    }
}

/// An item written in DynamoDB JSON, decoded.
func typedItem(_ json: JSONValue) -> Item {
    guard let item = try? TypedJSON.decodeItem(json) else { preconditionFailure("not an item: \(json.jsonText)") }
    return item
}
