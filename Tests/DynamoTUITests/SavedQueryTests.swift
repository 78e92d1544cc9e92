import DynamoCore
import DynamoEngine
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// `S` saves the browser's read under a name in the database's queries file; `Q` lists, runs and
/// removes them. The file is plain JSON a person can edit and commit.
@Suite struct SavedQueryTests {
    func queriesPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("q-\(UUID().uuidString)/shop.queries.json").path
    }

    @Test func aBuiltQueryIsSavedListedAndRunAgain() async throws {
        let pilot = try demoPilot(pageSize: 10)
        let path = queriesPath()
        pilot.model.session.queriesPath = path
        await pilot.open("Shop")
        await pilot.press(.char("f"))
        await pilot.type("CUSTOMER#C0001")
        await pilot.press(.enter)
        let built = try #require(pilot.model.browser?.base)
        #expect(built.name == "query")
        await pilot.press(.char("]"))  // a cursor is never saved
        await pilot.press(.char("S"))
        #expect(pilot.screen.contains("Save query on Shop as:"))
        await pilot.type("bad name")
        await pilot.press(.enter)
        #expect(pilot.model.message?.isError == true)
        await pilot.press(.ctrl("u"))
        await pilot.type("orders-of-c0001")
        await pilot.press(.enter)
        #expect(pilot.model.message?.text == "Saved orders-of-c0001 to \(path)")
        let saved = try SavedQueryFile(path: path).load()
        #expect(saved.map(\.name) == ["orders-of-c0001"])
        #expect(saved.first?.call == built && saved.first?.saved != nil)
        // The file is readable JSON keyed by name.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"orders-of-c0001\"") && text.contains("\"tool\": \"query\""))

        await pilot.press(.escape, .escape)  // back to the table list
        await pilot.press(.char("Q"))
        #expect(pilot.screen.contains("orders-of-c0001") && pilot.screen.contains("query on Shop"))
        await pilot.press(.enter)
        #expect(pilot.calls.last == built)
        #expect(pilot.model.screen == .browser && pilot.model.browser?.base == built)
    }

    @Test func qRemovesAndEditsByHandShowAtOnce() async throws {
        let pilot = try demoPilot(pageSize: 10)
        let path = queriesPath()
        pilot.model.session.queriesPath = path
        let file = SavedQueryFile(path: path)
        try file.save(SavedQuery(name: "a", call: ToolCall(name: "scan", arguments: ["table": "Shop", "limit": 5])))
        try file.save(SavedQuery(name: "b", call: ToolCall(name: "scan", arguments: ["table": "Movies"])))
        await pilot.start()
        await pilot.press(.char("Q"))
        guard case .savedQueries(let list)? = pilot.model.overlay else {
            Issue.record("no list")
            return
        }
        #expect(list.queries.map(\.name) == ["a", "b"])
        await pilot.press(.char("d"))
        #expect(try file.load().map(\.name) == ["b"])
        #expect(pilot.model.message?.text.contains("Removed a") == true)
        await pilot.press(.escape)
        // A hand edit that breaks the file is reported, not swallowed.
        try "{not json".write(toFile: path, atomically: true, encoding: .utf8)
        await pilot.press(.char("Q"))
        #expect(pilot.model.overlay == nil)
        #expect(pilot.model.message?.isError == true && pilot.model.message?.text.contains("is not JSON") == true)
    }

    @Test func theDefaultFileSitsBesideTheDatabaseOrInTheConfigFolder() {
        #expect(SavedQueryFile.defaultPath(databaseFile: "/data/shop.sqlite", label: "x") == "/data/shop.queries.json")
        #expect(SavedQueryFile.defaultPath(databaseFile: "/data/shop", label: "x") == "/data/shop.queries.json")
        let home = SavedQueryFile.defaultPath(
            databaseFile: nil, label: "remote:eu-west-1",
            environment: ["HOME": "/home/me"])
        #expect(home == "/home/me/.config/dynamo-explorer/queries/remote_eu-west-1.json")
        let xdg = SavedQueryFile.defaultPath(databaseFile: nil, label: "demo", environment: ["XDG_CONFIG_HOME": "/cfg"])
        #expect(xdg == "/cfg/dynamo-explorer/queries/demo.json")
        #expect(
            !SavedQueryFile.isValidName("") && !SavedQueryFile.isValidName("a b") && SavedQueryFile.isValidName("a-b_9")
        )
    }
}
