import DynamoCore
import DynamoTools

/// A table's items, one page at a time, with the call that read each page.
///
/// Pages are fetched with the tool's `cursor`; the cursor of every page seen is kept, so going
/// back never walks from the start. Only a window of pages around the current one keeps its
/// items, so memory stays flat however far the user pages.
public struct BrowserState: Equatable, Sendable {
    public var table: String
    public var keyAttributes: [String]
    public var pageSize: Int
    /// `cursors[i]` fetches page i (`cursors[0]` is nil: the first page).
    public var cursors: [String?] = [nil]
    public var pages: [Int: Page] = [:]
    public var pageIndex = 0
    /// The page a running call will bring, if any.
    public var loadingPage: Int?
    public var selected = 0
    public var top = 0
    /// How many non-key columns are scrolled off to the left.
    public var columnOffset = 0
    /// How often each attribute occurs in the pages loaded so far: orders the columns.
    public var attributeCounts: [String: Int] = [:]

    /// Pages kept with their items on each side of the current one.
    static let cacheRadius = 5

    public struct Page: Equatable, Sendable {
        public var items: [JSONValue]
        public var count: Int
        public var scanned: Int
        public var hasMore: Bool
        /// The end of the call's summary: `1.2 ms, 12.5 RCU`.
        public var cost: String
    }

    public init(table: String, keyAttributes: [String], pageSize: Int) {
        self.table = table
        self.keyAttributes = keyAttributes
        self.pageSize = pageSize
    }

    public var page: Page? { pages[pageIndex] }
    public var items: [JSONValue] { page?.items ?? [] }
    public var selectedItem: JSONValue? { items.indices.contains(selected) ? items[selected] : nil }

    /// The call that reads page `index`: what the action log shows and an agent can send.
    public func call(forPage index: Int) -> ToolCall {
        var arguments: [String: JSONValue] = ["table": .string(table), "limit": .int(pageSize), "format": "dynamodb"]
        if index < cursors.count, let cursor = cursors[index] { arguments["cursor"] = .string(cursor) }
        return ToolCall(name: "scan", arguments: .object(arguments))
    }

    /// Columns: the key attributes, then the others by how often they occur (ties by name).
    public var columns: [String] {
        let keys = keyAttributes
        let others = attributeCounts.filter { !keys.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        return keys + others
    }

    /// Takes a page the call brought back.
    mutating func receive(page index: Int, result: ToolResult) {
        let structured = result.structured
        let items = structured["items"]?.arrayValue ?? []
        let next = structured["next_cursor"]?.stringValue
        for item in items {
            for name in item.objectValue?.keys ?? [:].keys { attributeCounts[name, default: 0] += 1 }
        }
        let page = Page(items: items, count: structured["count"]?.intValue ?? items.count,
                        scanned: structured["scanned_count"]?.intValue ?? items.count,
                        hasMore: next != nil, cost: Self.cost(of: result.summary))
        pages[index] = page
        if next != nil {
            if cursors.count == index + 1 { cursors.append(next) } else if cursors.count > index + 1 { cursors[index + 1] = next }
        }
        show(page: index)
    }

    mutating func show(page index: Int) {
        if index != pageIndex { selected = 0; top = 0 }
        pageIndex = index
        pages = pages.filter { abs($0.key - index) <= Self.cacheRadius }
    }

    /// `1.2 ms, 12.5 RCU` from a summary that ends `(1.2 ms, 12.5 RCU)`.
    static func cost(of summary: String) -> String {
        guard summary.hasSuffix(")"), let open = summary.lastIndex(of: "(") else { return "" }
        return String(summary[summary.index(after: open)..<summary.index(before: summary.endIndex)])
    }
}
