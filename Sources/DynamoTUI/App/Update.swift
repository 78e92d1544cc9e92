import DynamoCore
import DynamoTools

/// The TUI's logic: `update(model, event)` gives the next model and the effects to run.
///
/// Pure: no IO, no clock, no terminal — so every key flow is tested by feeding events and
/// checking the model and the tool calls issued.
///
/// ```swift
/// var model = Model(session: SessionInfo(backendLabel: "embedded:memory"), width: 80, height: 24)
/// let effects = App.start(&model)           // [.run(id: 1, call: list_tables {})]
/// ```
public enum App {
    /// The effects of opening the app: read the table list.
    public static func start(_ model: inout Model) -> [Effect] {
        if let notice = model.session.notice { model.say(notice) }
        return [model.issue(.listTables(), for: .listTables)]
    }

    /// The pure-function form: returns the new model beside the effects.
    public static func update(_ model: Model, _ event: Event) -> (Model, [Effect]) {
        var next = model
        let effects = update(&next, event)
        return (next, effects)
    }

    public static func update(_ model: inout Model, _ event: Event) -> [Effect] {
        switch event {
        case .resize(let width, let height):
            model.width = max(0, width)
            model.height = max(0, height)
            clampScrolling(&model)
            return []
        case .tick:
            if model.isBusy {
                model.spinnerFrame += 1
                model.busyTicks += 1
            } else {
                model.busyTicks = 0
            }
            return model.screen.type.tick(&model)
        case .finished(let id, let result):
            let effects = finished(&model, id: id, result: result)
            if !model.isBusy {
                model.busyTicks = 0
                // What was being cancelled has ended (maybe before the cancel reached it): say nothing more.
                if model.message?.text == cancellingText { model.message = nil }
            }
            return effects
        case .key(let key):
            return keyPressed(&model, key)
        case .mouse(let action, let x, let y):
            return mouse(&model, action, x: x, y: y)
        case .edited(let text):
            return edited(&model, text: text)
        case .queriesLoaded(let queries, let error, let done):
            queriesLoaded(&model, queries: queries, error: error, done: done)
            return []
        case .importRead(let path, let result):
            return importRead(&model, path: path, result: result)
        case .fileWritten(let path, let rows, let error):
            fileWritten(&model, path: path, rows: rows, error: error)
            return []
        case .changesRead(let request, let result):
            changesRead(&model, request: request, result: result)
            return []
        }
    }

    // MARK: Keys

    /// A key, in order: Ctrl-C's quit-or-cancel, whatever takes text or has the keys (an overlay, the
    /// builder, a `/` field), the help overlay, then the command the key map gives in the context.
    static func keyPressed(_ model: inout Model, _ key: Key) -> [Effect] {
        if model.keyMap.command(for: key, in: .global) == .cancel,
            model.keyMap.ownCommand(for: key, in: model.keyContext) == nil
        {
            model.showHelp = false
            model.overlay = nil
            return model.isBusy ? cancelAll(&model) : [.quit]
        }
        if let handled = modalKey(&model, key) { return handled }
        guard let command = model.keyMap.command(for: key, in: model.keyContext) else {
            if model.showHelp { model.showHelp = false }
            return []
        }
        if model.showHelp { return helpCommand(&model, command) }
        return run(&model, command)
    }

    /// Keys for what has them before the key map: an overlay, then the screen in front (its fields).
    static func modalKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        guard !model.showHelp else { return nil }
        if model.overlay != nil { return overlayKey(&model, key) }
        return model.screen.type.modalKey(&model, key)
    }

    /// The help overlay's own keys; any other command closes it.
    static func helpCommand(_ model: inout Model, _ command: Command) -> [Effect] {
        let layout = Layout(model)
        let page = max(1, layout.contentHeight + layout.logHeight - 2)
        let last = max(0, HelpView.lines(model.keyMap).count - page - 1)
        switch command {
        case .help, .back, .quit: model.showHelp = false
        case .cancel: return cancelAll(&model)
        case .helpDown: model.helpScroll += 1
        case .helpUp: model.helpScroll -= 1
        case .helpPageDown: model.helpScroll += page
        case .helpPageUp: model.helpScroll -= page
        case .helpTop: model.helpScroll = 0
        case .helpBottom: model.helpScroll = last
        default: model.showHelp = false
        }
        model.helpScroll = max(0, min(model.helpScroll, last))
        return []
    }

    /// A command: a global one here, else the screen in front's own.
    static func run(_ model: inout Model, _ command: Command) -> [Effect] {
        model.message = nil
        if let effects = globalCommand(&model, command) { return effects }
        return model.screen.type.command(&model, command) ?? []
    }

    /// The commands bound everywhere; nil for a screen's own.
    static func globalCommand(_ model: inout Model, _ command: Command) -> [Effect]? {
        switch command {
        case .help:
            model.showHelp = true
            model.helpScroll = 0
            return []
        case .cancel:
            // As in every TUI: Ctrl-C stops what runs, and quits when nothing does.
            return model.isBusy ? cancelAll(&model) : [.quit]
        case .back, .quit:
            if command == .back, model.isBusy { return cancelAll(&model) }
            if model.log.focused {
                model.log.focused = false
                return []
            }
            if command == .quit, model.screen == .tables { return [.quit] }
            return goBack(&model)
        case .toggleLog:
            model.log.visible.toggle()
            if !model.log.visible { model.log.focused = false }
            return []
        case .focusLog:
            if !model.log.visible { model.log.visible = true }
            model.log.focused.toggle()
            return []
        case .cycleTheme:
            cycleTheme(&model)
            return []
        case .logDown, .logUp, .logTop, .logBottom:
            scrollLog(&model, command)
            return []
        case .logExpand:
            expandLogEntry(&model)
            return []
        case .commandLine:
            model.fieldTail = 0
            model.overlay = .command(CommandPrompt(history: model.commandHistory))
            return []
        case .copy, .copyAs:
            guard let call = currentCall(model) else {
                model.say("Nothing to copy here.")
                return []
            }
            if command == .copy { return copy(&model, HandOver.mcp(call), what: "the MCP call") }
            model.overlay = .handOver(call)
            return []
        case .savedQueries: return openSavedQueries(&model)
        case .watch: return openWatch(&model)
        default: return nil
        }
    }

    static func cycleTheme(_ model: inout Model) {
        let names = model.session.themeNames
        let current = names.firstIndex(of: model.themeName) ?? -1
        model.themeName = names.isEmpty ? model.themeName : names[(current + 1) % names.count]
        model.message = Model.Message(text: "Theme: \(model.themeName)", isError: false)
    }

    /// `Enter` in the focused log: the marked call whole, with its result, in a panel.
    static func expandLogEntry(_ model: inout Model) {
        guard let last = model.log.entries.indices.last else { return }
        let index = min(model.log.anchor ?? last, last)
        let entry = model.log.entries[index]
        let text =
            "{\"tool\": \(JSONValue.string(entry.call.name).jsonText), \"arguments\": "
            + entry.call.arguments.prettyText + "}\n\nresult: " + entry.summary
        model.overlay = .text(
            TextPanel(
                title: "call \(index + 1) of \(model.log.entries.count) · \(entry.call.name)",
                text: text, isError: entry.isError))
    }

    /// `o`: a prompt with the table's key fields, once the key schema is known.
    static func openGoToKey(_ model: inout Model) {
        guard let browser = model.browser else { return }
        let keys = model.tables.details[browser.table]?.keys ?? []
        guard !keys.isEmpty else {
            model.say("The key schema is not known yet; try again in a moment.")
            return
        }
        model.fieldTail = 0
        model.overlay = .goToKey(KeyPrompt(table: browser.table, keys: keys))
    }

    /// Typing after `/` in the table list edits the filter; returns nil for keys that keep their
    /// usual meaning (arrows, Ctrl-C).
    static func filterKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        guard typeInFilter(&model, text: \.tables.filter, editing: \.tables.filtering, key) else { return nil }
        model.tables.move(to: 0)
        model.tables.top = 0
        return []
    }

    /// A key for the `/` field whose text and "being typed" flag are at these paths (the table list's,
    /// the browser's, the item search's, the Watch feed's). False for keys that keep their meaning.
    static func typeInFilter(
        _ model: inout Model, text: WritableKeyPath<Model, String>, editing: WritableKeyPath<Model, Bool>, _ key: Key
    ) -> Bool {
        var typed = model[keyPath: text]
        var typing = model[keyPath: editing]
        let handled = editFilter(&model, &typed, editing: &typing, key)
        model[keyPath: text] = typed
        model[keyPath: editing] = typing
        return handled
    }

    /// A `/` filter's keys: typing edits it, `Enter` keeps it, `Esc` clears it. False for keys that keep
    /// their usual meaning.
    static func editFilter(_ model: inout Model, _ text: inout String, editing: inout Bool, _ key: Key) -> Bool {
        switch model.keyMap.ownCommand(for: key, in: .prompt) {
        case .promptSubmit: editing = false
        case .promptCancel:
            editing = false
            text = ""
        default: return editField(&model, &text, key)
        }
        return true
    }

    /// What a key did to a one-line prompt: edited its text, or answered it.
    enum PromptKey { case edited, enter, escape, ignored }

    /// A one-line prompt's keys: the field keys edit its text, Enter and Esc answer it.
    static func promptKey(_ model: inout Model, _ text: inout String, _ key: Key) -> PromptKey {
        if editField(&model, &text, key) { return .edited }
        switch model.keyMap.ownCommand(for: key, in: .prompt) {
        case .promptSubmit: return .enter
        case .promptCancel: return .escape
        default: return .ignored
        }
    }

    /// Types a key into the text field that has the keys: a character goes in at the cursor, the
    /// `field` bindings move the cursor and cut. False for any other key.
    static func editField(_ model: inout Model, _ text: inout String, _ key: Key) -> Bool {
        if case .char(let c) = key {
            LineEditor.insert(c, into: &text, tail: &model.fieldTail)
            return true
        }
        guard let command = model.keyMap.ownCommand(for: key, in: .field) else { return false }
        return LineEditor.apply(command, to: &text, tail: &model.fieldTail)
    }

    /// Typing after `/` in the item view: the search text; Enter keeps it and jumps to the first
    /// match, Esc clears it. Nil for keys that keep their meaning.
    static func itemSearchKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        guard model.item != nil, typeInFilter(&model, text: \.item!.search, editing: \.item!.typingSearch, key) else {
            return nil
        }
        if model.keyMap.ownCommand(for: key, in: .prompt) == .promptSubmit {
            jumpToMatch(&model, forward: true, fromCurrent: true)
        }
        return []
    }

    /// Scrolls the item view to the next (or previous) line holding the search text.
    static func jumpToMatch(_ model: inout Model, forward: Bool, fromCurrent: Bool = false) {
        guard let item = model.item else { return }
        guard !item.search.isEmpty else {
            model.say("Nothing to find: / searches the item.")
            return
        }
        let matches = item.matchingLines(width: model.width)
        guard !matches.isEmpty else {
            model.say("No match for \"\(item.search)\".")
            return
        }
        let start = item.scroll
        let target =
            forward
            ? (matches.first { fromCurrent ? $0 >= start : $0 > start } ?? matches[0])
            : (matches.last { $0 < start } ?? matches[matches.count - 1])
        let rows = max(1, Layout(model).contentHeight - 1)
        model.item?.scroll = min(target, ItemView.maxScroll(item, width: model.width, rows: rows))
        let number = (matches.firstIndex(of: target) ?? 0) + 1
        model.say("Match \(number) of \(matches.count) for \"\(item.search)\" (n next, N previous)")
    }

    static let cancellingText = "Cancelling…"

    static func cancelAll(_ model: inout Model) -> [Effect] {
        model.browser?.walk?.stopRequested = true
        model.importJob?.stopRequested = true
        model.browser?.queuedMoves = 0
        let ids = model.pending.filter { !$0.value.isBackground }.keys.sorted()
        model.message = Model.Message(text: cancellingText, isError: false)
        return [.cancel(ids: ids)]
    }

    static func goBack(_ model: inout Model) -> [Effect] {
        if model.screen == .browser, let browser = model.browser, !browser.localFilter.isEmpty {
            model.browser?.localFilter = ""
            model.browser?.selected = 0
            model.browser?.top = 0
            return []
        }
        if model.screens.count > 1 {
            model.screens.removeLast()
            if model.screen == .tables {
                model.browser = nil
                model.builder = nil
            }
            return []
        }
        if !model.tables.filter.isEmpty {
            model.tables.filter = ""
            model.tables.move(to: 0)
        }
        return []
    }

    static func scrollLog(_ model: inout Model, _ command: Command) {
        let last = model.log.entries.count - 1
        guard last >= 0 else { return }
        let current = model.log.anchor ?? last
        switch command {
        case .logUp: model.log.anchor = max(0, current - 1)
        case .logDown: model.log.anchor = current + 1 >= last ? nil : current + 1
        case .logTop: model.log.anchor = 0
        default: model.log.anchor = nil
        }
    }
}
