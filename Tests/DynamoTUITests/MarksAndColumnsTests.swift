import DynamoCore
import DynamoEngine
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// Many rows at once (Space, `*`, `d`, `y`, `t`) and the column chooser (`c`).
@Suite struct MarksAndColumnsTests {
    func booksPilot(pageSize: Int = 10) async throws -> (Pilot, ToolRunner) {
        let runner = try await fixtureRunner()
        let pilot = Pilot(runner: runner)
        pilot.model.session.pageSize = pageSize
        await pilot.start()
        await pilot.press(.enter)  // Books is the first table
        #expect(pilot.model.browser?.table == "Books")
        return (pilot, runner)
    }

    func count(_ runner: ToolRunner) async throws -> Int {
        let result = await runner.run(ToolCall(name: "scan", arguments: ["table": "Books", "select": "COUNT"]))
        return try #require(result.structured["count"]?.intValue)
    }

    @Test func spaceMarksRowsAndYCopiesThemAsOneBatchWrite() async throws {
        let (pilot, _) = try await booksPilot()
        let rows = try #require(pilot.model.browser?.items)
        await pilot.press(.char(" "), .char(" "))
        #expect(pilot.model.browser?.marked.count == 2 && pilot.model.browser?.selected == 2)
        #expect(pilot.screen.contains("2 marked"))
        #expect(pilot.screen.split(separator: "\n").filter { $0.hasPrefix("●") }.count == 2)
        await pilot.press(.copy)
        let copied = try JSONValue.parse(try #require(pilot.copied.last))
        #expect(copied["tool"]?.stringValue == "batch_write_item")
        let put = try #require(copied["arguments"]?["put"]?.arrayValue)
        #expect(Set(put.map(\.jsonText)) == Set(rows.prefix(2).map { TypedJSON.encodeItem($0).jsonText }))
        await pilot.press(.char("t"))
        let transaction = try JSONValue.parse(try #require(pilot.copied.last))
        #expect(transaction["tool"]?.stringValue == "transact_write_items")
        #expect(transaction["arguments"]?["actions"]?.arrayValue?.count == 2)
        // Space on a marked row unmarks it; * marks every row shown, then unmarks them all.
        await pilot.press(.up, .char(" "))
        #expect(pilot.model.browser?.marked.count == 1)
        await pilot.press(.char("*"))
        #expect(pilot.model.browser?.marked.count == rows.count)
        await pilot.press(.char("*"))
        #expect(pilot.model.browser?.marked.isEmpty == true)
    }

    /// The copied batch is a call that runs: given to a fresh database it writes the rows.
    @Test func theCopiedBatchRunsAsItIs() async throws {
        let (pilot, _) = try await booksPilot()
        await pilot.press(.char("*"), .char("y"))
        let line = try JSONValue.parse(try #require(pilot.copied.last))
        let fresh = ToolRunner(backend: try EmbeddedEngine(path: nil))
        _ = await fresh.run(
            ToolCall(
                name: "create_table",
                arguments: try JSONValue.parse(
                    #"{"table": "Books", "partition_key": {"name": "isbn", "type": "S"}}"#)))
        let result = await fresh.run(ToolCall(name: "batch_write_item", arguments: try #require(line["arguments"])))
        #expect(!result.isError, "\(result.summary)")
        #expect(result.structured["written"]?.intValue == pilot.model.browser?.items.count)
    }

    @Test func dDeletesTheMarkedRowsAfterOneConfirmation() async throws {
        let (pilot, runner) = try await booksPilot()
        let before = try await count(runner)
        await pilot.press(.browserMark, .browserMark, .browserMark, .browserDelete)
        guard case .confirm(let confirmation)? = pilot.model.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(confirmation.title.contains("Delete 3 marked"))
        #expect(confirmation.call.name == "transact_write_items")
        #expect(
            confirmation.call.arguments["actions"]?.arrayValue?.allSatisfy { $0["delete"]?["condition"] != nil } == true
        )
        await pilot.press(.confirmYes)
        #expect(try await count(runner) == before - 3)
        #expect(pilot.model.browser?.marked.isEmpty == true)
        #expect(pilot.model.browser?.items.count == 7)
        #expect(pilot.model.message?.text.contains("Deleted 3") == true)
    }

    /// A marked row that changed since it was loaded stops its transaction: nothing in it is deleted.
    @Test func aChangedMarkedRowDeletesNothing() async throws {
        let (pilot, runner) = try await booksPilot()
        let before = try await count(runner)
        let second = try #require(pilot.model.browser?.items[1])
        await pilot.press(.char(" "), .char(" "))
        let isbn = try #require(second["isbn"]?.text)
        let update = await runner.run(
            ToolCall(
                name: "update_item",
                arguments: try JSONValue.parse(
                    #"{"table": "Books", "key": {"isbn": "\#(isbn)"}, "updates": {"title": "changed"}}"#)))
        #expect(!update.isError)
        await pilot.press(.char("d"), .char("y"))
        #expect(try await count(runner) == before)
        guard case .text(let panel)? = pilot.model.overlay else {
            Issue.record("no error shown")
            return
        }
        #expect(panel.isError && panel.title.contains("0 of 2 deleted"))
        #expect(pilot.model.browser?.marked.count == 2)
    }

    /// More than a transaction holds: one confirmation, calls of 100, every row gone.
    @Test func manyMarkedRowsGoInTransactionsOfAHundred() async throws {
        let runner = try await fixtureRunner()
        for start in stride(from: 0, to: 230, by: 25) {
            let items = (start..<min(start + 25, 230)).map { #"{"isbn": "bulk-\#($0)", "price": \#($0)}"# }
            let result = await runner.run(
                ToolCall(
                    name: "batch_write_item",
                    arguments: try JSONValue.parse(
                        #"{"table": "Books", "put": [\#(items.joined(separator: ","))]}"#)))
            #expect(!result.isError)
        }
        let pilot = Pilot(runner: runner)
        pilot.model.session.pageSize = 300
        await pilot.start()
        await pilot.press(.enter, .char("*"), .char("d"))
        guard case .confirm(let confirmation)? = pilot.model.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(confirmation.title.contains("Delete 259 marked"))
        #expect(confirmation.detail.joined().contains("3 transactions"))
        await pilot.press(.char("y"))
        #expect(pilot.calls.filter { $0.name == "transact_write_items" }.count == 3)
        #expect(try await count(runner) == 0)
    }

    @Test func theChooserHidesMovesAndSortsColumns() async throws {
        let (pilot, _) = try await booksPilot()
        let columns = try #require(pilot.model.browser?.shownColumns)
        #expect(columns.first == "isbn" && columns.contains("title") && columns.contains("price"))
        await pilot.press(.char("c"))
        #expect(pilot.screen.contains("Columns of Books"))
        // The first non-key column: hide it; it leaves the header but stays in the chooser.
        let first = columns[1]
        await pilot.press(.char(" "))
        #expect(pilot.model.browser?.shownColumns.contains(first) == false)
        #expect(pilot.screen.contains("[ ] \(first)"))
        await pilot.press(.char(" "), .char("J"))
        #expect(pilot.model.browser?.shownColumns[2] == first)
        // Sort by price: ascending, descending, then the read's order again.
        let browser = try #require(pilot.model.browser)
        let priceRow = try #require(
            browser.arrangement.arranged(Array(browser.columns.dropFirst(1))).firstIndex(of: "price"))
        guard case .columns(let cursor)? = pilot.model.overlay else {
            Issue.record("chooser closed")
            return
        }
        for _ in 0..<abs(priceRow - cursor) { await pilot.press(priceRow > cursor ? .char("j") : .char("k")) }
        await pilot.press(.char("s"))
        func prices() -> [Double] {
            (pilot.model.browser?.items ?? []).compactMap { $0["price"]?.text.flatMap(Double.init) }
        }
        #expect(prices() == prices().sorted() && prices().count == 10)
        await pilot.press(.char("s"))
        #expect(prices() == prices().sorted(by: >))
        await pilot.press(.escape)
        #expect(pilot.model.overlay == nil && pilot.screen.contains("price▼"))
        #expect(pilot.screen.contains("sorted by price ▼ here"))
        await pilot.press(.char("c"), .char("s"))
        #expect(pilot.model.browser?.arrangement.sort == nil)
    }

    @Test func numbersSortByValueAndMissingValuesGoLast() {
        let items: [Item] = [["n": .num("10")], ["x": .s("no n")], ["n": .num("9.5")], ["n": .num("-1E2")]]
        let up = ColumnSort(column: "n", descending: false).sorted(items).map { $0["n"]?.text ?? "-" }
        #expect(up == ["-100", "9.5", "10", "-"])
        let down = ColumnSort(column: "n", descending: true).sorted(items).map { $0["n"]?.text ?? "-" }
        #expect(down == ["10", "9.5", "-100", "-"])
    }
}
