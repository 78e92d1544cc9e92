import DynamoCore

/// One concrete call per tool, on the demo tables: what `dynamo-explorer tools NAME` prints, so a
/// shell user sees the shape of the arguments without reading MCP's `tools/list`.
public enum ToolExamples {
    public static let arguments: [String: String] = [
        "list_tables": #"{}"#,
        "describe_table": #"{"table": "Shop"}"#,
        "create_table":
            #"{"table": "Notes", "partition_key": {"name": "pk", "type": "S"}, "sort_key": {"name": "at", "#
            + #""type": "N"}, "indexes": [{"name": "ByTag", "partition_key": {"name": "tag", "type": "S"}}]}"#,
        "delete_table": #"{"table": "Metrics", "confirm": "Metrics"}"#,
        "get_item": #"{"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}}"#,
        "put_item":
            #"{"table": "Movies", "item": {"year": 2024, "title": "New", "rating": 7.5}, "#
            + #""condition": {"title": {"op": "not_exists"}}}"#,
        "update_item":
            #"{"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}, "#
            + #""updates": {"info.rating": 8.1}, "add": {"views": 1}, "return_values": "UPDATED_NEW"}"#,
        "delete_item": #"{"table": "Movies", "key": {"year": 2024, "title": "New"}}"#,
        "query":
            #"{"table": "Shop", "index_name": "GSI1", "key_condition": {"gsi1pk": "STATUS#shipped", "#
            + #""gsi1sk": {"op": "begins_with", "value": "2025-"}}, "filters": {"total": {"op": "gt", "value": 300}}, "#
            + #""limit": 25}"#,
        "scan":
            #"{"table": "Metrics", "filters": {"battery": {"op": "between", "value": [10, 20]}}, "#
            + #""projection": ["device", "ts", "battery"], "all": true, "max_items": 100}"#,
        "parallel_scan": #"{"table": "Metrics", "total_segments": 4, "select": "COUNT"}"#,
        "batch_get_item":
            #"{"table": "Movies", "keys": [{"year": 1979, "title": "The Crimson Orbit"}, {"year": 1990, "#
            + #""title": "X"}]}"#,
        "batch_write_item":
            #"{"table": "Movies", "put": [{"year": 2030, "title": "A"}], "delete": [{"year": 2024, "title": "New"}]}"#,
        "transact_get_items": #"{"items": [{"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}}]}"#,
        "transact_write_items":
            #"{"actions": [{"put": {"table": "Movies", "item": {"year": 2031, "title": "B"}}}, "#
            + #"{"update": {"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}, "#
            + #""add": {"views": 1}}}]}"#,
        "execute_statement": #"{"statement": "SELECT title FROM Movies WHERE \"year\" = ?", "parameters": [1990]}"#,
    ]
}
