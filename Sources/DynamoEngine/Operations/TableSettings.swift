import DynamoCore
import GRDB

/// Table settings that SDK-based tools read and write around tables: tags, point-in-time recovery
/// (stored and reported; there is nothing to restore from) and account limits.
extension EmbeddedEngine {
    /// DescribeLimits: DynamoDB's default account and table quotas.
    static let limits: JSONValue = [
        "AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000,
    ]
    static let maxTagsPerResource = 50

    /// Stores a changed schema and publishes it to the catalog.
    func save(_ handle: TableHandle) throws(DynamoError) {
        try database {
            try writer.write { db in try storeSchema(db, handle) }
        }
    }

    /// The table a resource ARN names (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`).
    func handle(arn: String) throws(DynamoError) -> TableHandle {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "dynamodb", parts[5].hasPrefix("table/") else {
            throw DynamoError.validation("Invalid TableArn: Invalid ResourceArn provided as input \(arn)")
        }
        let name = String(parts[5].dropFirst("table/".count))
        if name.contains("/") {
            // An index (`table/T/index/I`) or a stream: DynamoDB tags tables only.
            throw DynamoError.validation("Invalid TableArn: Invalid ResourceArn provided as input \(arn)")
        }
        guard let handle = catalog.withLock({ $0[name] }) else {
            throw DynamoError.resourceNotFound("Requested resource not found: ResourcArn: \(arn) not found")
        }
        return handle
    }

    func tagResource(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        var handle = try handle(arn: try r.requiredString("ResourceArn"))
        guard let list = try r.array("Tags") else {
            throw DynamoError.validation(DynamoError.constraintPrefix(nullAt: "tags") + "Member must not be null")
        }
        guard !list.isEmpty else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "[]", at: "tags")
                    + "Member must have length greater than or equal to 1")
        }
        let tags = try TableSchema.parseTags(list)
        handle.schema.tags.merge(tags) { _, new in new }
        if handle.schema.tags.count > Self.maxTagsPerResource {
            throw DynamoError(
                type: "LimitExceededException",
                message: "The number of tags exceeds the limit of \(Self.maxTagsPerResource)")
        }
        try save(handle)
        return .object([:])
    }

    func untagResource(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        var handle = try handle(arn: try r.requiredString("ResourceArn"))
        for key in try r.array("TagKeys") ?? [] {
            if let key = key.stringValue { handle.schema.tags[key] = nil }
        }
        try save(handle)
        return .object([:])
    }

    func listTagsOfResource(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let handle = try handle(arn: try r.requiredString("ResourceArn"))
        return ["Tags": handle.schema.tagsJSON]
    }

    func continuousBackups(_ schema: TableSchema) -> JSONValue {
        [
            "ContinuousBackupsDescription": [
                "ContinuousBackupsStatus": "ENABLED",
                "PointInTimeRecoveryDescription": [
                    "PointInTimeRecoveryStatus": schema.pointInTimeRecovery ? "ENABLED" : "DISABLED"
                ],
            ]
        ]
    }

    func describeContinuousBackups(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let name = try r.requiredString("TableName")
        guard let handle = catalog.withLock({ $0[name] }) else { throw DynamoError.tableNotFound(name) }
        return continuousBackups(handle.schema)
    }

    func updateContinuousBackups(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let name = try r.requiredString("TableName")
        guard var handle = catalog.withLock({ $0[name] }) else { throw DynamoError.tableNotFound(name) }
        guard let spec = try r.reader("PointInTimeRecoverySpecification"),
            let enabled = try spec.bool("PointInTimeRecoveryEnabled")
        else {
            throw DynamoError.validation(
                "1 validation error detected: Value null at 'pointInTimeRecoverySpecification' failed to satisfy "
                    + "constraint: Member must not be null"
            )
        }
        handle.schema.pointInTimeRecovery = enabled
        try save(handle)
        return continuousBackups(handle.schema)
    }
}
