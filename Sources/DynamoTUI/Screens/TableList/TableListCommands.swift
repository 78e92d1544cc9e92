import DynamoCore
import DynamoTools

/// Creating a table (`n`, a form) and deleting one (`D`, its name typed again) from the table list.
extension App {
    static func tableChange(_ model: inout Model, _ command: Command) -> [Effect] {
        guard !model.session.readOnly else {
            model.say(readOnlyRefusal, error: true)
            return []
        }
        if command == .tablesCreate {
            model.fieldTail = 0
            model.overlay = .tableForm(TableForm())
            return []
        }
        guard let name = model.tables.selectedName else {
            model.say("No table to delete.")
            return []
        }
        model.fieldTail = 0
        model.overlay = .deleteTable(DeleteTablePrompt(table: name))
        return []
    }

    /// The form's keys: text rows take typing and the field keys; the form's own bindings move,
    /// choose, add and remove indexes, and submit.
    static func tableFormKey(_ model: inout Model, _ form: inout TableForm, _ key: Key) -> [Effect] {
        let command = model.keyMap.ownCommand(for: key, in: .tableForm)
        if let row = form.focusedRow, !row.isChoice {
            // `+`/`-` on an empty field act on indexes; typed anywhere else they are text.
            let formKey = command == .formAddIndex || command == .formRemoveIndex
            if !(formKey && row.value.isEmpty), editField(&model, &form.rows[form.focus].value, key) {
                model.overlay = .tableForm(form)
                return []
            }
        }
        switch command {
        case .formNext:
            form.moveFocus(by: 1)
            model.fieldTail = 0
        case .formPrevious:
            form.moveFocus(by: -1)
            model.fieldTail = 0
        case .formChoiceLeft: form.cycle(by: -1)
        case .formChoiceRight: form.cycle(by: 1)
        case .formAddIndex:
            form.addIndex()
            model.fieldTail = 0
        case .formRemoveIndex:
            form.removeIndex()
            model.fieldTail = 0
        case .formCancel:
            model.say("No table created.")
            return []
        case .formSubmit:
            switch form.call() {
            case .failure(let error):
                model.say("Not yet: " + error.message, error: true)
            case .success(let call):
                let table = call.arguments["table"]?.stringValue ?? ""
                model.overlay = .confirm(Confirmation(title: "Create the table \(table)?", call: call, kind: .tables))
                return []
            }
        default: break
        }
        model.overlay = .tableForm(form)
        return []
    }

    /// The name typed again: Enter deletes only when it matches.
    static func deleteTableKey(_ model: inout Model, _ prompt: inout DeleteTablePrompt, _ key: Key) -> [Effect] {
        switch promptKey(&model, &prompt.typed, key) {
        case .edited, .ignored:
            model.overlay = .deleteTable(prompt)
            return []
        case .escape:
            model.say("Not deleted.")
            return []
        case .enter:
            guard let call = prompt.call else {
                model.say("The name typed is not \(prompt.table): nothing deleted.", error: true)
                model.overlay = .deleteTable(prompt)
                return []
            }
            return [model.issue(call, for: .write(.tables))]
        }
    }

    /// A table was created or deleted: say so and read the list again.
    static func tablesChanged(_ model: inout Model, call: ToolCall) -> [Effect] {
        let table = call.arguments["table"]?.stringValue ?? ""
        model.say(call.name == "create_table" ? "Created \(table)." : "Deleted \(table) and all its items.")
        if call.name == "delete_table" { model.tables.details[table] = nil }
        return [model.issue(.listTables(), for: .listTables)]
    }
}
