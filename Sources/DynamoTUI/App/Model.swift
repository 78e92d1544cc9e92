import DynamoCore
import DynamoTools

/// The whole state of the TUI: a value, changed only by `update`, drawn only by `view`.
public struct Model: Sendable {
    public enum Screen: Equatable, Sendable { case tables, browser, item }

    public var session: SessionInfo
    public var width: Int
    public var height: Int
    /// The back-stack: the last screen is the one shown; `Esc` pops it.
    public var screens: [Screen] = [.tables]
    public var tables = TableListState()
    public var browser: BrowserState?
    public var item: ItemState?
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
    public var keyMap = KeyMap.standard

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
    }

    /// What a running call's result feeds.
    public enum Purpose: Equatable, Sendable {
        case listTables
        case describe(table: String)
        case page(table: String, index: Int)
    }

    public init(session: SessionInfo, width: Int, height: Int, themeName: String = "default") {
        self.session = session
        self.width = width
        self.height = height
        self.themeName = themeName
    }

    public var screen: Screen { screens.last ?? .tables }
    public var isBusy: Bool { !pending.isEmpty }

    /// The context keys are looked up in, from what has focus.
    public var keyContext: KeyContext {
        if showHelp { return .help }
        if log.visible && log.focused { return .log }
        switch screen {
        case .tables: return .tables
        case .browser: return .browser
        case .item: return .item
        }
    }

    /// Issues a tool call: remembers what it is for and returns the effect that runs it.
    mutating func issue(_ call: ToolCall, for purpose: Purpose) -> Effect {
        let id = nextCallID
        nextCallID += 1
        pending[id] = Pending(purpose: purpose, call: call)
        return .run(id: id, call: call)
    }
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
