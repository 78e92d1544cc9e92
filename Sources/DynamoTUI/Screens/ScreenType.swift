import DynamoTools

/// One screen of the TUI, as one type: its key context and bindings, its hint bar, what it adds to
/// the title, its status line and drawing, the keys it takes before the key map, its commands, the
/// mouse, and the call `y` copies.
///
/// `update` and `view` ask the screen in front (`Model.Screen.type`) instead of switching on it, so
/// a new screen is one folder under `Screens/` plus one line in `Model.Screen.types` (and, when it
/// keeps state, its field in `Model`).
protocol ScreenType {
    /// Its name on the back-stack (declared in its folder: `extension Model.Screen { static let … }`).
    static var screen: Model.Screen { get }
    static var keyContext: KeyContext { get }
    /// The contexts of overlays it opens, listed after its own in help and the README.
    static var overlayContexts: [KeyContext] { get }
    /// True while it wants ticks though no call runs (a live feed).
    static func wantsTicks(_ model: Model) -> Bool
    /// Its bindings in the registry (they show in `?`, the README and `keys.toml`).
    static var bindings: [KeyBinding] { get }
    /// Its hint bar, a word each; the keys come from the bindings, so a rebinding shows there.
    static var hints: [([Command], String)] { get }
    /// What it adds to the title's breadcrumbs (nil: nothing).
    static func crumb(_ model: Model) -> String?
    static func status(_ model: Model) -> String
    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout)
    /// The text of a `/` field being typed on this screen, shown on the message line.
    static func typedFilter(_ model: Model) -> String?
    /// Keys it takes before the key map (a field being typed); nil lets the key map decide.
    static func modalKey(_ model: inout Model, _ key: Key) -> [Effect]?
    /// One of its commands; nil when the command is not one of its own.
    static func command(_ model: inout Model, _ command: Command) -> [Effect]?
    /// The command the mouse wheel gives here.
    static func wheel(down: Bool) -> Command?
    /// A click on a list row (0 is the first row under the column header).
    static func click(_ model: inout Model, row: Int) -> [Effect]
    /// The call `y` copies here.
    static func currentCall(_ model: Model) -> ToolCall?
    /// Keeps its selection on screen after a resize.
    static func clamp(_ model: inout Model, _ layout: Layout)
    /// A tenth of a second passed (sent while calls run, or while `Model.wantsTicks`).
    static func tick(_ model: inout Model) -> [Effect]
}

extension ScreenType {
    static var overlayContexts: [KeyContext] { [] }
    static func wantsTicks(_ model: Model) -> Bool { false }
    static var hints: [([Command], String)] { [] }
    static func crumb(_ model: Model) -> String? { nil }
    static func typedFilter(_ model: Model) -> String? { nil }
    static func modalKey(_ model: inout Model, _ key: Key) -> [Effect]? { nil }
    static func wheel(down: Bool) -> Command? { nil }
    static func click(_ model: inout Model, row: Int) -> [Effect] { [] }
    static func currentCall(_ model: Model) -> ToolCall? { nil }
    static func clamp(_ model: inout Model, _ layout: Layout) {}
    static func tick(_ model: inout Model) -> [Effect] { [] }
}

extension Model.Screen {
    /// The one list of screens, in the order help lists them.
    static let types: [any ScreenType.Type] = [
        TablesScreen.self, BrowserScreen.self, ItemScreen.self, BuilderScreen.self, WatchScreen.self,
    ]

    /// The screen's type (the table list for a name no screen declares).
    var type: any ScreenType.Type { Self.types.first { $0.screen == self } ?? TablesScreen.self }

    static var all: [Model.Screen] { types.map { $0.screen } }
}
