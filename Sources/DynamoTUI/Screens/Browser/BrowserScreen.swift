import DynamoCore
import DynamoTools

extension Model.Screen {
    public static let browser = Model.Screen("browser")
}

extension KeyContext {
    public static let browser = KeyContext("browser", title: "Table browser")
}

/// The table browser: a page of items as rows, read by the exact call an agent would send.
enum BrowserScreen: ScreenType {
    static let screen = Model.Screen.browser
    static let keyContext = KeyContext.browser
    static let overlayContexts: [KeyContext] = [.columns, .queries]

    static let bindings: [KeyBinding] = [
        KeyBinding(command: .browserDown, keys: [.char("j"), .down], context: .browser, help: "next item"),
        KeyBinding(command: .browserUp, keys: [.char("k"), .up], context: .browser, help: "previous item"),
        KeyBinding(command: .browserTop, keys: [.char("g"), .home], context: .browser, help: "first item of the page"),
        KeyBinding(
            command: .browserBottom, keys: [.char("G"), .end], context: .browser, help: "last item of the page"),
        KeyBinding(command: .browserLeft, keys: [.char("h"), .left], context: .browser, help: "scroll columns left"),
        KeyBinding(
            command: .browserRight, keys: [.char("l"), .right], context: .browser, help: "scroll columns right"),
        KeyBinding(
            command: .browserNextPage, keys: [.char("]"), .pageDown], context: .browser,
            help: "next page (runs the call with its cursor)"),
        KeyBinding(
            command: .browserPreviousPage, keys: [.char("["), .pageUp], context: .browser, help: "previous page"),
        KeyBinding(command: .browserOpen, keys: [.enter], context: .browser, help: "view the whole item"),
        KeyBinding(command: .browserRefresh, keys: [.char("r")], context: .browser, help: "reload from the first page"),
        KeyBinding(
            command: .browserQuery, keys: [.char("f")], context: .browser, help: "build a query or filtered scan"),
        KeyBinding(
            command: .browserFilterLoaded, keys: [.char("/")], context: .browser,
            help: "narrow the loaded rows by text (no call)"),
        KeyBinding(
            command: .browserFetchOn, keys: [.char("F")], context: .browser,
            help: "read on until the page is full or the budget is spent"),
        KeyBinding(command: .browserEdit, keys: [.char("e")], context: .browser, help: "edit the item in $EDITOR"),
        KeyBinding(command: .browserCreate, keys: [.char("n")], context: .browser, help: "create an item in $EDITOR"),
        KeyBinding(
            command: .browserDelete, keys: [.char("d")], context: .browser, help: "delete the item (asks first)"),
        KeyBinding(
            command: .browserExport, keys: [.char("x")], context: .browser,
            help: "export rows to .jsonl, .json, .csv or .ddb.jsonl (DynamoDB JSON)"),
        KeyBinding(
            command: .browserSaveQuery, keys: [.char("S")], context: .browser,
            help: "save this read under a name (an MCP prompt for agents too)"),
        KeyBinding(
            command: .browserImport, keys: [.char("I")], context: .browser,
            help: "import .jsonl, .json or .ddb.jsonl items (batch_write_item, with retries)"),
        KeyBinding(
            command: .browserGoToKey, keys: [.char("o")], context: .browser,
            help: "open an item by its key (get_item)"),
        KeyBinding(
            command: .browserMark, keys: [.char(" ")], context: .browser,
            help: "mark or unmark the row, then move down (d, y, t act on marked rows)"),
        KeyBinding(
            command: .browserMarkAll, keys: [.char("*")], context: .browser,
            help: "mark every row shown, or unmark them all"),
        KeyBinding(
            command: .browserColumns, keys: [.char("c")], context: .browser,
            help: "choose columns: hide, show, reorder, sort the loaded rows"),
        KeyBinding(
            command: .browserCopyTransaction, keys: [.char("t")], context: .browser,
            help: "copy the marked rows as one transact_write_items call"),
    ]

    static let hints: [([Command], String)] = [
        ([.browserOpen], "item"), ([.browserQuery], "query"), ([.browserFilterLoaded], "filter"),
        ([.browserNextPage], "next"), ([.browserEdit], "edit"), ([.commandLine], "command"), ([.copy], "copy"),
        ([.help], "help"),
    ]

    static func status(_ model: Model) -> String { model.browser.map(BrowserView.status) ?? "" }

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        BrowserView.draw(&buffer, model, layout)
    }

    static func typedFilter(_ model: Model) -> String? {
        model.browser?.filteringLocally == true ? model.browser?.localFilter : nil
    }

    static func modalKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        model.browser?.filteringLocally == true ? App.localFilterKey(&model, key) : nil
    }

    static func command(_ model: inout Model, _ command: Command) -> [Effect]? {
        switch command {
        case .browserDown, .browserUp, .browserTop, .browserBottom, .browserLeft, .browserRight,
            .browserNextPage, .browserPreviousPage, .browserOpen, .browserRefresh:
            return App.browserCommand(&model, command)
        case .browserSaveQuery: return App.startSaveQuery(&model)
        case .browserImport: return App.startImport(&model)
        case .browserMark, .browserMarkAll, .browserColumns, .browserCopyTransaction:
            return App.markCommand(&model, command)
        case .browserQuery: return App.openBuilder(&model)
        case .browserFilterLoaded:
            model.fieldTail = 0
            model.browser?.filteringLocally = true
            return []
        case .browserFetchOn: return App.startFetchOn(&model)
        case .browserEdit: return App.startEdit(&model)
        case .browserCreate: return App.startCreate(&model)
        case .browserDelete: return App.startDelete(&model)
        case .browserGoToKey:
            App.openGoToKey(&model)
            return []
        case .browserExport:
            guard let table = model.browser?.table else { return [] }
            model.fieldTail = 0
            model.overlay = .export(ExportPrompt(path: "\(table).jsonl"))
            return []
        default: return nil
        }
    }

    static func wheel(down: Bool) -> Command? { down ? .browserDown : .browserUp }

    static func click(_ model: inout Model, row: Int) -> [Effect] {
        guard let browser = model.browser else { return [] }
        let index = browser.top + row
        guard index < browser.items.count else { return [] }
        if index == browser.selected { return App.browserCommand(&model, .browserOpen) }
        model.browser?.selected = index
        return []
    }

    static func currentCall(_ model: Model) -> ToolCall? {
        guard let browser = model.browser else { return nil }
        return browser.marked.isEmpty ? browser.base : App.markedBatchWrite(browser)
    }

    static func clamp(_ model: inout Model, _ layout: Layout) {
        guard var browser = model.browser else { return }
        keepVisible(selected: browser.selected, top: &browser.top, rows: layout.listRows, count: browser.items.count)
        model.browser = browser
    }
}
