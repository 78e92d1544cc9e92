import DynamoCore
import Foundation

/// Reading a table definition from CreateTable's request and writing DescribeTable's answer.
extension TableSchema {
    static let namePattern = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")

    static func validateName(_ name: String, field: String) throws(DynamoError) {
        if name.count < 3 {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(name)", at: "\(field)") + "Member "
                    + "must have length greater than or equal to 3"
            )
        }
        if name.count > 255 {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(name)", at: "\(field)") + "Member "
                    + "must have length less than or equal to 255"
            )
        }
        if !name.allSatisfy({ namePattern.contains($0) }) {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(name)", at: "\(field)") + "Member "
                    + "must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
            )
        }
    }

    /// Parses and validates a CreateTable request.
    static func fromCreateRequest(_ r: JSONReader, now: Double) throws(DynamoError) -> TableSchema {
        let name = try r.requiredString("TableName")
        try validateName(name, field: "tableName")
        let types = try attributeDefinitions(try r.array("AttributeDefinitions") ?? [])
        let keySchema = try parseKeySchema(try r.array("KeySchema"), types: types, context: "")
        let indexes = try createIndexes(r, keySchema: keySchema, types: types)
        let used = Set(keySchema.names).union(indexes.flatMap(\.keySchema.names))
        if !Set(types.keys).subtracting(used).isEmpty {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match "
                    + "number of attributes defined in AttributeDefinitions"
            )
        }
        let billing = try r.string("BillingMode") ?? "PROVISIONED"
        guard billing == "PROVISIONED" || billing == "PAY_PER_REQUEST" else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(billing)", at: "billingMode")
                    + "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
            )
        }
        var schema = TableSchema(
            name: name, keySchema: keySchema, indexes: indexes, billingMode: billing, createdAt: now)
        if let units = try r.reader("ProvisionedThroughput"), billing == "PROVISIONED" {
            schema.readCapacity = try units.int("ReadCapacityUnits") ?? 0
            schema.writeCapacity = try units.int("WriteCapacityUnits") ?? 0
        }
        schema.tags = try parseTags(r.array("Tags") ?? [])
        schema.deletionProtection = try r.bool("DeletionProtectionEnabled") ?? false
        return schema
    }

    /// `AttributeDefinitions`: each name once, typed S, N or B.
    static func attributeDefinitions(_ list: [JSONValue]) throws(DynamoError) -> [String: ScalarType] {
        var types: [String: ScalarType] = [:]
        for (position, def) in list.enumerated() {
            let d = try JSONReader(def)
            let attr = try d.requiredString("AttributeName")
            try checkKeyAttributeName(attr, at: "attributeDefinitions.\(position + 1).member.attributeName")
            guard let t = ScalarType(rawValue: try d.requiredString("AttributeType")) else {
                throw DynamoError.validation(
                    "1 validation error detected: Value at 'attributeDefinitions.member.attributeType' failed to "
                        + "satisfy constraint: Member must satisfy enum value set: [B, N, S]"
                )
            }
            if types[attr] != nil {
                throw DynamoError.validation("Cannot have two attributes with the same name. Attribute name: \(attr)")
            }
            types[attr] = t
        }
        return types
    }

    /// A CreateTable's local and global secondary indexes, with DynamoDB's rules between them and the table.
    static func createIndexes(_ r: JSONReader, keySchema: KeySchema, types: [String: ScalarType])
        throws(DynamoError) -> [IndexSchema]
    {
        var indexes: [IndexSchema] = []
        for (field, global) in [("LocalSecondaryIndexes", false), ("GlobalSecondaryIndexes", true)] {
            guard let list = try r.array(field) else { continue }
            if list.isEmpty {
                throw DynamoError.validation("One or more parameter values were invalid: List of \(field) is empty")
            }
            for entry in list {
                let index = try parseIndex(try JSONReader(entry), global: global, types: types)
                if !index.isGlobal { try checkLocalIndex(index, table: keySchema) }
                if indexes.contains(where: { $0.name == index.name }) {
                    throw DynamoError.validation(
                        "One or more parameter values were invalid: Duplicate index name: \(index.name)")
                }
                indexes.append(index)
            }
        }
        let lsiCount = indexes.filter { !$0.isGlobal }.count
        for (count, kind, limit) in [(lsiCount, "Local", 5), (indexes.count - lsiCount, "Global", 20)]
        where count > limit {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Number of \(kind)SecondaryIndexes exceeds per-table "
                    + "limit of \(limit)"
            )
        }
        return indexes
    }

    /// A local index shares the table's partition key, and the table must have a sort key.
    static func checkLocalIndex(_ index: IndexSchema, table keySchema: KeySchema) throws(DynamoError) {
        guard index.keySchema.partition.name == keySchema.partition.name else {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Index KeySchema does not have the same "
                    + "leading hash key as table KeySchema for index: \(index.name). index hash key: "
                    + "\(index.keySchema.partition.name), table hash key: \(keySchema.partition.name)"
            )
        }
        if keySchema.sort == nil {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Table KeySchema does not have a range key, "
                    + "which is required when specifying a LocalSecondaryIndex"
            )
        }
    }

    /// DynamoDB's tag list (`[{"Key": …, "Value": …}]`) as a map, with its limits.
    static func parseTags(_ list: [JSONValue]) throws(DynamoError) -> [String: String] {
        var tags: [String: String] = [:]
        for entry in list {
            let t = try JSONReader(entry)
            let key = try t.requiredString("Key")
            let value = try t.requiredString("Value")
            guard (1...128).contains(key.count) else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(value: "\(key)", at: "tags.member.key")
                        + "Member must have length between 1 and 128"
                )
            }
            guard value.count <= 256 else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(at: "tags.member.value") + "Member "
                        + "must have length less than or equal to 256"
                )
            }
            tags[key] = value
        }
        return tags
    }

    var tagsJSON: JSONValue {
        .array(tags.sorted { $0.key < $1.key }.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }

    static func parseIndex(_ r: JSONReader, global: Bool, types: [String: ScalarType]) throws(DynamoError)
        -> IndexSchema
    {
        let name = try r.requiredString("IndexName")
        try validateName(name, field: "indexName")
        let keys = try parseKeySchema(try r.array("KeySchema"), types: types, context: name, multiAttribute: global)
        if !global, keys.sort == nil {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Index KeySchema does not have a range key for index: "
                    + "\(name)"
            )
        }
        let projection = try parseProjection(try r.reader("Projection"), index: name)
        return IndexSchema(name: name, keySchema: keys, projection: projection, isGlobal: global)
    }

    static func parseProjection(_ r: JSONReader?, index: String) throws(DynamoError) -> IndexProjection {
        guard let r else {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Projection must be specified for index: \(index)")
        }
        let type = try r.string("ProjectionType") ?? "ALL"
        let nonKey = try (r.array("NonKeyAttributes") ?? []).map { (v) throws(DynamoError) -> String in
            guard case .string(let s) = v else { throw DynamoError.serialization("NonKeyAttributes must be strings") }
            return s
        }
        switch type {
        case "ALL", "KEYS_ONLY":
            if !nonKey.isEmpty {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: ProjectionType is \(type), but NonKeyAttributes is "
                        + "specified"
                )
            }
            return type == "ALL" ? .all : .keysOnly
        case "INCLUDE":
            if nonKey.isEmpty {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: NonKeyAttributes must not be empty when "
                        + "ProjectionType is INCLUDE"
                )
            }
            if nonKey.count > 100 {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Number of projected attributes in all indexes "
                        + "exceeds limit of 100"
                )
            }
            return .include(nonKey)
        default:
            throw DynamoError.validation(
                "1 validation error detected: Value '\(type)' at 'projection.projectionType' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]"
            )
        }
    }

    var attributeDefinitionsJSON: JSONValue {
        .array(
            keyAttributeTypes.sorted { $0.key < $1.key }.map {
                ["AttributeName": .string($0.key), "AttributeType": .string($0.value.rawValue)]
            })
    }

    var arn: String { "arn:aws:dynamodb:local:000000000000:table/\(name)" }

    func streamArn(label: String) -> String { "\(arn)/stream/\(label)" }

    /// DynamoDB's TableDescription, with counts supplied by the store.
    func descriptionJSON(itemCount: Int, sizeBytes: Int, indexCounts: [String: (Int, Int)]) -> JSONValue {
        var table: [String: JSONValue] = [
            "TableName": .string(name),
            "TableArn": .string(arn),
            "TableId": .string(tableId),
            "TableStatus": "ACTIVE",
            "CreationDateTime": .number(String(format: "%.3f", createdAt)),
            "KeySchema": keySchema.json,
            "AttributeDefinitions": attributeDefinitionsJSON,
            "ItemCount": .int(itemCount),
            "TableSizeBytes": .int(sizeBytes),
            "BillingModeSummary": [
                "BillingMode": .string(billingMode),
                "LastUpdateToPayPerRequestDateTime": .number(String(format: "%.3f", createdAt)),
            ],
            "ProvisionedThroughput": [
                "ReadCapacityUnits": .int(readCapacity), "WriteCapacityUnits": .int(writeCapacity),
                "NumberOfDecreasesToday": 0,
            ],
            "DeletionProtectionEnabled": .bool(deletionProtection),
        ]
        if let streamViewType {
            table["StreamSpecification"] = ["StreamEnabled": true, "StreamViewType": .string(streamViewType)]
        }
        if let latestStreamLabel {
            table["LatestStreamLabel"] = .string(latestStreamLabel)
            table["LatestStreamArn"] = .string(streamArn(label: latestStreamLabel))
        }
        var lsis: [JSONValue] = []
        var gsis: [JSONValue] = []
        for index in indexes {
            let counts = indexCounts[index.name] ?? (0, 0)
            var d: [String: JSONValue] = [
                "IndexName": .string(index.name),
                "KeySchema": index.keySchema.json,
                "Projection": index.projection.json,
                "IndexArn": .string("\(arn)/index/\(index.name)"),
                "ItemCount": .int(counts.0),
                "IndexSizeBytes": .int(counts.1),
            ]
            if index.isGlobal {
                d["IndexStatus"] = index.backfilling ? "CREATING" : "ACTIVE"
                if index.backfilling { d["Backfilling"] = true }
                d["ProvisionedThroughput"] = [
                    "ReadCapacityUnits": 0, "WriteCapacityUnits": 0, "NumberOfDecreasesToday": 0,
                ]
                gsis.append(.object(d))
            } else {
                lsis.append(.object(d))
            }
        }
        if !lsis.isEmpty { table["LocalSecondaryIndexes"] = .array(lsis) }
        if !gsis.isEmpty { table["GlobalSecondaryIndexes"] = .array(gsis) }
        return .object(table)
    }

    /// A stable id derived from the name and creation time, shaped like DynamoDB's UUIDs.
    var tableId: String {
        var h: UInt64 = 14_695_981_039_346_656_037
        for b in "\(name)@\(createdAt)".utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
        let hex = String(h, radix: 16).leftPadded(to: 16)
        let more = String(h &* 31 &+ 7, radix: 16).leftPadded(to: 16)
        let all = Array(hex + more)
        return [all[0..<8], all[8..<12], all[12..<16], all[16..<20], all[20..<32]].map { String($0) }
            .joined(separator: "-")
    }

    /// The form kept in the database: CreateTable's fields plus time and TTL.
    var storageJSON: JSONValue {
        var o: [String: JSONValue] = [
            "TableName": .string(name),
            "KeySchema": keySchema.json,
            "AttributeDefinitions": attributeDefinitionsJSON,
            "BillingMode": .string(billingMode),
            "CreationDateTime": .number(String(format: "%.3f", createdAt)),
            "TimeToLiveEnabled": .bool(ttlEnabled),
        ]
        if let ttlAttribute { o["TimeToLiveAttribute"] = .string(ttlAttribute) }
        if billingMode == "PROVISIONED" {
            o["ProvisionedThroughput"] = [
                "ReadCapacityUnits": .int(readCapacity), "WriteCapacityUnits": .int(writeCapacity),
            ]
        }
        if !tags.isEmpty { o["Tags"] = tagsJSON }
        if deletionProtection { o["DeletionProtectionEnabled"] = true }
        if pointInTimeRecovery { o["PointInTimeRecoveryEnabled"] = true }
        if let streamViewType {
            o["StreamSpecification"] = ["StreamEnabled": true, "StreamViewType": .string(streamViewType)]
        }
        if let latestStreamLabel, let latestStreamID {
            o["LatestStreamLabel"] = .string(latestStreamLabel)
            o["LatestStreamId"] = .int(Int(latestStreamID))
        }
        let lsis = indexes.filter { !$0.isGlobal }
        let gsis = indexes.filter(\.isGlobal)
        func indexJSON(_ i: IndexSchema) -> JSONValue {
            var o: [String: JSONValue] = [
                "IndexName": .string(i.name), "KeySchema": i.keySchema.json, "Projection": i.projection.json,
            ]
            if i.backfilling { o["Backfilling"] = true }
            return .object(o)
        }
        if !lsis.isEmpty { o["LocalSecondaryIndexes"] = .array(lsis.map(indexJSON)) }
        if !gsis.isEmpty { o["GlobalSecondaryIndexes"] = .array(gsis.map(indexJSON)) }
        return .object(o)
    }

    /// CreateTable's billing rules, checked for new tables only (stored ones load as they were):
    /// on-demand takes no capacity, provisioned needs both units.
    static func checkBilling(_ r: JSONReader) throws(DynamoError) {
        let billing = try r.string("BillingMode") ?? "PROVISIONED"
        let throughput = try r.objectValue("ProvisionedThroughput")
        if billing == "PAY_PER_REQUEST", throughput != nil {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be "
                    + "specified when BillingMode is PAY_PER_REQUEST")
        }
        if billing == "PROVISIONED", throughput?["ReadCapacityUnits"] == nil || throughput?["WriteCapacityUnits"] == nil
        {
            throw DynamoError.validation(
                "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
                    + "specified when BillingMode is PROVISIONED")
        }
    }

    static func fromStorage(_ json: JSONValue) throws(DynamoError) -> TableSchema {
        let r = try JSONReader(json)
        let created = Double(r.object["CreationDateTime"]?.numberText ?? "0") ?? 0
        var schema = try fromCreateRequest(r, now: created)
        schema.billingMode = try r.string("BillingMode") ?? "PAY_PER_REQUEST"
        schema.ttlAttribute = try r.string("TimeToLiveAttribute")
        schema.ttlEnabled = try r.bool("TimeToLiveEnabled") ?? false
        schema.pointInTimeRecovery = try r.bool("PointInTimeRecoveryEnabled") ?? false
        schema.streamViewType = try r.reader("StreamSpecification")?.string("StreamViewType")
        schema.latestStreamLabel = try r.string("LatestStreamLabel")
        schema.latestStreamID = try r.int("LatestStreamId").map(Int64.init)
        let backfilling = Set(
            (try r.array("GlobalSecondaryIndexes") ?? []).filter { $0["Backfilling"] == true }
                .compactMap { $0["IndexName"]?.stringValue })
        for i in schema.indexes.indices where backfilling.contains(schema.indexes[i].name) {
            schema.indexes[i].backfilling = true
        }
        return schema
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
