import DynamoCore

/// Rows written to a file (`x` in the browser), in the format the file name asks for.
public enum Export {
    public enum Format: String, Equatable, Sendable {
        /// One plain JSON item per line (`.jsonl`, and any other name).
        case jsonLines = "JSON lines"
        /// One JSON array of plain items (`.json`).
        case jsonArray = "JSON array"
        /// The browser's columns, one row per item (`.csv`).
        case csv = "CSV"
        /// One `{"Item": {…}}` per line in DynamoDB JSON, as DynamoDB's own exports write (`.ddb.jsonl`).
        case dynamodb = "DynamoDB JSON lines"

        public init(path: String) {
            let lower = path.lowercased()
            self =
                lower.hasSuffix(".csv")
                ? .csv
                : lower.hasSuffix(".ddb.jsonl")
                    ? .dynamodb
                    : lower.hasSuffix(".json") ? .jsonArray : .jsonLines
        }
    }

    /// The file's text for the items (as the browser holds them).
    public static func text(_ items: [Item], columns: [String], format: Format) -> String {
        switch format {
        case .jsonLines:
            return items.map { plainOrTyped($0).jsonText + "\n" }.joined()
        case .jsonArray:
            guard !items.isEmpty else { return "[]\n" }
            return "[\n" + items.map { "  " + plainOrTyped($0).jsonText }.joined(separator: ",\n") + "\n]\n"
        case .dynamodb:
            return items.map { JSONValue.object(["Item": TypedJSON.encodeItem($0)]).jsonText + "\n" }.joined()
        case .csv:
            var lines = [columns.map(csvField).joined(separator: ",")]
            for item in items {
                lines.append(columns.map { csvField(cellText(item[$0])) }.joined(separator: ","))
            }
            return lines.joined(separator: "\r\n") + "\r\n"
        }
    }

    /// An item in plain JSON, or in DynamoDB JSON when plain JSON cannot spell it.
    static func plainOrTyped(_ item: Item) -> JSONValue {
        (try? PlainJSON.encodeItem(item)) ?? TypedJSON.encodeItem(item)
    }

    /// A cell as CSV holds it: strings and numbers as they are, other values as plain JSON.
    static func cellText(_ value: AttributeValue?) -> String {
        switch value {
        case nil: return ""
        case .s(let text): return text
        case .n(let number): return number.description
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case let value?: return ((try? PlainJSON.encode(value)) ?? TypedJSON.encode(value)).jsonText
        }
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
    static func csvField(_ raw: String) -> String {
        // Control characters other than line breaks and tabs (ESC above all) would act on the
        // terminal of whoever prints the file: they are written as their visible control pictures.
        let text =
            raw.unicodeScalars.contains(where: isUnsafeControl)
            ? String(String.UnicodeScalarView(raw.unicodeScalars.map(controlPicture))) : raw
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func isUnsafeControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && !"\t\r\n".unicodeScalars.contains(scalar)) || (0x7f...0x9f).contains(scalar.value)
    }

    /// ESC → ␛ (U+241B): C0 controls and DEL have pictures; C1 controls become U+FFFD.
    static func controlPicture(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard isUnsafeControl(scalar) else { return scalar }
        if scalar.value < 0x20 { return Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}" }
        return scalar.value == 0x7f ? "\u{2421}" : "\u{FFFD}"
    }
}
