import DynamoCore

/// One whole item, pretty-printed and scrollable, in plain or DynamoDB JSON.
public struct ItemState: Equatable, Sendable {
    public enum Format: Equatable, Sendable { case plain, dynamodb }

    public var table: String
    /// The item, typed: the lossless form both texts are made from.
    public var item: Item
    public var format: Format = .plain
    public var scroll = 0
    /// `/` in the item view: the text searched for (case-insensitive), and whether it is being typed.
    public var search = ""
    public var typingSearch = false

    public init(table: String, item: Item) {
        self.table = table
        self.item = item
    }

    /// The item's text in the chosen format. Plain JSON keeps numbers exact (their text is copied)
    /// and marks sets and binary with `$ss`/`$b` tags; an item plain JSON cannot spell falls back
    /// to DynamoDB JSON with a note.
    public var lines: [String] {
        switch format {
        case .dynamodb:
            return Self.lines(TypedJSON.encodeItem(item))
        case .plain:
            do {
                return Self.lines(try PlainJSON.encodeItem(item))
            } catch {
                return ["(plain JSON cannot show this item: \(error.message); showing DynamoDB JSON)"]
                    + Self.lines(TypedJSON.encodeItem(item))
            }
        }
    }

    static func lines(_ json: JSONValue) -> [String] {
        json.prettyText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    public var formatLabel: String { format == .plain ? "plain JSON" : "DynamoDB JSON" }

    /// The wrapped lines (as drawn at `width`) that hold the search text.
    public func matchingLines(width: Int) -> [Int] {
        guard !search.isEmpty else { return [] }
        let needle = search.lowercased()
        return ItemView.wrapped(self, width: width).enumerated().filter { $0.element.lowercased().contains(needle) }
            .map(\.offset)
    }
}
