import DynamoCore

/// The pieces the tools' argument schemas are built from.
///
/// Every byte here is repeated in `tools/list` once per tool that uses the piece, and `tools/list`
/// is paid for in every agent conversation: descriptions say what a name and a type do not, once,
/// and each tool carries one concrete example (JSON Schema `examples`) instead of prose about shapes.
enum ToolSchemaParts {
    /// An object schema; `closed` (the default) lists every accepted name, which the runner enforces
    /// with a close-match suggestion for anything else.
    static func object(_ properties: [String: JSONValue], required: [String] = [], closed: Bool = true) -> JSONValue {
        var o: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if closed { o["additionalProperties"] = false }
        if !required.isEmpty { o["required"] = .array(required.map { .string($0) }) }
        return .object(o)
    }
    static func string(_ description: String? = nil) -> JSONValue { typed("string", description) }
    static func boolean(_ description: String) -> JSONValue { typed("boolean", description) }
    static func anyObject(_ description: String? = nil) -> JSONValue { typed("object", description) }
    static func typed(_ type: String, _ description: String?) -> JSONValue {
        var o: [String: JSONValue] = ["type": .string(type)]
        if let description { o["description"] = .string(description) }
        return .object(o)
    }
    static func integer(_ description: String, min: Int? = nil, max: Int? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "integer", "description": .string(description)]
        if let min { o["minimum"] = .int(min) }
        if let max { o["maximum"] = .int(max) }
        return .object(o)
    }
    static func enumeration(_ cases: [String], _ description: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["enum": .array(cases.map { .string($0) })]
        if let description { o["description"] = .string(description) }
        return .object(o)
    }
    static func list(of items: JSONValue, _ description: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "array", "items": items]
        if let description { o["description"] = .string(description) }
        return .object(o)
    }
    static func merged(_ a: [String: JSONValue], _ b: [String: JSONValue]) -> [String: JSONValue] {
        a.merging(b) { x, _ in x }
    }

    static let table = string()
    /// Writes need the plain notation for sets and binary; reads only choose how results look.
    /// The notation is explained once, in the server's instructions (`ToolCatalog.instructions`).
    static let writeFormat = enumeration(["plain", "dynamodb"])
    static let readFormat = enumeration(["plain", "dynamodb"])
    static let key = anyObject("The full primary key.")
    /// ExpressionAttributeNames and ExpressionAttributeValues (said once, in the instructions).
    static let names = anyObject()
    static let values = anyObject()
    /// The one path rule, said wherever a structured argument takes paths.
    static let pathRule = "a.b[0].c nests; `a.b` is one name."
    static let conditionRule =
        "{path: value} is equality; {path: {\"op\": OP, \"value\": v}}, OP: eq ne lt lte gt gte "
        + "between [lo,hi] begins_with contains exists not_exists in [...]. " + pathRule
    static let condition = anyObject("All must hold. " + conditionRule)
    /// Said in full once per family of tools (put_item, query); the others point at it.
    static let conditionAsInPut = anyObject("All must hold; shapes as in put_item.")
    static let conditionExpression = string()
    static let projection: JSONValue = [
        "type": ["string", "array"], "items": ["type": "string"],
        "description": "ProjectionExpression, or a list of paths.",
    ]
    /// put_item and delete_item can return only the old item; update_item any of the five.
    static let returnOld = enumeration(["NONE", "ALL_OLD"])
    static let returnValues = enumeration(["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"])
    static let conditionalWrite: [String: JSONValue] = [
        "condition": condition, "condition_expression": conditionExpression, "names": names, "values": values,
        "return_values": returnOld, "format": writeFormat,
    ]
    static func writing(condition: JSONValue, _ changes: [String: JSONValue] = [:]) -> [String: JSONValue] {
        conditionalWrite.merging(changes.merging(["condition": condition]) { a, _ in a }) { _, new in new }
    }
    static func reading(filters: String) -> [String: JSONValue] {
        readPaging.merging(["filters": anyObject(filters)]) { _, new in new }
    }
    static let readPaging: [String: JSONValue] = [
        "limit": integer("DynamoDB Limit: items read per page, before filters.", min: 1),
        "cursor": string("A next_cursor."),
        "all": boolean("Follow every page."),
        "max_items": integer("Cap on items returned.", min: 1),
        "consistent_read": typed("boolean", nil),
        "select": enumeration(["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"]),
        "filters": anyObject("Applied after reading, so pages may come back short. " + conditionRule),
        "filter_expression": string(),
        "projection": projection, "names": names, "values": values, "format": readFormat,
        "index_name": string(),
    ]
    static let keyAttribute = object(
        ["name": string(), "type": enumeration(["S", "N", "B"])], required: ["name", "type"],
        closed: false)
    static let itemList = list(of: ["type": "object"])

    /// transact_write_items' actions: exactly one of four shapes, with their required fields; the
    /// other fields are those of the single-item tools, which the description points at.
    static let transactAction: JSONValue = {
        func action(_ kind: String, required: [String]) -> JSONValue {
            let body: JSONValue = ["type": "object", "required": .array((["table"] + required).map { .string($0) })]
            return object([kind: body], required: [kind], closed: false)
        }
        return [
            "oneOf": [
                action("put", required: ["item"]), action("update", required: ["key"]),
                action("delete", required: ["key"]), action("condition_check", required: ["key"]),
            ],
            "description":
                "Fields as in put_item, update_item and delete_item; condition_check takes key and condition.",
        ]
    }()
}
