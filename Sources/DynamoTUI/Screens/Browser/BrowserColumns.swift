import DynamoCore

/// The loaded rows as the user arranged them: columns hidden or moved, rows sorted by a column
/// (a local order: nothing is read again), rows marked for a batch action. All of it is pure
/// state of the browser, so it is kept across pages and tested without a terminal.
public struct ColumnArrangement: Equatable, Sendable {
    /// Non-key columns in the order the user put them; columns not named here follow in the
    /// browser's own order (by how often they occur).
    public var order: [String] = []
    public var hidden: Set<String> = []
    public var sort: ColumnSort?

    /// The non-key columns in the user's order, hidden ones included (the chooser lists them all).
    func arranged(_ natural: [String]) -> [String] {
        let known = Set(natural)
        let pinned = order.filter { known.contains($0) }
        let pinnedSet = Set(pinned)
        return pinned + natural.filter { !pinnedSet.contains($0) }
    }

    /// Moves `name` one place up (−1) or down (+1) among `columns`.
    mutating func move(_ name: String, by step: Int, among columns: [String]) {
        var list = arranged(columns)
        guard let from = list.firstIndex(of: name) else { return }
        let to = max(0, min(list.count - 1, from + step))
        list.remove(at: from)
        list.insert(name, at: to)
        order = list
    }

    /// `s` on a column: ascending, then descending, then the order the read gave.
    mutating func cycleSort(_ name: String) {
        switch sort {
        case let current? where current.column == name && !current.descending:
            sort = ColumnSort(column: name, descending: true)
        case let current? where current.column == name:
            sort = nil
        default:
            sort = ColumnSort(column: name, descending: false)
        }
    }
}

/// Rows ordered by one column: numbers by value, strings and binary by their bytes (DynamoDB's
/// order), anything else by its text; rows without the attribute come last either way.
public struct ColumnSort: Equatable, Sendable {
    public var column: String
    public var descending: Bool

    public var arrow: String { descending ? "▼" : "▲" }

    func sorted(_ items: [Item]) -> [Item] {
        let keyed = items.map { item -> (Item, AttributeValue?, String) in
            (item, item[column], ValueCell(item[column]).text)
        }
        // A stable sort: rows that compare equal keep the read's order.
        let ordered = keyed.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            switch (a.1, b.1) {
            case (nil, nil): return lhs.offset < rhs.offset
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?):
                let order =
                    x.compare(to: y) ?? (a.2 == b.2 ? 0 : (a.2.utf8.lexicographicallyPrecedes(b.2.utf8) ? -1 : 1))
                if order == 0 { return lhs.offset < rhs.offset }
                return descending ? order > 0 : order < 0
            }
        }
        return ordered.map(\.element.0)
    }
}

extension BrowserState {
    /// The columns drawn: keys first (always shown), then the visible others in the user's order.
    public var shownColumns: [String] {
        let keys = keyAttributes
        let others = arrangement.arranged(Array(columns.dropFirst(keys.count)))
        return keys + others.filter { !arrangement.hidden.contains($0) }
    }

    /// The key of a row as text: what marks are kept by (the same row on another page is the same).
    func markKey(_ item: Item) -> String {
        TypedJSON.encodeItem(item.filter { keyAttributes.contains($0.key) }).jsonText
    }

    public func isMarked(_ item: Item) -> Bool { marked[markKey(item)] != nil }

    /// Space: marks the selected row, or unmarks it.
    mutating func toggleMark() {
        guard let item = selectedItem else { return }
        let key = markKey(item)
        if marked[key] == nil { marked[key] = item } else { marked[key] = nil }
    }

    /// `*`: marks every row shown, or unmarks them all when every one is marked already.
    mutating func toggleMarkAll() {
        let rows = items
        if !rows.isEmpty, rows.allSatisfy(isMarked) {
            for row in rows { marked[markKey(row)] = nil }
        } else {
            for row in rows { marked[markKey(row)] = row }
        }
    }

    /// The marked rows in a steady order (by key text), so calls built from them are repeatable.
    public var markedItems: [Item] { marked.keys.sorted().compactMap { marked[$0] } }
}
