import DynamoCore

extension ToolSchemaParts {
    static let createTable = tool(
        "create_table", "Create a table", "A table with a partition key, optional sort key and secondary indexes.",
        IndexKeySpec.withDefinitions(
            object(
                [
                    "table": table, "partition_key": IndexKeySpec.attribute, "sort_key": IndexKeySpec.attribute,
                    "indexes": list(
                        of: object(
                            [
                                "name": string(), "type": enumeration(["global", "local"]),
                                "partition_key": IndexKeySpec.schema, "sort_key": IndexKeySpec.schema,
                                "projection": [
                                    "type": ["string", "array"], "items": ["type": "string"],
                                    "description": "ALL (default), KEYS_ONLY or attributes to include.",
                                ],
                            ],
                            required: ["name", "partition_key"])),
                    "billing_mode": enumeration(["PAY_PER_REQUEST", "PROVISIONED"]),
                    // Units for PROVISIONED (the table and each global index); no descriptions: the names say it.
                    "capacity": object(
                        ["read": ["type": "integer", "minimum": 1], "write": ["type": "integer", "minimum": 1]],
                        required: ["read", "write"]),
                ],
                required: ["table", "partition_key"])),
        example: #"{"table": "Notes", "partition_key": {"name": "pk", "type": "S"}, "sort_key": {"name": "at", "#
            + #""type": "N"}, "indexes": [{"name": "ByTag", "partition_key": {"name": "tag", "type": "S"}}]}"#,
        output: ToolOutputSchemas.createTable,
        run: { try await $0.createTable() })
}

extension ToolOutputSchemas {
    static let createTable = object(["table": table], required: ["table"])
}

extension ToolContext {
    func createTable() async throws -> ToolResult {
        let table = try table()
        var definitions: [String: String] = [:]
        func keySchema(_ pk: JSONValue?, _ sk: JSONValue?) -> JSONValue {
            IndexKeySpec.keySchema(pk, sk, definitions: &definitions)
        }
        var request: [String: JSONValue] = [
            "TableName": .string(table),
            "KeySchema": keySchema(try args.required("partition_key"), args["sort_key"]),
            "BillingMode": .string(args.string("billing_mode") ?? "PAY_PER_REQUEST"),
        ]
        // Provisioned tables need both capacities, and so does each global index (DynamoDB refuses otherwise).
        var throughput: JSONValue?
        if let capacity = args["capacity"] {
            guard request["BillingMode"] == "PROVISIONED" else {
                throw DynamoError.validation("capacity is for billing_mode PROVISIONED")
            }
            guard let read = capacity["read"]?.intValue, let write = capacity["write"]?.intValue else {
                throw DynamoError.validation("capacity needs read and write units: {\"read\": 5, \"write\": 5}")
            }
            throughput = ["ReadCapacityUnits": .int(read), "WriteCapacityUnits": .int(write)]
            request["ProvisionedThroughput"] = throughput
        }
        var gsis: [JSONValue] = []
        var lsis: [JSONValue] = []
        for index in args["indexes"]?.arrayValue ?? [] {
            let projection: JSONValue
            switch index["projection"] {
            case .array(let attrs)?: projection = ["ProjectionType": "INCLUDE", "NonKeyAttributes": .array(attrs)]
            case .string(let type)?: projection = ["ProjectionType": .string(type)]
            default: projection = ["ProjectionType": "ALL"]
            }
            var entry: JSONValue = [
                "IndexName": index["name"] ?? .null,
                "KeySchema": keySchema(index["partition_key"], index["sort_key"]),
                "Projection": projection,
            ]
            if index["type"]?.stringValue == "local" {
                lsis.append(entry)
            } else {
                if let throughput, case .object(var fields) = entry {
                    fields["ProvisionedThroughput"] = throughput
                    entry = .object(fields)
                }
                gsis.append(entry)
            }
        }
        if !gsis.isEmpty { request["GlobalSecondaryIndexes"] = .array(gsis) }
        if !lsis.isEmpty { request["LocalSecondaryIndexes"] = .array(lsis) }
        request["AttributeDefinitions"] = IndexKeySpec.definitions(definitions)
        let out = try await send(.createTable, request)
        return ToolResult(
            structured: ["table": out["TableDescription"] ?? .null], summary: "create_table \(table): created")
    }
}
