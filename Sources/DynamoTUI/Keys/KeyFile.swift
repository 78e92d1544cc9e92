import DynamoTools
import Foundation
import TOMLKit

/// Rebinding keys: a TOML file maps binding names (as `dynamo-explorer keys` lists them) to a key or
/// a list of keys, spelled as the help shows them.
///
/// ```toml
/// # ~/.config/dynamo-explorer/keys.toml (or --keys FILE)
/// "browser.next-page" = ["]", "N"]
/// "app.quit" = "Ctrl-Q"
/// [browser]
/// previous-page = ["[", "p"]      # a table names the part before the dot
/// ```
///
/// A binding named in the file takes exactly the keys given; the others keep theirs. An unknown
/// name, an unknown key, or two bindings of one context sharing a key is reported with the file and
/// line, and the standard keys are used — as with a broken theme.
public enum KeyFile {
    /// Where the keys are looked for when `--keys` does not say.
    public static var userPath: String {
        let environment = ProcessInfo.processInfo.environment
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return config + "/dynamo-explorer/keys.toml"
    }

    public static func load(path: String, base: KeyMap = .standard) throws(KeyFileError) -> KeyMap {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeyFileError(file: path, line: nil, message: "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path, base: base)
    }

    public static func parse(_ text: String, file: String, base: KeyMap = .standard) throws(KeyFileError) -> KeyMap {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw KeyFileError(file: file, line: error.source.begin.line, message: error.description)
        } catch {
            throw KeyFileError(file: file, line: nil, message: "\(error)")
        }
        var map = base
        for (name, value) in flattened(table) {
            let line =
                Theme.lineNumber(of: name, in: text)
                ?? Theme.lineNumber(of: "\"\(name)\"", in: text)
                ?? name.split(separator: ".").last.flatMap { Theme.lineNumber(of: String($0), in: text) }
            let known = KeyMap.standard.commands
            guard let command = known.first(where: { $0.rawValue == name }) else {
                let close = Suggest.closest(to: name, in: known.map(\.rawValue))
                throw KeyFileError(
                    file: file, line: line,
                    message: "no binding \"\(name)\"" + (close.map { " (did you mean \($0)?)" } ?? "")
                        + "; `dynamo-explorer keys` lists them")
            }
            let spellings = value.array.map { $0.compactMap(\.string) } ?? value.string.map { [$0] } ?? []
            guard !spellings.isEmpty else {
                throw KeyFileError(file: file, line: line, message: "\(name) needs a key or a list of keys")
            }
            var keys: [Key] = []
            for spelling in spellings {
                guard let key = Key(label: spelling) else {
                    throw KeyFileError(
                        file: file, line: line,
                        message: "\(name): no key \"\(spelling)\"; write a character, Ctrl-X, Enter, Esc, Tab, "
                            + "Shift-Tab, Space, Backspace, Delete, ↑ ↓ ← → (or Up Down Left Right), PgUp, PgDn, "
                            + "Home or End")
                }
                keys.append(key)
            }
            for index in map.bindings.indices where map.bindings[index].command == command {
                map.bindings[index].keys = keys
            }
        }
        try checkConflicts(map, file: file, text: text)
        return map
    }

    /// Two bindings of one context on one key: the second could never run.
    static func checkConflicts(_ map: KeyMap, file: String, text: String) throws(KeyFileError) {
        for context in KeyContext.allCases {
            var owner: [Key: Command] = [:]
            for binding in map.bindings where binding.context == context {
                for key in binding.keys {
                    if let first = owner[key], first != binding.command {
                        let line =
                            Theme.lineNumber(of: "\"\(binding.command.rawValue)\"", in: text)
                            ?? Theme.lineNumber(of: "\"\(first.rawValue)\"", in: text)
                        throw KeyFileError(
                            file: file, line: line,
                            message: "\(key.label) is bound to both \(first.rawValue) and \(binding.command.rawValue)"
                                + " (\(context.title))")
                    }
                    owner[key] = binding.command
                }
            }
        }
    }

    /// `"a.b" = …` and `[a] b = …` both name the binding `a.b`.
    static func flattened(_ table: TOMLTable, prefix: String = "") -> [(String, TOMLValueConvertible)] {
        var out: [(String, TOMLValueConvertible)] = []
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            let name = prefix.isEmpty ? key : prefix + "." + key
            if let nested = value.table {
                out += flattened(nested, prefix: name)
            } else {
                out.append((name, value))
            }
        }
        return out
    }
}

/// A key file that could not be used: which file, which line, and why.
public struct KeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String { "keys \(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}

extension Key {
    /// The key a label names: the help's own spelling (`Ctrl-C`, `PgDn`, `↑`), or a word (`Up`, `Esc`).
    public init?(label: String) {
        let words: [String: Key] = [
            "up": .up, "down": .down, "left": .left, "right": .right, "pageup": .pageUp, "pagedown": .pageDown,
            "escape": .escape, "return": .enter, "space": .char(" "), "backtab": .backTab,
        ]
        let named: [Key] = [
            .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab,
            .backspace, .delete, .char(" "),
        ]
        if let key = named.first(where: { $0.label.lowercased() == label.lowercased() }) {
            self = key
        } else if let key = words[label.lowercased()] {
            self = key
        } else if label.count == 1, let character = label.first {
            self = .char(character)
        } else if label.lowercased().hasPrefix("ctrl-"), label.count == 6, let letter = label.last?.lowercased().first,
            letter.isLetter
        {
            self = .ctrl(letter)
        } else {
            return nil
        }
    }
}
