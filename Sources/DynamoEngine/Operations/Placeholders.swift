import DynamoCore

/// `#…` and `:…` placeholders for expressions the engine writes itself (from legacy parameters and
/// from PartiQL): each attribute name gets one placeholder, each value its own.
struct Placeholders {
    let prefix: String
    private(set) var names: [String: String] = [:]
    /// Values in DynamoDB-typed JSON, as ExpressionAttributeValues carries them.
    private(set) var values: [String: JSONValue] = [:]
    private var placeholderFor: [String: String] = [:]

    init(prefix: String) { self.prefix = prefix }

    mutating func name(_ attribute: String) -> String {
        if let existing = placeholderFor[attribute] { return existing }
        let placeholder = "#\(prefix)\(placeholderFor.count)"
        placeholderFor[attribute] = placeholder
        names[placeholder] = attribute
        return placeholder
    }

    mutating func value(_ typed: JSONValue) -> String {
        let placeholder = ":\(prefix)\(values.count)"
        values[placeholder] = typed
        return placeholder
    }

    /// Adds ExpressionAttributeNames/Values for the placeholders handed out, if any.
    func finish(into request: inout [String: JSONValue]) {
        if !names.isEmpty { request["ExpressionAttributeNames"] = .object(names.mapValues { .string($0) }) }
        if !values.isEmpty { request["ExpressionAttributeValues"] = .object(values) }
    }
}
