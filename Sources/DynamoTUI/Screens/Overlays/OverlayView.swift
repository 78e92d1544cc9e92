import DynamoCore
import DynamoTools

/// Draws what sits over the screen: prompts on the bottom line, panels over the content.
enum OverlayView {
    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        guard let overlay = model.overlay else { return }
        let keys = model.keyMap
        switch overlay {
        case .command(let command):
            prompt(
                &buffer, layout, ":", field: command.text, tail: model.fieldTail,
                hint: "\(keys.key(.promptSubmit)) runs · \(keys.key(.promptNext)) completes · "
                    + "\(keys.key(.promptHistoryUp))\(keys.key(.promptHistoryDown)) history · "
                    + keys.key(.promptCancel))
        case .export(let export):
            let scope = export.allPages ? "all pages" : "loaded rows"
            prompt(
                &buffer, layout, "Export \(scope) (\(Export.Format(path: export.path).rawValue)) to: ",
                field: export.path, tail: model.fieldTail,
                hint: "\(keys.key(.promptNext)): loaded/all · \(keys.key(.promptSubmit)) · \(keys.key(.promptCancel))")
        case .goToKey(let keyPrompt):
            prompt(
                &buffer, layout, "Go to " + keyPrompt.text(tail: model.fieldTail), field: nil, tail: 0,
                hint: "\(keys.key(.promptNext)) next key · \(keys.key(.promptSubmit)) get_item · "
                    + keys.key(.promptCancel))
        case .columns(let cursor):
            drawColumns(&buffer, model, layout, cursor: cursor)
        case .saveQuery(let save):
            prompt(
                &buffer, layout, "Save \(save.call.name) on \(save.call.arguments["table"]?.stringValue ?? "") as: ",
                field: save.name, tail: model.fieldTail,
                hint: "\(keys.key(.promptSubmit)) saves · \(keys.key(.promptCancel))")
        case .savedQueries(let list):
            drawSavedQueries(&buffer, model, layout, list)
        case .importFile(let file):
            prompt(
                &buffer, layout, "Import into \(file.table) from: ", field: file.path, tail: model.fieldTail,
                hint: ".jsonl .json .ddb.jsonl · \(keys.key(.promptSubmit)) · \(keys.key(.promptCancel))")
        case .tableForm(let form):
            drawTableForm(&buffer, layout, form, tail: model.fieldTail, keys: keys)
        case .deleteTable(let deletion):
            let count = model.tables.details[deletion.table].map { " and its \($0.itemCount) item(s)" } ?? ""
            prompt(
                &buffer, layout, "Delete \(deletion.table)\(count)? Type its name: ", field: deletion.typed,
                tail: model.fieldTail, hint: "\(keys.key(.promptSubmit)) deletes · \(keys.key(.promptCancel))")
        case .confirm(let confirmation):
            drawConfirmation(&buffer, layout, confirmation, keys: keys)
        case .handOver(let call):
            let formats: [(Command, HandOver.Format)] = [
                (.copyAsMCP, .mcp), (.copyAsAWSCLI, .awsCLI), (.copyAsBoto3, .boto3),
            ]
            let choices = formats.map { "  \(keys.key($0.0))  \($0.1.rawValue)" }
            panel(
                &buffer, layout, title: "Copy \(call.name) as…",
                lines: choices + ["", "  \(keys.key(.copyAsClose))  cancel"],
                footer: "the AWS CLI and boto3 forms send the exact request the runner sends", role: .normal)
        case .text(let text):
            let width = max(1, buffer.width - 4)
            let lines = text.lines.flatMap { $0.isEmpty ? [""] : $0.wrapped(toWidth: width) }
            panel(
                &buffer, layout, title: text.title, lines: Array(lines.dropFirst(text.scroll)),
                footer: "\(keys.key(.panelDown))/\(keys.key(.panelUp)) scroll · "
                    + "\(keys.key(.panelCopy)) copies · \(keys.key(.back)) closes",
                role: text.isError ? .error : .normal)
        }
    }

    /// A one-line prompt on the message row, with a hint at the right when it fits.
    /// With a `field`, the label is followed by the field scrolled to keep its cursor in view.
    static func prompt(
        _ buffer: inout Buffer, _ layout: Layout, _ label: String, field: String?, tail: Int,
        hint: String
    ) {
        let row = layout.messageRow
        buffer.clear(x: 0, y: row, width: buffer.width, height: 1)
        let room = max(1, buffer.width - 1)
        let line: String
        if let field {
            // The label gives way to the field on narrow screens: the cursor must stay visible.
            let fieldRoom = max(10, min(DisplayWidth.of(field) + 1, room / 2))
            let labelRoom = max(0, room - fieldRoom)
            let labelShown =
                DisplayWidth.of(label) <= labelRoom
                ? label
                : labelRoom > 1 ? String(label.prefix(labelRoom - 1)) + "…" : ""
            line = labelShown + LineEditor.window(field, tail: tail, width: max(1, room - DisplayWidth.of(labelShown)))
        } else {
            line = label
        }
        let shown = DisplayWidth.of(line) > room ? "…" + String(line.suffix(room - 1)) : line
        let used = buffer.write(shown, x: 0, y: row, role: .normal, maxWidth: room)
        if used + DisplayWidth.of(hint) + 3 < buffer.width {
            buffer.writeRight(hint, right: buffer.width - 1, y: row, role: .dim, maxWidth: buffer.width - used - 2)
        }
    }

    /// `c`: the browser's columns, shown or hidden, in order, with the sort.
    static func drawColumns(_ buffer: inout Buffer, _ model: Model, _ layout: Layout, cursor: Int) {
        let keys = model.keyMap
        guard let browser = model.browser else { return }
        let names = browser.arrangement.arranged(Array(browser.columns.dropFirst(browser.keyAttributes.count)))
        let lines = names.enumerated().map { index, name -> String in
            let shown = browser.arrangement.hidden.contains(name) ? "[ ]" : "[x]"
            let sort = browser.arrangement.sort
            let order = sort?.column == name ? " " + (sort?.arrow ?? "") : ""
            return (index == cursor ? "▶ " : "  ") + shown + " " + name + order
        }
        let rows = max(1, layout.contentHeight + layout.logHeight - 2)
        let first = max(0, min(cursor - rows / 2, lines.count - rows))
        panel(
            &buffer, layout, title: "Columns of \(browser.table) (keys always show)",
            lines: Array(lines.dropFirst(first)),
            footer: "\(keys.key(.columnsToggle)) shows/hides · \(keys.key(.columnsMoveDown))/"
                + "\(keys.key(.columnsMoveUp)) move · \(keys.key(.columnsSort)) sorts · "
                + "\(keys.key(.columnsClose)) closes", role: .normal)
    }

    /// `Q`: the saved queries, the focused one with its call.
    static func drawSavedQueries(_ buffer: inout Buffer, _ model: Model, _ layout: Layout, _ list: SavedQueryList) {
        let keys = model.keyMap
        let width = max(1, buffer.width - 4)
        var lines: [String] = []
        for (index, query) in list.queries.enumerated() {
            lines.append((index == list.cursor ? "▶ " : "  ") + query.name + "  · " + query.summary)
            if index == list.cursor {
                lines += ("    " + query.call.arguments.jsonText).wrapped(toWidth: width).prefix(4)
            }
        }
        if list.queries.isEmpty { lines = ["  None yet: S in the browser saves the read on screen."] }
        let rows = max(1, layout.contentHeight + layout.logHeight - 2)
        let focusLine = lines.firstIndex { $0.hasPrefix("▶") } ?? 0
        let first = max(0, min(focusLine - rows / 2, lines.count - rows))
        panel(
            &buffer, layout, title: "Saved queries · \(model.session.queriesPath ?? "")",
            lines: Array(lines.dropFirst(first)),
            footer: "\(keys.key(.queriesOpen)) runs · \(keys.key(.queriesDelete)) removes · "
                + "\(keys.key(.queriesClose)) closes", role: .normal)
    }

    /// A write shown before it runs: what to know, the exact call, and the keys that answer.
    static func drawConfirmation(_ buffer: inout Buffer, _ layout: Layout, _ confirmation: Confirmation, keys: KeyMap) {
        let width = max(1, buffer.width - 4)
        let detail = confirmation.detail.flatMap { $0.isEmpty ? [""] : $0.wrapped(toWidth: width) }
        panel(
            &buffer, layout, title: confirmation.title,
            lines: detail + (detail.isEmpty ? [] : [""]) + confirmation.call.jsonLine.wrapped(toWidth: width),
            footer: "\(keys.key(.confirmYes)) writes · \(keys.key(.confirmNo))"
                + (keys.bindings.first { $0.command == .confirmNo }?.keys.contains(.escape) == true
                    ? " or Esc" : "")
                + " does not", role: .logArguments
        )
    }

    /// The new table's rows, label and value, the focused one marked; it scrolls to keep focus in view.
    static func drawTableForm(_ buffer: inout Buffer, _ layout: Layout, _ form: TableForm, tail: Int, keys: KeyMap) {
        let labelWidth = 22
        let room = max(1, buffer.width - labelWidth - 6)
        let lines = form.rows.enumerated().map { index, row -> String in
            let focused = index == form.focus
            let value: String
            if row.isChoice {
                value = "◂ \(row.value) ▸"
            } else {
                value = focused ? LineEditor.window(row.value, tail: tail, width: room) : row.value
            }
            let label = row.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            return (focused ? "▶ " : "  ") + label + value
        }
        let rows = max(1, layout.contentHeight + layout.logHeight - 2)
        let first = max(0, min(form.focus - rows / 2, lines.count - rows))
        panel(
            &buffer, layout, title: "New table", lines: Array(lines.dropFirst(first)),
            footer: "\(keys.key(.formNext)) next · \(keys.key(.formChoiceLeft))\(keys.key(.formChoiceRight)) choose · "
                + "\(keys.key(.formAddIndex)) index · \(keys.key(.formSubmit)) create · \(keys.key(.formCancel))",
            role: .normal)
    }

    /// A bordered panel over the content area.
    static func panel(
        _ buffer: inout Buffer, _ layout: Layout, title: String, lines: [String], footer: String,
        role: Role
    ) {
        let top = layout.contentTop
        let height = max(1, layout.contentHeight + layout.logHeight)
        let width = buffer.width
        buffer.clear(x: 0, y: top, width: width, height: height)
        let rule = String(repeating: "─", count: max(0, width - 2))
        buffer.write("┌" + rule + "┐", x: 0, y: top, role: .border)
        buffer.write(" " + title + " ", x: 2, y: top, role: .title, maxWidth: max(0, width - 4))
        let rows = max(0, height - 2)
        for row in 0..<rows {
            let y = top + 1 + row
            buffer.write("│", x: 0, y: y, role: .border)
            buffer.write("│", x: width - 1, y: y, role: .border)
            if row < lines.count { buffer.write(lines[row], x: 2, y: y, role: role, maxWidth: max(0, width - 4)) }
        }
        if height >= 2 {
            buffer.write("└" + rule + "┘", x: 0, y: top + height - 1, role: .border)
            buffer.write(" " + footer + " ", x: 2, y: top + height - 1, role: .dim, maxWidth: max(0, width - 4))
        }
    }
}
