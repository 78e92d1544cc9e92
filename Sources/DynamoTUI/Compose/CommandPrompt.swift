import DynamoCore
import DynamoTools

/// The `:` command line: a tool call typed as `TOOL {json arguments}` or pasted as a JSON log
/// line `{"tool": …, "arguments": …}` — the same two forms the action log and `replay` use.
public struct CommandPrompt: Equatable, Sendable {
    public var text = ""
    /// Earlier commands, oldest first (kept for the session).
    public var history: [String] = []
    /// Where ↑/↓ are in the history; nil while editing a new line.
    public var historyIndex: Int?

    public init(history: [String] = []) {
        self.history = history
    }

    mutating func historyUp() {
        guard !history.isEmpty else { return }
        let index = max(0, (historyIndex ?? history.count) - 1)
        historyIndex = index
        text = history[index]
    }

    mutating func historyDown() {
        guard let index = historyIndex else { return }
        if index + 1 < history.count {
            historyIndex = index + 1
            text = history[index + 1]
        } else {
            historyIndex = nil
            text = ""
        }
    }

    /// Tab: completes the tool name (then opens its arguments), or the table name being typed
    /// inside a string. Returns false when nothing matches.
    mutating func complete(tools: [String], tables: [String]) -> Bool {
        if !text.contains(" ") && !text.hasPrefix("{") {
            let matches = tools.filter { $0.hasPrefix(text.lowercased()) }
            guard let first = matches.first else { return false }
            if matches.count == 1 {
                // Whether the tool takes a table comes from its schema, not from a list kept in step.
                let takesTable = ToolCatalog.definition(first)?.takesTable ?? false
                text = first + (takesTable ? #" {"table": ""# : " {")
            } else {
                text = Self.completion(of: text, among: matches) ?? text
            }
            return true
        }
        // Inside an open string: complete the word after the last quote against table names.
        guard text.filter({ $0 == "\"" }).count % 2 == 1, let quote = text.lastIndex(of: "\"") else { return false }
        let partial = String(text[text.index(after: quote)...])
        guard let name = Self.completion(of: partial, among: tables) else { return false }
        text = String(text[...quote]) + name
        if tables.contains(name) && tables.filter({ $0.hasPrefix(partial) }).count == 1 { text += "\"" }
        return true
    }

    /// The longest common prefix of the candidates that start with `partial` (case-insensitive
    /// for the match, the candidate's spelling for the result).
    static func completion(of partial: String, among candidates: [String]) -> String? {
        let matches = candidates.filter { $0.lowercased().hasPrefix(partial.lowercased()) }
        guard var common = matches.first else { return nil }
        for match in matches.dropFirst() {
            while !match.hasPrefix(common) { common.removeLast() }
        }
        return common.count >= partial.count ? common : partial
    }

    /// The typed line as a call, or a message saying what is wrong with it.
    public static func parse(_ line: String) -> Result<ToolCall, CommandError> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .failure(CommandError("type a tool call: TOOL {json arguments}")) }
        if trimmed.hasPrefix("{") {
            guard let json = try? JSONValue.parse(trimmed), let tool = json["tool"]?.stringValue else {
                return .failure(CommandError(#"a JSON line needs {"tool": "NAME", "arguments": {…}}"#))
            }
            return checked(ToolCall(name: tool, arguments: json["arguments"] ?? .object([:])))
        }
        let name = String(trimmed.prefix { !$0.isWhitespace && $0 != "{" })
        let rest = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        var arguments: JSONValue = .object([:])
        if !rest.isEmpty {
            do {
                arguments = try JSONValue.parse(rest)
            } catch {
                return .failure(CommandError("the arguments are not JSON: \(error)"))
            }
        }
        return checked(ToolCall(name: name, arguments: arguments))
    }

    static func checked(_ call: ToolCall) -> Result<ToolCall, CommandError> {
        guard ToolCatalog.definition(call.name) != nil else {
            let close = Suggest.closest(to: call.name, in: ToolCatalog.all.map(\.name))
            return .failure(CommandError("no tool \"\(call.name)\"" + (close.map { " (did you mean \($0)?)" } ?? "")))
        }
        guard case .object = call.arguments else {
            return .failure(CommandError("the arguments must be a JSON object"))
        }
        return .success(call)
    }
}

public struct CommandError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}
