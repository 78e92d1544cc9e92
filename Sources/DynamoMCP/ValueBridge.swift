import DynamoCore
import Foundation
import MCP

/// Converts between the MCP SDK's `Value` and our exact `JSONValue`.
///
/// The SDK decodes JSON numbers into Int or Double, so a number with more than 15–17 significant
/// digits reaching us through MCP may already be rounded; agents that need exact big numbers send
/// them with `format: "dynamodb"` (numbers as strings). Results are also sent as exact JSON text.
enum ValueBridge {
    static func json(_ value: Value) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(String(i))
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { return .number(String(Int(d))) }
            return d.isFinite ? .number("\(d)") : .null
        case .string(let s): return .string(s)
        case .data(_, let data): return .string(data.base64EncodedString())
        case .array(let a): return .array(a.map(json))
        case .object(let o): return .object(o.mapValues(json))
        }
    }

    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let text):
            if let i = Int(text) { return .int(i) }
            return .double(Double(text) ?? 0)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(value))
        case .object(let o): return .object(o.mapValues(value))
        }
    }
}
