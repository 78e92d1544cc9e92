import DynamoCore
import DynamoTools

/// Items read from a file to load into a table (`I`): the export formats read back.
///
/// - `.jsonl` (and any other name): one plain JSON item per line;
/// - `.json`: one JSON array of plain items;
/// - `.ddb.jsonl`: DynamoDB JSON lines, `{"Item": {…}}` as DynamoDB's own exports write them
///   (a bare typed item per line is taken too).
///
/// Every item comes back typed (DynamoDB JSON), so the batches keep exact numbers, sets and binary.
public enum Import {
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
    }

    /// CSV has no types (is `7` a number or a string?), so it is not read back.
    public static let csvRefusal = Failure(message: "CSV loses types; import .jsonl, .json or .ddb.jsonl")

    /// Parses the whole file first: a bad line stops the import before anything is written.
    public static func items(_ text: String, path: String) -> Result<[JSONValue], Failure> {
        let format = Export.Format(path: path)
        switch format {
        case .csv:
            return .failure(csvRefusal)
        case .jsonArray:
            guard let array = (try? JSONValue.parse(text))?.arrayValue else {
                return .failure(Failure(message: "\(path) is not one JSON array of items"))
            }
            var out: [JSONValue] = []
            for (index, element) in array.enumerated() {
                guard let typed = element.typedItem else {
                    return .failure(Failure(message: "item \(index + 1) is not a plain JSON object item"))
                }
                out.append(typed)
            }
            return .success(out)
        case .jsonLines, .dynamodb:
            var out: [JSONValue] = []
            var number = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                number += 1
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty { continue }
                guard let json = try? JSONValue.parse(trimmed) else {
                    return .failure(Failure(message: "line \(number) is not JSON"))
                }
                let item = format == .dynamodb ? typed(json) : json.typedItem
                guard let item else {
                    let expected = format == .dynamodb ? "{\"Item\": {…}} in DynamoDB JSON" : "a plain JSON object"
                    return .failure(Failure(message: "line \(number) is not \(expected)"))
                }
                out.append(item)
            }
            return .success(out)
        }
    }

    /// A DynamoDB JSON line: `{"Item": {...}}`, or the typed item itself; checked by decoding it.
    static func typed(_ json: JSONValue) -> JSONValue? {
        let item = json["Item"] ?? json
        guard (try? TypedJSON.decodeItem(item)) != nil else { return nil }
        return item
    }
}

/// A file being loaded into a table, a batch at a time, with its progress.
public struct ImportJob: Equatable, Sendable {
    /// Items per `batch_write_item` call (the tool sends them 25 a request, retrying what DynamoDB
    /// leaves unprocessed): big enough to be quick, small enough for a smooth progress bar.
    public static let batchSize = 100
    /// Rounds an item left unprocessed is sent again, after the tool's own retries.
    public static let extraRounds = 3

    public var table: String
    public var path: String
    public var total: Int
    public var queue: [JSONValue]
    public var written = 0
    /// Items DynamoDB still left unprocessed after every retry.
    public var failed = 0
    /// Items sent again, by how many rounds they have had.
    public var round = 0
    public var stopRequested = false

    public init(table: String, path: String, items: [JSONValue]) {
        self.table = table
        self.path = path
        total = items.count
        queue = items
    }

    /// The next call, taking its items off the queue; nil when the queue is empty.
    mutating func nextCall() -> ToolCall? {
        guard !queue.isEmpty, !stopRequested else { return nil }
        let batch = Array(queue.prefix(Self.batchSize))
        queue.removeFirst(batch.count)
        return ToolCall(
            name: "batch_write_item",
            arguments: ["table": .string(table), "format": "dynamodb", "put": .array(batch)])
    }

    /// `Importing shows.jsonl ██████░░░░ 1,200 of 5,000 (24%)`, sized to `width`.
    public func progress(width: Int, stopKey: String = "Esc") -> String {
        let percent = total == 0 ? 100 : written * 100 / total
        let text =
            " \(written) of \(total) (\(percent)%)" + (failed > 0 ? " · \(failed) failed" : "") + " · \(stopKey) stops"
        let label = "Importing \(path) "
        let barWidth = max(0, min(30, width - DisplayWidth.of(label) - DisplayWidth.of(text) - 1))
        let filled = total == 0 ? barWidth : barWidth * written / max(1, total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        return label + bar + text
    }
}
