import DynamoCore
import Foundation

/// Opaque pagination cursors: versioned, and bound to the table, index and query they came from,
/// so a cursor replayed against a different query is refused instead of returning wrong pages.
enum Cursor {
    static let version = 1

    /// A fingerprint of the arguments that define the result set (not the paging ones).
    static func fingerprint(_ args: ToolArguments, tool: String) -> String {
        let paging: Set<String> = ["cursor", "limit", "all", "max_items", "format"]
        let defining = args.values.filter { !paging.contains($0.key) }
        var h: UInt64 = 14_695_981_039_346_656_037
        for b in "\(tool)|\(JSONValue.object(defining).jsonText)".utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
        return String(h, radix: 36)
    }

    static func encode(_ args: ToolArguments, tool: String, state: JSONValue) -> String {
        let payload: JSONValue = ["v": .int(version), "f": .string(fingerprint(args, tool: tool)), "s": state]
        return Data(payload.jsonBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
    }

    static func decode(_ text: String, _ args: ToolArguments, tool: String) throws(DynamoError) -> JSONValue {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let json = try? JSONValue.parse(bytes: [UInt8](data)),
            json["v"]?.intValue == version, let state = json["s"]
        else {
            throw DynamoError.validation(
                "arguments.cursor: not a cursor from this tool (pass next_cursor exactly as returned)")
        }
        guard json["f"]?.stringValue == fingerprint(args, tool: tool) else {
            throw DynamoError.validation(
                "arguments.cursor: this cursor belongs to a different \(tool) (table, index, conditions or "
                    + "projection changed); "
                    + "drop cursor to read from the first page, or send the call that gave it unchanged")
        }
        return state
    }
}
