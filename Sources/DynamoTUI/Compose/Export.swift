import DynamoCore

/// Rows written to a file (`x` in the browser), in the format the file name asks for.
public enum Export {
    public enum Format: String, Equatable, Sendable {
        /// One plain JSON item per line (`.jsonl`, and any other name).
        case jsonLines = "JSON lines"
        /// The browser's columns, one row per item (`.csv`).
        case csv = "CSV"
        /// One `{"Item": {…}}` per line in DynamoDB JSON, as DynamoDB's own exports write (`.json`).
        case dynamodb = "DynamoDB JSON"

        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".csv") ? .csv : lower.hasSuffix(".json") ? .dynamodb : .jsonLines
        }
    }

    /// The file's text for typed items (as the browser holds them).
    public static func text(_ items: [JSONValue], columns: [String], format: Format) -> String {
        switch format {
        case .jsonLines:
            return items.map { item in
                (item.plainItem ?? item).jsonText + "\n"
            }.joined()
        case .dynamodb:
            return items.map { JSONValue.object(["Item": $0]).jsonText + "\n" }.joined()
        case .csv:
            var lines = [columns.map(csvField).joined(separator: ",")]
            for item in items {
                lines.append(columns.map { csvField(cellText(item[$0])) }.joined(separator: ","))
            }
            return lines.joined(separator: "\r\n") + "\r\n"
        }
    }

    /// A cell as CSV holds it: strings and numbers as they are, other values as plain JSON.
    static func cellText(_ typed: JSONValue?) -> String {
        guard let typed, let (tag, payload) = typed.objectValue?.first else { return "" }
        switch tag {
        case "S", "N": return payload.stringValue ?? ""
        case "BOOL": return payload.boolValue.map { $0 ? "true" : "false" } ?? ""
        case "NULL": return "null"
        default:
            let value = (try? TypedJSON.decode(typed)).flatMap { try? PlainJSON.encode($0) }
            return value?.jsonText ?? typed.jsonText
        }
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
