import DynamoCore

/// One operation of the product, as every face expresses it: the TUI's action log line, an MCP
/// `tools/call`, a `call` on the command line and a line of a `replay` file are all this.
///
/// Its JSONL form is `{"tool": "query", "arguments": {…}}`.
public struct ToolCall: Sendable, Equatable {
    public var name: String
    public var arguments: JSONValue

    public init(name: String, arguments: JSONValue = .object([:])) {
        self.name = name
        self.arguments = arguments
    }

    /// The action-log line for this call.
    public var jsonLine: String { JSONValue.object(["tool": .string(name), "arguments": arguments]).jsonText }

    /// Reads one action-log line.
    public init(jsonLine: String) throws(DynamoError) {
        let json: JSONValue
        do { json = try JSONValue.parse(jsonLine) } catch { throw DynamoError.validation("Not a JSON line: \(error)") }
        guard case .object(let o) = json, case .string(let tool)? = o["tool"] else {
            throw DynamoError.validation("An action-log line is {\"tool\": NAME, \"arguments\": {…}}")
        }
        self.init(name: tool, arguments: o["arguments"] ?? .object([:]))
    }
}

/// What a tool call produced: structured JSON for programs, a one-line summary for people.
public struct ToolResult: Sendable, Equatable {
    public var structured: JSONValue
    public var summary: String
    public var isError: Bool
    /// What the call took and cost, `1.2 ms, 0.5 RCU` (the end of the summary): set by the runner.
    public var cost = ""

    public init(structured: JSONValue, summary: String, isError: Bool = false) {
        self.structured = structured
        self.summary = summary
        self.isError = isError
    }

    /// The pagination cursor, when more results are available.
    public var nextCursor: String? { structured["next_cursor"]?.stringValue }

    /// The error of a failed call, read back from its structured result (type, message and details).
    public var error: DynamoError? {
        guard isError, let error = structured["error"]?.objectValue, let type = error["type"]?.stringValue else {
            return nil
        }
        return DynamoError(
            type: type, message: error["message"]?.stringValue ?? "",
            details: error.filter { $0.key != "type" && $0.key != "message" })
    }

    /// The result of a call that failed: `{"error": {type, message, …details}}`, flagged as an error.
    public static func failure(_ error: DynamoError) -> ToolResult {
        var e: [String: JSONValue] = ["type": .string(error.type), "message": .string(error.message)]
        for (k, v) in error.details { e[k] = v }
        return ToolResult(structured: ["error": .object(e)], summary: "\(error.type): \(error.message)", isError: true)
    }
}

/// How a logged call went, as the action log records it.
///
/// `ok` and `failed` ran (a failed condition is an answer from the data); `refused` never reached
/// the data (invalid, or not allowed by the session's policy); `cancelled` was stopped before it
/// finished. `replay` skips `refused` and `cancelled` lines.
public enum ActionLogOutcome: String, Sendable {
    case ok, failed, refused, cancelled

    public init(_ result: ToolResult) {
        guard result.isError else {
            self = result.structured["cancelled"]?.boolValue == true ? .cancelled : .ok
            return
        }
        switch result.error?.kind {
        case .cancelled: self = .cancelled
        case .validation, .accessDenied, .resourceNotFound: self = .refused
        default: self = .failed
        }
    }

    /// True for lines `replay` runs.
    public var ran: Bool { self == .ok || self == .failed }

    /// The outcome an action-log line records, nil for lines without one (older logs, hand-written ones).
    public static func of(jsonLine: String) -> ActionLogOutcome? {
        (try? JSONValue.parse(jsonLine))?["outcome"]?.stringValue.flatMap(ActionLogOutcome.init(rawValue:))
    }
}
