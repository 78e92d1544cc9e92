import Foundation

/// Draws one item's JSON, wrapped to the width, from the scroll position.
enum ItemView {
    static func wrapped(_ item: ItemState, width: Int) -> [String] {
        item.lines.flatMap { $0.wrapped(toWidth: width - 2) }
    }

    static func maxScroll(_ item: ItemState, width: Int, rows: Int) -> Int {
        max(0, wrapped(item, width: width).count - rows)
    }

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        guard let item = model.item else { return }
        let top = layout.contentTop
        buffer.write(" \(item.table) · \(item.formatLabel)", x: 0, y: top, role: .title)
        let lines = wrapped(item, width: buffer.width)
        let rows = max(1, layout.contentHeight - 1)
        for (row, line) in lines.dropFirst(item.scroll).prefix(rows).enumerated() {
            buffer.write(line, x: 1, y: top + 1 + row, role: role(of: line))
        }
        if lines.count > rows {
            let position = "\(min(item.scroll + rows, lines.count))/\(lines.count)"
            buffer.writeRight(position, right: buffer.width, y: top, role: .dim, maxWidth: 12)
        }
    }

    /// A light colouring of a JSON line by what its value is.
    static func role(of line: String) -> Role {
        let value = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let bare = value.hasSuffix(",") ? String(value.dropLast()) : value
        if bare.hasPrefix("\"") { return .string }
        if bare == "true" || bare == "false" { return .boolean }
        if bare == "null" { return .null }
        if let first = bare.first, first == "-" || first.isNumber { return .number }
        return .normal
    }
}
