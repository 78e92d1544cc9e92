import DynamoCore

/// JSON Schemas of the tools' structured results (MCP `outputSchema`).
///
/// An agent can plan on these shapes before calling, and MCP clients check every successful result
/// against them — so they are kept exactly in step with what the tools return (the MCP integration
/// test runs every tool through a validating client). Error results are `{"error": {type, message}}`
/// and are flagged `isError`, which clients do not validate against the output schema.
enum ToolOutputSchemas {
    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        let all = properties.merging(["consumed_capacity": consumedCapacity]) { a, _ in a }
        return ["type": "object", "properties": .object(all), "required": .array(required.map { .string($0) })]
    }
    /// Kept short: it is repeated in every tool's schema, and every byte of tools/list is paid per conversation.
    static let consumedCapacity: JSONValue = [
        "type": "object", "description": "{read_units, write_units} consumed.",
    ]
    static let count: JSONValue = ["type": "integer", "minimum": 0]
    static let item: JSONValue = ["type": "object"]
    static let itemOrNull: JSONValue = ["type": ["object", "null"], "description": "The item, or null when there is none."]
    static let cursor: JSONValue = ["type": "string", "description": "Pass as `cursor` to continue; absent when there is nothing more."]
    static let table: JSONValue = ["type": "object", "description": "The table's description in DynamoDB's shape (TableName, KeySchema, indexes, ItemCount…)."]
    static let unprocessed: JSONValue = ["type": "array", "items": ["type": "object"],
                                         "description": "What DynamoDB still had not processed after the retries, with its table."]

    static let read: [String: JSONValue] = [
        "count": count, "scanned_count": count, "pages": count,
        "items": ["type": "array", "items": item, "description": "Absent with select COUNT."],
        "next_cursor": cursor,
        "cancelled": ["const": true, "description": "Present when the call was cancelled: the items read so far, and next_cursor to resume."],
        "warnings": ["type": "array", "items": ["type": "string"], "description": "Likely mistakes, e.g. a filter value of the wrong type."],
        "stopped": ["type": "object", "description": "Present when a cap ended the read early: reason (max_items, max_bytes, scan_budget), limit, how to continue."],
    ]

    static func schema(for tool: String) -> JSONValue {
        switch tool {
        case "list_tables":
            return object(["tables": ["type": "array", "items": ["type": "string"]], "next_cursor": cursor], required: ["tables"])
        case "describe_table":
            return object(["table": table, "time_to_live": ["type": "object", "description": "TimeToLiveDescription: TimeToLiveStatus and AttributeName."]],
                          required: ["table"])
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
            return object(read.merging(["segments": ["type": "integer", "minimum": 1]]) { a, _ in a },
                          required: ["count", "scanned_count", "pages", "segments"])
        case "batch_get_item":
            return object(["items": ["type": "object", "additionalProperties": ["type": "array", "items": item],
                                     "description": "Found items by table name."],
                           "count": count, "unprocessed": unprocessed], required: ["items", "count", "unprocessed"])
        case "batch_write_item":
            return object(["written": count, "unprocessed": unprocessed], required: ["written", "unprocessed"])
        case "transact_get_items":
            return object(["items": ["type": "array", "items": itemOrNull, "description": "In request order; null where there is no item."]],
                          required: ["items"])
        case "execute_statement":
            return object(["items": ["type": "array", "items": item], "count": count, "next_cursor": cursor,
                           "warnings": ["type": "array", "items": ["type": "string"]]], required: ["items", "count"])
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
