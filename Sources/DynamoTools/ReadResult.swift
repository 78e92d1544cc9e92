import DynamoCore

/// A read's result (query, scan, parallel_scan, a `:` read) as values: what the TUI's browser, its
/// page walks and the MCP data model read, instead of each picking the JSON apart its own way.
public struct ReadResult: Equatable, Sendable {
    public var items: [JSONValue]
    public var count: Int
    public var scannedCount: Int
    /// Where the next page starts; nil at the end.
    public var nextCursor: String?
    /// The call was stopped and returned what it had read.
    public var cancelled: Bool
    public var readUnits: Double
    public var writeUnits: Double

    /// Nil for a failed call or a result without items.
    public init?(_ result: ToolResult) {
        guard !result.isError, let items = result.structured["items"]?.arrayValue else { return nil }
        let structured = result.structured
        self.items = items
        count = structured["count"]?.intValue ?? items.count
        scannedCount = structured["scanned_count"]?.intValue ?? count
        nextCursor = structured["next_cursor"]?.stringValue
        cancelled = structured["cancelled"]?.boolValue == true
        let capacity = structured["consumed_capacity"]
        readUnits = capacity?["read_units"]?.numberText.flatMap(Double.init) ?? 0
        writeUnits = capacity?["write_units"]?.numberText.flatMap(Double.init) ?? 0
    }

    public var hasMore: Bool { nextCursor != nil }
}

extension ToolCall {
    /// The calls the TUI and the MCP data model issue, typed instead of hand-built dictionaries.
    public static func listTables() -> ToolCall { ToolCall(name: "list_tables", arguments: [:]) }

    public static func describeTable(_ table: String) -> ToolCall {
        ToolCall(name: "describe_table", arguments: ["table": .string(table)])
    }

    /// A page of a scan in DynamoDB JSON (the browser keeps exact types).
    public static func scanPage(_ table: String, limit: Int) -> ToolCall {
        ToolCall(name: "scan", arguments: ["table": .string(table), "limit": .int(limit), "format": "dynamodb"])
    }

    public static func getItem(_ table: String, key: JSONValue) -> ToolCall {
        ToolCall(name: "get_item", arguments: ["table": .string(table), "key": key])
    }
}
