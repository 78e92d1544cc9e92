import DynamoCore
import DynamoTools

/// Keys while a prompt, menu, confirmation or text panel is open: it takes them all.
extension App {
    static func overlayKey(_ model: inout Model, _ key: Key) -> [Effect] {
        // A prompt is taken out of the model while a key edits it, so its text is the only copy and
        // grows in place (a copy still held by the model would make every key copy the whole text).
        if case .command(var prompt)? = model.overlay {
            model.overlay = nil
            return commandKey(&model, &prompt, key)
        }
        if case .export(var prompt)? = model.overlay {
            model.overlay = nil
            return exportKey(&model, &prompt, key)
        }
        if case .goToKey(var prompt)? = model.overlay {
            model.overlay = nil
            return goToKeyKey(&model, &prompt, key)
        }
        if case .tableForm(var form)? = model.overlay {
            model.overlay = nil
            return tableFormKey(&model, &form, key)
        }
        if case .saveQuery(var prompt)? = model.overlay {
            model.overlay = nil
            return saveQueryKey(&model, &prompt, key)
        }
        if case .savedQueries(var list)? = model.overlay {
            model.overlay = nil
            return savedQueriesKey(&model, &list, key)
        }
        if case .importFile(var prompt)? = model.overlay {
            model.overlay = nil
            return importKey(&model, &prompt, key)
        }
        if case .deleteTable(var prompt)? = model.overlay {
            model.overlay = nil
            return deleteTableKey(&model, &prompt, key)
        }
        guard let overlay = model.overlay else { return [] }
        model.overlay = nil
        switch overlay {
        case .command, .export, .goToKey, .tableForm, .deleteTable, .importFile, .saveQuery, .savedQueries:
            return []
        case .columns(let cursor):
            return columnsKey(&model, cursor: cursor, key)
        case .confirm(let confirmation):
            switch model.keyMap.ownCommand(for: key, in: .confirm) {
            case .confirmYes:
                return [model.issue(confirmation.call, for: .write(confirmation.kind))]
            case .confirmNo:
                model.say("Not written.")
            default: model.overlay = overlay
            }
            return []
        case .handOver(let call):
            return handOverKey(&model, call, key)
        case .text(let panel):
            return panelKey(&model, panel, key)
        }
    }

    /// The copy-as menu: a format copies the call in it (the AWS CLI and boto3 forms come from a dry run).
    static func handOverKey(_ model: inout Model, _ call: ToolCall, _ key: Key) -> [Effect] {
        let format: HandOver.Format
        switch model.keyMap.ownCommand(for: key, in: .copyAs) {
        case .copyAsClose: return []
        case .copyAsMCP: format = .mcp
        case .copyAsAWSCLI: format = .awsCLI
        case .copyAsBoto3: format = .boto3
        default:
            model.overlay = .handOver(call)
            return []
        }
        if format == .mcp { return copy(&model, HandOver.mcp(call), what: "the MCP call") }
        return [model.check(call, for: .handOver(format, call))]
    }

    /// A text panel scrolls, copies its text, or closes on any other key.
    static func panelKey(_ model: inout Model, _ panel: TextPanel, _ key: Key) -> [Effect] {
        var panel = panel
        let page = max(1, Layout(model).contentHeight - 2)
        switch model.keyMap.ownCommand(for: key, in: .panel) {
        case .panelDown: panel.scroll += 1
        case .panelUp: panel.scroll -= 1
        case .panelPageDown: panel.scroll += page
        case .panelPageUp: panel.scroll -= page
        case .panelTop: panel.scroll = 0
        case .panelBottom: panel.scroll = panel.lines.count
        case .panelCopy:
            model.overlay = .text(panel)
            return copy(&model, panel.lines.joined(separator: "\n"), what: "the text")
        default:
            model.overlay = nil
            return []
        }
        panel.scroll = max(0, min(panel.scroll, panel.lines.count - 1))
        model.overlay = .text(panel)
        return []
    }

    /// `o`'s prompt: typing fills the focused key field, Tab moves, Enter reads the item.
    static func goToKeyKey(_ model: inout Model, _ prompt: inout KeyPrompt, _ key: Key) -> [Effect] {
        if prompt.values.indices.contains(prompt.focus), editField(&model, &prompt.values[prompt.focus], key) {
            model.overlay = .goToKey(prompt)
            return []
        }
        switch model.keyMap.ownCommand(for: key, in: .prompt) {
        case .promptNext:
            prompt.focus = (prompt.focus + 1) % max(1, prompt.keys.count)
            model.fieldTail = 0
        case .promptPrevious:
            prompt.focus = (prompt.focus + max(1, prompt.keys.count) - 1) % max(1, prompt.keys.count)
            model.fieldTail = 0
        case .promptCancel: return []
        case .promptSubmit:
            switch prompt.call() {
            case .failure(let error): model.say("Not run: " + error.message, error: true)
            case .success(let call): return [model.issue(call, for: .goToKey)]
            }
        default: break
        }
        model.overlay = .goToKey(prompt)
        return []
    }

    /// The item `o` asked for came back: open it, or say there is none.
    static func goToKeyFinished(_ model: inout Model, call: ToolCall, result: ToolResult) {
        let table = call.arguments["table"]?.stringValue ?? ""
        guard !result.isError else {
            model.say(result.summary, error: true)
            return
        }
        guard let item = result.structured["item"]?.plainDecodedItem else {
            model.say("No item in \(table) has the key \(call.arguments["key"]?.jsonText ?? "")")
            return
        }
        model.item = ItemState(table: table, item: item)
        if model.screen != .item { model.screens.append(.item) }
    }

    static func exportKey(_ model: inout Model, _ prompt: inout ExportPrompt, _ key: Key) -> [Effect] {
        if editField(&model, &prompt.path, key) {
            model.overlay = .export(prompt)
            return []
        }
        switch model.keyMap.ownCommand(for: key, in: .prompt) {
        case .promptNext: prompt.allPages.toggle()
        case .promptCancel: return []
        case .promptSubmit: return startExport(&model, prompt)
        default: break
        }
        model.overlay = .export(prompt)
        return []
    }

    static func commandKey(_ model: inout Model, _ prompt: inout CommandPrompt, _ key: Key) -> [Effect] {
        if editField(&model, &prompt.text, key) {
            if case .char = key { prompt.historyIndex = nil }
            model.overlay = .command(prompt)
            return []
        }
        switch model.keyMap.ownCommand(for: key, in: .prompt) {
        case .promptHistoryUp:
            prompt.historyUp()
            model.fieldTail = 0
        case .promptHistoryDown:
            prompt.historyDown()
            model.fieldTail = 0
        case .promptNext:
            let tools = ToolCatalog.tools(for: ToolPolicy(readOnly: model.session.readOnly)).map(\.name)
            model.fieldTail = 0
            if !prompt.complete(tools: tools, tables: model.tables.names) { model.say("Nothing to complete.") }
        case .promptCancel:
            model.overlay = nil
            return []
        case .promptSubmit:
            switch CommandPrompt.parse(prompt.text) {
            case .failure(let error):
                model.say(error.message, error: true)
            case .success(let call):
                if model.commandHistory.last != prompt.text { model.commandHistory.append(prompt.text) }
                model.overlay = nil
                return [model.issue(call, for: .command)]
            }
        default: break
        }
        model.overlay = .command(prompt)
        return []
    }

    /// A `:` call came back: reads show in the browser, anything else in a text panel.
    static func commandFinished(_ model: inout Model, call: ToolCall, result: ToolResult) -> [Effect] {
        if result.isError {
            model.overlay = .text(
                TextPanel(
                    title: "\(call.name) failed", text: result.structured.prettyText,
                    isError: true))
            return []
        }
        if ["query", "scan"].contains(call.name), call.arguments["all"]?.boolValue != true {
            return browse(&model, call, firstPage: result)
        }
        model.overlay = .text(TextPanel(title: "\(call.name) · \(result.summary)", text: result.structured.prettyText))
        return []
    }

    /// `y`: the call behind what is on screen — the focused log entry, the form, the item, the
    /// browser's read, or the selected table's description.
    static func currentCall(_ model: Model) -> ToolCall? {
        if model.log.visible && model.log.focused, let last = model.log.entries.indices.last {
            return model.log.entries[min(model.log.anchor ?? last, last)].call
        }
        return model.screen.type.currentCall(model)
    }

    static func copy(_ model: inout Model, _ text: String, what: String) -> [Effect] {
        model.say("Copied \(what) to the clipboard (OSC 52): \(text.prefix(200))")
        return [.copy(text: text)]
    }

    /// A dry run gave the request: write it out in the chosen format, copy it and show it.
    static func handOverFinished(
        _ model: inout Model, format: HandOver.Format, call: ToolCall,
        result: ToolResult
    ) -> [Effect] {
        guard !result.isError, let request = result.structured["request"],
            let operation = result.structured["operation"]?.stringValue
        else {
            model.say("Cannot hand this over: \(result.summary)", error: true)
            return []
        }
        let target = model.session.awsTarget ?? .embedded
        let embedded = model.session.awsTarget == nil
        let serve = model.session.serveArguments
        let text =
            format == .awsCLI
            ? HandOver.awsCLI(
                operation: operation, request: request, target: target, embedded: embedded,
                serveArguments: serve)
            : HandOver.boto3(
                operation: operation, request: request, target: target, embedded: embedded,
                serveArguments: serve)
        let title =
            "\(format.rawValue) for \(call.name) — copied (\(model.keyMap.key(.panelCopy)) copies again, "
            + "\(model.keyMap.key(.back)) closes)"
        model.overlay = .text(TextPanel(title: title, text: text))
        return [.copy(text: text)]
    }
}
