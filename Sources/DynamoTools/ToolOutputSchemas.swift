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

    static func schema(for tool: String) -> JSONValue {
        switch tool {
        case "list_tables":
            return object(
                ["tables": ["type": "array", "items": ["type": "string"]], "next_cursor": cursor], required: ["tables"])
        case "describe_table":
            return object(["table": table, "time_to_live": ["type": "object"]], required: ["table"])
        case "create_table", "delete_table":
            return object(["table": table], required: ["table"])
        case "get_item":
            return object(["item": itemOrNull], required: ["item"])
        case "put_item":
            return object(["written": ["const": true], "attributes": item], required: ["written"])
        case "update_item":
            return object(["updated": ["const": true], "attributes": item], required: ["updated"])
        case "delete_item":
            return object(["deleted": ["type": "boolean"], "attributes": item], required: ["deleted"])
        case "query", "scan":
            return object(read, required: ["count", "scanned_count", "pages"])
        case "parallel_scan":
            return object(
                read.merging(["segments": ["type": "integer", "minimum": 1]]) { a, _ in a },
                required: ["count", "scanned_count", "pages", "segments"])
        case "batch_get_item":
            return object(
                [
                    "items": [
                        "type": "object", "additionalProperties": ["type": "array", "items": item],
                        "description": "By table.",
                    ],
                    "count": count, "unprocessed": unprocessed,
                ], required: ["items", "count", "unprocessed"])
        case "batch_write_item":
            return object(["written": count, "unprocessed": unprocessed], required: ["written", "unprocessed"])
        case "transact_get_items":
            return object(
                ["items": ["type": "array", "items": itemOrNull, "description": "In request order."]],
                required: ["items"])
        case "execute_statement":
            return object(
                [
                    "items": ["type": "array", "items": item], "count": count, "next_cursor": cursor,
                    "warnings": ["type": "array", "items": ["type": "string"]],
                ], required: ["items", "count"])
        case "transact_write_items":
            return object(["committed": ["const": true], "actions": count], required: ["committed", "actions"])
        default:
            return ["type": "object"]
        }
    }
}

extension ToolDefinition {
    /// The JSON Schema of this tool's structured result.
    public var outputSchema: JSONValue { ToolOutputSchemas.schema(for: name) }
}
