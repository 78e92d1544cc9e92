import Foundation
import Testing

@testable import DynamoTUI

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite struct ThemeTests {
    @Test func builtInThemesMatchTheFilesInThemesFolder() throws {
        let folder = repositoryRoot.appendingPathComponent("themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltinThemes.files.keys))
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(
                BuiltinThemes.files[String(file.dropLast(5))] == String(text.dropLast()),
                "themes/\(file) changed: run scripts/embed-themes.sh")
        }
        #expect(Set(Theme.builtinNames) == Set(BuiltinThemes.files.keys))
    }

    @Test func everyBuiltInThemeLoads() throws {
        for name in Theme.builtinNames {
            let theme = try Theme.load(name, userDirectory: nil)
            #expect(theme.name == name)
        }
        #expect(try Theme.load("default", userDirectory: nil).style(.selection).background == .index(117))
    }

    @Test func brokenThemeNamesFileLineAndRole() {
        let text = "name = \"x\"\n[roles]\nheader = { bold = true }\nselection = { fg = \"purple\" }\n"
        #expect(
            throws: ThemeError(
                file: "x.toml", line: 4, role: "selection",
                message:
                    "fg must be a colour name (black, blue, bright_black, bright_blue, bright_cyan, bright_green, bright_magenta, bright_red…), \"default\" or a number 0–255"
            )
        ) {
            try Theme.parse(text, file: "x.toml")
        }
        do {
            _ = try Theme.parse("[roles]\nheadr = {}\n", file: "t.toml")
            Issue.record("unknown role accepted")
        } catch {
            #expect(
                error.line == 2 && error.role == "headr"
                    && error.description.hasPrefix("theme t.toml:2, role headr: unknown role"))
        }
        do {
            _ = try Theme.parse("[roles\n", file: "t.toml")
            Issue.record("bad TOML accepted")
        } catch {
            #expect(error.line == 1)
        }
        #expect(throws: ThemeError.self) { try Theme.load("no-such-theme", userDirectory: nil) }
    }

    @Test func themesLoadFromAPathAndFromTheUserFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dx-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("[roles]\nnumber = { fg = 9 }\n".utf8).write(to: dir.appendingPathComponent("mine.toml"))
        #expect(try Theme.load("mine", userDirectory: dir.path).style(.number).foreground == .index(9))
        #expect(try Theme.load(dir.appendingPathComponent("mine.toml").path).style(.number).foreground == .index(9))
    }

    @Test func colours256FallBackToTheBasicEight() {
        #expect(TerminalColor.index(9).basic == .index(1))
        #expect(TerminalColor.index(196).basic == .index(1))
        #expect(TerminalColor.index(21).basic == .index(4))
        #expect(TerminalColor.index(16).basic == .index(0))
        #expect(TerminalColor.index(231).basic == .index(7))
        #expect(TerminalColor.index(3).basic == .index(3))
    }

    @Test func everyRoleIsDistinctInMonochromeWhereItMatters() {
        #expect(Role.selection.monochrome.reverse)
        #expect(Role.missing.monochrome.dim)
        #expect(Role.error.monochrome != Role.normal.monochrome)
    }
}

@Suite struct KeyMapTests {
    @Test func readmeKeyTableMatchesTheRegistry() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- keys:start -->"))
        let end = try #require(readme.range(of: "<!-- keys:end -->"))
        let table = readme[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            table == KeyMap.standard.markdownTable, "README key table is stale; paste KeyMap.standard.markdownTable")
    }

    @Test func noKeyMeansTwoThingsInOneContext() {
        for context in KeyContext.allCases {
            var seen: [Key: Command] = [:]
            for binding in KeyMap.standard.bindings where binding.context == context {
                for key in binding.keys {
                    #expect(seen[key] == nil, "\(key.label) bound twice in \(context)")
                    seen[key] = binding.command
                }
            }
        }
    }

    @Test func everyCommandHasABindingAndContextKeysWin() {
        #expect(Set(KeyMap.standard.bindings.map(\.command)) == Set(KeyMap.standard.commands))
        #expect(KeyMap.standard.command(for: .char("l"), in: .browser) == .browserRight)
        #expect(KeyMap.standard.command(for: .char("l"), in: .tables) == .toggleLog)
        #expect(KeyMap.standard.command(for: .char("x"), in: .tables) == nil)
    }
}
