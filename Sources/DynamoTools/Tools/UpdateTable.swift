import DynamoCore

extension ToolSchemaParts {
    static let updateTable = tool(
        "update_table", "Change a table's settings",
        "Stream on (a view type) or off, billing, add or remove a global index, TTL.",
        object(
            [
                "table": table,
                "stream": enumeration(["off", "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]),
                "billing_mode": enumeration(["PAY_PER_REQUEST", "PROVISIONED"]),
                "capacity": anyObject("{read, write} units"),
                "add_index": anyObject("A global index, shaped as in create_table's indexes."),
                "remove_index": string(),
                "ttl": anyObject("{attribute, enabled}"),
            ],
            required: ["table"]),
        example: #"{"table": "Shop", "stream": "NEW_AND_OLD_IMAGES"}"#,
        output: ToolOutputSchemas.updateTable,
        run: { try await $0.updateTable() })
}

extension ToolOutputSchemas {
    static let updateTable = object(["table": table, "time_to_live": ["type": "object"]], required: ["table"])
}

extension ToolContext {
    func updateTable() async throws -> ToolResult {
        let table = try table()
        var request: [String: JSONValue] = ["TableName": .string(table)]
        var done: [String] = []
        if let stream = args.string("stream") {
            request["StreamSpecification"] =
                stream == "off"
                ? ["StreamEnabled": false] : ["StreamEnabled": true, "StreamViewType": .string(stream)]
            done.append(stream == "off" ? "stream off" : "stream \(stream)")
        }
        if let billing = args.string("billing_mode") {
            request["BillingMode"] = .string(billing)
            done.append(billing)
        }
        if let capacity = args["capacity"] {
            guard capacity["read"]?.intValue != nil, capacity["write"]?.intValue != nil else {
                throw DynamoError.validation("arguments.capacity: {\"read\": units, \"write\": units}")
            }
            request["ProvisionedThroughput"] = [
                "ReadCapacityUnits": capacity["read"] ?? .null, "WriteCapacityUnits": capacity["write"] ?? .null,
            ]
            done.append("capacity")
        }
        try addIndexUpdates(&request, &done)
        var out: [String: JSONValue] = [:]
        if request.count > 1 {
            out["table"] = try await send(.updateTable, request)["TableDescription"] ?? .null
        }
        if let ttl = args["ttl"] {
            guard ttl["attribute"]?.stringValue != nil, ttl["enabled"]?.boolValue != nil else {
                throw DynamoError.validation("arguments.ttl: {\"attribute\": name, \"enabled\": true or false}")
            }
            let spec: JSONValue = ["AttributeName": ttl["attribute"] ?? .null, "Enabled": ttl["enabled"] ?? .null]
            out["time_to_live"] =
                try await send(.updateTimeToLive, ["TableName": .string(table), "TimeToLiveSpecification": spec])[
                    "TimeToLiveSpecification"] ?? .null
            done.append(ttl["enabled"]?.boolValue == true ? "TTL on" : "TTL off")
        }
        guard !done.isEmpty else {
            throw DynamoError.validation(
                "arguments: nothing to change; give stream, billing_mode, capacity, add_index, remove_index or ttl")
        }
        if out["table"] == nil {
            out["table"] = try await send(.describeTable, ["TableName": .string(table)])["Table"] ?? .null
        }
        if let added = args["add_index"]?["name"]?.stringValue, !dryRun {
            let (description, creating) = try await waitForIndex(table, added, out["table"] ?? .null)
            out["table"] = description
            if creating {
                done.append(
                    "\(added) is still backfilling (IndexStatus CREATING): query it once describe_table shows ACTIVE")
            }
        }
        return ToolResult(structured: .object(out), summary: "update_table \(table): \(done.joined(separator: ", "))")
    }

    /// An index added to a table with items is filled in the background (CREATING, then ACTIVE): waits up to
    /// five seconds for it, so the call that follows can read it; a longer backfill (DynamoDB takes minutes on
    /// big tables) is reported, not waited for.
    func waitForIndex(_ table: String, _ index: String, _ first: JSONValue) async throws -> (JSONValue, Bool) {
        func creating(_ description: JSONValue) -> Bool {
            (description["GlobalSecondaryIndexes"]?.arrayValue ?? []).contains {
                $0["IndexName"]?.stringValue == index && $0["IndexStatus"] != "ACTIVE"
            }
        }
        var description = first
        let deadline = ContinuousClock.now + .seconds(5)
        while creating(description), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            description = try await send(.describeTable, ["TableName": .string(table)])["Table"] ?? .null
        }
        return (description, creating(description))
    }

    /// `add_index` and `remove_index` as GlobalSecondaryIndexUpdates, with the new keys' definitions.
    func addIndexUpdates(_ request: inout [String: JSONValue], _ done: inout [String]) throws(DynamoError) {
        var updates: [JSONValue] = []
        if let index = args["add_index"] {
            let partition = index["partition_key"]
            guard index["name"]?.stringValue != nil,
                partition?["name"]?.stringValue != nil || partition?.arrayValue?.first?["name"]?.stringValue != nil
            else {
                throw DynamoError.validation(
                    "arguments.add_index: {\"name\": …, \"partition_key\": {\"name\": …, \"type\": \"S\"}, "
                        + "\"sort_key\"?: …, \"projection\"?: \"ALL\" | \"KEYS_ONLY\" | [attributes]}")
            }
            var types: [String: String] = [:]
            let keys = IndexKeySpec.keySchema(partition, index["sort_key"], definitions: &types)
            let projection: JSONValue
            switch index["projection"] {
            case .array(let attrs)?: projection = ["ProjectionType": "INCLUDE", "NonKeyAttributes": .array(attrs)]
            case .string(let type)?: projection = ["ProjectionType": .string(type)]
            default: projection = ["ProjectionType": "ALL"]
            }
            var create: [String: JSONValue] = [
                "IndexName": index["name"] ?? .null, "KeySchema": keys, "Projection": projection,
            ]
            if let capacity = args["capacity"] {
                create["ProvisionedThroughput"] = [
                    "ReadCapacityUnits": capacity["read"] ?? .null, "WriteCapacityUnits": capacity["write"] ?? .null,
                ]
            }
            updates.append(["Create": .object(create)])
            request["AttributeDefinitions"] = IndexKeySpec.definitions(types)
            done.append("index \(index["name"]?.stringValue ?? "?") added")
        }
        if let name = args.string("remove_index") {
            updates.append(["Delete": ["IndexName": .string(name)]])
            done.append("index \(name) removed")
        }
        if !updates.isEmpty { request["GlobalSecondaryIndexUpdates"] = .array(updates) }
    }
}
