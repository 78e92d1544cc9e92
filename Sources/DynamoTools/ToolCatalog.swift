import DynamoCore

/// One tool as agents see it: name, description, argument schema and MCP annotations.
public struct ToolDefinition: Sendable {
    public var name: String
    public var title: String
    public var description: String
    public var inputSchema: JSONValue
    public var readOnly: Bool
    public var destructive: Bool
    public var idempotent: Bool
}

/// The tools of the product, shared by the MCP server, `call`, `replay` and the TUI's action log.
public enum ToolCatalog {
    /// The tools visible under a policy: read-only sessions do not see write tools, and see
    /// `execute_statement` as the read-only tool it is there (SELECT only), so its annotations hold
    /// for every call it accepts.
    public static func tools(for policy: ToolPolicy) -> [ToolDefinition] {
        all.compactMap { definition(for: $0, policy) }
    }

    public static func definition(_ name: String) -> ToolDefinition? { all.first { $0.name == name } }

    /// The definition as a session with this policy sees it; nil when the session may not use it.
    public static func definition(_ name: String, policy: ToolPolicy) -> ToolDefinition? {
        all.first { $0.name == name }.flatMap { definition(for: $0, policy) }
    }

    static func definition(for tool: ToolDefinition, _ policy: ToolPolicy) -> ToolDefinition? {
        guard policy.readOnly, !tool.readOnly else { return tool }
        guard tool.name == "execute_statement" else { return nil }
        var selectOnly = tool
        selectOnly.readOnly = true
        selectOnly.destructive = false
        selectOnly.idempotent = true
        selectOnly.description = "Run one PartiQL SELECT (this session is read-only): SELECT … FROM \"Table\"[.\"Index\"] WHERE … [ORDER BY sortkey DESC]. Without an equality on the partition key it reads the whole table. Use ? placeholders with parameters."
        return selectOnly
    }

    // MARK: Schema pieces

    static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }), "additionalProperties": false]
    }
    static func string(_ description: String) -> JSONValue { ["type": "string", "description": .string(description)] }
    static func integer(_ description: String, min: Int? = nil, max: Int? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "integer", "description": .string(description)]
        if let min { o["minimum"] = .int(min) }
        if let max { o["maximum"] = .int(max) }
        return .object(o)
    }
    static func boolean(_ description: String) -> JSONValue { ["type": "boolean", "description": .string(description)] }
    static func anyObject(_ description: String) -> JSONValue { ["type": "object", "description": .string(description)] }

    static let table = string("Table name.")
    static let format: JSONValue = ["type": "string", "enum": ["plain", "dynamodb"],
                                    "description": "plain (default; sets {\"$ss\": […]}, binary {\"$b\": …}) or dynamodb (typed, lossless)."]
    static let key = anyObject("The item's primary key, e.g. {\"pk\": \"u#1\", \"sk\": 7}.")
    static let names: JSONValue = ["type": "object", "additionalProperties": ["type": "string"],
                                   "description": "ExpressionAttributeNames for raw expressions, e.g. {\"#s\": \"status\"}."]
    static let values = anyObject("ExpressionAttributeValues for raw expressions, e.g. {\":s\": \"shipped\"} (plain) or {\":s\": {\"S\": \"shipped\"}} with format dynamodb.")
    static let condition = anyObject("All must hold: {path: value} (equality) or {path: {\"op\": eq|ne|lt|lte|gt|gte|between|begins_with|contains|exists|not_exists|in, \"value\": …}}; between takes [low, high], in a list. Paths: a.b[0].c is nested; `a.b` in backquotes is one attribute named a.b.")
    static let conditionExpression = string("Raw DynamoDB ConditionExpression (use names/values for placeholders).")
    static let projection: JSONValue = ["type": ["string", "array"], "items": ["type": "string"],
                                        "description": "Attributes to return: a ProjectionExpression string or a list of attribute paths like [\"title\", \"info.rating\"]."]
    static let returnValues: JSONValue = ["type": "string", "enum": ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
                                          "description": "Which item values to return (DynamoDB ReturnValues)."]
    static let updates = anyObject("SET: {path: new value} (a.b[0] nested; `a.b` one name). Combine with remove/add/delete.")
    static let remove: JSONValue = ["type": "array", "items": ["type": "string"], "description": "Paths to REMOVE."]
    static let add = anyObject("ADD: {attribute: number to add, or set to union}.")
    static let delete = anyObject("DELETE: {attribute: set of elements to remove}.")
    static let readPaging: [String: JSONValue] = [
        "limit": integer("Items to evaluate per page (DynamoDB Limit; applied before filters).", min: 1),
        "cursor": string("next_cursor from a previous call, to continue."),
        "all": boolean("Follow pages until done or max_items is reached."),
        "max_items": integer("Stop after this many items (capped by the session's --max-items).", min: 1),
        "consistent_read": boolean("Strongly consistent read (not on global indexes)."),
        "select": ["type": "string", "enum": ["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"]],
        "filters": anyObject("Applied after reading (a page may hold fewer items than limit): {path: value} or {path: {\"op\": gt, \"value\": 300}}; ops eq ne lt lte gt gte between ([low, high]) begins_with contains exists not_exists in ([…]). Paths: a.b[0].c nested; `a.b` one name."),
        "filter_expression": string("Raw FilterExpression."),
        "projection": projection, "names": names, "values": values, "format": format,
        "index_name": string("Read a secondary index instead of the table."),
    ]

    static func merged(_ a: [String: JSONValue], _ b: [String: JSONValue]) -> [String: JSONValue] {
        a.merging(b) { x, _ in x }
    }

    static let keyAttribute: JSONValue = object(["name": string("Attribute name."), "type": ["type": "string", "enum": ["S", "N", "B"]]], required: ["name", "type"])

    // MARK: The tools

    public static let all: [ToolDefinition] = [
        ToolDefinition(name: "list_tables", title: "List tables",
                       description: "List the tables (only those the session may access). Start here to discover the data model.",
                       inputSchema: object(["limit": integer("Most names to return.", min: 1, max: 100), "cursor": string("next_cursor from a previous call.")]),
                       readOnly: true, destructive: false, idempotent: true),
        ToolDefinition(name: "describe_table", title: "Describe a table",
                       description: "A table's key schema, attribute types, secondary indexes (with their keys and projections), item count and size. Read this before querying: Query needs the partition key, and an index's keys.",
                       inputSchema: object(["table": table], required: ["table"]),
                       readOnly: true, destructive: false, idempotent: true),
        ToolDefinition(name: "create_table", title: "Create a table",
                       description: "Create a table with a partition key, optional sort key and optional secondary indexes.",
                       inputSchema: object([
                           "table": table, "partition_key": keyAttribute, "sort_key": keyAttribute,
                           "indexes": ["type": "array", "items": object([
                               "name": string("Index name."), "type": ["type": "string", "enum": ["global", "local"]],
                               "partition_key": keyAttribute, "sort_key": keyAttribute,
                               "projection": ["type": ["string", "array"], "items": ["type": "string"], "description": "ALL (default), KEYS_ONLY, or a list of extra attributes (INCLUDE)."],
                           ], required: ["name", "partition_key"])],
                           "billing_mode": ["type": "string", "enum": ["PAY_PER_REQUEST", "PROVISIONED"]],
                       ], required: ["table", "partition_key"]),
                       readOnly: false, destructive: false, idempotent: false),
        ToolDefinition(name: "delete_table", title: "Delete a table",
                       description: "Delete a table and all its items. Irreversible: `confirm` must repeat the table name.",
                       inputSchema: object(["table": table, "confirm": string("Must equal the table name.")], required: ["table", "confirm"]),
                       readOnly: false, destructive: true, idempotent: false),
        ToolDefinition(name: "get_item", title: "Get an item",
                       description: "Read one item by its full primary key.",
                       inputSchema: object(["table": table, "key": key, "projection": projection, "names": names, "consistent_read": boolean("Strongly consistent read."), "format": format], required: ["table", "key"]),
                       readOnly: true, destructive: false, idempotent: true),
        ToolDefinition(name: "put_item", title: "Put an item",
                       description: "Create or replace a whole item. Use condition {\"pk\": {\"op\": \"not_exists\"}} to refuse overwriting.",
                       inputSchema: object(["table": table, "item": anyObject("The full item, keys included."), "condition": condition, "condition_expression": conditionExpression,
                                            "names": names, "values": values, "return_values": returnValues, "format": format], required: ["table", "item"]),
                       readOnly: false, destructive: true, idempotent: true),
        ToolDefinition(name: "update_item", title: "Update an item",
                       description: "Change some attributes of one item: updates (SET), remove, add, delete — or a raw update_expression. Like DynamoDB it creates the item if absent; pass only_if_exists: true to refuse instead.",
                       inputSchema: object(["table": table, "key": key, "updates": updates, "remove": remove, "add": add, "delete": delete,
                                            "only_if_exists": boolean("Fail with ConditionalCheckFailedException instead of creating the item when it does not exist."),
                                            "update_expression": string("Raw UpdateExpression."), "condition": condition, "condition_expression": conditionExpression,
                                            "names": names, "values": values, "return_values": returnValues, "format": format], required: ["table", "key"]),
                       readOnly: false, destructive: true, idempotent: false),
        ToolDefinition(name: "delete_item", title: "Delete an item",
                       description: "Delete one item by its primary key, optionally only if a condition holds.",
                       inputSchema: object(["table": table, "key": key, "condition": condition, "condition_expression": conditionExpression,
                                            "names": names, "values": values, "return_values": returnValues, "format": format], required: ["table", "key"]),
                       readOnly: false, destructive: true, idempotent: true),
        ToolDefinition(name: "query", title: "Query",
                       description: "Read the items of one partition (of the table or an index), in sort-key order. key_condition: {partition_key: value, sort_key: {\"op\": eq|lt|lte|gt|gte|between|begins_with, \"value\": …}}. Filters run after reading, so a page may hold fewer items than limit: check scanned_count and follow next_cursor.",
                       inputSchema: object(merged(["table": table, "key_condition": anyObject("Structured key condition."),
                                                   "key_condition_expression": string("Raw KeyConditionExpression."),
                                                   "scan_forward": boolean("Ascending sort-key order (default true).")], readPaging), required: ["table"]),
                       readOnly: true, destructive: false, idempotent: true),
        ToolDefinition(name: "scan", title: "Scan",
                       description: "Read every item of a table or index page by page, optionally filtered. Prefer query when you know the partition key.",
                       inputSchema: object(merged(["table": table, "segment": integer("This worker's segment.", min: 0),
                                                   "total_segments": integer("Number of segments.", min: 1, max: 1_000_000)], readPaging), required: ["table"]),
                       readOnly: true, destructive: false, idempotent: true),
        ToolDefinition(name: "parallel_scan", title: "Parallel scan",
                       description: "Scan with several segments at once and merge the results (faster on big tables).",
                       inputSchema: object(merged(["table": table, "total_segments": integer("Number of parallel segments (default 4).", min: 1, max: 64)], readPaging), required: ["table"]),
                       readOnly: true, destructive: false, idempotent: true),
        ToolDefinition(name: "batch_get_item", title: "Batch get",
                       description: "Read many items by key: {table, keys: [...]} or requests: {table: {keys, projection}}. Split into DynamoDB-sized calls and retried automatically.",
                       inputSchema: object(["table": table, "keys": ["type": "array", "items": ["type": "object"]], "projection": projection,
                                            "requests": anyObject("Several tables: {table: {keys: [...], projection}}."), "format": format]),
                       readOnly: true, destructive: false, idempotent: true),
        ToolDefinition(name: "batch_write_item", title: "Batch write",
                       description: "Put and delete many items without conditions: {table, put: [items], delete: [keys]} or requests: {table: {put, delete}}. Split into chunks of 25 and retried; anything left is reported in unprocessed.",
                       inputSchema: object(["table": table, "put": ["type": "array", "items": ["type": "object"]], "delete": ["type": "array", "items": ["type": "object"]],
                                            "requests": anyObject("Several tables: {table: {put: [...], delete: [...]}}."), "format": format]),
                       readOnly: false, destructive: true, idempotent: false),
        ToolDefinition(name: "transact_get_items", title: "Transactional get",
                       description: "Read up to 100 items atomically: items: [{table, key, projection}].",
                       inputSchema: object(["items": ["type": "array", "minItems": 1, "maxItems": 100, "items": object(["table": table, "key": key, "projection": projection], required: ["table", "key"])], "format": format], required: ["items"]),
                       readOnly: true, destructive: false, idempotent: true),
        ToolDefinition(name: "transact_write_items", title: "Transactional write",
                       description: "Up to 100 writes that all succeed or all fail: actions: [{put: {table, item, condition}} | {update: {table, key, updates, …}} | {delete: {table, key, condition}} | {condition_check: {table, key, condition}}].",
                       inputSchema: object(["actions": ["type": "array", "minItems": 1, "maxItems": 100, "items": ["type": "object"]],
                                            "client_request_token": string("Idempotency token."), "format": format], required: ["actions"]),
                       readOnly: false, destructive: true, idempotent: false),
        ToolDefinition(name: "execute_statement", title: "Run a PartiQL statement",
                       description: "Run one PartiQL statement: SELECT … FROM \"Table\"[.\"Index\"] WHERE … [ORDER BY sortkey DESC], INSERT INTO \"Table\" VALUE {'pk': …}, UPDATE \"Table\" SET a = ? REMOVE b WHERE pk = … AND sk = …, DELETE FROM \"Table\" WHERE pk = …. A SELECT whose WHERE has no equality on the partition key reads the whole table. Use ? placeholders with parameters.",
                       inputSchema: object(["statement": string("The PartiQL statement."),
                                            "parameters": ["type": "array", "description": "Values for the ? placeholders, in order (plain JSON, or typed with format dynamodb)."],
                                            "limit": integer("Items to evaluate per page (SELECT).", min: 1), "cursor": string("next_cursor from a previous call."),
                                            "format": format], required: ["statement"]),
                       readOnly: false, destructive: true, idempotent: false),
    ]
}
