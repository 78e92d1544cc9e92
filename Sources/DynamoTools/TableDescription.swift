import DynamoCore

/// DynamoDB's `TableDescription`, decoded once into values: keys with their types, indexes with
/// their keys, projection and counts, billing and capacity. The tools, the dry run, the TUI and the
/// MCP data model read a table through this one type instead of each picking the JSON apart.
///
/// ```swift
/// let shop = TableDescription(describeTableOutput["Table"] ?? .null)
/// shop.keys.map(\.name)            // ["pk", "sk"]
/// shop.index(named: "GSI1")?.keys  // [gsi1pk (S), gsi1sk (S)]
/// ```
public struct TableDescription: Equatable, Sendable {
    public typealias KeyPart = KeySchemaCheck.KeyAttribute

    public struct Index: Equatable, Sendable {
        public var name: String
        public var isGlobal: Bool
        /// The index's key, partition key first, with types from the table's attribute definitions.
        public var keys: [KeyPart]
        /// `ALL`, `KEYS_ONLY` or `INCLUDE` (with `nonKeyAttributes`).
        public var projectionType = "ALL"
        public var nonKeyAttributes: [String] = []
        /// Items and bytes in the index (a sparse GSI holds fewer than the table).
        public var itemCount = 0
        public var sizeBytes = 0
    }

    public var name: String
    public var itemCount: Int
    public var sizeBytes: Int
    public var keys: [KeyPart]
    /// Global indexes first, then local ones, as DescribeTable lists them.
    public var indexes: [Index]
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    public var billing: String
    public var readCapacity: Int
    public var writeCapacity: Int

    public init(_ t: JSONValue) {
        func keyParts(_ schema: JSONValue?) -> [KeyPart] { KeySchemaCheck.keyAttributes(schema, t) }
        func index(_ json: JSONValue, global: Bool) -> Index {
            Index(
                name: json["IndexName"]?.stringValue ?? "?", isGlobal: global, keys: keyParts(json["KeySchema"]),
                projectionType: json["Projection"]?["ProjectionType"]?.stringValue ?? "ALL",
                nonKeyAttributes: (json["Projection"]?["NonKeyAttributes"]?.arrayValue ?? []).compactMap(\.stringValue),
                itemCount: json["ItemCount"]?.intValue ?? 0, sizeBytes: json["IndexSizeBytes"]?.intValue ?? 0)
        }
        name = t["TableName"]?.stringValue ?? ""
        itemCount = t["ItemCount"]?.intValue ?? 0
        sizeBytes = t["TableSizeBytes"]?.intValue ?? 0
        keys = keyParts(t["KeySchema"])
        indexes =
            (t["GlobalSecondaryIndexes"]?.arrayValue ?? []).map { index($0, global: true) }
            + (t["LocalSecondaryIndexes"]?.arrayValue ?? []).map { index($0, global: false) }
        readCapacity = t["ProvisionedThroughput"]?["ReadCapacityUnits"]?.intValue ?? 0
        writeCapacity = t["ProvisionedThroughput"]?["WriteCapacityUnits"]?.intValue ?? 0
        billing =
            t["BillingModeSummary"]?["BillingMode"]?.stringValue
            ?? (readCapacity > 0 ? "PROVISIONED" : "PAY_PER_REQUEST")
    }

    public var keyAttributeNames: [String] { keys.map(\.name) }

    public func index(named name: String) -> Index? { indexes.first { $0.name == name } }

    /// The keys a read uses: the index's when it names one, else the table's (empty for an unknown index).
    public func keys(forIndex name: String?) -> [KeyPart] {
        guard let name else { return keys }
        return index(named: name)?.keys ?? []
    }

    /// `(Shop has: GSI1, ByCreatedAt)`: what an unknown-index error adds.
    public var indexList: String {
        "(\(name) has: \(indexes.isEmpty ? "no indexes" : indexes.map(\.name).joined(separator: ", ")))"
    }

    /// `pk (S), sk (S)`
    public var keyLabel: String { keys.map { "\($0.name) (\($0.type))" }.joined(separator: ", ") }

    /// `GSI1, LSI1 (local)`
    public var indexLabel: String {
        indexes.isEmpty ? "—" : indexes.map { $0.isGlobal ? $0.name : "\($0.name) (local)" }.joined(separator: ", ")
    }

    public var billingLabel: String { billing == "PAY_PER_REQUEST" ? "on-demand" : billing.lowercased() }
}
