import DynamoCore

extension ToolSchemaParts {
    static let scan = tool(
        "scan", "Scan", "Read a whole table or index page by page. Prefer query when you know a partition key.",
        object(
            merged(
                [
                    "table": table, "segment": integer("0-based.", min: 0),
                    "total_segments": integer("With segment.", min: 1, max: 1_000_000),
                ],
                reading(filters: "As in query.")),
            required: ["table"]), readOnly: true,
        example: #"{"table": "Metrics", "filters": {"battery": {"op": "between", "value": [10, 20]}}, "#
            + #""projection": ["device", "ts", "battery"], "all": true, "max_items": 100}"#,
        output: ToolOutputSchemas.scan,
        run: { try await $0.read(isQuery: false) })
}

extension ToolOutputSchemas {
    static let scan = object(read, required: ["count", "scanned_count", "pages"])
}
