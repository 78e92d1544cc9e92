import DynamoCore
import DynamoTools
import MCP

/// A table's data model for agents: keys, indexes and the attribute types seen in a sample.
enum DataModel {
    static let sampleSize = 50

    static func describe(table: String, runner: ToolRunner) async -> JSONValue {
        let description = await runner.run(ToolCall.describeTable(table))
        if description.isError { return description.structured }
        let sample = await runner.run(
            ToolCall(
                name: "scan", arguments: ["table": .string(table), "limit": .int(sampleSize), "format": "dynamodb"]))
        var types: [String: Set<String>] = [:]
        let read = ReadResult(sample)
        for item in read?.items ?? [] {
            for (name, value) in item.objectValue ?? [:] {
                if let type = value.objectValue?.keys.first { types[name, default: []].insert(type) }
            }
        }
        let t = description.structured["table"] ?? .null
        return [
            "table": .string(table),
            "key_schema": t["KeySchema"] ?? .null,
            "attribute_definitions": t["AttributeDefinitions"] ?? .null,
            "global_secondary_indexes": t["GlobalSecondaryIndexes"] ?? .array([]),
            "local_secondary_indexes": t["LocalSecondaryIndexes"] ?? .array([]),
            "item_count": t["ItemCount"] ?? .null,
            "attributes_seen": .object(types.mapValues { .array($0.sorted().map { .string($0) }) }),
            "sampled_items": .int(read?.count ?? 0),
        ]
    }
}

/// Prompts that walk an agent through exploring a table.
enum Prompts {
    static let all: [Prompt] = [
        Prompt(
            name: "explore_table", description: "Learn a table's data model and look at a few items",
            arguments: [.init(name: "table", description: "Table name", required: true)]),
        Prompt(
            name: "find_items",
            description: "Plan the cheapest way (query on the table or an index, or scan) to find items",
            arguments: [
                .init(name: "table", description: "Table name", required: true),
                .init(name: "goal", description: "What to find, in words", required: true),
            ]),
    ]

    static func text(_ name: String, arguments: [String: String]) -> (description: String, body: String)? {
        let table = arguments["table"] ?? "<table>"
        switch name {
        case "explore_table":
            return (
                "Explore \(table)",
                """
                Explore the DynamoDB table \(table). First call describe_table (or read resource \
                dynamodb://table/\(table)) \
                to learn the partition and sort keys and every index. Then scan with limit 10 to see typical items. \
                Summarise the access patterns the keys and indexes support, and which attributes appear.
                """
            )
        case "find_items":
            return (
                "Find items in \(table)",
                """
                Goal: \(arguments["goal"] ?? "<goal>") in table \(table). Read describe_table first. If the goal \
                fixes a \
                partition key of the table or of an index, use query with key_condition (and index_name), adding \
                filters \
                for the rest; otherwise scan with filters and follow next_cursor. Report count and scanned_count.
                """
            )
        default:
            return nil
        }
    }
}
