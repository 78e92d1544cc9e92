/// What a piece of the screen *is*; a theme decides how it looks.
///
/// The view only ever names roles, never colours, so one frame can be drawn in any theme, in 8
/// colours, or in monochrome (`NO_COLOR`). The raw values are the keys of a theme file.
public enum Role: String, CaseIterable, Sendable {
    case normal
    case title
    case header
    case selection
    case keyColumn = "key_column"
    case number
    case string
    case boolean
    case null
    case collection
    case binary
    case missing
    case status
    case badge
    case error
    case warning
    case dim
    case border
    case logTool = "log_tool"
    case logArguments = "log_arguments"
    case helpKey = "help_key"
    case spinner

    /// How the role reads without colour: every role must stay distinguishable in monochrome.
    var monochrome: Style {
        switch self {
        case .title, .header, .keyColumn, .helpKey, .logTool: return Style(bold: true)
        case .selection, .status: return Style(reverse: true)
        case .badge, .error: return Style(bold: true, reverse: true)
        case .missing, .dim, .border, .null: return Style(dim: true)
        case .warning: return Style(bold: true, underline: true)
        default: return Style()
        }
    }
}

/// A terminal colour: a palette index 0–255 (0–7 the basic eight), or the terminal's default.
public enum TerminalColor: Equatable, Sendable {
    case terminalDefault
    case index(Int)

    static let names = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright_black": 8, "gray": 8, "grey": 8, "bright_red": 9, "bright_green": 10,
        "bright_yellow": 11, "bright_blue": 12, "bright_magenta": 13, "bright_cyan": 14,
        "bright_white": 15,
    ]

    /// The closest of the basic eight, for terminals without 256 colours.
    public var basic: TerminalColor {
        guard case .index(let i) = self, i >= 8 else { return self }
        if i < 16 { return .index(i - 8) }
        if i >= 232 { return .index(i < 244 ? 0 : 7) }
        let cube = i - 16
        let (r, g, b) = (cube / 36, (cube / 6) % 6, cube % 6)
        let high = [r, g, b].max() ?? 0
        if high < 2 { return .index(0) }
        let bits =
            (r * 2 >= high * 2 && r >= 2 ? 1 : 0) | (g >= 2 && g * 2 >= high ? 2 : 0)
            | (b >= 2 && b * 2 >= high ? 4 : 0)
        return .index(bits == 0 ? 7 : bits)
    }
}

/// How a role is drawn: colours and attributes.
public struct Style: Equatable, Sendable {
    public var foreground: TerminalColor = .terminalDefault
    public var background: TerminalColor = .terminalDefault
    public var bold = false
    public var reverse = false
    public var dim = false
    public var underline = false

    public init(
        foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
        bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }
}
