import DynamoCore

/// Draws the action log pane: every call as the MCP call an agent would send, newest last.
enum LogView {
    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        let log = model.log
        guard layout.logHeight > 0 else { return }
        let top = layout.logTop
        buffer.clear(x: 0, y: top, width: buffer.width, height: layout.logHeight)
        let keys = model.keyMap
        let focus =
            log.focused
            ? "focused: \(keys.key(.logDown))/\(keys.key(.logUp)) scroll, \(keys.key(.focusLog)) returns"
            : "\(keys.key(.focusLog)) focuses"
        let title = "─ Action log · \(log.entries.count) call(s) · \(focus) "
        buffer.write(
            title + String(repeating: "─", count: max(0, buffer.width)), x: 0, y: top,
            role: log.focused ? .title : .border)
        let rows = layout.logHeight - 1
        guard rows > 0 else { return }
        var lines: [(String, String, Role)] = []
        let last = log.anchor ?? (log.entries.count - 1)
        for (index, entry) in log.entries.prefix(last + 1).enumerated() {
            // The focused entry is marked; Enter shows it whole.
            let marker = log.focused && index == last ? "▶" : " "
            lines.append((marker + entry.call.name, " " + argumentsText(entry.call.arguments), .logArguments))
            lines.append(("", "  ↳ " + entry.summary, entry.isError ? .error : .dim))
        }
        if lines.isEmpty {
            buffer.write(" No calls yet.", x: 0, y: top + 1, role: .dim)
            return
        }
        for (row, line) in lines.suffix(rows).enumerated() {
            let y = top + 1 + row
            // Call lines start with their marker (▶ or a space); result lines are indented by one.
            let used = buffer.write(
                line.0.isEmpty ? " " : line.0, x: 0, y: y,
                role: line.0.hasPrefix("▶") ? .selection : .logTool)
            buffer.write(line.1, x: used, y: y, role: line.2)
        }
    }
}

extension LogView {
    /// A call's arguments as one JSON line with `table` first and `cursor` (long and opaque) last, so
    /// the part a person reads is at the left of a narrow pane.
    static func argumentsText(_ arguments: JSONValue) -> String {
        guard case .object(let fields) = arguments else { return arguments.jsonText }
        let middle = fields.keys.filter { $0 != "table" && $0 != "cursor" }.sorted()
        let ordered = (fields["table"] == nil ? [] : ["table"]) + middle + (fields["cursor"] == nil ? [] : ["cursor"])
        let pairs = ordered.map { JSONValue.string($0).jsonText + ":" + (fields[$0] ?? .null).jsonText }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
