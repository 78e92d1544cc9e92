import DynamoCore
import DynamoEngine
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// `I` loads a file into a table: the export formats read back, a batch of 100 at a time.
@Suite struct ImportTests {
    func temporaryPath(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    func count(_ runner: ToolRunner, _ table: String) async throws -> Int {
        let result = await runner.run(ToolCall(name: "scan", arguments: ["table": .string(table), "select": "COUNT"]))
        return try #require(result.structured["count"]?.intValue)
    }

    @Test func jsonLinesLoadInBatchesWithProgressAndTheBrowserShowsThem() async throws {
        let path = temporaryPath("books.jsonl")
        let lines = (0..<250).map { #"{"isbn": "imp-\#($0)", "price": \#($0).5, "tags": {"$ss": ["a"]}}"# }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let runner = try await fixtureRunner()
        let before = try await count(runner, "Books")
        let pilot = Pilot(runner: runner)
        await pilot.start()
        await pilot.press(.enter, .char("I"))
        #expect(pilot.screen.contains("Import into Books from:"))
        await pilot.type(path)
        await pilot.press(.enter)
        #expect(try await count(runner, "Books") == before + 250)
        #expect(pilot.calls.filter { $0.name == "batch_write_item" }.count == 3)
        #expect(pilot.model.message?.text == "Imported 250 of 250 items into Books")
        #expect(pilot.model.importJob == nil)
        // Each batch is in the log as the call that ran, so `replay` repeats the import.
        #expect(pilot.model.log.entries.filter { $0.call.name == "batch_write_item" }.count == 3)
        let stored = await runner.run(
            ToolCall(
                name: "get_item",
                arguments: try JSONValue.parse(
                    #"{"table": "Books", "key": {"isbn": "imp-7"}}"#)))
        #expect(stored.structured["item"]?["price"] == .number("7.5"))
        #expect(stored.structured["item"]?["tags"] == ["$ss": ["a"]])
        // The browser read its first page again after the import.
        #expect(pilot.calls.last?.name == "scan")
    }

    @Test func theProgressBarFitsAndCounts() {
        var job = ImportJob(table: "T", path: "f.jsonl", items: Array(repeating: ["id": ["S": "x"]], count: 400))
        job.written = 100
        let line = job.progress(width: 80)
        #expect(line.contains("100 of 400 (25%)") && DisplayWidth.of(line) <= 80)
        #expect(line.contains("███") && line.contains("░"))
        #expect(DisplayWidth.of(job.progress(width: 20)) >= 1)
    }

    /// What `x` writes as DynamoDB JSON lines, `I` reads back into another table, value for value.
    @Test func anExportedFileImportsIntoAnotherTable() async throws {
        let runner = try await fixtureRunner()
        _ = await runner.run(
            ToolCall(
                name: "create_table",
                arguments: try JSONValue.parse(
                    #"{"table": "Copy", "partition_key": {"name": "isbn", "type": "S"}}"#)))
        let path = temporaryPath("books.ddb.jsonl")
        let pilot = Pilot(runner: runner)
        pilot.model.session.pageSize = 100
        await pilot.start()
        await pilot.press(.enter, .char("x"), .ctrl("u"))
        await pilot.type(path)
        await pilot.press(.enter, .escape, .char("j"))
        #expect(pilot.model.tables.selectedName == "Copy")
        await pilot.press(.char("I"))
        await pilot.type(path)
        await pilot.press(.enter)
        let books = await runner.run(ToolCall(name: "scan", arguments: ["table": "Books", "format": "dynamodb"]))
        let copy = await runner.run(ToolCall(name: "scan", arguments: ["table": "Copy", "format": "dynamodb"]))
        let sortedItems = { (result: ToolResult) in
            (result.structured["items"]?.arrayValue ?? []).map(\.jsonText).sorted()
        }
        #expect(sortedItems(copy).count == 29)
        #expect(pilot.model.tables.details["Copy"]?.itemCount == 29)  // the list shows the new count
        #expect(sortedItems(books) == sortedItems(copy))
    }

    @Test func aBadLineOrFormatWritesNothingAndSaysWhere() async throws {
        let runner = try await fixtureRunner()
        let bad = temporaryPath("bad.jsonl")
        try "{\"isbn\": \"ok-1\"}\n{\"isbn\": \"ok-2\"\nnot json\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let before = try await count(runner, "Books")
        let pilot = Pilot(runner: runner)
        await pilot.start()
        await pilot.press(.char("I"))
        await pilot.type(bad)
        await pilot.press(.enter)
        #expect(pilot.model.message?.text == "Nothing imported: line 2 is not JSON")
        #expect(try await count(runner, "Books") == before)
        for (name, expected) in [("rows.csv", "CSV loses types"), ("missing.jsonl", "cannot read")] {
            await pilot.press(.char("I"))
            await pilot.type(name == "missing.jsonl" ? "/nonexistent/missing.jsonl" : temporaryPath(name))
            await pilot.press(.enter)
            #expect(pilot.model.message?.text.contains(expected) == true, "\(pilot.model.message?.text ?? "")")
        }
    }

    /// An item the table refuses (no key) stops the import at its batch and shows how far it got.
    @Test func aRefusedBatchStopsTheImportAndShowsWhy() async throws {
        let runner = try await fixtureRunner()
        let path = temporaryPath("mixed.jsonl")
        let lines = (0..<150).map { #"{"isbn": "m-\#($0)"}"# } + [#"{"title": "no key"}"#]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let pilot = Pilot(runner: runner)
        await pilot.start()
        await pilot.press(.enter, .char("I"))
        await pilot.type(path)
        await pilot.press(.enter)
        guard case .text(let panel)? = pilot.model.overlay else {
            Issue.record("no error panel")
            return
        }
        #expect(panel.isError && panel.lines.joined().contains("100 of 151 items were written"))
        #expect(pilot.model.importJob == nil)
    }

    @Test func readOnlyRefusesTheImport() async throws {
        let pilot = Pilot(runner: try await fixtureRunner(readOnly: true), readOnly: true)
        await pilot.start()
        await pilot.press(.char("I"))
        #expect(pilot.model.overlay == nil && pilot.model.message?.isError == true)
    }
}
