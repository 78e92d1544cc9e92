/// Draws the table list: one row per table, its size and shape from `describe_table`.
enum TableListView {
    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        let state = model.tables
        let names = state.visibleNames
        let top = layout.contentTop
        if !state.loaded {
            buffer.write(" Loading tables…", x: 0, y: top, role: .dim)
            return
        }
        if let error = state.loadError, state.names.isEmpty {
            let lines = ("Could not list the tables: " + error).wrapped(toWidth: max(1, buffer.width - 2))
            for (offset, line) in lines.prefix(max(1, layout.contentHeight - 1)).enumerated() {
                buffer.write(" " + line, x: 0, y: top + offset, role: .error)
            }
            let retry = " \(model.keyMap.keysLabel(.tablesRefresh)) tries again"
            buffer.write(retry, x: 0, y: top + min(lines.count, layout.contentHeight - 1), role: .dim)
            return
        }
        if state.names.isEmpty {
            if let target = model.session.awsTarget {
                let place = target.endpointURL ?? "AWS"
                buffer.write(" No tables in region \(target.region) at \(place).", x: 0, y: top, role: .normal)
                buffer.write(
                    " Tables are per region (DynamoDB Local also keeps them per access key unless -sharedDb);",
                    x: 0, y: top + 1, role: .dim)
                buffer.write(" pick another with --region, or AWS_REGION.", x: 0, y: top + 2, role: .dim)
                return
            }
            buffer.write(
                " No tables yet. Start with --demo for sample tables, or create one:", x: 0, y: top, role: .normal)
            buffer.write(
                "  dynamo-explorer call create_table '{\"table\": \"T\", \"partition_key\": {\"name\": \"pk\", "
                    + "\"type\": \"S\"}}'",
                x: 0, y: top + 1, role: .dim)
            return
        }
        let nameWidth = min(28, max(5, names.map { DisplayWidth.of($0) }.max() ?? 5))
        let details = names.compactMap { state.details[$0] }
        let keysWanted = max(4, details.map { DisplayWidth.of($0.keyLabel) }.max() ?? 4)
        let indexesWanted = max(7, details.map { DisplayWidth.of($0.indexLabel) }.max() ?? 7)
        let fixed = 1 + nameWidth + 2 + 7 + 2 + 8 + 2 + 9 + 2
        let flexible = max(8, buffer.width - fixed - 2)
        let keysWidth = min(keysWanted, max(4, flexible - min(indexesWanted, flexible / 2)))
        let columns: [(String, Int, Bool)] = [
            ("Name", nameWidth, false), ("Items", 7, true), ("Size", 8, true),
            ("Billing", 9, false), ("Keys", keysWidth, false),
            ("Indexes", max(4, flexible - keysWidth), false),
        ]
        var x = 1
        for (title, width, right) in columns {
            if right {
                buffer.writeRight(title, right: x + width, y: top, role: .title, maxWidth: width)
            } else {
                buffer.write(title, x: x, y: top, role: .title, maxWidth: width)
            }
            x += width + 2
        }
        if names.isEmpty {
            buffer.write(" No table name contains \"\(state.filter)\"", x: 0, y: top + 1, role: .dim)
            return
        }
        for row in 0..<layout.listRows {
            let index = state.top + row
            guard index < names.count else { break }
            let y = top + 1 + row
            let name = names[index]
            let detail = state.details[name]
            let cells: [String] = [
                name, detail.map { "\($0.itemCount)" } ?? "…", detail.map { formatBytes($0.sizeBytes) } ?? "",
                detail?.billingLabel ?? "", detail?.keyLabel ?? "", detail?.indexLabel ?? "",
            ]
            let selected = index == state.selected
            var x = 1
            for (column, text) in zip(columns, cells) {
                let role: Role = column.0 == "Name" ? .keyColumn : (column.2 ? .number : .normal)
                if column.2 {
                    buffer.writeRight(text, right: x + column.1, y: y, role: role, maxWidth: column.1)
                } else {
                    buffer.write(text, x: x, y: y, role: role, maxWidth: column.1)
                }
                x += column.1 + 2
            }
            if selected { buffer.fill(x: 0, y: y, width: buffer.width, role: .selection) }
        }
    }
}
