import DynamoCore

/// One whole item, pretty-printed and scrollable, in plain or DynamoDB JSON.
public struct ItemState: Equatable, Sendable {
    public enum Format: Equatable, Sendable { case plain, dynamodb }

    public var table: String
    /// The item as DynamoDB JSON: the lossless form everything else is made from.
    public var item: JSONValue
    public var format: Format = .plain
    public var scroll = 0
    /// `/` in the item view: the text searched for (case-insensitive), and whether it is being typed.
    public var search = ""
    public var typingSearch = false

    public init(table: String, item: JSONValue) {
        self.table = table
        self.item = item
    }

    /// The item's text in the chosen format. Plain JSON keeps numbers exact (their text is copied)
    /// and marks sets and binary with `$ss`/`$b` tags; an item plain JSON cannot spell falls back
    /// to DynamoDB JSON with a note.
    public var lines: [String] {
        switch format {
        case .dynamodb:
            return item.prettyText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        case .plain:
            do {
                let plain = try PlainJSON.encodeItem(try TypedJSON.decodeItem(item))
                return plain.prettyText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            } catch {
                return ["(plain JSON cannot show this item: \(error.message); showing DynamoDB JSON)"]
                    + item.prettyText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
        }
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
