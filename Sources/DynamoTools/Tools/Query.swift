import DynamoCore

extension ToolSchemaParts {
    static let query = tool(
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
            required: ["table"]), readOnly: true,
        example: #"{"table": "Shop", "index_name": "GSI1", "key_condition": {"gsi1pk": "STATUS#shipped", "#
            + #""gsi1sk": {"op": "begins_with", "value": "2025-"}}, "filters": {"total": {"op": "gt", "value": 300}}, "#
            + #""limit": 25}"#,
        output: ToolOutputSchemas.query,
        run: { try await $0.read(isQuery: true) })
}

extension ToolOutputSchemas {
    static let query = object(read, required: ["count", "scanned_count", "pages"])
}
