import DynamoCore

/// JSON Schemas of the tools' structured results (MCP `outputSchema`).
///
/// An agent can plan on these shapes before calling, and MCP clients check every successful result
/// against them — so they are kept exactly in step with what the tools return (the MCP integration
/// test runs every tool through a validating client). Error results are `{"error": {type, message}}`
/// and are flagged `isError`, which clients do not validate against the output schema.
///
/// Every result also carries `consumed_capacity` ({read_units, write_units}); the server's
/// instructions say so once instead of 16 schemas repeating it (the schemas stay open to it), and
/// describe the dry-run result every schema admits.
enum ToolOutputSchemas {
    /// A result schema: the call's own result, or a dry run's (`{valid, operation, request, plan…}`,
    /// described once in the instructions).
    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        [
            "type": "object", "properties": .object(properties),
            "anyOf": [["required": .array(required.map { .string($0) })], ["required": ["valid"]]],
        ]
    }
    static let count: JSONValue = ["type": "integer"]
    static let item: JSONValue = ["type": "object"]
    static let itemOrNull: JSONValue = ["type": ["object", "null"]]
    static let cursor: JSONValue = ["type": "string"]
    static let table: JSONValue = ["type": "object"]
    static let unprocessed: JSONValue = ["type": "array", "items": ["type": "object"]]

    static let read: [String: JSONValue] = [
        "count": count, "scanned_count": count, "pages": count,
        "items": ["type": "array", "items": item],
        "next_cursor": cursor,
        "cancelled": ["const": true],
        "warnings": ["type": "array", "items": ["type": "string"]],
        "stopped": ["type": "object"],
    ]
}
