import DynamoCore

/// The two JSON forms of an item: the browser holds DynamoDB JSON (lossless, typed); the tools take
/// and return plain JSON by default. One place converts between them.
extension JSONValue {
    /// A plain-JSON item as DynamoDB JSON; nil when this is not an item.
    var typedItem: JSONValue? { (try? PlainJSON.decodeItem(self)).map(TypedJSON.encodeItem) }
    /// A DynamoDB-JSON item as plain JSON; nil when this is not one, or plain JSON cannot spell it.
    var plainItem: JSONValue? { (try? TypedJSON.decodeItem(self)).flatMap { try? PlainJSON.encodeItem($0) } }
}
