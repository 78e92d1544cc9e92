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
        let needle = item.typingSearch || !item.search.isEmpty ? item.search.lowercased() : ""
        for (row, line) in lines.dropFirst(item.scroll).prefix(rows).enumerated() {
            buffer.write(line, x: 1, y: top + 1 + row, role: role(of: line))
            // Matches of the search are drawn over the line in the selection role.
            let lower = line.lowercased()
            guard !needle.isEmpty, lower.count == line.count else { continue }
            var from = lower.startIndex
            while let found = lower.range(of: needle, range: from..<lower.endIndex) {
                let offset = lower.distance(from: lower.startIndex, to: found.lowerBound)
                let length = lower.distance(from: found.lowerBound, to: found.upperBound)
                buffer.write(
                    String(line.dropFirst(offset).prefix(length)), x: 1 + DisplayWidth.of(String(line.prefix(offset))),
                    y: top + 1 + row, role: .selection)
                from = found.upperBound
            }
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
