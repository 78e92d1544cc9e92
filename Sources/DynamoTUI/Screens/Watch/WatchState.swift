import DynamoCore
import DynamoTools
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One row of the Watch screen: an item change (from a stream) or, when reads are shown, a read
/// from the journal.
public struct WatchEntry: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case change(ChangeFeed.Change)
        case read(JournalEntry)
    }

    public var source: Source
    public var time: Double
    public var who: String
    public var table: String
    /// The item's key values, `CUSTOMER#C0001 · PROFILE`.
    public var key: String
    /// INSERT, MODIFY, REMOVE, or READ.
    public var event: String
    /// What changed in one line: `rating 8.1 → 8.4 · +tags ["new"] · −draft`.
    public var diff: String

    public var change: ChangeFeed.Change? {
        if case .change(let change) = source { return change }
        return nil
    }

    init(change: ChangeFeed.Change, keyNames: [String]? = nil) {
        source = .change(change)
        time = change.time
        who = change.origin?.who ?? (change.byService ? "ttl (DynamoDB)" : "—")
        table = change.table
        key = WatchDiff.keyText(change.keys, names: keyNames)
        event = change.event
        diff = WatchDiff.summary(event: change.event, old: change.oldImage, new: change.newImage)
    }

    init(read: JournalEntry) {
        source = .read(read)
        time = read.time
        who = read.origin.who
        table = read.origin.arguments?["table"]?.stringValue ?? ""
        key = read.origin.arguments?["key"].map(WatchDiff.compact) ?? ""
        event = "READ"
        diff = read.origin.tool ?? ""
        if let args = read.origin.arguments?.objectValue {
            let shown = args.filter { !["table", "key", "format"].contains($0.key) }
            if !shown.isEmpty { diff += " " + WatchDiff.compact(.object(shown)) }
        }
    }

    /// The text `/` matches: table, key, who, event and the diff.
    var searchText: String { [table, key, who, event, diff].joined(separator: " ").lowercased() }
}

/// The Watch screen (`w`): a live feed of item changes, newest at the bottom, following unless
/// scrolled; undo of one change (`u`) or of every change from the selected one (`U`).
public struct WatchState: Equatable, Sendable {
    /// The table watched; nil watches every table with a stream.
    public var table: String?
    public var entries: [WatchEntry] = []
    /// Where the next read of the streams starts (nil: the first read, which takes the newest kept).
    public var cursor: ChangeFeed.Cursor?
    /// The newest journal call seen, for reads.
    public var journalAfter: Int64 = 0
    public var showReads = false { didSet { refreshShown() } }
    public var paused = false
    /// The selected row among the shown ones, and the first row drawn.
    public var selected = 0
    public var top = 0
    /// True while the selection sits on the newest row: new rows move it along.
    public var following = true
    public var filter = "" { didSet { refreshShown() } }
    public var typingFilter = false
    public var tablesWithoutStream: [String] = []
    public var loaded = false
    /// A read of the streams is running: no second one starts.
    public var reading = false
    public var ticksSinceRead = 0
    public var error: String?

    /// Rows kept in memory; older ones drop off the top.
    static let capacity = 5_000
    /// Ticks (a tenth of a second) between reads: changes show within half a second.
    static let readEvery = 5

    public init(table: String?) { self.table = table }

    /// The rows shown: reads only when asked for, and only those matching the `/` filter. Kept, not
    /// computed, so a frame over thousands of rows does not filter them again.
    public private(set) var shown: [WatchEntry] = []

    func isShown(_ entry: WatchEntry) -> Bool {
        (showReads || entry.change != nil) && (filter.isEmpty || entry.searchText.contains(filter.lowercased()))
    }

    mutating func refreshShown() { shown = entries.filter(isShown) }

    public var selectedEntry: WatchEntry? {
        let rows = shown
        return rows.indices.contains(selected) ? rows[selected] : nil
    }

    /// Adds what a read found, oldest first, and keeps following the newest row if it was.
    mutating func receive(
        changes: [ChangeFeed.Change], reads: [JournalEntry], keyNames: (String) -> [String]? = { _ in nil }
    ) {
        var fresh = changes.map { WatchEntry(change: $0, keyNames: keyNames($0.table)) }
        fresh += reads.filter(\.readOnly).map(WatchEntry.init(read:))
        fresh.sort { $0.time < $1.time }
        guard !fresh.isEmpty else { return }
        let wasAtEnd = following || shown.isEmpty
        entries += fresh
        if entries.count > Self.capacity {
            entries.removeFirst(entries.count - Self.capacity)
            refreshShown()
        } else {
            shown += fresh.filter(isShown)
        }
        if wasAtEnd { selected = max(0, shown.count - 1) }
        selected = min(selected, max(0, shown.count - 1))
    }

    /// Moves the selection; leaving the newest row stops following, reaching it again resumes.
    mutating func move(to row: Int) {
        let count = shown.count
        selected = max(0, min(row, count - 1))
        following = selected >= count - 1
    }

    /// Keeps the selected row between `top` and `top + rows`.
    mutating func scrollIntoView(rows: Int) {
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        top = max(0, min(top, max(0, shown.count - rows)))
    }
}

/// Texts of the Watch screen worked out from DynamoDB JSON images.
enum WatchDiff {
    /// A value in compact plain JSON (`"gold"`, `8.4`, `{"a":1}`).
    static func compact(_ json: JSONValue) -> String { json.jsonText }

    static func plain(_ value: AttributeValue) -> String {
        ((try? PlainJSON.encode(value)) ?? TypedJSON.encode(value)).jsonText
    }

    /// One line for a change: changed attributes as `name old → new`, added as `+name value`,
    /// removed as `−name`. An insert or remove lists the item's attributes.
    static func summary(event: String, old: JSONValue?, new: JSONValue?) -> String {
        let before = old.flatMap { try? TypedJSON.decodeItem($0) }
        let after = new.flatMap { try? TypedJSON.decodeItem($0) }
        switch (before, after) {
        case (nil, nil): return "(keys only: the stream keeps no images)"
        case (nil, let item?):
            return (event == "INSERT" ? "" : "now: ")
                + item.keys.sorted().map { "\($0) \(plain(item[$0]!))" }.joined(separator: " · ")
        case (let item?, nil):
            return (event == "REMOVE" ? "was: " : "before: ")
                + item.keys.sorted().map { "\($0) \(plain(item[$0]!))" }.joined(separator: " · ")
        case (let before?, let after?):
            let parts = differences(before, after).map { path, old, new -> String in
                switch (old, new) {
                case (let b?, let a?): return "\(path) \(plain(b)) → \(plain(a))"
                case (nil, let a?): return "+\(path) \(plain(a))"
                default: return "−\(path)"
                }
            }
            return parts.isEmpty ? "(no attribute changed)" : parts.joined(separator: " · ")
        }
    }

    /// What differs between two items, attribute by attribute; maps on both sides are compared inside,
    /// so a change deep in a map reads `info.rating 7.9 → 8.4`, not the whole map twice.
    static func differences(_ before: Item, _ after: Item, prefix: String = "")
        -> [(path: String, old: AttributeValue?, new: AttributeValue?)]
    {
        var out: [(path: String, old: AttributeValue?, new: AttributeValue?)] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            let path = prefix.isEmpty ? name : prefix + "." + name
            switch (before[name], after[name]) {
            case (.m(let b)?, .m(let a)?) where b != a: out += differences(b, a, prefix: path)
            case (let b?, let a?) where b != a: out.append((path, b, a))
            case (nil, let a?): out.append((path, nil, a))
            case (let b?, nil): out.append((path, b, nil))
            default: break
            }
        }
        return out
    }

    /// The key's values, partition key first when the key's names are known: `CUSTOMER#C0001 · PROFILE`.
    static func keyText(_ keys: JSONValue, names: [String]?) -> String {
        guard let item = try? TypedJSON.decodeItem(keys) else { return keys.jsonText }
        let order = (names ?? []).filter { item[$0] != nil } + item.keys.sorted().filter { !(names ?? []).contains($0) }
        return order.compactMap { name -> String? in
            guard let value = item[name] else { return nil }
            if case .s(let s) = value { return s }
            return plain(value)
        }.joined(separator: " · ")
    }

    /// `HH:mm:ss` in the local time zone (with `localtime_r`: a DateFormatter per row cost more than the
    /// rest of the frame).
    static func clock(_ time: Double) -> String {
        var seconds = time_t(time.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
