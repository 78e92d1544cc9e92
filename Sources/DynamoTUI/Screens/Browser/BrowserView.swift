import DynamoCore

/// Draws a page of items as rows: key columns pinned on the left, the rest scrolled by `h/l`.
enum BrowserView {
    /// The narrowest cap on a column's width; wide screens allow half their width.
    static let maxColumnWidth = 30
    static let gap = 2

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        guard let state = model.browser else { return }
        let top = layout.contentTop
        guard let page = state.page else {
            let what =
                state.loadingPage.map { "Loading page \($0 + 1)…" }
                ?? "No page loaded (\(model.keyMap.key(.browserRefresh)) reloads)."
            buffer.write(" " + what, x: 0, y: top, role: .dim)
            return
        }
        let rows = state.items
        if !state.localFilter.isEmpty, rows.isEmpty {
            buffer.write(
                " No loaded row matches \"\(state.localFilter)\" (\(model.keyMap.key(.back)) clears).", x: 0, y: top,
                role: .dim)
            return
        }
        if page.items.isEmpty {
            let note = page.scanned > 0 ? " (scanned \(page.scanned))" : ""
            let next = page.hasMore ? " \(model.keyMap.key(.browserNextPage)) reads the next page." : ""
            buffer.write(" No items on this page\(note).\(next)", x: 0, y: top, role: .dim)
            return
        }
        let keys = state.keyAttributes
        let arranged = state.shownColumns
        let others = Array(arranged.dropFirst(keys.count).dropFirst(state.columnOffset))
        let shownColumns = keys + others
        let rowsShown = Array(rows.dropFirst(state.top).prefix(layout.listRows))
        var x = 1
        for name in shownColumns {
            guard x < buffer.width else { break }
            let cells = rowsShown.map { ValueCell($0[name]) }
            let sort = state.arrangement.sort
            let header = sort?.column == name ? name + (sort?.arrow ?? "") : name
            // As wide as the content, up to half the screen (never less than 30), so long keys show whole.
            let cap = max(maxColumnWidth, buffer.width / 2)
            let width = min(cap, max(DisplayWidth.of(header), cells.map { DisplayWidth.of($0.text) }.max() ?? 1))
            let available = buffer.width - x
            let isKey = keys.contains(name)
            buffer.write(header, x: x, y: top, role: isKey ? .keyColumn : .title, maxWidth: min(width, available))
            for (row, cell) in cells.enumerated() {
                let y = top + 1 + row
                if cell.rightAligned {
                    buffer.writeRight(
                        cell.text, right: x + min(width, available), y: y, role: cell.role,
                        maxWidth: min(width, available))
                } else {
                    buffer.write(cell.text, x: x, y: y, role: cell.role, maxWidth: min(width, available))
                }
            }
            x += width + gap
        }
        if state.columnOffset > 0 {
            buffer.write("◂", x: 0, y: top, role: .dim)
        }
        if x - gap > buffer.width { buffer.write("▸", x: buffer.width - 1, y: top, role: .dim) }
        // Column 0 carries the mark of marked rows.
        for (row, item) in rowsShown.enumerated() where !state.marked.isEmpty && state.isMarked(item) {
            buffer.write("●", x: 0, y: top + 1 + row, role: .keyColumn)
        }
        let selectedRow = state.selected - state.top
        if selectedRow >= 0, selectedRow < rowsShown.count {
            buffer.fill(x: 0, y: top + 1 + selectedRow, width: buffer.width, role: .selection)
        }
    }

    /// `Shop · scan · page 2 · 100 items · scanned 100 · 1.2 ms, 12.5 RCU · more: ]`
    static func status(_ state: BrowserState) -> String {
        var parts = [state.table]
        if !state.localFilter.isEmpty {
            // The filter looks at every kept page, so the label names them all.
            let kept = state.pages.keys.sorted()
            let first = (kept.first ?? 0) + 1
            let last = (kept.last ?? 0) + 1
            parts.append(first == last ? "page \(first)" : "pages \(first)–\(last)")
            parts.append("\(state.items.count) of \(state.loadedItems.count) loaded rows")
        } else if let page = state.page {
            parts.append("page \(state.pageIndex + 1)")
            if page.count < page.scanned {
                parts.append("\(page.count) of \(page.scanned) scanned matched")
            } else {
                parts.append("\(page.count) items")
                parts.append("scanned \(page.scanned)")
            }
            if page.created > 0 { parts.append("+\(page.created) created here") }
            if page.deleted > 0 { parts.append("\(page.deleted) deleted here") }
            if !page.cost.isEmpty { parts.append(page.cost) }
            parts.append(page.hasMore ? "more: ]" : "end")
        } else {
            parts.append("page \(state.pageIndex + 1)")
        }
        // What the user did to the rows here comes right after the page: it changes what they see.
        var local: [String] = []
        if let sort = state.arrangement.sort { local.append("sorted by \(sort.column) \(sort.arrow) here") }
        if !state.marked.isEmpty { local.append("\(state.marked.count) marked") }
        parts.insert(contentsOf: local, at: min(2, parts.count))
        if let loading = state.loadingPage { parts.append("loading page \(loading + 1)") }
        parts.append(state.sourceLabel)
        return parts.joined(separator: " · ")
    }
}
