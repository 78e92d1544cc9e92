import DynamoCore
import Synchronization

/// Carries tool arguments and results past the MCP SDK's `Value` type without losing anything.
///
/// The SDK decodes JSON into `Value`, which rounds numbers beyond 2^53 to `Double` (a 64-bit
/// snowflake ID stored as a DynamoDB number loses its last digits) and turns strings that look
/// like `data:` URLs into decoded bytes. Our own stdio transport sees the raw message text, so it
/// parses it exactly, parks the `arguments` object here and hands the SDK a reference instead:
///
/// ```json
/// {"method": "tools/call", "params": {"name": "get_item", "arguments": {"$exact": "r1"}}}
/// ```
///
/// The tool handler swaps the reference back for the exact arguments. Results travel the other way:
/// the handler parks the structured result and returns a reference, which the transport replaces
/// with the exact JSON text while writing the response.
public final class ExactJSONRelay: Sendable {
    /// The key of a reference object: `{"$exact": "<token>"}`.
    public static let key = "$exact"

    private let parked = Mutex<(next: Int, values: [String: JSONValue])>((0, [:]))
    /// Distinguishes this process's tokens from anything a client might send.
    private let prefix = "x\(UInt32.random(in: .min ... .max))-"

    public init() {}

    /// Parks `value` and returns the reference object that stands for it.
    public func park(_ value: JSONValue) -> JSONValue {
        let token = parked.withLock { state in
            state.next += 1
            let token = prefix + String(state.next)
            state.values[token] = value
            return token
        }
        return .object([Self.key: .string(token)])
    }

    /// The parked value a reference stands for, removed from the relay; nil when `reference` is not
    /// one of ours.
    public func take(_ reference: JSONValue) -> JSONValue? {
        guard case .object(let members) = reference, members.count == 1,
            case .string(let token)? = members[Self.key], token.hasPrefix(prefix)
        else { return nil }
        return parked.withLock { $0.values.removeValue(forKey: token) }
    }

    /// An incoming message with a `tools/call`'s arguments parked; nil when there is nothing to
    /// protect (other methods, or text that is not JSON: the SDK reports that itself).
    func protectIncoming(_ message: JSONValue) -> [UInt8]? {
        guard case .object(var envelope) = message,
            envelope["method"]?.stringValue == "tools/call",
            case .object(var params)? = envelope["params"],
            let arguments = params["arguments"], case .object = arguments
        else { return nil }
        params["arguments"] = park(arguments)
        envelope["params"] = .object(params)
        return JSONValue.object(envelope).jsonBytes
    }

    /// An outgoing message with a parked structured result put back in place; nil when the message
    /// carries no reference.
    ///
    /// The reference is spliced out byte for byte rather than by parsing and re-writing the whole
    /// message, which may hold megabytes of results. `{"$exact":"` cannot occur inside a JSON string
    /// (its quotes would be escaped), so where it occurs it is the reference object itself.
    func restoreOutgoing(_ message: [UInt8]) -> [UInt8]? {
        let opening = Array("{\"\(Self.key)\":\"".utf8)
        guard let start = message.firstRange(of: opening),
            let tokenEnd = message[start.upperBound...].firstIndex(of: UInt8(ascii: "\"")),
            tokenEnd + 1 < message.count, message[tokenEnd + 1] == UInt8(ascii: "}"),
            let exact = take(
                .object([Self.key: .string(String(decoding: message[start.upperBound..<tokenEnd], as: UTF8.self))]))
        else { return nil }
        return Array(message[..<start.lowerBound]) + exact.jsonBytes + Array(message[(tokenEnd + 2)...])
    }
}
