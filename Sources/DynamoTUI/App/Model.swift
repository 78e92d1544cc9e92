import DynamoCore
import DynamoTools

/// The whole state of the TUI: a value, changed only by `update`, drawn only by `view`.
public struct Model: Sendable {
    /// A screen by name; each screen's folder declares its own (`static let watch = Screen("watch")`) and
    /// `Screen.types` lists their types.
    public struct Screen: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ name: String) { self.rawValue = name }
        public var description: String { rawValue }
    }

    public var session: SessionInfo
    public var width: Int
    public var height: Int
    /// The back-stack: the last screen is the one shown; `Esc` pops it.
    public var screens: [Screen] = [.tables]
    public var tables = TableListState()
    public var browser: BrowserState?
    /// The browser as it was before a new read replaced it: a first page that fails brings it back.
    public var browserBeforeRun: BrowserState?
    public var item: ItemState?
    /// The query builder's form while it is open (`f`), and what its last dry run said.
    public var builder: QueryBuilder?
    public var preview = BuilderPreview()
    /// A prompt, menu, confirmation or text panel over the screen; it takes every key.
    public var overlay: Overlay?
    /// Lines run from `:`, oldest first.
    public var commandHistory: [String] = []
    /// The item in the editor, while `$EDITOR` has the terminal.
    public var editing: EditSession?
    public var log = LogState()
    public var showHelp = false
    public var helpScroll = 0
    public var themeName: String
    /// The bottom line's message: what just happened, or an error.
    public var message: Message?
    /// Calls that are running, by id, with what their result is for.
    public var pending: [Int: Pending] = [:]
    public var nextCallID = 1
    public var spinnerFrame = 0
    /// Ticks (a tenth of a second each) since the calls that run now started: how long we wait.
    public var busyTicks = 0
    public var keyMap = KeyMap.standard
    /// Characters after the cursor in the text field that has the keys (0: at its end). One field
    /// has the keys at a time, so one cursor serves them all; a field that gains the keys starts
    /// with the cursor at its end.
    public var fieldTail = 0
    /// A file being loaded into a table (`I`), batch by batch.
    public var importJob: ImportJob?
    /// The Watch screen's feed while it is open (`w`).
    public var watch: WatchState?

    public struct Message: Equatable, Sendable {
        public var text: String
        public var isError: Bool
    }

    public struct Pending: Equatable, Sendable {
        public var purpose: Purpose
        public var call: ToolCall

        public init(purpose: Purpose, call: ToolCall) {
            self.purpose = purpose
            self.call = call
        }

        /// Dry runs: never logged, never shown as running.
        public var isCheck: Bool {
            switch purpose {
            case .preview, .handOver: return true
            default: return false
            }
        }

        /// Work nobody waits for: dry runs, and the table sizes the list fills in as they come. Esc goes
        /// back while they run, and Ctrl-C quits; they are not the spinner's "running".
        public var isBackground: Bool {
            if case .describe = purpose { return true }
            return isCheck
        }
    }

    /// What a running call's result feeds.
    public enum Purpose: Equatable, Sendable {
        case listTables
        case describe(table: String)
        case page(table: String, index: Int)
        /// A dry run of the builder's call, for the preview.
        case preview(generation: Int)
        /// A dry run that gives the DynamoDB request to hand over in a format.
        case handOver(HandOver.Format, ToolCall)
        /// A call typed at `:`.
        case command
        /// A confirmed write, and what to change in the browser when it is done.
        case write(WriteKind)
        /// One page of a walk (`F` fetching on, or `x` exporting all pages).
        case walk(table: String)
        /// `o`: the item to open, by its key.
        case goToKey
        /// One batch of an import.
        case importBatch
        /// `u` on the Watch screen: the item as it is now, to check that a change can be undone.
        case undoCheck(ChangeFeed.Change)
        /// `U` on the Watch screen: the items from `checked` on as they are now (read 100 at a time), to check
        /// that every step of the undo still applies before it is offered.
        case undoRangeCheck(steps: [WatchUndo.Step], checked: Int, changes: Int)
    }

    public enum WriteKind: Equatable, Sendable {
        /// An edit, with the item as loaded and as the user left it, so a conflict can carry the
        /// edit over onto the item as it is now.
        case update(key: JSONValue, loaded: Item, edited: Item, typed: Bool)
        case create
        /// A delete; `guarded` when its condition says the item still holds what was loaded.
        case delete(key: JSONValue, guarded: Bool)
        /// A delete of marked rows: every key, and the transactions still to run after this one.
        case deleteMarked(keys: [JSONValue], rest: [ToolCall])
        /// `create_table` or `delete_table` from the table list: the list is read again after.
        case tables
        /// An undo from the Watch screen, with the transactions still to run after this one.
        case undo(rest: [ToolCall], items: Int)
        /// `update_table` turning a stream on from the Watch screen.
        case watchStream
    }

    public init(session: SessionInfo, width: Int, height: Int, themeName: String = "default") {
        self.session = session
        self.width = width
        self.height = height
        self.themeName = themeName
    }

    public var screen: Screen { screens.last ?? .tables }
    /// True while a call the user waits for runs (dry runs for the preview do not count).
    public var isBusy: Bool { pending.values.contains { !$0.isBackground } }

    /// The context keys are looked up in, from what has focus.
    public var keyContext: KeyContext {
        if showHelp { return .help }
        if log.visible && log.focused { return .log }
        return screen.type.keyContext
    }

    /// True while the runtime should send ticks though nothing runs: the Watch screen reads on.
    public var wantsTicks: Bool { screen.type.wantsTicks(self) }

    /// Issues a tool call: remembers what it is for and returns the effect that runs it.
    mutating func issue(_ call: ToolCall, for purpose: Purpose) -> Effect {
        .run(id: register(call, for: purpose), call: call)
    }

    /// Issues a dry run of a call (validation and the DynamoDB request, nothing sent).
    mutating func check(_ call: ToolCall, for purpose: Purpose) -> Effect {
        .check(id: register(call, for: purpose), call: call)
    }

    private mutating func register(_ call: ToolCall, for purpose: Purpose) -> Int {
        let id = nextCallID
        nextCallID += 1
        pending[id] = Pending(purpose: purpose, call: call)
        return id
    }

    mutating func say(_ text: String, error: Bool = false) {
        message = Message(text: text, isError: error)
    }
}

/// Something over the screen that takes every key until it closes.
public enum Overlay: Equatable, Sendable {
    case command(CommandPrompt)
    case confirm(Confirmation)
    /// The `Y` menu: which format to hand the call over in.
    case handOver(ToolCall)
    case export(ExportPrompt)
    /// `o`: go to an item by its key.
    case goToKey(KeyPrompt)
    /// `c`: the browser's columns, with the one the cursor is on.
    case columns(cursor: Int)
    /// `n` in the table list: a new table's form.
    case tableForm(TableForm)
    /// `D` in the table list: type the table's name to delete it.
    case deleteTable(DeleteTablePrompt)
    /// `I`: the file to load into a table.
    case importFile(ImportPrompt)
    /// `S`: the name to save the browser's read under.
    case saveQuery(SaveQueryPrompt)
    /// `Q`: the saved queries, with the one the cursor is on.
    case savedQueries(SavedQueryList)
    case text(TextPanel)
}

/// A write shown before it runs: `y` runs it, `n` or `Esc` does not.
public struct Confirmation: Equatable, Sendable {
    public var title: String
    public var call: ToolCall
    public var kind: Model.WriteKind
    /// Lines shown above the call: what the user should know before answering.
    public var detail: [String] = []
}

/// Scrollable text: a command's result, a handed-over snippet, a failed write's details.
public struct TextPanel: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    public var scroll = 0
    public var isError = false

    public init(title: String, text: String, isError: Bool = false) {
        self.title = title
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.isError = isError
    }
}

/// `x`: where to write, and whether to read every page first.
public struct ExportPrompt: Equatable, Sendable {
    public var path: String
    public var allPages = false
}

/// `S`: the read to save, and the name typed for it.
public struct SaveQueryPrompt: Equatable, Sendable {
    public var call: ToolCall
    public var name = ""
}

/// `Q`: the saved queries of this database.
public struct SavedQueryList: Equatable, Sendable {
    public var queries: [SavedQuery]
    public var cursor = 0
}

/// `I`: which file to load into which table.
public struct ImportPrompt: Equatable, Sendable {
    public var table: String
    public var path = ""
}

/// The item `$EDITOR` has: for an update the item as loaded, so the edit becomes a diff.
public struct EditSession: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case update(old: Item)
        case create
    }
    public var table: String
    public var keyNames: [String]
    public var kind: Kind
    /// DynamoDB JSON instead of plain JSON (the item view's `t`).
    public var typed: Bool
    /// The text the editor was last given: saved unchanged, it cancels.
    public var shown = ""
}

/// One line of the action log: the exact call, and how it went.
public struct LogEntry: Equatable, Sendable {
    public var call: ToolCall
    public var summary: String
    public var isError: Bool
}

public struct LogState: Equatable, Sendable {
    /// The most calls the pane keeps.
    public static let capacity = 2000

    public var entries: [LogEntry] = []
    public var visible = false
    public var focused = false
    /// Index of the entry shown at the bottom of the pane when scrolled back; nil follows the newest.
    public var anchor: Int?
}
