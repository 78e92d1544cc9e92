import DynamoCore
import DynamoTools

/// Draws the Watch screen: one row per change, newest at the bottom.
enum WatchView {
    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        guard let watch = model.watch else { return }
        let top = layout.contentTop
        let rows = watch.shown
        if rows.isEmpty {
            for (offset, line) in emptyLines(watch, model).prefix(layout.contentHeight).enumerated() {
                buffer.write(" " + line.0, x: 0, y: top + offset, role: line.1, maxWidth: buffer.width)
            }
            return
        }
        // Column widths from the rows on screen: a frame costs the same over 50 rows or 5,000.
        let visible = rows[min(watch.top, rows.count)..<min(rows.count, watch.top + layout.listRows)]
        let whoWidth = min(
            max(8, min(28, buffer.width / 4)), max(3, visible.map { DisplayWidth.of($0.who) }.max() ?? 3))
        let tableWidth =
            watch.table == nil ? min(14, max(5, visible.map { DisplayWidth.of($0.table) }.max() ?? 5)) : 0
        let keyWidth = min(max(8, buffer.width / 4), max(3, visible.map { DisplayWidth.of($0.key) }.max() ?? 3))
        var columns: [(String, Int)] = [("Time", 8), ("Who", whoWidth)]
        if tableWidth > 0 { columns.append(("Table", tableWidth)) }
        columns += [("Key", keyWidth), ("Event", 6)]
        var x = 1
        for (title, width) in columns {
            buffer.write(title, x: x, y: top, role: .title, maxWidth: width)
            x += width + 1
        }
        buffer.write("Change", x: x, y: top, role: .title, maxWidth: max(0, buffer.width - x))
        for row in 0..<layout.listRows {
            let index = watch.top + row
            guard index < rows.count else { break }
            drawRow(&buffer, rows[index], y: top + 1 + row, selected: index == watch.selected, columns: columns)
        }
    }

    static func drawRow(
        _ buffer: inout Buffer, _ entry: WatchEntry, y: Int, selected: Bool, columns: [(String, Int)]
    ) {
        if selected { buffer.clear(x: 0, y: y, width: buffer.width, height: 1, role: .selection) }
        var cells = [WatchDiff.clock(entry.time), entry.who]
        if columns.count == 5 { cells.append(entry.table) }
        cells += [entry.key, entry.event]
        var x = 1
        for (cell, column) in zip(cells, columns) {
            let role: Role = selected ? .selection : column.0 == "Event" ? eventRole(entry.event) : .normal
            buffer.write(cell, x: x, y: y, role: role, maxWidth: column.1)
            x += column.1 + 1
        }
        buffer.write(entry.diff, x: x, y: y, role: selected ? .selection : .dim, maxWidth: max(0, buffer.width - x))
    }

    static func eventRole(_ event: String) -> Role {
        switch event {
        case "INSERT": return .string
        case "REMOVE": return .error
        case "READ": return .dim
        default: return .number
        }
    }

    /// What an empty feed says: still reading, an error, tables without a stream (and the key that
    /// turns one on), or that nothing has changed yet.
    static func emptyLines(_ watch: WatchState, _ model: Model) -> [(String, Role)] {
        if let error = watch.error { return [("Could not read the changes: " + error, .error)] }
        if !watch.loaded { return [("Reading the streams…", .dim)] }
        var lines: [(String, Role)] = []
        if !watch.tablesWithoutStream.isEmpty {
            let names = watch.tablesWithoutStream.joined(separator: ", ")
            lines.append(("No stream on \(names): DynamoDB records changes only for tables with one.", .warning))
            lines.append(("\(model.keyMap.key(.watchEnableStream)) turns one on (update_table, asks first).", .dim))
        } else if watch.table == nil {
            lines.append(("No changes yet in tables with a stream.", .normal))
            lines.append(("Tables without one record nothing: open one and press \(model.keyMap.key(.watch)).", .dim))
        } else {
            lines.append(("No changes yet: they show here within a second, whoever makes them.", .normal))
        }
        return lines
    }
}

/// The text of a change's detail panel: old and new item side by side, then the call that made it.
enum WatchDetail {
    static func text(_ entry: WatchEntry, width: Int) -> [String] {
        switch entry.source {
        case .read(let read):
            return ["A read by \(read.origin.who):", "", read.origin.tool ?? "?"]
                + (read.origin.arguments?.prettyText.split(separator: "\n").map(String.init) ?? [])
        case .change(let change):
            var lines = sideBySide(old: change.oldImage, new: change.newImage, width: width)
            lines.append("")
            if let origin = change.origin {
                lines.append("Made by \(origin.who) with:")
                let call = origin.tool.map { tool in
                    origin.arguments.map { ToolCall(name: tool, arguments: $0).jsonLine } ?? tool
                }
                lines.append(call ?? "(no call recorded)")
            } else {
                lines.append(change.byService ? "Made by DynamoDB's Time to Live." : "Who made it is not known.")
            }
            lines.append("sequence \(change.sequenceNumber)")
            return lines
        }
    }

    /// One row per attribute (inside maps where both sides are maps): `old │ new`, marked `~` changed,
    /// `+` added, `−` removed; unchanged attributes show on both sides.
    static func sideBySide(old: JSONValue?, new: JSONValue?, width: Int) -> [String] {
        let before = old.flatMap { try? TypedJSON.decodeItem($0) } ?? [:]
        let after = new.flatMap { try? TypedJSON.decodeItem($0) } ?? [:]
        let half = max(8, (width - 3) / 2)
        func cell(_ path: String, _ value: AttributeValue?) -> String {
            guard let value else { return "" }
            return "\(path): \(WatchDiff.plain(value))"
        }
        func padded(_ text: String) -> String {
            let cut = text.truncated(toWidth: half)
            return cut + String(repeating: " ", count: max(0, half - DisplayWidth.of(cut)))
        }
        var rows: [(String, AttributeValue?, AttributeValue?)] = WatchDiff.differences(before, after).map {
            ($0.path, $0.old, $0.new)
        }
        let changedTop = Set(rows.map { String($0.0.prefix { $0 != "." }) })
        for name in Set(before.keys).intersection(after.keys) where !changedTop.contains(name) {
            rows.append((name, before[name], after[name]))
        }
        rows.sort { $0.0 < $1.0 }
        var lines = [padded(old == nil ? "old: (none)" : "old") + " │ " + (new == nil ? "new: (none)" : "new")]
        for (path, b, a) in rows {
            let mark = b == nil ? "+" : a == nil ? "−" : b != a ? "~" : " "
            lines.append(padded(cell(path, b)) + " \(mark) " + cell(path, a).truncated(toWidth: half))
        }
        return lines
    }
}
