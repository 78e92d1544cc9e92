/// Where a binding applies. A key is looked up in the focused context first, then in `global`.
public enum KeyContext: String, CaseIterable, Sendable {
    case global, tables, tableForm, browser, columns, queries, item, builder, field, confirm, copyAs, panel, log, help

    /// The heading of the context in the help overlay and the README.
    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .tables: return "Table list"
        case .browser: return "Table browser"
        case .columns: return "Column chooser (c)"
        case .tableForm: return "New table form (n)"
        case .queries: return "Saved queries (Q)"
        case .confirm: return "A write shown before it runs"
        case .copyAs: return "Copy as… (Y)"
        case .panel: return "Text panels (results, errors, copied text)"
        case .item: return "Item view"
        case .builder: return "Query builder"
        case .field: return "Text fields"
        case .log: return "Action log (focused)"
        case .help: return "Help"
        }
    }
}

/// Everything a key can ask for. The raw value is the binding's stable name (`browser.next-page`),
/// the name users rebind and the README lists.
public enum Command: String, CaseIterable, Sendable {
    case help = "app.help"
    case back = "app.back"
    case quit = "app.quit"
    case cancel = "app.cancel"
    case toggleLog = "app.toggle-log"
    case focusLog = "app.focus-log"
    case cycleTheme = "app.cycle-theme"
    case commandLine = "app.command-line"
    case copy = "app.copy"
    case copyAs = "app.copy-as"
    case savedQueries = "app.saved-queries"
    case browserSaveQuery = "browser.save-query"
    case queriesDown = "queries.down"
    case queriesUp = "queries.up"
    case queriesOpen = "queries.open"
    case queriesDelete = "queries.delete"
    case queriesClose = "queries.close"
    case tablesDown = "tables.down"
    case tablesUp = "tables.up"
    case tablesTop = "tables.top"
    case tablesBottom = "tables.bottom"
    case tablesOpen = "tables.open"
    case tablesRefresh = "tables.refresh"
    case tablesFilter = "tables.filter"
    case tablesCreate = "tables.create"
    case tablesImport = "tables.import"
    case browserImport = "browser.import"
    case tablesDelete = "tables.delete"
    case formNext = "form.next-field"
    case formPrevious = "form.previous-field"
    case formChoiceLeft = "form.choice-left"
    case formChoiceRight = "form.choice-right"
    case formAddIndex = "form.add-index"
    case formRemoveIndex = "form.remove-index"
    case formSubmit = "form.submit"
    case formCancel = "form.cancel"
    case browserDown = "browser.down"
    case browserUp = "browser.up"
    case browserTop = "browser.top"
    case browserBottom = "browser.bottom"
    case browserLeft = "browser.scroll-left"
    case browserRight = "browser.scroll-right"
    case browserNextPage = "browser.next-page"
    case browserPreviousPage = "browser.previous-page"
    case browserOpen = "browser.open-item"
    case browserRefresh = "browser.refresh"
    case browserQuery = "browser.query-builder"
    case browserFilterLoaded = "browser.filter-loaded"
    case browserFetchOn = "browser.fetch-on"
    case browserEdit = "browser.edit"
    case browserCreate = "browser.create"
    case browserDelete = "browser.delete"
    case browserExport = "browser.export"
    case browserGoToKey = "browser.go-to-key"
    case browserMark = "browser.mark"
    case browserMarkAll = "browser.mark-all"
    case browserColumns = "browser.columns"
    case browserCopyTransaction = "browser.copy-marked-as-transaction"
    case columnsDown = "columns.down"
    case columnsUp = "columns.up"
    case columnsToggle = "columns.toggle"
    case columnsMoveUp = "columns.move-up"
    case columnsMoveDown = "columns.move-down"
    case columnsSort = "columns.sort"
    case columnsClose = "columns.close"
    case itemDown = "item.down"
    case itemUp = "item.up"
    case itemPageDown = "item.page-down"
    case itemPageUp = "item.page-up"
    case itemTop = "item.top"
    case itemBottom = "item.bottom"
    case itemToggleFormat = "item.toggle-format"
    case itemEdit = "item.edit"
    case itemDelete = "item.delete"
    case itemSearch = "item.search"
    case itemNextMatch = "item.next-match"
    case itemPreviousMatch = "item.previous-match"
    case builderNext = "builder.next-field"
    case builderPrevious = "builder.previous-field"
    case builderRun = "builder.run"
    case builderLeave = "builder.leave"
    case builderChoiceLeft = "builder.choice-left"
    case builderChoiceRight = "builder.choice-right"
    case builderAddFilter = "builder.add-filter"
    case builderRemoveFilter = "builder.remove-filter"
    case builderForceType = "builder.force-type"
    case fieldLeft = "field.left"
    case fieldRight = "field.right"
    case fieldStart = "field.start"
    case fieldEnd = "field.end"
    case fieldDeleteBack = "field.delete-back"
    case fieldDeleteForward = "field.delete-forward"
    case fieldCutToStart = "field.cut-to-start"
    case fieldCutToEnd = "field.cut-to-end"
    case fieldCutWord = "field.cut-word"
    case confirmYes = "confirm.yes"
    case confirmNo = "confirm.no"
    case copyAsMCP = "copy-as.mcp"
    case copyAsAWSCLI = "copy-as.aws-cli"
    case copyAsBoto3 = "copy-as.boto3"
    case copyAsClose = "copy-as.close"
    case panelDown = "panel.down"
    case panelUp = "panel.up"
    case panelPageDown = "panel.page-down"
    case panelPageUp = "panel.page-up"
    case panelTop = "panel.top"
    case panelBottom = "panel.bottom"
    case panelCopy = "panel.copy"
    case helpDown = "help.down"
    case helpUp = "help.up"
    case helpPageDown = "help.page-down"
    case helpPageUp = "help.page-up"
    case helpTop = "help.top"
    case helpBottom = "help.bottom"
    case logDown = "log.down"
    case logUp = "log.up"
    case logTop = "log.top"
    case logBottom = "log.bottom"
    case logExpand = "log.expand"
}

/// One entry of the key-binding registry.
public struct KeyBinding: Sendable {
    public var command: Command
    public var keys: [Key]
    public var context: KeyContext
    public var help: String
}

/// The one registry of key bindings: the dispatcher, the `?` overlay and the README's key table
/// all read it, so they cannot disagree (a test compares the README with `markdownTable`).
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public static let standard = KeyMap(bindings: [
        KeyBinding(command: .help, keys: [.char("?")], context: .global, help: "show or hide this help"),
        KeyBinding(command: .back, keys: [.escape], context: .global, help: "cancel the running call, or go back"),
        KeyBinding(
            command: .quit, keys: [.char("q")], context: .global, help: "quit from the table list; go back elsewhere"),
        KeyBinding(
            command: .cancel, keys: [.ctrl("c")], context: .global,
            help: "cancel the running call (keeps pages read), or quit"),
        KeyBinding(
            command: .toggleLog, keys: [.char("L"), .char("@"), .char("l")], context: .global,
            help: "show or hide the action log (l scrolls in the browser)"),
        KeyBinding(command: .focusLog, keys: [.tab], context: .global, help: "move focus to or from the action log"),
        KeyBinding(command: .cycleTheme, keys: [.char("T")], context: .global, help: "next colour theme"),
        KeyBinding(
            command: .commandLine, keys: [.char(":")], context: .global,
            help: "run a tool call: TOOL {json} or a JSON log line"),
        KeyBinding(
            command: .copy, keys: [.char("y"), .ctrl("y")], context: .global,
            help: "copy the query, item or log entry as its MCP call"),
        KeyBinding(
            command: .copyAs, keys: [.char("Y"), .ctrl("o")], context: .global,
            help: "copy as MCP call, AWS CLI command or boto3 code"),
        KeyBinding(
            command: .savedQueries, keys: [.char("Q")], context: .global,
            help: "saved queries of this database: open or remove one"),
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
        KeyBinding(command: .formNext, keys: [.tab, .down], context: .tableForm, help: "next field"),
        KeyBinding(command: .formPrevious, keys: [.backTab, .up], context: .tableForm, help: "previous field"),
        KeyBinding(command: .formChoiceLeft, keys: [.left], context: .tableForm, help: "previous choice (on a choice)"),
        KeyBinding(command: .formChoiceRight, keys: [.right], context: .tableForm, help: "next choice (on a choice)"),
        KeyBinding(
            command: .formAddIndex, keys: [.char("+")], context: .tableForm,
            help: "add a secondary index (on a choice or empty field)"),
        KeyBinding(
            command: .formRemoveIndex, keys: [.char("-")], context: .tableForm,
            help: "remove the index the cursor is in (on a choice or empty field)"),
        KeyBinding(
            command: .formSubmit, keys: [.enter], context: .tableForm, help: "show the create_table call to confirm"),
        KeyBinding(command: .formCancel, keys: [.escape], context: .tableForm, help: "leave without creating"),
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
        KeyBinding(command: .queriesDown, keys: [.char("j"), .down], context: .queries, help: "next query"),
        KeyBinding(command: .queriesUp, keys: [.char("k"), .up], context: .queries, help: "previous query"),
        KeyBinding(command: .queriesOpen, keys: [.enter], context: .queries, help: "run it in the browser"),
        KeyBinding(command: .queriesDelete, keys: [.char("d")], context: .queries, help: "remove it from the file"),
        KeyBinding(command: .queriesClose, keys: [.escape, .char("q"), .char("Q")], context: .queries, help: "close"),
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
        KeyBinding(command: .columnsDown, keys: [.char("j"), .down], context: .columns, help: "next column"),
        KeyBinding(command: .columnsUp, keys: [.char("k"), .up], context: .columns, help: "previous column"),
        KeyBinding(command: .columnsToggle, keys: [.char(" ")], context: .columns, help: "show or hide the column"),
        KeyBinding(command: .columnsMoveUp, keys: [.char("K")], context: .columns, help: "move the column left"),
        KeyBinding(command: .columnsMoveDown, keys: [.char("J")], context: .columns, help: "move the column right"),
        KeyBinding(
            command: .columnsSort, keys: [.char("s")], context: .columns,
            help: "sort the loaded rows by it: ascending, descending, off"),
        KeyBinding(command: .columnsClose, keys: [.enter, .escape, .char("c")], context: .columns, help: "close"),
        KeyBinding(command: .itemDown, keys: [.char("j"), .down], context: .item, help: "scroll down"),
        KeyBinding(command: .itemUp, keys: [.char("k"), .up], context: .item, help: "scroll up"),
        KeyBinding(command: .itemPageDown, keys: [.pageDown, .char(" ")], context: .item, help: "page down"),
        KeyBinding(command: .itemPageUp, keys: [.pageUp], context: .item, help: "page up"),
        KeyBinding(command: .itemTop, keys: [.char("g"), .home], context: .item, help: "top"),
        KeyBinding(command: .itemBottom, keys: [.char("G"), .end], context: .item, help: "bottom"),
        KeyBinding(command: .itemToggleFormat, keys: [.char("t")], context: .item, help: "plain JSON ⇄ DynamoDB JSON"),
        KeyBinding(
            command: .itemEdit, keys: [.char("e")], context: .item, help: "edit in $EDITOR, in the format shown"),
        KeyBinding(command: .itemDelete, keys: [.char("d")], context: .item, help: "delete the item (asks first)"),
        KeyBinding(
            command: .itemSearch, keys: [.char("/")], context: .item,
            help: "search the item's text (highlights matches)"),
        KeyBinding(command: .itemNextMatch, keys: [.char("n")], context: .item, help: "next match"),
        KeyBinding(command: .itemPreviousMatch, keys: [.char("N")], context: .item, help: "previous match"),
        KeyBinding(command: .builderNext, keys: [.tab], context: .builder, help: "next field"),
        KeyBinding(command: .builderPrevious, keys: [.backTab], context: .builder, help: "previous field"),
        KeyBinding(command: .builderRun, keys: [.enter], context: .builder, help: "run the query in the browser"),
        KeyBinding(command: .builderLeave, keys: [.escape], context: .builder, help: "leave without running"),
        KeyBinding(
            command: .builderChoiceLeft, keys: [.left], context: .builder,
            help: "previous choice (source, operator, direction)"),
        KeyBinding(command: .builderChoiceRight, keys: [.right], context: .builder, help: "next choice"),
        KeyBinding(
            command: .builderAddFilter, keys: [.char("+")], context: .builder,
            help: "add a filter row (on a choice or empty field)"),
        KeyBinding(
            command: .builderRemoveFilter, keys: [.char("-")], context: .builder,
            help: "remove the filter row (on a choice or empty field)"),
        KeyBinding(
            command: .builderForceType, keys: [.ctrl("t")], context: .builder,
            help: "force the value's type: S N B BOOL NULL, or inferred"),
        KeyBinding(command: .fieldLeft, keys: [.left, .ctrl("b")], context: .field, help: "cursor left"),
        KeyBinding(command: .fieldRight, keys: [.right, .ctrl("f")], context: .field, help: "cursor right"),
        KeyBinding(command: .fieldStart, keys: [.home, .ctrl("a")], context: .field, help: "cursor to the start"),
        KeyBinding(command: .fieldEnd, keys: [.end, .ctrl("e")], context: .field, help: "cursor to the end"),
        KeyBinding(command: .fieldDeleteBack, keys: [.backspace], context: .field, help: "delete before the cursor"),
        KeyBinding(
            command: .fieldDeleteForward, keys: [.delete, .ctrl("d")], context: .field,
            help: "delete under the cursor"),
        KeyBinding(command: .fieldCutToStart, keys: [.ctrl("u")], context: .field, help: "cut to the start"),
        KeyBinding(command: .fieldCutToEnd, keys: [.ctrl("k")], context: .field, help: "cut to the end"),
        KeyBinding(command: .fieldCutWord, keys: [.ctrl("w")], context: .field, help: "cut the word before the cursor"),
        KeyBinding(command: .confirmYes, keys: [.char("y"), .char("Y")], context: .confirm, help: "run the write"),
        KeyBinding(
            command: .confirmNo, keys: [.char("n"), .char("N"), .escape, .char("q")], context: .confirm,
            help: "do not write"),
        KeyBinding(command: .copyAsMCP, keys: [.char("m"), .enter], context: .copyAs, help: "the MCP call"),
        KeyBinding(
            command: .copyAsAWSCLI, keys: [.char("a")], context: .copyAs,
            help: "the AWS CLI command (the exact request)"),
        KeyBinding(command: .copyAsBoto3, keys: [.char("b")], context: .copyAs, help: "boto3 code (the exact request)"),
        KeyBinding(command: .copyAsClose, keys: [.escape, .char("q")], context: .copyAs, help: "close"),
        KeyBinding(command: .panelDown, keys: [.char("j"), .down], context: .panel, help: "scroll down"),
        KeyBinding(command: .panelUp, keys: [.char("k"), .up], context: .panel, help: "scroll up"),
        KeyBinding(command: .panelPageDown, keys: [.pageDown, .char(" ")], context: .panel, help: "a page down"),
        KeyBinding(command: .panelPageUp, keys: [.pageUp], context: .panel, help: "a page up"),
        KeyBinding(command: .panelTop, keys: [.char("g"), .home], context: .panel, help: "top"),
        KeyBinding(command: .panelBottom, keys: [.char("G"), .end], context: .panel, help: "bottom"),
        KeyBinding(
            command: .panelCopy, keys: [.char("y")], context: .panel,
            help: "copy the text (any other key closes the panel)"),
        KeyBinding(command: .logDown, keys: [.char("j"), .down], context: .log, help: "scroll the log down"),
        KeyBinding(command: .helpDown, keys: [.char("j"), .down], context: .help, help: "scroll the help down"),
        KeyBinding(command: .helpUp, keys: [.char("k"), .up], context: .help, help: "scroll the help up"),
        KeyBinding(command: .helpPageDown, keys: [.pageDown, .char(" ")], context: .help, help: "a page down"),
        KeyBinding(command: .helpPageUp, keys: [.pageUp], context: .help, help: "a page up"),
        KeyBinding(command: .helpTop, keys: [.char("g"), .home], context: .help, help: "top"),
        KeyBinding(command: .helpBottom, keys: [.char("G"), .end], context: .help, help: "bottom"),
        KeyBinding(command: .logUp, keys: [.char("k"), .up], context: .log, help: "scroll the log up"),
        KeyBinding(command: .logTop, keys: [.char("g"), .home], context: .log, help: "oldest call"),
        KeyBinding(command: .logBottom, keys: [.char("G"), .end], context: .log, help: "newest call"),
        KeyBinding(
            command: .logExpand, keys: [.enter], context: .log, help: "show the marked call whole, with its result"),
    ])

    /// What each screen's hint bar names, a word each; the keys shown come from the bindings, so a
    /// rebinding (`keys.toml`) shows there too.
    static let hintBar: [KeyContext: [([Command], String)]] = [
        .tables: [
            ([.tablesOpen], "open"), ([.tablesFilter], "filter"), ([.tablesRefresh], "refresh"),
            ([.toggleLog], "log"), ([.help], "help"), ([.quit], "quit"),
        ],
        .browser: [
            ([.browserOpen], "item"), ([.browserQuery], "query"), ([.browserFilterLoaded], "filter"),
            ([.browserNextPage], "next"), ([.browserEdit], "edit"), ([.commandLine], "command"), ([.copy], "copy"),
            ([.help], "help"),
        ],
        .item: [
            ([.itemToggleFormat], "plain/DynamoDB JSON"), ([.itemEdit], "edit"), ([.itemDelete], "delete"),
            ([.copy], "copy"), ([.help], "help"), ([.back], "back"),
        ],
        .builder: [
            ([.builderNext], "next"), ([.builderChoiceLeft, .builderChoiceRight], "choose"),
            ([.builderAddFilter], "filter"), ([.builderRun], "run"), ([.builderLeave], "leave"),
        ],
    ]

    /// The hint bar of a context: `Enter open · / filter · r refresh · …`.
    public func hints(for context: KeyContext) -> String {
        (Self.hintBar[context] ?? []).map { commands, word in
            commands.map(key).joined() + " " + word
        }
        .joined(separator: " · ")
    }

    /// The first key of a command, as the help shows it: what messages name (`r reruns`).
    public func key(_ command: Command) -> String {
        bindings.first { $0.command == command }?.keys.first?.label ?? "?"
    }

    /// The command a key means in `context` (that context's bindings win over global ones).
    public func command(for key: Key, in context: KeyContext) -> Command? {
        if let own = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return own.command }
        return bindings.first(where: { $0.context == .global && $0.keys.contains(key) })?.command
    }

    /// The command a key means in `context` alone, without falling back to global bindings.
    public func ownCommand(for key: Key, in context: KeyContext) -> Command? {
        bindings.first { $0.context == context && $0.keys.contains(key) }?.command
    }

    /// The keys bound to a command, as labels: `"j ↓"`.
    public func keysLabel(_ command: Command) -> String {
        bindings.first { $0.command == command }?.keys.map(\.label).joined(separator: " ") ?? ""
    }

    /// The README's key table: one row per binding, grouped by context.
    public var markdownTable: String {
        var lines = ["| keys | name | what it does |", "|---|---|---|"]
        for context in KeyContext.allCases {
            for binding in bindings where binding.context == context {
                let keys = binding.keys.map { "`\($0.label == "`" ? "backtick" : $0.label)`" }.joined(separator: " ")
                lines.append("| \(keys) | `\(binding.command.rawValue)` | \(context.title): \(binding.help) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
