/// Where a binding applies. A key is looked up in the focused context first, then in `global`.
///
/// A struct rather than an enum so that a screen declares its own context in its folder
/// (`extension KeyContext { static let watch = KeyContext("watch", title: "Watch screen (w)") }`).
public struct KeyContext: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// The heading of the context in the help overlay and the README.
    public let title: String

    public init(_ rawValue: String, title: String) {
        self.rawValue = rawValue
        self.title = title
    }

    public var description: String { rawValue }
    public static func == (lhs: KeyContext, rhs: KeyContext) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public static let global = KeyContext("global", title: "Everywhere")
    public static let tableForm = KeyContext("tableForm", title: "New table form (n)")
    public static let columns = KeyContext("columns", title: "Column chooser (c)")
    public static let queries = KeyContext("queries", title: "Saved queries (Q)")
    public static let field = KeyContext("field", title: "Text fields")
    public static let prompt = KeyContext("prompt", title: "One-line prompts (:, o, x, I, S, D) and / fields")
    public static let confirm = KeyContext("confirm", title: "A write shown before it runs")
    public static let copyAs = KeyContext("copyAs", title: "Copy as… (Y)")
    public static let panel = KeyContext("panel", title: "Text panels (results, errors, copied text)")
    public static let log = KeyContext("log", title: "Action log (focused)")
    public static let help = KeyContext("help", title: "Help")

    /// Every context in the order help and the README list them: each screen with the overlays it opens,
    /// then the ones every screen shares.
    public static var allCases: [KeyContext] {
        [.global] + Model.Screen.types.flatMap { [$0.keyContext] + $0.overlayContexts }
            + [.field, .prompt, .confirm, .copyAs, .panel, .log, .help]
    }
}

/// Everything a key can ask for. The raw value is the binding's stable name (`browser.next-page`),
/// the name users rebind and the README lists.
///
/// A struct rather than an enum so that a screen declares its own commands beside it
/// (`extension Command { static let watchUndo = Command("watch.undo") }`): a new screen is one folder.
public struct Command: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }
    public var description: String { rawValue }

    public static let help = Command("app.help")
    public static let back = Command("app.back")
    public static let quit = Command("app.quit")
    public static let cancel = Command("app.cancel")
    public static let toggleLog = Command("app.toggle-log")
    public static let focusLog = Command("app.focus-log")
    public static let cycleTheme = Command("app.cycle-theme")
    public static let commandLine = Command("app.command-line")
    public static let copy = Command("app.copy")
    public static let copyAs = Command("app.copy-as")
    public static let savedQueries = Command("app.saved-queries")
    public static let browserSaveQuery = Command("browser.save-query")
    public static let queriesDown = Command("queries.down")
    public static let queriesUp = Command("queries.up")
    public static let queriesOpen = Command("queries.open")
    public static let queriesDelete = Command("queries.delete")
    public static let queriesClose = Command("queries.close")
    public static let tablesDown = Command("tables.down")
    public static let tablesUp = Command("tables.up")
    public static let tablesTop = Command("tables.top")
    public static let tablesBottom = Command("tables.bottom")
    public static let tablesOpen = Command("tables.open")
    public static let tablesRefresh = Command("tables.refresh")
    public static let tablesFilter = Command("tables.filter")
    public static let tablesCreate = Command("tables.create")
    public static let tablesImport = Command("tables.import")
    public static let browserImport = Command("browser.import")
    public static let tablesDelete = Command("tables.delete")
    public static let formNext = Command("form.next-field")
    public static let formPrevious = Command("form.previous-field")
    public static let formChoiceLeft = Command("form.choice-left")
    public static let formChoiceRight = Command("form.choice-right")
    public static let formAddIndex = Command("form.add-index")
    public static let formRemoveIndex = Command("form.remove-index")
    public static let formSubmit = Command("form.submit")
    public static let formCancel = Command("form.cancel")
    public static let browserDown = Command("browser.down")
    public static let browserUp = Command("browser.up")
    public static let browserTop = Command("browser.top")
    public static let browserBottom = Command("browser.bottom")
    public static let browserLeft = Command("browser.scroll-left")
    public static let browserRight = Command("browser.scroll-right")
    public static let browserNextPage = Command("browser.next-page")
    public static let browserPreviousPage = Command("browser.previous-page")
    public static let browserOpen = Command("browser.open-item")
    public static let browserRefresh = Command("browser.refresh")
    public static let browserQuery = Command("browser.query-builder")
    public static let browserFilterLoaded = Command("browser.filter-loaded")
    public static let browserFetchOn = Command("browser.fetch-on")
    public static let browserEdit = Command("browser.edit")
    public static let browserCreate = Command("browser.create")
    public static let browserDelete = Command("browser.delete")
    public static let browserExport = Command("browser.export")
    public static let browserGoToKey = Command("browser.go-to-key")
    public static let browserMark = Command("browser.mark")
    public static let browserMarkAll = Command("browser.mark-all")
    public static let browserColumns = Command("browser.columns")
    public static let browserCopyTransaction = Command("browser.copy-marked-as-transaction")
    public static let columnsDown = Command("columns.down")
    public static let columnsUp = Command("columns.up")
    public static let columnsToggle = Command("columns.toggle")
    public static let columnsMoveUp = Command("columns.move-up")
    public static let columnsMoveDown = Command("columns.move-down")
    public static let columnsSort = Command("columns.sort")
    public static let columnsClose = Command("columns.close")
    public static let itemDown = Command("item.down")
    public static let itemUp = Command("item.up")
    public static let itemPageDown = Command("item.page-down")
    public static let itemPageUp = Command("item.page-up")
    public static let itemTop = Command("item.top")
    public static let itemBottom = Command("item.bottom")
    public static let itemToggleFormat = Command("item.toggle-format")
    public static let itemEdit = Command("item.edit")
    public static let itemDelete = Command("item.delete")
    public static let itemSearch = Command("item.search")
    public static let itemNextMatch = Command("item.next-match")
    public static let itemPreviousMatch = Command("item.previous-match")
    public static let builderNext = Command("builder.next-field")
    public static let builderPrevious = Command("builder.previous-field")
    public static let builderRun = Command("builder.run")
    public static let builderLeave = Command("builder.leave")
    public static let builderChoiceLeft = Command("builder.choice-left")
    public static let builderChoiceRight = Command("builder.choice-right")
    public static let builderAddFilter = Command("builder.add-filter")
    public static let builderRemoveFilter = Command("builder.remove-filter")
    public static let builderForceType = Command("builder.force-type")
    public static let fieldLeft = Command("field.left")
    public static let fieldRight = Command("field.right")
    public static let fieldStart = Command("field.start")
    public static let fieldEnd = Command("field.end")
    public static let fieldDeleteBack = Command("field.delete-back")
    public static let fieldDeleteForward = Command("field.delete-forward")
    public static let fieldCutToStart = Command("field.cut-to-start")
    public static let fieldCutToEnd = Command("field.cut-to-end")
    public static let fieldCutWord = Command("field.cut-word")
    public static let promptSubmit = Command("prompt.submit")
    public static let promptCancel = Command("prompt.cancel")
    public static let promptNext = Command("prompt.next")
    public static let promptPrevious = Command("prompt.previous")
    public static let promptHistoryUp = Command("prompt.history-up")
    public static let promptHistoryDown = Command("prompt.history-down")
    public static let confirmYes = Command("confirm.yes")
    public static let confirmNo = Command("confirm.no")
    public static let copyAsMCP = Command("copy-as.mcp")
    public static let copyAsAWSCLI = Command("copy-as.aws-cli")
    public static let copyAsBoto3 = Command("copy-as.boto3")
    public static let copyAsClose = Command("copy-as.close")
    public static let panelDown = Command("panel.down")
    public static let panelUp = Command("panel.up")
    public static let panelPageDown = Command("panel.page-down")
    public static let panelPageUp = Command("panel.page-up")
    public static let panelTop = Command("panel.top")
    public static let panelBottom = Command("panel.bottom")
    public static let panelCopy = Command("panel.copy")
    public static let helpDown = Command("help.down")
    public static let helpUp = Command("help.up")
    public static let helpPageDown = Command("help.page-down")
    public static let helpPageUp = Command("help.page-up")
    public static let helpTop = Command("help.top")
    public static let helpBottom = Command("help.bottom")
    public static let logDown = Command("log.down")
    public static let logUp = Command("log.up")
    public static let logTop = Command("log.top")
    public static let logBottom = Command("log.bottom")
    public static let logExpand = Command("log.expand")
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

    /// Every binding: the ones that belong to no screen (global keys, overlays, fields), then each
    /// screen's own (`ScreenType.bindings`).
    public static let standard = KeyMap(bindings: shared + Model.Screen.all.flatMap { $0.type.bindings })

    static let shared: [KeyBinding] = [
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
        KeyBinding(command: .queriesDown, keys: [.char("j"), .down], context: .queries, help: "next query"),
        KeyBinding(command: .queriesUp, keys: [.char("k"), .up], context: .queries, help: "previous query"),
        KeyBinding(command: .queriesOpen, keys: [.enter], context: .queries, help: "run it in the browser"),
        KeyBinding(command: .queriesDelete, keys: [.char("d")], context: .queries, help: "remove it from the file"),
        KeyBinding(command: .queriesClose, keys: [.escape, .char("q"), .char("Q")], context: .queries, help: "close"),
        KeyBinding(command: .columnsDown, keys: [.char("j"), .down], context: .columns, help: "next column"),
        KeyBinding(command: .columnsUp, keys: [.char("k"), .up], context: .columns, help: "previous column"),
        KeyBinding(command: .columnsToggle, keys: [.char(" ")], context: .columns, help: "show or hide the column"),
        KeyBinding(command: .columnsMoveUp, keys: [.char("K")], context: .columns, help: "move the column left"),
        KeyBinding(command: .columnsMoveDown, keys: [.char("J")], context: .columns, help: "move the column right"),
        KeyBinding(
            command: .columnsSort, keys: [.char("s")], context: .columns,
            help: "sort the loaded rows by it: ascending, descending, off"),
        KeyBinding(command: .columnsClose, keys: [.enter, .escape, .char("c")], context: .columns, help: "close"),
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
        KeyBinding(
            command: .promptSubmit, keys: [.enter], context: .prompt,
            help: "run, save or go (a / field: keep the filter)"),
        KeyBinding(
            command: .promptCancel, keys: [.escape], context: .prompt, help: "close it (a / field: clear the filter)"),
        KeyBinding(
            command: .promptNext, keys: [.tab], context: .prompt,
            help: "complete a tool or table (:), next key field (o), loaded rows or all pages (x)"),
        KeyBinding(command: .promptPrevious, keys: [.backTab], context: .prompt, help: "previous key field (o)"),
        KeyBinding(command: .promptHistoryUp, keys: [.up], context: .prompt, help: "earlier command (:)"),
        KeyBinding(command: .promptHistoryDown, keys: [.down], context: .prompt, help: "later command (:)"),
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
    ]

    /// The hint bar of a context: `Enter open · / filter · r refresh · …`.
    public func hints(for context: KeyContext) -> String {
        let screen = Model.Screen.all.first { $0.type.keyContext == context }
        return (screen?.type.hints ?? []).map { commands, word in
            commands.map(key).joined() + " " + word
        }
        .joined(separator: " · ")
    }

    /// Every command the registry binds, once each, in registry order.
    public var commands: [Command] {
        var seen = Set<Command>()
        return bindings.map(\.command).filter { seen.insert($0).inserted }
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
