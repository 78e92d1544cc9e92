import DynamoCore
import DynamoTools

extension Model.Screen {
    public static let watch = Model.Screen("watch")
}

extension KeyContext {
    public static let watch = KeyContext("watch", title: "Watch screen (w)")
}

extension Command {
    public static let watch = Command("app.watch")
    public static let watchDown = Command("watch.down")
    public static let watchUp = Command("watch.up")
    public static let watchTop = Command("watch.top")
    public static let watchBottom = Command("watch.bottom")
    public static let watchOpen = Command("watch.open")
    public static let watchFilter = Command("watch.filter")
    public static let watchReads = Command("watch.reads")
    public static let watchPause = Command("watch.pause")
    public static let watchScope = Command("watch.all-tables")
    public static let watchUndo = Command("watch.undo")
    public static let watchUndoFrom = Command("watch.undo-from-here")
    public static let watchEnableStream = Command("watch.enable-stream")
}

/// The Watch screen (`w`): what changes, live, and who changed it; undo with a condition.
enum WatchScreen: ScreenType {
    static let screen = Model.Screen.watch
    static let keyContext = KeyContext.watch
    static func wantsTicks(_ model: Model) -> Bool { model.watch?.paused == false }

    static let bindings: [KeyBinding] = [
        KeyBinding(
            command: .watch, keys: [.char("w")], context: .global,
            help: "watch changes live (this table, or all from the list)"),
        KeyBinding(command: .watchDown, keys: [.char("j"), .down], context: .watch, help: "next change"),
        KeyBinding(
            command: .watchUp, keys: [.char("k"), .up], context: .watch, help: "previous change (stops following)"),
        KeyBinding(command: .watchTop, keys: [.char("g"), .home], context: .watch, help: "oldest change kept"),
        KeyBinding(
            command: .watchBottom, keys: [.char("G"), .end], context: .watch, help: "newest change, and follow"),
        KeyBinding(
            command: .watchOpen, keys: [.enter], context: .watch,
            help: "old and new item side by side, with the call that made it"),
        KeyBinding(
            command: .watchFilter, keys: [.char("/")], context: .watch, help: "filter by table, key, client or text"),
        KeyBinding(command: .watchReads, keys: [.char("r")], context: .watch, help: "show or hide reads (the journal)"),
        KeyBinding(command: .watchPause, keys: [.char("p")], context: .watch, help: "pause or resume the feed"),
        KeyBinding(
            command: .watchScope, keys: [.char("a")], context: .watch, help: "all tables ⇄ the table it opened on"),
        KeyBinding(
            command: .watchUndo, keys: [.char("u")], context: .watch,
            help: "undo the change, if the item is still as it left it (asks first)"),
        KeyBinding(
            command: .watchUndoFrom, keys: [.char("U")], context: .watch,
            help: "undo every change from here to the newest, newest first (asks first)"),
        KeyBinding(
            command: .watchEnableStream, keys: [.char("s")], context: .watch,
            help: "turn a stream on for a table without one (update_table, asks first)"),
    ]

    static let hints: [([Command], String)] = [
        ([.watchOpen], "diff"), ([.watchUndo], "undo"), ([.watchFilter], "filter"), ([.watchReads], "reads"),
        ([.watchPause], "pause"), ([.help], "help"), ([.back], "back"),
    ]

    static func crumb(_ model: Model) -> String? {
        "watch " + (model.watch?.table.map { "· \($0)" } ?? "· all tables")
    }

    static func status(_ model: Model) -> String {
        guard let watch = model.watch else { return "" }
        var parts = ["\(watch.shown.count) change(s)" + (watch.showReads ? " and reads" : "")]
        if !watch.filter.isEmpty { parts.append("matching \"\(watch.filter)\"") }
        parts.append(watch.paused ? "paused" : watch.following ? "following" : "scrolled")
        if !watch.tablesWithoutStream.isEmpty {
            parts.append("no stream on \(watch.tablesWithoutStream.joined(separator: ", "))")
        }
        return parts.joined(separator: " · ")
    }

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        WatchView.draw(&buffer, model, layout)
    }

    static func typedFilter(_ model: Model) -> String? { model.watch?.typingFilter == true ? model.watch?.filter : nil }

    static func modalKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        guard model.watch?.typingFilter == true,
            App.typeInFilter(&model, text: \.watch!.filter, editing: \.watch!.typingFilter, key)
        else { return nil }
        let last = (model.watch?.shown.count ?? 0) - 1
        model.watch?.move(to: last)
        return []
    }

    static func command(_ model: inout Model, _ command: Command) -> [Effect]? {
        guard var watch = model.watch else { return nil }
        let rows = Layout(model).listRows
        switch command {
        case .watchDown: watch.move(to: watch.selected + 1)
        case .watchUp: watch.move(to: watch.selected - 1)
        case .watchTop: watch.move(to: 0)
        case .watchBottom: watch.move(to: watch.shown.count - 1)
        case .watchFilter:
            model.fieldTail = 0
            watch.typingFilter = true
        case .watchReads:
            watch.showReads.toggle()
            watch.move(to: watch.shown.count - 1)
        case .watchPause:
            watch.paused.toggle()
            model.say(watch.paused ? "Paused: no new changes are read." : "Following changes again.")
        case .watchScope:
            model.watch = watch
            return App.switchWatchScope(&model)
        case .watchOpen:
            model.watch = watch
            App.openWatchDetail(&model)
            return []
        case .watchUndo:
            model.watch = watch
            return App.startUndo(&model)
        case .watchUndoFrom:
            model.watch = watch
            return App.startUndoFromHere(&model)
        case .watchEnableStream:
            model.watch = watch
            return App.offerStream(&model)
        default: return nil
        }
        watch.scrollIntoView(rows: rows)
        model.watch = watch
        return []
    }

    static func wheel(down: Bool) -> Command? { down ? .watchDown : .watchUp }

    static func click(_ model: inout Model, row: Int) -> [Effect] {
        guard var watch = model.watch else { return [] }
        let index = watch.top + row
        guard index < watch.shown.count else { return [] }
        if index == watch.selected {
            App.openWatchDetail(&model)
            return []
        }
        watch.move(to: index)
        model.watch = watch
        return []
    }

    /// The call that reads what the screen shows, for an agent: `read_changes`.
    static func currentCall(_ model: Model) -> ToolCall? {
        var arguments: [String: JSONValue] = ["limit": 50]
        if let table = model.watch?.table { arguments["table"] = .string(table) }
        return ToolCall(name: "read_changes", arguments: .object(arguments))
    }

    static func clamp(_ model: inout Model, _ layout: Layout) {
        model.watch?.scrollIntoView(rows: layout.listRows)
    }

    /// Every half second while the screen is open and not paused: read what changed since the last read.
    static func tick(_ model: inout Model) -> [Effect] {
        guard var watch = model.watch, !watch.paused else { return [] }
        watch.ticksSinceRead += 1
        defer { model.watch = watch }
        guard !watch.reading, watch.ticksSinceRead >= WatchState.readEvery else { return [] }
        watch.ticksSinceRead = 0
        watch.reading = true
        return [.readChanges(App.watchRequest(watch))]
    }
}
