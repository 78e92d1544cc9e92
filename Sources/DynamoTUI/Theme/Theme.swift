import Foundation
import TOMLKit

/// A named set of styles, one per `Role`, read from a TOML file.
///
/// ```toml
/// # themes/default.toml
/// [roles]
/// header    = { fg = 231, bg = 24, bold = true }
/// selection = { fg = "black", bg = "cyan" }
/// missing   = { fg = 240 }
/// ```
///
/// Colours are names (`red`, `bright_blue`…) or palette numbers 0–255; attributes are `bold`,
/// `reverse`, `dim`, `underline`. A role the file leaves out is drawn as `normal`.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: Style]

    public func style(_ role: Role) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// Every role drawn with attributes only: what `NO_COLOR` and the `monochrome` theme show.
    public static let monochrome = Theme(
        name: "monochrome",
        styles: Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, $0.monochrome) }))

    /// The names of the built-in themes, in the order the cycle key visits them.
    public static let builtinNames = ["default", "light", "high-contrast", "monochrome"]

    /// Finds a theme by name (a built-in, or `NAME.toml` in the user's theme folder) or by path.
    public static func load(_ nameOrPath: String, userDirectory: String? = Theme.userDirectory) throws(ThemeError)
        -> Theme
    {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml")
        if isPath {
            guard let data = FileManager.default.contents(atPath: nameOrPath) else {
                throw ThemeError(file: nameOrPath, line: nil, message: "cannot read the theme file")
            }
            return try parse(String(decoding: data, as: UTF8.self), file: nameOrPath)
        }
        if let userDirectory {
            let path = (userDirectory as NSString).appendingPathComponent("\(nameOrPath).toml")
            if let data = FileManager.default.contents(atPath: path) {
                return try parse(String(decoding: data, as: UTF8.self), file: path)
            }
        }
        guard let text = BuiltinThemes.files[nameOrPath] else {
            throw ThemeError(
                file: nameOrPath, line: nil,
                message:
                    "no such theme; built in: \(builtinNames.joined(separator: ", ")), or give a path to a .toml file")
        }
        return try parse(text, file: "themes/\(nameOrPath).toml")
    }

    /// `$XDG_CONFIG_HOME/dynamo-explorer/themes` (or `~/.config/…`): where user themes are found by name.
    public static var userDirectory: String? {
        let env = ProcessInfo.processInfo.environment
        let base =
            env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("dynamo-explorer/themes")
    }

    /// Parses a theme file; `file` is only used to name the file in errors.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(file: file, line: error.source.begin.line, message: error.description)
        } catch {
            throw ThemeError(file: file, line: nil, message: "\(error)")
        }
        let name = table["name"]?.string ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let roles = table["roles"]?.table else {
            throw ThemeError(file: file, line: nil, message: "a theme needs a [roles] table")
        }
        var styles: [Role: Style] = [:]
        for key in roles.keys {
            let line = lineNumber(of: key, in: text)
            guard let role = Role(rawValue: key) else {
                throw ThemeError(
                    file: file, line: line, role: key,
                    message: "unknown role; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let spec = roles[key]?.table else {
                throw ThemeError(
                    file: file, line: line, role: key, message: "expected a table such as { fg = \"red\", bold = true }"
                )
            }
            styles[role] = try style(spec, role: key, file: file, line: line)
        }
        return Theme(name: name, styles: styles)
    }

    static func style(_ spec: TOMLTable, role: String, file: String, line: Int?) throws(ThemeError) -> Style {
        var style = Style()
        for key in spec.keys {
            let value = spec[key]
            switch key {
            case "fg", "bg":
                guard let value, let color = color(value) else {
                    throw ThemeError(
                        file: file, line: line, role: role,
                        message:
                            "\(key) must be a colour name "
                            + "(\(TerminalColor.names.keys.sorted().prefix(8).joined(separator: ", "))…), "
                            + "\"default\" or a number 0–255"
                    )
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            case "bold", "reverse", "dim", "underline":
                guard let flag = value?.bool else {
                    throw ThemeError(file: file, line: line, role: role, message: "\(key) must be true or false")
                }
                switch key {
                case "bold": style.bold = flag
                case "reverse": style.reverse = flag
                case "dim": style.dim = flag
                default: style.underline = flag
                }
            default:
                throw ThemeError(
                    file: file, line: line, role: role,
                    message: "unknown setting \(key); use fg, bg, bold, reverse, dim, underline")
            }
        }
        return style
    }

    static func color(_ value: TOMLValueConvertible) -> TerminalColor? {
        if let number = value.int { return (0...255).contains(number) ? .index(number) : nil }
        guard let name = value.string?.lowercased() else { return nil }
        if name == "default" { return .terminalDefault }
        return TerminalColor.names[name].map { .index($0) }
    }

    /// The 1-based line where `key = …` first appears, so an error can point at it.
    static func lineNumber(of key: String, in text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(key), trimmed.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=")
            {
                return index + 1
            }
        }
        return nil
    }
}

/// A theme that could not be loaded: which file, which line, which role, and why.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var role: String?
    public var message: String

    public init(file: String, line: Int?, role: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.role = role
        self.message = message
    }

    public var description: String {
        "theme \(file)\(line.map { ":\($0)" } ?? "")\(role.map { ", role \($0)" } ?? ""): \(message)"
    }
}
