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
    /// `]` (+1) and `[` (−1) pressed while a page loads: carried out when it arrives, so ten quick
    /// `]` move ten pages.
    public var queuedMoves = 0
    public var selected = 0
    public var top = 0
    /// How many non-key columns are scrolled off to the left.
    public var columnOffset = 0
    /// How often each attribute occurs in the pages loaded so far: orders the columns.
    public var attributeCounts: [String: Int] = [:]
    /// The read whose pages these are: a scan of the table, or the builder's or `:`'s query.
    public var base: ToolCall
    /// `/` narrows the loaded rows by text, with no call.
    public var localFilter = ""
    public var filteringLocally = false
    /// Pages being read one after another (`F`, or `x` with all pages), with their progress.
    public var walk: PageWalk?
    /// Columns hidden, moved or sorted by (`c`): kept across pages and reloads.
    public var arrangement = ColumnArrangement()
    /// Rows marked with Space, by their key's text: `d`, `y` and `t` act on them when any are.
    public var marked: [String: Item] = [:]

    /// Pages kept with their items on each side of the current one.
    static let cacheRadius = 5

    public struct Page: Equatable, Sendable {
        public var items: [Item]
        public var count: Int
        public var scanned: Int
        public var hasMore: Bool
        /// The end of the call's summary: `1.2 ms, 12.5 RCU`.
        public var cost: String
        /// Rows created and deleted here since the page was read: `count` stays the call's own.
        public var created = 0
        public var deleted = 0
    }

    public init(table: String, keyAttributes: [String], pageSize: Int, base: ToolCall? = nil) {
        self.table = table
        self.keyAttributes = keyAttributes
        self.pageSize = pageSize
        self.base =
            base
            ?? ToolCall(
                name: "scan", arguments: ["table": .string(table), "limit": .int(pageSize), "format": "dynamodb"])
    }

    /// The same read from its first page, with nothing loaded.
    func restarted(with base: ToolCall? = nil) -> BrowserState {
        var fresh = BrowserState(
            table: table, keyAttributes: keyAttributes, pageSize: pageSize, base: base ?? self.base)
        fresh.attributeCounts = base == nil ? attributeCounts : [:]
        fresh.arrangement = arrangement
        // Marks name rows by key, so a reload keeps them; a different read starts without any.
        if base == nil { fresh.marked = marked }
        return fresh
    }

    public var page: Page? { pages[pageIndex] }
    /// The rows shown: the page's, or with `/` the loaded rows of every kept page that match.
    public var items: [Item] {
        let rows: [Item]
        if localFilter.isEmpty {
            rows = page?.items ?? []
        } else {
            let columns = self.columns
            rows = loadedItems.filter { Self.matches($0, localFilter, columns: columns) }
        }
        return arrangement.sort.map { $0.sorted(rows) } ?? rows
    }
    /// Every row of the pages kept in memory, in page order.
    public var loadedItems: [Item] { pages.keys.sorted().flatMap { pages[$0]?.items ?? [] } }
    public var selectedItem: Item? { items.indices.contains(selected) ? items[selected] : nil }

    /// Case-insensitive substring over the values as the browser draws them. It looks at the
    /// item's own attributes (not every column seen) and folds case without a locale, so a key
    /// stays far under a frame even when one loaded item has thousands of attributes.
    static func matches(_ item: Item, _ needle: String, columns: [String]) -> Bool {
        let folded = needle.lowercased()
        return item.values.contains { ValueCell($0).text.lowercased().contains(folded) }
    }

    /// True for reads whose items come back in plain JSON rather than DynamoDB JSON.
    var readsPlain: Bool { base.arguments["format"]?.stringValue != "dynamodb" }

    /// `scan`, or `query GSI1 gsi1pk = "STATUS#shipped"`: what the status line names.
    public var sourceLabel: String {
        let index = base.arguments["index_name"]?.stringValue.map { " \($0)" } ?? ""
        var label = base.name + index
        if let keys = base.arguments["key_condition"]?.objectValue {
            // The partition key's equality first, then the sort key's condition.
            func rank(_ entry: (key: String, value: JSONValue)) -> (Int, String) {
                (entry.value["op"] != nil ? 1 : 0, entry.key)
            }
            let parts = keys.sorted { rank($0) < rank($1) }
                .map { name, value in
                    value["op"] != nil
                        ? "\(name) \(value["op"]?.stringValue ?? "") \(value["value"]?.jsonText ?? "")"
                        : "\(name) = \(value.jsonText)"
                }
            label += " " + parts.joined(separator: ", ")
        }
        if let filters = base.arguments["filters"]?.objectValue, !filters.isEmpty {
            label += " + \(filters.count) filter\(filters.count == 1 ? "" : "s")"
        }
        return label
    }

    /// The call that reads page `index`: what the action log shows and an agent can send.
    public func call(forPage index: Int) -> ToolCall {
        call(cursor: index < cursors.count ? cursors[index] : nil)
    }

    /// The read from `cursor` on (from the start when nil).
    func call(cursor: String?) -> ToolCall {
        guard case .object(var arguments) = base.arguments, let cursor else { return base }
        arguments["cursor"] = .string(cursor)
        return ToolCall(name: base.name, arguments: .object(arguments))
    }

    /// Remembers the cursor that reads page `index` (the page after the one just read).
    mutating func keep(cursor: String?, forPage index: Int) {
        if cursors.count > index { cursors[index] = cursor } else if cursors.count == index { cursors.append(cursor) }
    }

    /// Counts the attributes of new rows, which orders the columns.
    mutating func countAttributes(of items: [Item]) {
        for item in items {
            for name in item.keys { attributeCounts[name, default: 0] += 1 }
        }
    }

    /// A page's items as the browser holds them (typed values), from either JSON form the read used.
    func decodedItems(_ result: ToolResult) -> [Item] {
        let items = result.structured["items"]?.arrayValue ?? []
        return items.compactMap { readsPlain ? $0.plainDecodedItem : $0.typedDecodedItem }
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
        let read = ReadResult(result)
        let items = decodedItems(result)
        countAttributes(of: items)
        let page = Page(
            items: items, count: read?.count ?? items.count, scanned: read?.scannedCount ?? items.count,
            hasMore: read?.hasMore ?? false, cost: result.cost)
        pages[index] = page
        if let next = read?.nextCursor { keep(cursor: next, forPage: index + 1) }
        show(page: index)
    }

    mutating func show(page index: Int) {
        if index != pageIndex, localFilter.isEmpty {
            selected = 0
            top = 0
        }
        pageIndex = index
        pages = pages.filter { abs($0.key - index) <= Self.cacheRadius }
    }
}
