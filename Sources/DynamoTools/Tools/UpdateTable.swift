import DynamoCore

extension ToolSchemaParts {
    static let updateTable = tool(
        "update_table", "Change a table's settings",
        "Turn its stream on (a view type) or off, change billing, add or remove a global index, set TTL.",
        object(
            [
                "table": table,
                "stream": enumeration(["off", "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]),
                "billing_mode": enumeration(["PAY_PER_REQUEST", "PROVISIONED"]),
                "capacity": object(
                    ["read": ["type": "integer", "minimum": 1], "write": ["type": "integer", "minimum": 1]],
                    required: ["read", "write"]),
                "add_index": object(
                    [
                        "name": string(), "partition_key": keyAttribute, "sort_key": keyAttribute,
                        "projection": ["type": ["string", "array"], "items": ["type": "string"]],
                    ],
                    required: ["name", "partition_key"]),
                "remove_index": string(),
                "ttl": object(["attribute": string(), "enabled": ["type": "boolean"]], required: ["attribute", "enabled"]),
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
        return ToolResult(structured: .object(out), summary: "update_table \(table): \(done.joined(separator: ", "))")
    }

    /// `add_index` and `remove_index` as GlobalSecondaryIndexUpdates, with the new keys' definitions.
    func addIndexUpdates(_ request: inout [String: JSONValue], _ done: inout [String]) throws(DynamoError) {
        var updates: [JSONValue] = []
        if let index = args["add_index"] {
            var definitions: [JSONValue] = []
            var keys: [JSONValue] = []
            for (spec, type) in [(index["partition_key"], "HASH"), (index["sort_key"], "RANGE")] {
                guard let name = spec?["name"], let t = spec?["type"] else { continue }
                keys.append(["AttributeName": name, "KeyType": .string(type)])
                definitions.append(["AttributeName": name, "AttributeType": t])
            }
            let projection: JSONValue
            switch index["projection"] {
            case .array(let attrs)?: projection = ["ProjectionType": "INCLUDE", "NonKeyAttributes": .array(attrs)]
            case .string(let type)?: projection = ["ProjectionType": .string(type)]
            default: projection = ["ProjectionType": "ALL"]
            }
            var create: [String: JSONValue] = [
                "IndexName": index["name"] ?? .null, "KeySchema": .array(keys), "Projection": projection,
            ]
            if let capacity = args["capacity"] {
                create["ProvisionedThroughput"] = [
                    "ReadCapacityUnits": capacity["read"] ?? .null, "WriteCapacityUnits": capacity["write"] ?? .null,
                ]
            }
            updates.append(["Create": .object(create)])
            request["AttributeDefinitions"] = .array(definitions)
            done.append("index \(index["name"]?.stringValue ?? "?") added")
        }
        if let name = args.string("remove_index") {
            updates.append(["Delete": ["IndexName": .string(name)]])
            done.append("index \(name) removed")
        }
        if !updates.isEmpty { request["GlobalSecondaryIndexUpdates"] = .array(updates) }
    }
}
