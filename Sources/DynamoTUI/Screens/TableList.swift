import DynamoCore
import DynamoTools
import Foundation

/// The first screen: every table with its size, keys, indexes and billing mode.
public struct TableListState: Equatable, Sendable {
    public var names: [String] = []
    public var details: [String: TableSummary] = [:]
    public var selected = 0
    public var top = 0
    /// Narrows the list by name (case-insensitive substring) as the user types after `/`.
    public var filter = ""
    public var filtering = false
    public var loaded = false
    /// Why the last `list_tables` failed; the list then says so instead of "no tables".
    public var loadError: String?

    public var visibleNames: [String] {
        guard !filter.isEmpty else { return names }
        return names.filter { $0.localizedCaseInsensitiveContains(filter) }
    }

    public var selectedName: String? {
        let visible = visibleNames
        return visible.indices.contains(selected) ? visible[selected] : nil
    }

    mutating func move(to row: Int) {
        selected = max(0, min(row, visibleNames.count - 1))
    }
}

/// What `describe_table` says about a table, reduced to what the screens show.
public struct TableSummary: Equatable, Sendable {
    public typealias KeyPart = KeySchemaCheck.KeyAttribute
    public struct Index: Equatable, Sendable {
        public var name: String
        public var isGlobal: Bool
        public var keys: [KeyPart]
        /// Items and bytes in the index (a sparse GSI holds fewer than the table).
        public var itemCount = 0
        public var sizeBytes = 0
    }

    public var itemCount: Int
    public var sizeBytes: Int
    public var keys: [KeyPart]
    public var indexes: [Index]
    public var billing: String

    /// Reads DynamoDB's `TableDescription`.
    public init(description t: JSONValue) {
        func keyParts(_ schema: JSONValue?) -> [KeyPart] { KeySchemaCheck.keyAttributes(schema, t) }
        itemCount = t["ItemCount"]?.intValue ?? 0
        sizeBytes = t["TableSizeBytes"]?.intValue ?? 0
        keys = keyParts(t["KeySchema"])
        let gsis = (t["GlobalSecondaryIndexes"]?.arrayValue ?? []).map {
            Index(
                name: $0["IndexName"]?.stringValue ?? "?", isGlobal: true, keys: keyParts($0["KeySchema"]),
                itemCount: $0["ItemCount"]?.intValue ?? 0, sizeBytes: $0["IndexSizeBytes"]?.intValue ?? 0)
        }
        let lsis = (t["LocalSecondaryIndexes"]?.arrayValue ?? []).map {
            Index(
                name: $0["IndexName"]?.stringValue ?? "?", isGlobal: false, keys: keyParts($0["KeySchema"]),
                itemCount: $0["ItemCount"]?.intValue ?? 0, sizeBytes: $0["IndexSizeBytes"]?.intValue ?? 0)
        }
        indexes = gsis + lsis
        billing =
            t["BillingModeSummary"]?["BillingMode"]?.stringValue
            ?? (t["ProvisionedThroughput"]?["ReadCapacityUnits"]?.intValue ?? 0 > 0 ? "PROVISIONED" : "PAY_PER_REQUEST")
    }

    public var keyAttributeNames: [String] { keys.map(\.name) }

    /// `pk (S), sk (S)`
    public var keyLabel: String { keys.map { "\($0.name) (\($0.type))" }.joined(separator: ", ") }

    /// `GSI1, LSI1 (local)`
    public var indexLabel: String {
        indexes.isEmpty ? "—" : indexes.map { $0.isGlobal ? $0.name : "\($0.name) (local)" }.joined(separator: ", ")
    }

    public var billingLabel: String { billing == "PAY_PER_REQUEST" ? "on-demand" : billing.lowercased() }
}

/// Byte counts as people read them: `812 B`, `4.2 KB`, `13 MB`.
public func formatBytes(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
        value /= 1000
        unit += 1
    }
    if unit == 0 { return "\(bytes) B" }
    return value < 10 ? "\(String(format: "%.1f", value)) \(units[unit])" : "\(Int(value.rounded())) \(units[unit])"
}
