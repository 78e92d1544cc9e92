import DynamoCore
import DynamoTools

/// Draws the query builder: one row per field (the focused one highlighted), then a live preview
/// of the tool call and of the DynamoDB request a dry run says it sends.
enum BuilderView {
    static let labelWidth = 13

    /// One drawn row of the form.
    struct Row {
        var field: QueryBuilder.Field?
        var label: String
        var value: String
        /// The value's type tag, or a problem with it.
        var note: String = ""
        var noteIsProblem = false
    }

    static func rows(_ b: QueryBuilder, problems: [FormProblem]) -> [Row] {
        func problem(_ field: QueryBuilder.Field) -> String? { problems.first { $0.field == field }?.message }
        func valueRow(_ field: QueryBuilder.Field, _ label: String, _ value: QueryValue, attribute: String) -> Row {
            let kind = value.kind(inferred: b.inferred(attribute))
            let tag = value.forced == nil ? kind.rawValue : "\(kind.rawValue) (forced)"
            if let message = problem(field) {
                return Row(field: field, label: label, value: value.text, note: "✗ " + message, noteIsProblem: true)
            }
            return Row(field: field, label: label, value: value.text, note: tag)
        }
        var out: [Row] = []
        if let source = b.source {
            out.append(Row(field: .source, label: "Source", value: "◂ \(source.label) ▸"))
            let pk = source.partitionKey.name
            out.append(valueRow(.partitionValue, pk + " =", b.partitionValue, attribute: pk))
            for (i, key) in source.morePartitionKeys.enumerated() where b.morePartitionValues.indices.contains(i) {
                out.append(
                    valueRow(.morePartitionValue(i), key.name + " =", b.morePartitionValues[i], attribute: key.name))
            }
            if let sort = source.sortKey {
                out.append(Row(field: .sortOperator, label: sort.name, value: "◂ \(b.sortOperation) ▸"))
                let between = b.sortOperation == "between"
                out.append(valueRow(.sortValue, between ? "  low" : "  value", b.sortValue, attribute: sort.name))
                if between { out.append(valueRow(.sortHigh, "  high", b.sortHigh, attribute: sort.name)) }
            }
            for (i, key) in source.moreSortKeys.enumerated() where b.moreSorts.indices.contains(i) {
                let sort = b.moreSorts[i]
                out.append(Row(field: .moreSortOperator(i), label: key.name, value: "◂ \(sort.operation) ▸"))
                let between = sort.operation == "between"
                out.append(valueRow(.moreSortValue(i), between ? "  low" : "  value", sort.value, attribute: key.name))
                if between { out.append(valueRow(.moreSortHigh(i), "  high", sort.high, attribute: key.name)) }
            }
        }
        for (i, row) in b.filters.enumerated() {
            let attributeNote = problem(.filterAttribute(i)).map { "✗ " + $0 } ?? ""
            out.append(
                Row(
                    field: .filterAttribute(i), label: "Filter \(i + 1)", value: row.attribute,
                    note: attributeNote, noteIsProblem: !attributeNote.isEmpty))
            out.append(Row(field: .filterOperator(i), label: "  operator", value: "◂ \(row.operation) ▸"))
            if row.takesValue {
                let hint = row.operation == "between" ? "  low, high" : row.operation == "in" ? "  a, b, …" : "  value"
                out.append(valueRow(.filterValue(i), hint, row.value, attribute: row.attribute))
            }
        }
        out.append(Row(field: nil, label: "", value: "+ adds a filter row · - removes one · Ctrl-T forces a type"))
        out.append(
            Row(
                field: .projection, label: "Projection", value: b.projection,
                note: b.projection.isEmpty ? "all attributes" : ""))
        out.append(
            Row(
                field: .direction, label: "Direction", value: b.ascending ? "◂ ascending ▸" : "◂ descending ▸",
                note: b.isQuery ? "" : "(query only)"))
        let limitNote = problem(.limit).map { "✗ " + $0 }
        out.append(
            Row(
                field: .limit, label: "Limit", value: b.limit, note: limitNote ?? "items read per page",
                noteIsProblem: limitNote != nil))
        return out
    }

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        guard let b = model.builder else { return }
        let top = layout.contentTop
        let height = layout.contentHeight
        buffer.clear(x: 0, y: top, width: buffer.width, height: height)
        let built = b.build()
        let problems: [FormProblem] = {
            if case .failure(let p) = built { return p.problems }
            return []
        }()
        let all = rows(b, problems: problems)
        // The form gets what the preview leaves, at least one row; it scrolls to keep focus in view.
        // The preview follows the form and takes the rest (none on very small screens).
        let previewRows = height >= 12 ? max(min(8, height / 3), height - all.count - 1) : 0
        let formRows = max(1, height - previewRows)
        let focusRow = all.firstIndex { $0.field == b.focus } ?? 0
        let first = max(0, min(focusRow - formRows / 2, all.count - formRows))
        let shownRows = Array(all.dropFirst(first).prefix(formRows))
        for (offset, row) in shownRows.enumerated() {
            let y = top + offset
            let focused = row.field == b.focus
            buffer.write(" " + row.label, x: 0, y: y, role: row.field == nil ? .dim : .title, maxWidth: labelWidth)
            let valueX = min(labelWidth + 1, buffer.width)
            let room = max(0, buffer.width - valueX - 1)
            let isText = row.field != nil && !row.value.hasPrefix("◂")
            // The focused text field shows its cursor and scrolls sideways to keep it in view.
            let shown = focused && isText ? LineEditor.window(row.value, tail: model.fieldTail, width: room) : row.value
            let used = buffer.write(
                shown, x: valueX, y: y, role: row.field == nil ? .dim : .normal,
                maxWidth: max(0, buffer.width - valueX - 1))
            if !row.note.isEmpty, valueX + used + 2 < buffer.width {
                buffer.write(
                    row.note, x: valueX + used + 2, y: y, role: row.noteIsProblem ? .error : .dim,
                    maxWidth: buffer.width - valueX - used - 3)
            }
            if focused { buffer.fill(x: 0, y: y, width: buffer.width, role: .selection) }
        }
        guard previewRows > 0 else { return }
        let previewTop = top + min(formRows, shownRows.count + 1)
        drawPreview(&buffer, model, built: built, top: previewTop, rows: top + height - previewTop)
    }

    static func drawPreview(
        _ buffer: inout Buffer, _ model: Model, built: Result<ToolCall, FormProblems>,
        top: Int, rows: Int
    ) {
        guard let b = model.builder else { return }
        var lines: [(String, Role)] = []
        let width = max(1, buffer.width - 2)
        func add(_ text: String, _ role: Role, max: Int) {
            lines += View.wrap(text, width: width, maxLines: max).map { ($0, role) }
        }
        switch built {
        case .success(let call):
            let kind = call.name == "query" ? "Query" : "Scan"
            // Text fields take printable keys, so the hint names the copy keys that work there too.
            let copy = model.keyMap.keysLabel(.copy)
            let copyAs = model.keyMap.keysLabel(.copyAs)
            add(rule("─ \(kind): the exact call (\(copy) copies · \(copyAs) AWS CLI, boto3) ", width), .border, max: 1)
            add(call.jsonLine, .logArguments, max: 3)
            if call.name == "scan" { add("⚠ " + b.scanEstimate, .warning, max: 1) }
        case .failure:
            add(rule("─ the call ", width), .border, max: 1)
        }
        if let error = model.preview.error {
            add("✗ " + error, .error, max: 3)
        } else if let request = model.preview.request {
            add("DynamoDB request (dry run): " + request, .dim, max: 4)
        }
        for (offset, line) in lines.prefix(rows).enumerated() {
            buffer.write(line.0, x: 1, y: top + offset, role: line.1, maxWidth: width)
        }
    }

    /// A heading padded with `─` to exactly `width` columns (cut if longer).
    static func rule(_ heading: String, _ width: Int) -> String {
        let pad = max(0, width - DisplayWidth.of(heading))
        return (heading + String(repeating: "─", count: pad)).truncated(toWidth: width)
    }

    /// `Shop · builder · query on GSI1` / `scan (no partition value)`.
    static func status(_ b: QueryBuilder) -> String {
        let on = b.source?.index.map { " on \($0)" } ?? ""
        return "\(b.table) · query builder · " + (b.isQuery ? "query\(on)" : "scan\(on) (no partition value)")
    }
}
