import DynamoCore

/// The key of an index as the tools take it: `{"name": …, "type": …}` for each side, or, for a
/// multi-attribute GSI key, a list of up to four on either side (`"partition_key": [{…}, {…}]`).
enum IndexKeySpec {
    /// One key attribute, as a reference to the schema's `$defs` (one copy of its shape per tool).
    static let attribute: JSONValue = ["$ref": "#/$defs/key"]
    /// A side of an index key in the input schema: one attribute, or a list of up to four.
    static let schema: JSONValue = ["anyOf": [attribute, ["type": "array", "items": attribute, "maxItems": 4]]]

    /// `schema` with the `$defs` its references point at.
    static func withDefinitions(_ schema: JSONValue) -> JSONValue {
        guard case .object(var fields) = schema else { return schema }
        fields["$defs"] = ["key": ToolSchemaParts.keyAttribute]
        return .object(fields)
    }

    /// The `KeySchema` of `partition` (HASH) then `sort` (RANGE), noting each attribute's type in `definitions`.
    static func keySchema(_ partition: JSONValue?, _ sort: JSONValue?, definitions: inout [String: String])
        -> JSONValue
    {
        var schema: [JSONValue] = []
        for (side, type) in [(partition, "HASH"), (sort, "RANGE")] {
            let specs = side?.arrayValue ?? (side.map { [$0] } ?? [])
            for spec in specs {
                guard let name = spec["name"]?.stringValue, let t = spec["type"]?.stringValue else { continue }
                definitions[name] = t
                schema.append(["AttributeName": .string(name), "KeyType": .string(type)])
            }
        }
        return .array(schema)
    }

    /// `AttributeDefinitions` for the attributes noted, by name.
    static func definitions(_ types: [String: String]) -> JSONValue {
        .array(
            types.sorted { $0.key < $1.key }.map {
                ["AttributeName": .string($0.key), "AttributeType": .string($0.value)]
            })
    }
}
