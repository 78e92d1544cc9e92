import DynamoCore
import Foundation
import MCP

/// Converts between the MCP SDK's `Value` and our exact `JSONValue`.
///
/// The SDK decodes JSON numbers into Int or Double, so a number with more than 15–17 significant
/// digits reaching us through MCP may already be rounded; agents that need exact big numbers send
/// them with `format: "dynamodb"` (numbers as strings). Results are also sent as exact JSON text.
enum ValueBridge {
    /// Numbers at or beyond 2^53 may already have lost digits in the SDK's Double; they are refused.
    static let exactLimit = 9_007_199_254_740_992.0

    static func json(_ value: Value) throws(DynamoError) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(String(i))
        case .double(let d):
            guard d.isFinite, abs(d) < exactLimit else {
                throw DynamoError.validation(
                    "A number in the arguments is too large to arrive exactly through MCP's JSON (\(d)); send it "
                        + "with format \"dynamodb\" as {\"N\": \"…\"}"
                )
            }
            if d == d.rounded() { return .number(String(Int(d))) }
            return .number("\(d)")
        case .string(let s): return .string(s)
        case .data(_, let data): return .string(data.base64EncodedString())
        case .array(let a): return .array(try a.map { (v) throws(DynamoError) in try json(v) })
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, v) in o { out[k] = try json(v) }
            return .object(out)
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
