import DynamoCore

/// The two JSON forms of an item: the tools take and return plain JSON by default, or DynamoDB JSON;
/// the TUI holds `Item`s (typed values, lossless). One place converts between them.
extension JSONValue {
    /// A plain-JSON item, decoded; nil when this is not an item.
    var plainDecodedItem: Item? { try? PlainJSON.decodeItem(self) }
    /// A DynamoDB-JSON item, decoded; nil when this is not one.
    var typedDecodedItem: Item? { try? TypedJSON.decodeItem(self) }
    /// A plain-JSON item as DynamoDB JSON; nil when this is not an item.
    var typedItem: JSONValue? { plainDecodedItem.map(TypedJSON.encodeItem) }
}
