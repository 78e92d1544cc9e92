import DynamoCore
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// `keys.toml` rebinds keys by binding name; mistakes are reported with file and line.
@Suite struct KeyFileTests {
    @Test func bindingsTakeTheKeysGivenAndTheRestKeepTheirs() throws {
        let map = try KeyFile.parse(
            """
            "browser.next-page" = ["]", "N"]
            "app.quit" = "Ctrl-Q"
            [browser]
            previous-page = ["p", "PgUp"]
            """, file: "keys.toml")
        #expect(map.command(for: .char("N"), in: .browser) == .browserNextPage)
        #expect(map.command(for: .char("p"), in: .browser) == .browserPreviousPage)
        #expect(map.command(for: .pageUp, in: .browser) == .browserPreviousPage)
        #expect(map.command(for: .char("["), in: .browser) == nil)
        #expect(map.command(for: .ctrl("q"), in: .tables) == .quit)
        #expect(map.command(for: .char("q"), in: .tables) == nil)
        #expect(map.command(for: .char("f"), in: .browser) == .browserQuery)
        #expect(map.hints(for: .tables).hasSuffix("Ctrl-Q quit"))
        #expect(map.markdownTable.contains("| `Ctrl-Q` | `app.quit` |"))
    }

    @Test func mistakesNameTheFileTheLineAndTheFix() {
        func failure(_ text: String) -> KeyFileError? {
            do {
                _ = try KeyFile.parse(text, file: "k.toml")
                return nil
            } catch {
                return error
            }
        }
        let unknown = failure("\"app.quit\" = \"x\"\n\"browser.nxt-page\" = \"n\"\n")
        #expect(unknown?.line == 2 && unknown?.message.contains("did you mean browser.next-page?") == true)
        let badKey = failure("\"app.quit\" = \"Ctrl-Shift-Q\"\n")
        #expect(badKey?.line == 1 && badKey?.message.contains("no key \"Ctrl-Shift-Q\"") == true)
        let conflict = failure("\"browser.next-page\" = \"f\"\n")
        #expect(conflict?.message.contains("f is bound to both") == true, "\(String(describing: conflict))")
        let syntax = failure("\"app.quit\" = \n")
        #expect(syntax?.line == 1, "\(String(describing: syntax))")
        #expect(failure("\"app.quit\" = []\n")?.message.contains("needs a key") == true)
        #expect(unknown?.description.hasPrefix("keys k.toml:2: ") == true)
    }

    @Test func labelsReadBackAsTheirKeys() {
        for binding in KeyMap.standard.bindings {
            for key in binding.keys { #expect(Key(label: key.label) == key, "\(key.label)") }
        }
        #expect(Key(label: "Up") == .up && Key(label: "space") == .char(" ") && Key(label: "ctrl-w") == .ctrl("w"))
        #expect(Key(label: "") == nil && Key(label: "Hyper-X") == nil)
    }

    /// The app uses a rebound key, and its messages name it.
    @Test func theAppFollowsTheFile() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        pilot.model.keyMap = try KeyFile.parse("\"tables.down\" = \"J\"\n\"browser.refresh\" = \"R\"", file: "k")
        await pilot.start()
        await pilot.press(.char("J"))
        #expect(pilot.model.tables.selectedName == "Empty")
        await pilot.press(.enter)
        #expect(pilot.screen.contains("No items on this page"))
        await pilot.press(.char("R"))
        #expect(pilot.calls.last?.name == "scan" && pilot.calls.filter { $0.name == "scan" }.count == 2)
    }

    /// The README's example file is one the app takes.
    @Test func theReadmeExampleLoads() throws {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../README.md"), encoding: .utf8)
        let after = try #require(readme.range(of: "Keys can be rebound"))
        let start = try #require(readme.range(of: "```toml\n", range: after.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let map = try KeyFile.parse(String(readme[start.upperBound..<end.lowerBound]), file: "README.md")
        #expect(map.command(for: .char("N"), in: .browser) == .browserNextPage)
    }
}
