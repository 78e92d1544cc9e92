import DynamoCore

/// The tools themselves: name, title, what they do, and their argument schema with one example.
extension ToolSchemaParts {
    /// A tool with its example call attached to the argument schema (JSON Schema `examples`).
    static func tool(
        _ name: String, _ title: String, _ description: String, _ schema: JSONValue,
        readOnly: Bool = false, destructive: Bool = false, idempotent: Bool = false
    ) -> ToolDefinition {
        var schema = schema
        if case .object(var o) = schema {
            if let text = ToolExamples.arguments[name], let example = try? JSONValue.parse(text) {
                o["examples"] = [example]
            }
            // Every tool can be tried first: validated against the table, nothing changed.
            if case .object(var properties)? = o["properties"] {
                properties["dry_run"] = ["type": "boolean"]
                o["properties"] = .object(properties)
            }
            schema = .object(o)
        }
        return ToolDefinition(
            name: name, title: title, description: description, inputSchema: schema,
            readOnly: readOnly, destructive: destructive, idempotent: readOnly || idempotent)
    }

    static let tables: [ToolDefinition] = [
        tool(
            "list_tables", "List tables", "The tables this session may use. Start here.",
            object(["limit": integer("Most names.", min: 1, max: 100), "cursor": string("A next_cursor.")]),
            readOnly: true),
        tool(
            "describe_table", "Describe a table",
            "Keys, attribute types, indexes, item count and size. Read it before querying.",
            object(["table": table], required: ["table"]), readOnly: true),
        tool(
            "create_table", "Create a table", "A table with a partition key, optional sort key and secondary indexes.",
            object(
                [
                    "table": table, "partition_key": keyAttribute, "sort_key": keyAttribute,
                    "indexes": list(
                        of: object(
                            [
                                "name": string(), "type": enumeration(["global", "local"]),
                                "partition_key": keyAttribute, "sort_key": keyAttribute,
                                "projection": [
                                    "type": ["string", "array"], "items": ["type": "string"],
                                    "description": "ALL (default), KEYS_ONLY or attributes to include.",
                                ],
                            ],
                            required: ["name", "partition_key"])),
                    "billing_mode": enumeration(["PAY_PER_REQUEST", "PROVISIONED"]),
                    "capacity": object(
                        ["read": integer("units", min: 1), "write": integer("units", min: 1)],
                        required: ["read", "write"]),
                ],
                required: ["table", "partition_key"])),
        tool(
            "delete_table", "Delete a table", "Delete a table and all its items; irreversible.",
            object(["table": table, "confirm": string("The table name again.")], required: ["table", "confirm"]),
            destructive: true),
    ]

    static let itemTools: [ToolDefinition] = [
        tool(
            "get_item", "Get an item", "Read one item by its full primary key.",
            object(
                [
                    "table": table, "key": key, "projection": projection, "names": names,
                    "consistent_read": typed("boolean", nil), "format": readFormat,
                ],
                required: ["table", "key"]), readOnly: true),
        tool(
            "put_item", "Put an item",
            "Create or replace a whole item; condition {\"pk\": {\"op\": \"not_exists\"}} refuses to overwrite. "
                + "A failed condition returns current_item.",
            object(
                merged(["table": table, "item": anyObject("The whole item, keys included.")], conditionalWrite),
                required: ["table", "item"]), destructive: true, idempotent: true),
        tool(
            "update_item", "Update an item",
            "SET (updates), remove, add, delete or update_expression on one item; creates it (created: true) unless "
                + "only_if_exists. "
                + "A failed condition returns current_item.",
            object(
                merged(
                    [
                        "table": table, "key": key,
                        "updates": anyObject("SET {path: value}. " + pathRule),
                        "remove": list(of: ["type": "string"], "Paths to remove."),
                        "add": anyObject("ADD {path: number to add, or set to union}."),
                        "delete": anyObject("DELETE {path: set of elements to take out}."),
                        "only_if_exists": boolean("Fail instead of creating a missing item."),
                        "update_expression": string(),
                    ],
                    writing(condition: conditionAsInPut, ["return_values": returnValues])),
                required: ["table", "key"]), destructive: true),
        tool(
            "delete_item", "Delete an item",
            "Delete one item by its primary key, optionally only if a condition holds.",
            object(
                merged(["table": table, "key": key], writing(condition: conditionAsInPut, ["format": readFormat])),
                required: ["table", "key"]),
            destructive: true, idempotent: true),
    ]

    static let reads: [ToolDefinition] = [
        tool(
            "query", "Query",
            "One partition of the table or an index, in sort-key order. key_condition: {pk: value, sk: value or "
                + "{\"op\": eq|lt|lte|gt|gte|between|begins_with, \"value\": v}}. count < scanned_count: filters "
                + "dropped items.",
            object(
                merged(
                    [
                        "table": table, "key_condition": anyObject(),
                        "key_condition_expression": string(),
                        "scan_forward": boolean("Ascending (default)."),
                    ], readPaging),
                required: ["table"]), readOnly: true),
        tool(
            "scan", "Scan", "Read a whole table or index page by page. Prefer query when you know a partition key.",
            object(
                merged(
                    [
                        "table": table, "segment": integer("0-based.", min: 0),
                        "total_segments": integer("With segment.", min: 1, max: 1_000_000),
                    ],
                    reading(filters: "As in query.")),
                required: ["table"]), readOnly: true),
        tool(
            "parallel_scan", "Parallel scan", "Scan in several segments at once and merge the results.",
            object(
                merged(
                    ["table": table, "total_segments": integer("Segments (default 4).", min: 1, max: 64)],
                    reading(filters: "As in query.")),
                required: ["table"]), readOnly: true),
    ]

    static let batches: [ToolDefinition] = [
        tool(
            "batch_get_item", "Batch get",
            "Read many items by key: table and keys, or requests {table: {keys, projection}}; split and retried.",
            object([
                "table": table, "keys": itemList, "projection": projection,
                "requests": anyObject(), "format": readFormat,
            ]),
            readOnly: true),
        tool(
            "batch_write_item", "Batch write",
            "Unconditional puts and deletes: table with put/delete, or requests {table: {put, delete}}; "
                + "sent 25 at a time and retried, leftovers in unprocessed.",
            object([
                "table": table, "put": list(of: ["type": "object"], "Whole items."),
                "delete": list(of: ["type": "object"], "Keys."),
                "requests": anyObject(), "format": writeFormat,
            ]),
            destructive: true),
        tool(
            "transact_get_items", "Transactional get", "Read up to 100 items at one point in time.",
            object(
                [
                    "items": [
                        "type": "array", "minItems": 1, "maxItems": 100,
                        "items": object(
                            ["table": table, "key": key, "projection": projection], required: ["table", "key"]),
                    ],
                    "format": readFormat,
                ], required: ["items"]), readOnly: true),
        tool(
            "transact_write_items", "Transactional write",
            "Up to 100 writes that all happen or none. When cancelled, CancellationReasons[i] names each failed action "
                + "and its current_item.",
            object(
                [
                    "actions": ["type": "array", "minItems": 1, "maxItems": 100, "items": transactAction],
                    "client_request_token": string("Idempotency token."), "format": writeFormat,
                ], required: ["actions"]),
            destructive: true),
    ]

    static let statement = tool(
        "execute_statement", "Run a PartiQL statement",
        "One PartiQL statement: SELECT ... FROM \"Table\"[.\"Index\"] WHERE ... [ORDER BY sk DESC]; INSERT INTO "
            + "\"Table\" "
            + "VALUE {'pk': ...}; UPDATE \"Table\" SET a = ? REMOVE b WHERE ...; DELETE FROM \"Table\" WHERE .... "
            + "'strings', \"attribute names\". SELECT without pk = ... reads the whole table.",
        object(
            [
                "statement": string(),
                "parameters": ["type": "array", "description": "Values for the ? placeholders, in order."],
                "limit": integer("Items read per page (SELECT).", min: 1), "cursor": string("A next_cursor."),
                "format": writeFormat,
            ], required: ["statement"]),
        destructive: true)
}
