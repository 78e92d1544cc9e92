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
/// What the table list shows of a table: its description, decoded once (`TableDescription`).
public typealias TableSummary = TableDescription

extension TableDescription {
    /// Reads DynamoDB's `TableDescription`.
    public init(description: JSONValue) { self.init(description) }
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
