import DynamoCore
import DynamoTools

extension Model.Screen {
    public static let tables = Model.Screen("tables")
}

extension KeyContext {
    public static let tables = KeyContext("tables", title: "Table list")
}

/// The table list: every table with its keys and size; the screen the app opens on.
enum TablesScreen: ScreenType {
    static let screen = Model.Screen.tables
    static let keyContext = KeyContext.tables
    static let overlayContexts: [KeyContext] = [.tableForm]

    static let bindings: [KeyBinding] = [
        KeyBinding(command: .tablesDown, keys: [.char("j"), .down], context: .tables, help: "next table"),
        KeyBinding(command: .tablesUp, keys: [.char("k"), .up], context: .tables, help: "previous table"),
        KeyBinding(command: .tablesTop, keys: [.char("g"), .home], context: .tables, help: "first table"),
        KeyBinding(command: .tablesBottom, keys: [.char("G"), .end], context: .tables, help: "last table"),
        KeyBinding(command: .tablesOpen, keys: [.enter], context: .tables, help: "browse the table"),
        KeyBinding(
            command: .tablesRefresh, keys: [.char("r")], context: .tables, help: "reload tables and their sizes"),
        KeyBinding(
            command: .tablesFilter, keys: [.char("/")], context: .tables, help: "narrow the list by name as you type"),
        KeyBinding(
            command: .tablesCreate, keys: [.char("n")], context: .tables,
            help: "create a table: keys, billing, indexes (a form)"),
        KeyBinding(
            command: .tablesImport, keys: [.char("I")], context: .tables,
            help: "import .jsonl, .json or .ddb.jsonl items into the table"),
        KeyBinding(
            command: .tablesDelete, keys: [.char("D")], context: .tables,
            help: "delete the table (type its name to confirm)"),
    ]

    static let hints: [([Command], String)] = [
        ([.tablesOpen], "open"), ([.tablesFilter], "filter"), ([.tablesRefresh], "refresh"), ([.watch], "watch"),
        ([.toggleLog], "log"), ([.help], "help"), ([.quit], "quit"),
    ]

    static func status(_ model: Model) -> String {
        let visible = model.tables.visibleNames.count
        let total = model.tables.names.count
        let shown =
            model.tables.filter.isEmpty
            ? "\(total) table(s)" : "\(visible) of \(total) table(s) match \"\(model.tables.filter)\""
        return model.tables.loaded ? shown : "loading tables"
    }

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        TableListView.draw(&buffer, model, layout)
    }

    static func typedFilter(_ model: Model) -> String? { model.tables.filtering ? model.tables.filter : nil }

    static func modalKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        model.tables.filtering ? App.filterKey(&model, key) : nil
    }

    static func command(_ model: inout Model, _ command: Command) -> [Effect]? {
        switch command {
        case .tablesCreate, .tablesDelete: return App.tableChange(&model, command)
        case .tablesImport: return App.startImport(&model)
        case .tablesDown, .tablesUp, .tablesTop, .tablesBottom, .tablesOpen, .tablesRefresh, .tablesFilter:
            return App.tablesCommand(&model, command)
        default: return nil
        }
    }

    static func wheel(down: Bool) -> Command? { down ? .tablesDown : .tablesUp }

    static func click(_ model: inout Model, row: Int) -> [Effect] {
        let index = model.tables.top + row
        guard index < model.tables.visibleNames.count else { return [] }
        if index == model.tables.selected { return App.tablesCommand(&model, .tablesOpen) }
        model.tables.move(to: index)
        return []
    }

    static func currentCall(_ model: Model) -> ToolCall? { model.tables.selectedName.map { .describeTable($0) } }

    static func clamp(_ model: inout Model, _ layout: Layout) {
        keepVisible(
            selected: model.tables.selected, top: &model.tables.top, rows: layout.listRows,
            count: model.tables.visibleNames.count)
    }
}
