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
            drawEmpty(&buffer, model, top: top)
            return
        }
        let columns = self.columns(state, width: buffer.width)
        drawRow(&buffer, columns.map(\.title), columns, y: top, header: true)
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
            drawRow(&buffer, cells, columns, y: y, header: false)
            if index == state.selected { buffer.fill(x: 0, y: y, width: buffer.width, role: .selection) }
        }
    }

    struct Column {
        var title: String
        var width: Int
        var rightAligned: Bool
    }

    /// The columns' widths: names and the fixed numbers first, keys and indexes share what is left.
    static func columns(_ state: TableListState, width: Int) -> [Column] {
        let names = state.visibleNames
        let nameWidth = min(28, max(5, names.map { DisplayWidth.of($0) }.max() ?? 5))
        let details = names.compactMap { state.details[$0] }
        let keysWanted = max(4, details.map { DisplayWidth.of($0.keyLabel) }.max() ?? 4)
        let indexesWanted = max(7, details.map { DisplayWidth.of($0.indexLabel) }.max() ?? 7)
        let fixed = 1 + nameWidth + 2 + 7 + 2 + 8 + 2 + 9 + 2
        let flexible = max(8, width - fixed - 2)
        let keysWidth = min(keysWanted, max(4, flexible - min(indexesWanted, flexible / 2)))
        return [
            Column(title: "Name", width: nameWidth, rightAligned: false),
            Column(title: "Items", width: 7, rightAligned: true), Column(title: "Size", width: 8, rightAligned: true),
            Column(title: "Billing", width: 9, rightAligned: false),
            Column(title: "Keys", width: keysWidth, rightAligned: false),
            Column(title: "Indexes", width: max(4, flexible - keysWidth), rightAligned: false),
        ]
    }

    static func drawRow(_ buffer: inout Buffer, _ cells: [String], _ columns: [Column], y: Int, header: Bool) {
        var x = 1
        for (column, text) in zip(columns, cells) {
            let role: Role =
                header ? .title : column.title == "Name" ? .keyColumn : (column.rightAligned ? .number : .normal)
            if column.rightAligned {
                buffer.writeRight(text, right: x + column.width, y: y, role: role, maxWidth: column.width)
            } else {
                buffer.write(text, x: x, y: y, role: role, maxWidth: column.width)
            }
            x += column.width + 2
        }
    }

    /// No tables: where to look (a remote region) or how to make one.
    static func drawEmpty(_ buffer: inout Buffer, _ model: Model, top: Int) {
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
    }
}
