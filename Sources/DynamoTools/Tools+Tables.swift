import DynamoCore

/// list_tables, describe_table, create_table, delete_table.
extension ToolContext {
    func listTables() async throws -> ToolResult {
        var names: [String] = []
        var start = args.string("cursor")
        let limit = args.int("limit") ?? 100
        repeat {
            var request: [String: JSONValue] = [:]
            if let start { request["ExclusiveStartTableName"] = .string(start) }
            let out = try await send(.listTables, request)
            names += (out["TableNames"]?.arrayValue ?? []).compactMap(\.stringValue).filter { policy.allows(table: $0) }
            start = out["LastEvaluatedTableName"]?.stringValue
        } while start != nil && names.count < limit
        var result: [String: JSONValue] = ["tables": .array(names.prefix(limit).map { .string($0) })]
        if names.count > limit { result["next_cursor"] = .string(names[limit - 1]) }
        return ToolResult(structured: .object(result), summary: "list_tables: \(min(names.count, limit)) table(s)")
    }

    func describeTable() async throws -> ToolResult {
        let table = try table()
        let out = try await send(.describeTable, ["TableName": .string(table)])
        let description = out["Table"] ?? .object([:])
        let count = description["ItemCount"]?.intValue ?? 0
        let indexes =
            ((description["GlobalSecondaryIndexes"]?.arrayValue ?? [])
            + (description["LocalSecondaryIndexes"]?.arrayValue ?? [])).count
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

    func createTable() async throws -> ToolResult {
        let table = try table()
        var definitions: [String: String] = [:]
        func keySchema(_ pk: JSONValue, _ sk: JSONValue?) -> JSONValue {
            var schema: [JSONValue] = []
            for (spec, type) in [(pk, "HASH"), (sk, "RANGE")] {
                guard let spec, let name = spec["name"]?.stringValue, let t = spec["type"]?.stringValue else {
                    continue
                }
                definitions[name] = t
                schema.append(["AttributeName": .string(name), "KeyType": .string(type)])
            }
            return .array(schema)
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
                "KeySchema": keySchema(index["partition_key"] ?? .null, index["sort_key"]),
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
        request["AttributeDefinitions"] = .array(
            definitions.sorted { $0.key < $1.key }.map {
                ["AttributeName": .string($0.key), "AttributeType": .string($0.value)]
            })
        let out = try await send(.createTable, request)
        return ToolResult(
            structured: ["table": out["TableDescription"] ?? .null], summary: "create_table \(table): created")
    }

    func deleteTable() async throws -> ToolResult {
        let table = try table()
        guard args.string("confirm") == table else {
            throw DynamoError.validation(
                "delete_table removes \(table) and all its items; to proceed, pass confirm: \"\(table)\"")
        }
        let out = try await send(.deleteTable, ["TableName": .string(table)])
        return ToolResult(
            structured: ["table": out["TableDescription"] ?? .null], summary: "delete_table \(table): deleted")
    }
}
