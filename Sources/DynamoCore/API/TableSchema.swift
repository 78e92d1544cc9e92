/// A key attribute's declared type: DynamoDB keys are strings, numbers or binary.
public enum ScalarType: String, Sendable, Hashable {
    case s = "S", n = "N", b = "B"
}

/// One key attribute of a table or index.
public struct KeyElement: Sendable, Hashable {
    public var name: String
    public var type: ScalarType
    public init(name: String, type: ScalarType) {
        self.name = name
        self.type = type
    }
}

/// A table's or index's primary key: partition key and optional sort key.
///
/// A global secondary index may have a multi-attribute key (DynamoDB, November 2025): up to four
/// partition-key attributes (all matched with `=`) and up to four sort-key attributes (compared in turn).
/// Tables and local indexes have one of each at most; `partition` and `sort` are then the whole key.
public struct KeySchema: Sendable, Hashable {
    public var partitionKeys: [KeyElement]
    public var sortKeys: [KeyElement]

    public init(partition: KeyElement, sort: KeyElement? = nil) {
        self.partitionKeys = [partition]
        self.sortKeys = sort.map { [$0] } ?? []
    }

    public init(partitionKeys: [KeyElement], sortKeys: [KeyElement]) {
        precondition(!partitionKeys.isEmpty, "a key schema has a partition key")
        self.partitionKeys = partitionKeys
        self.sortKeys = sortKeys
    }

    /// The first partition-key attribute (the only one, but for a multi-attribute GSI key).
    public var partition: KeyElement { partitionKeys[0] }
    /// The first sort-key attribute, if any.
    public var sort: KeyElement? { sortKeys.first }
    /// More than one attribute on either side.
    public var isMultiAttribute: Bool { partitionKeys.count > 1 || sortKeys.count > 1 }

    public var names: [String] { partitionKeys.map(\.name) + sortKeys.map(\.name) }

    public var json: JSONValue {
        .array(
            partitionKeys.map { ["AttributeName": .string($0.name), "KeyType": "HASH"] }
                + sortKeys.map { ["AttributeName": .string($0.name), "KeyType": "RANGE"] })
    }
}

/// Which attributes an index copies: keys only, keys plus a list, or all.
public enum IndexProjection: Sendable, Hashable {
    case keysOnly
    case include([String])
    case all

    public var json: JSONValue {
        switch self {
        case .keysOnly: return ["ProjectionType": "KEYS_ONLY"]
        case .all: return ["ProjectionType": "ALL"]
        case .include(let names):
            return ["ProjectionType": "INCLUDE", "NonKeyAttributes": .array(names.map { .string($0) })]
        }
    }
}

/// A local or global secondary index.
public struct IndexSchema: Sendable, Hashable {
    public var name: String
    public var keySchema: KeySchema
    public var projection: IndexProjection
    public var isGlobal: Bool
    /// A global index added to a table with items, still being filled from them (`IndexStatus` CREATING).
    public var backfilling = false

    public init(name: String, keySchema: KeySchema, projection: IndexProjection, isGlobal: Bool) {
        self.name = name
        self.keySchema = keySchema
        self.projection = projection
        self.isGlobal = isGlobal
    }
}

/// Everything that defines a table: keys, indexes, settings.
public struct TableSchema: Sendable, Hashable {
    public var name: String
    public var keySchema: KeySchema
    public var indexes: [IndexSchema]
    public var billingMode: String
    /// Provisioned capacity units (0 on demand): DescribeTable reports what CreateTable or UpdateTable set.
    public var readCapacity = 0
    public var writeCapacity = 0
    public var createdAt: Double
    public var ttlAttribute: String?
    public var ttlEnabled: Bool = false
    /// Tags (TagResource / CreateTable `Tags`).
    public var tags: [String: String] = [:]
    /// Point-in-time recovery as configured (UpdateContinuousBackups); stored and reported only.
    public var pointInTimeRecovery = false
    /// When on, DeleteTable is refused: a guard against deleting the wrong table.
    public var deletionProtection = false
    /// The stream's view type (`KEYS_ONLY`, `NEW_IMAGE`, `OLD_IMAGE`, `NEW_AND_OLD_IMAGES`) while one is on.
    public var streamViewType: String?
    /// The latest stream's label (its creation time) and storage id: kept after the stream is turned
    /// off, as DescribeTable keeps `LatestStreamArn`.
    public var latestStreamLabel: String?
    public var latestStreamID: Int64?

    public init(
        name: String, keySchema: KeySchema, indexes: [IndexSchema] = [], billingMode: String = "PAY_PER_REQUEST",
        createdAt: Double = 0, ttlAttribute: String? = nil
    ) {
        self.name = name
        self.keySchema = keySchema
        self.indexes = indexes
        self.billingMode = billingMode
        self.createdAt = createdAt
        self.ttlAttribute = ttlAttribute
    }

    public func index(named name: String) -> IndexSchema? { indexes.first { $0.name == name } }

    /// Every attribute that is a key of the table or of an index, with its type.
    public var keyAttributeTypes: [String: ScalarType] {
        var out: [String: ScalarType] = [:]
        for schema in [keySchema] + indexes.map(\.keySchema) {
            for element in schema.partitionKeys + schema.sortKeys { out[element.name] = element.type }
        }
        return out
    }
}
