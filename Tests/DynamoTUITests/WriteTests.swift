import DynamoCore
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

@Suite struct ItemEditTests {
    func item(_ json: String) throws -> Item { try PlainJSON.decodeItem(try JSONValue.parse(json)) }

    @Test func theSmallestUpdateWithConditionsOnWhatChanged() throws {
        let old = try item(
            #"""
            {"pk": "a", "n": 1.50, "keep": "x", "gone": true, "meta": {"owner": {"name": "Ada", "age": 36}, "tags": ["a", "b"]},
             "colors": {"$ss": ["red", "blue"]}, "sizes": {"$ns": [1, 2]}, "both": {"$ss": ["p", "q"]}, "dot.name": 1}
            """#)
        let new = try item(
            #"""
            {"pk": "a", "n": 1.5, "keep": "x", "meta": {"owner": {"name": "Grace", "age": 36}, "tags": ["a", "c"]},
             "colors": {"$ss": ["red", "blue", "green"]}, "sizes": {"$ns": [2]}, "both": {"$ss": ["p", "r"]}, "dot.name": 2, "added": [1]}
            """#)
        let args = try #require(try ItemEdit.update(table: "T", keyNames: ["pk"], old: old, new: new).get())
        // 1.50 and 1.5 are the same number: not a change.
        #expect(
            args["updates"] == [
                "meta.owner.name": "Grace", "meta.tags[1]": "c", "both": ["$ss": ["p", "r"]],
                "`dot.name`": 2, "added": [1],
            ])
        #expect(args["remove"] == ["gone"])
        #expect(args["add"] == ["colors": ["$ss": ["green"]]])
        #expect(args["delete"] == ["sizes": ["$ns": [1]]])
        #expect(
            args["condition"] == [
                "meta.owner.name": ["op": "eq", "value": "Ada"], "meta.tags[1]": ["op": "eq", "value": "b"],
                "both": ["op": "eq", "value": ["$ss": ["p", "q"]]], "`dot.name`": ["op": "eq", "value": 1],
                "added": ["op": "not_exists"], "gone": ["op": "eq", "value": true],
                "colors": ["op": "eq", "value": ["$ss": ["blue", "red"]]],
                "sizes": ["op": "eq", "value": ["$ns": [1, 2]]],
                "pk": ["op": "exists"],
            ])
        #expect(args["key"] == ["pk": "a"])
    }

    @Test func aChangedKeyIsRefusedAndNoChangeIsNil() throws {
        let old = try item(#"{"pk": "a", "v": 1}"#)
        #expect(try ItemEdit.update(table: "T", keyNames: ["pk"], old: old, new: old).get() == nil)
        guard
            case .failure(let error) = ItemEdit.update(
                table: "T", keyNames: ["pk"], old: old, new: try item(#"{"pk": "b", "v": 1}"#))
        else {
            Issue.record("a key change was accepted")
            return
        }
        #expect(error.message.contains("the key attribute pk changed"))
    }
}

@Suite struct WriteFlowTests {
    /// Moves the browser's selection to the row with this isbn.
    func select(_ pilot: Pilot, isbn: String) async throws {
        func find() -> Int? { pilot.model.browser?.items.firstIndex { $0["isbn"] == .s(isbn) } }
        while find() == nil, pilot.model.browser?.page?.hasMore == true { await pilot.press(.char("]")) }
        let index = try #require(find())
        for _ in 0..<index { await pilot.press(.down) }
    }

    @Test func editBecomesAConfirmedMinimalUpdateAndTheRowRefreshes() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)
        try await select(pilot, isbn: "978-1")
        pilot.editor = { text in
            text.replacingOccurrences(of: "352", with: "353").replacingOccurrences(
                of: #""lang": "en""#, with: #""lang": "fr""#)
        }
        await pilot.press(.char("e"))
        #expect(pilot.edits.first?.contains(#""isbn": "978-1""#) == true)
        guard case .confirm(let confirmation)? = pilot.model.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(confirmation.call.name == "update_item")
        #expect(confirmation.call.arguments["updates"] == ["meta.pages": 353, "meta.lang": "fr"])
        #expect(pilot.screen.contains("y writes · n or Esc does not"))
        await pilot.press(.char("y"))
        #expect(pilot.calls.last == confirmation.call)
        #expect(
            pilot.model.browser?.selectedItem?["meta"].flatMap { if case .m(let m) = $0 { m["pages"] } else { nil } }
                == .num("353"))
        let stored = await pilot.runner.run(
            ToolCall(name: "get_item", arguments: ["table": "Books", "key": ["isbn": "978-1"]]))
        #expect(stored.structured["item"]?["meta"] == ["pages": 353, "lang": "fr"])
    }

    /// Books open with the row `isbn` selected; the editor makes `change` the first time and saves
    /// whatever it is given after that (a user who saves the reopened edit as it is).
    func booksPilot(selecting isbn: String, firstEdit change: @escaping (String) -> String) async throws -> Pilot {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)
        try await select(pilot, isbn: isbn)
        var round = 0
        pilot.editor = { text in
            round += 1
            return round == 1 ? change(text) : text
        }
        return pilot
    }

    @Test func aConcurrentChangeRefreshesTheRowAndReopensTheEditOnTheCurrentItem() async throws {
        let pilot = try await booksPilot(selecting: "978-3") {
            $0.replacingOccurrences(of: #""price": 7"#, with: #""price": 8"#)
        }
        let runner = pilot.runner
        await pilot.press(.char("e"))
        _ = await runner.run(
            ToolCall(
                name: "update_item",
                arguments: [
                    "table": "Books", "key": ["isbn": "978-3"],
                    "updates": ["price": 9, "title": "Café au lait"],
                ]))
        await pilot.press(.char("y"))
        // The row shows the item as it is now, and the editor reopened on it with the edit applied.
        #expect(pilot.model.browser?.selectedItem?["title"] == .s("Café au lait"))
        #expect(pilot.edits.count == 2)
        let reopened = pilot.edits[1]
        #expect(reopened.contains("both changed price: yours is below; now it is 9"))
        #expect(reopened.contains(#""price": 8"#) && reopened.contains(#""title": "Café au lait""#))
        // Saved as it is, it becomes a write against the current item.
        guard case .confirm(let retry)? = pilot.model.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(retry.call.arguments["updates"] == ["price": 8])
        #expect(retry.call.arguments["condition"] == ["price": ["op": "eq", "value": 9], "isbn": ["op": "exists"]])
        await pilot.press(.char("y"))
        let stored = await runner.run(
            ToolCall(name: "get_item", arguments: ["table": "Books", "key": ["isbn": "978-3"]]))
        #expect(stored.structured["item"]?["price"] == 8 && stored.structured["item"]?["title"] == "Café au lait")
    }

    /// The defect: an edit that only adds attributes, saved after the item was deleted elsewhere,
    /// wrote a stub item. Now the condition needs the item, and the edit comes back as a create.
    @Test func anEditAfterADeleteWritesNoStubAndKeepsTheEdit() async throws {
        let pilot = try await booksPilot(selecting: "978-1") {
            $0.replacingOccurrences(of: #""price": 39.99"#, with: #""price": 39.99, "note": "x""#)
        }
        let runner = pilot.runner
        await pilot.press(.char("e"))
        guard case .confirm(let edit)? = pilot.model.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(edit.call.arguments["condition"]?["isbn"] == ["op": "exists"])
        _ = await runner.run(ToolCall(name: "delete_item", arguments: ["table": "Books", "key": ["isbn": "978-1"]]))
        await pilot.press(.char("y"))
        let gone = await runner.run(
            ToolCall(name: "get_item", arguments: ["table": "Books", "key": ["isbn": "978-1"]]))
        #expect(gone.structured["item"] == nil || gone.structured["item"] == .null)
        #expect(pilot.model.browser?.items.contains { $0["isbn"] == .s("978-1") } == false)
        #expect(pilot.edits.count == 2 && pilot.edits[1].contains("was deleted since you loaded it"))
        guard case .confirm(let create)? = pilot.model.overlay else {
            Issue.record("no create offered")
            return
        }
        #expect(create.call.name == "put_item" && create.call.arguments["item"]?["note"] == "x")
        #expect(create.call.arguments["item"]?["title"] == "The Pragmatic Programmer")
    }

    @Test func deleteOnlyWhatWasLoadedAndOfferDeleteAnyway() async throws {
        let pilot = try await booksPilot(selecting: "978-3") { $0 }
        let runner = pilot.runner
        await pilot.press(.char("d"))
        guard case .confirm(let delete)? = pilot.model.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(delete.call.arguments["condition"]?["price"] == ["op": "eq", "value": 7])
        #expect(delete.call.arguments["condition"]?["isbn"] == ["op": "exists"])
        _ = await runner.run(
            ToolCall(
                name: "update_item",
                arguments: [
                    "table": "Books", "key": ["isbn": "978-3"],
                    "updates": ["price": 9],
                ]))
        await pilot.press(.char("y"))
        let kept = await runner.run(
            ToolCall(name: "get_item", arguments: ["table": "Books", "key": ["isbn": "978-3"]]))
        #expect(kept.structured["item"]?["price"] == 9)
        #expect(pilot.model.browser?.selectedItem?["price"] == .num("9"))
        guard case .confirm(let anyway)? = pilot.model.overlay else {
            Issue.record("no delete-anyway offer")
            return
        }
        #expect(anyway.title.contains("Delete it anyway?") && anyway.detail.first?.contains(#""price":9"#) == true)
        #expect(anyway.call == ToolCall(name: "delete_item", arguments: ["table": "Books", "key": ["isbn": "978-3"]]))
        await pilot.press(.char("y"))
        let gone = await runner.run(
            ToolCall(name: "get_item", arguments: ["table": "Books", "key": ["isbn": "978-3"]]))
        #expect(gone.structured["item"] == nil || gone.structured["item"] == .null)
        #expect(pilot.model.browser?.items.contains { $0["isbn"] == .s("978-3") } == false)
    }

    @Test func badJSONReopensTheEditorAndUnchangedTextCancels() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)
        var round = 0
        pilot.editor = { text in
            round += 1
            return round == 1 ? "{ not json" : text
        }
        await pilot.press(.char("e"))
        #expect(pilot.edits.count == 2 && pilot.edits[1].hasPrefix("// not saved:"))
        #expect(pilot.model.overlay == nil && pilot.model.message?.text == "Nothing changed; nothing written.")
        #expect(!pilot.calls.contains { $0.name == "update_item" })
    }

    @Test func createPutsOnlyANewKeyAndDeleteAsksFirst() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)
        pilot.editor = { _ in #"{"isbn": "999-9", "title": "Fresh", "price": 1}"# }
        await pilot.press(.char("n"))
        #expect(pilot.edits.last?.contains(#""isbn": """#) == true)
        guard case .confirm(let create)? = pilot.model.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(create.call.arguments["condition"] == ["isbn": ["op": "not_exists"]])
        await pilot.press(.char("y"))
        #expect(pilot.model.browser?.items.contains { $0["isbn"] == .s("999-9") } == true)
        await pilot.press(.char("n"), .char("y"))  // the same key again: refused by the condition
        guard case .text(let failed)? = pilot.model.overlay else {
            Issue.record("no failure panel")
            return
        }
        #expect(failed.isError)
        await pilot.press(.escape)
        try await select(pilot, isbn: "999-9")
        await pilot.press(.char("d"))
        guard case .confirm(let delete)? = pilot.model.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(delete.call.name == "delete_item" && delete.call.arguments["key"] == ["isbn": "999-9"])
        await pilot.press(.char("n"))
        #expect(pilot.calls.last?.name != "delete_item")
        await pilot.press(.char("d"), .char("y"))
        #expect(pilot.calls.last == delete.call)
        #expect(pilot.model.browser?.items.contains { $0["isbn"] == .s("999-9") } == false)
    }

    @Test func readOnlySessionsRefuseWritesWithAMessage() async throws {
        let pilot = Pilot(runner: try await fixtureRunner(readOnly: true), readOnly: true)
        await pilot.start()
        await pilot.press(.enter)
        for key in ["e", "n", "d"] {
            await pilot.press(.char(Character(key)))
            #expect(pilot.model.message?.text == App.readOnlyRefusal)
        }
        #expect(pilot.edits.isEmpty && pilot.model.overlay == nil)
        await pilot.press(.char(":"))
        await pilot.type(#"put_item {"table": "Books", "item": {"isbn": "x"}}"#)
        await pilot.press(.enter)
        guard case .text(let panel)? = pilot.model.overlay else {
            Issue.record("no refusal panel")
            return
        }
        #expect(panel.isError && panel.title == "put_item failed")
    }
}
