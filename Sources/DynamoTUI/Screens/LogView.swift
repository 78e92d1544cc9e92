import DynamoCore

/// Draws the action log pane: every call as the MCP call an agent would send, newest last.
enum LogView {
    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        let log = model.log
        guard layout.logHeight > 0 else { return }
        let top = layout.logTop
        buffer.clear(x: 0, y: top, width: buffer.width, height: layout.logHeight)
        let focus = log.focused ? "focused: j/k scroll, Tab returns" : "Tab focuses"
        let title = "─ Action log · \(log.entries.count) call(s) · \(focus) "
        buffer.write(title + String(repeating: "─", count: max(0, buffer.width)), x: 0, y: top,
                     role: log.focused ? .title : .border)
        let rows = layout.logHeight - 1
        guard rows > 0 else { return }
        var lines: [(String, String, Role)] = []
        let last = log.anchor ?? (log.entries.count - 1)
        for entry in log.entries.prefix(last + 1) {
            lines.append((entry.call.name, " " + entry.call.arguments.jsonText, .logArguments))
            lines.append(("", "  ↳ " + entry.summary, entry.isError ? .error : .dim))
        }
        if lines.isEmpty {
            buffer.write(" No calls yet.", x: 0, y: top + 1, role: .dim)
            return
        }
        for (row, line) in lines.suffix(rows).enumerated() {
            let y = top + 1 + row
            let used = buffer.write(" " + line.0, x: 0, y: y, role: .logTool)
            buffer.write(line.1, x: used, y: y, role: line.2)
        }
    }
}

/// Draws the `?` overlay from the key-binding registry, grouped by context.
enum HelpView {
    static func lines(_ keyMap: KeyMap) -> [(String, String, Bool)] {
        var out: [(String, String, Bool)] = []
        for context in KeyContext.allCases {
            let bindings = keyMap.bindings.filter { $0.context == context }
            guard !bindings.isEmpty else { continue }
            if !out.isEmpty { out.append(("", "", false)) }
            out.append((context.title, "", true))
            for binding in bindings {
                out.append((binding.keys.map(\.label).joined(separator: " "), binding.help, false))
            }
        }
        return out
    }

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        let width = min(buffer.width, 78)
        let height = layout.contentHeight + layout.logHeight
        let x = (buffer.width - width) / 2
        let top = layout.contentTop
        buffer.clear(x: x, y: top, width: width, height: height)
        buffer.write(" Keys — ? or Esc closes, j/k scroll ", x: x, y: top, role: .title, maxWidth: width)
        let all = lines(model.keyMap)
        let rows = max(0, height - 1)
        let scroll = min(model.helpScroll, max(0, all.count - rows))
        for (row, line) in all.dropFirst(scroll).prefix(rows).enumerated() {
            let y = top + 1 + row
            if line.2 {
                buffer.write(" " + line.0, x: x, y: y, role: .header, maxWidth: width)
            } else {
                buffer.write("   " + line.0, x: x, y: y, role: .helpKey, maxWidth: min(width, 20))
                buffer.write(line.1, x: x + 20, y: y, role: .normal, maxWidth: max(0, width - 20))
            }
        }
    }
}
