import DynamoCore

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
        buffer.clear(x: 0, y: top, width: buffer.width, height: height)
        let rule = String(repeating: "─", count: max(0, width - 2))
        buffer.write("┌" + rule + "┐", x: x, y: top, role: .border)
        let keys = model.keyMap
        let title =
            " Keys · \(keys.keysLabel(.help)) or \(keys.key(.back)) closes · \(keys.keysLabel(.helpDown))/"
            + "\(keys.keysLabel(.helpUp)) \(keys.keysLabel(.helpPageDown))/\(keys.keysLabel(.helpPageUp)) scroll "
        buffer.write(title, x: x + 2, y: top, role: .title, maxWidth: max(0, width - 4))
        let all = lines(model.keyMap)
        let rows = max(0, height - 1)
        let scroll = min(model.helpScroll, max(0, all.count - rows))
        let inner = max(0, width - 2)
        for row in 0..<rows {
            let y = top + 1 + row
            buffer.write("│", x: x, y: y, role: .border)
            buffer.write("│", x: x + width - 1, y: y, role: .border)
            guard scroll + row < all.count else { continue }
            let line = all[scroll + row]
            if line.2 {
                buffer.write(" " + line.0, x: x + 1, y: y, role: .header, maxWidth: inner)
            } else {
                buffer.write("  " + line.0, x: x + 1, y: y, role: .helpKey, maxWidth: min(inner, 18))
                buffer.write(line.1, x: x + 19, y: y, role: .normal, maxWidth: max(0, inner - 18))
            }
        }
    }
}
