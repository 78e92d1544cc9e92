import DynamoCore

extension ToolSchemaParts {
    static let describeTable = tool(
        "describe_table", "Describe a table",
        "Keys, attribute types, indexes, item count and size. Read it before querying.",
        object(["table": table], required: ["table"]), readOnly: true,
        example: #"{"table": "Shop"}"#,
        output: ToolOutputSchemas.describeTable,
        run: { try await $0.describeTable() })
}

extension ToolOutputSchemas {
    static let describeTable = object(["table": table, "time_to_live": ["type": "object"]], required: ["table"])
}

extension ToolContext {
    func describeTable() async throws -> ToolResult {
        let table = try table()
        let out = try await send(.describeTable, ["TableName": .string(table)])
        let description = out["Table"] ?? .object([:])
        let decoded = TableDescription(description)
        let count = decoded.itemCount
        let indexes = decoded.indexes.count
        var result: [String: JSONValue] = ["table": description]
        // Time to Live lives behind its own API call in DynamoDB; an agent planning writes wants it here.
        // A backend without it (or a policy that forbids it) just leaves the field out.
        if let ttl = try? await send(.describeTimeToLive, ["TableName": .string(table)])["TimeToLiveDescription"] {
            result["time_to_live"] = ttl
        }
        // The names and types an agent's calls must use, as a sample of the items shows them.
        if !dryRun, let sample = await runner.samples.sample(table, backend: runner.backend) {
            result["attributes_seen"] = ["sampled_items": .int(sample.items.count), "types": sample.typesJSON]
        }
        return ToolResult(
            structured: .object(result), summary: "describe_table \(table): \(count) item(s), \(indexes) index(es)")
    }
}
