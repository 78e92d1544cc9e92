import DynamoCore
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

@Suite struct CommandLineTests {
    @Test func aTypedCallRunsLogsAndShowsReadsInTheBrowser() async throws {
        let pilot = try demoPilot()
        await pilot.start()
        await pilot.press(.char(":"))
        await pilot.type(#"query {"table": "Movies", "key_condition": {"year": 1990}}"#)
        await pilot.press(.enter)
        #expect(
            pilot.calls.last
                == ToolCall(name: "query", arguments: ["table": "Movies", "key_condition": ["year": 1990]]))
        #expect(pilot.model.screen == .browser && pilot.model.browser?.table == "Movies")
        #expect(pilot.model.browser?.items.allSatisfy { $0["year"] == .num("1990") } == true)
        #expect(pilot.model.log.entries.last?.call.name == "query")
        // A JSON log line works too; a result that is not a read opens a text panel.
        await pilot.press(.char(":"))
        await pilot.type(#"{"tool": "describe_table", "arguments": {"table": "Shop"}}"#)
        await pilot.press(.enter)
        guard case .text(let panel)? = pilot.model.overlay else {
            Issue.record("no result panel")
            return
        }
        #expect(panel.lines.contains { $0.contains("\"TableName\": \"Shop\"") })
        await pilot.press(.escape)
        // History: ↑ brings back the last line, then the one before.
        await pilot.press(.char(":"), .up, .up)
        guard case .command(let prompt)? = pilot.model.overlay else {
            Issue.record("no prompt")
            return
        }
        #expect(prompt.text.hasPrefix("query {"))
    }

    @Test func tabCompletesToolsAndTablesAndMistakesAreExplained() async throws {
        let pilot = try demoPilot()
        await pilot.start()
        await pilot.press(.char(":"))
        await pilot.type("par")
        await pilot.press(.tab)
        await pilot.type("Mo")
        await pilot.press(.tab)
        guard case .command(let prompt)? = pilot.model.overlay else {
            Issue.record("no prompt")
            return
        }
        #expect(prompt.text == #"parallel_scan {"table": "Movies""#)
        #expect(CommandPrompt.parse("quary {}") == .failure(CommandError("no tool \"quary\" (did you mean query?)")))
        #expect(CommandPrompt.parse(#"scan {"table": "#).isFailure)
        await pilot.press(.escape)
        #expect(pilot.model.overlay == nil)
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}

@Suite struct LocalFilterAndFetchOnTests {
    @Test func slashNarrowsLoadedRowsWithoutACall() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter, .char("]"), .char("]"))  // all three pages loaded
        let calls = pilot.calls.count
        await pilot.press(.char("/"))
        await pilot.type("CAFÉ")
        #expect(pilot.calls.count == calls)
        #expect(pilot.model.browser?.items.count == 1)
        #expect(pilot.screen.contains("1 of 29 loaded rows"))
        await pilot.press(.enter)
        #expect(pilot.model.browser?.filteringLocally == false && pilot.model.browser?.localFilter == "CAFÉ")
        await pilot.press(.escape)  // clears the filter, stays in the browser
        #expect(pilot.model.browser?.localFilter == "" && pilot.model.screen == .browser)
    }

    @Test func fetchOnFillsAShortPageAndEscStopsKeepingTheCursor() async throws {
        let pilot = try demoPilot(pageSize: 50)
        await pilot.start()
        await pilot.press(.char(":"))
        await pilot.type(#"scan {"table": "Shop", "filters": {"total": {"op": "gt", "value": 950}}, "limit": 50}"#)
        await pilot.press(.enter)
        let short = try #require(pilot.model.browser?.page)
        #expect(short.count < 50 && short.hasMore)
        await pilot.press(.char("F"))
        let filled = try #require(pilot.model.browser?.page)
        #expect(filled.count > short.count && filled.scanned > short.scanned)
        #expect(pilot.model.message?.text.hasPrefix("Fetched on:") == true)
        #expect(pilot.calls.last?.arguments["cursor"] != nil)
        // Stopping: Esc while a page is out ends the walk when it comes back; the cursor stays.
        var model = pilot.model
        if model.browser?.page?.hasMore == true, model.browser!.page!.items.count < 50 {
            let effects = App.update(&model, .key(.char("F")))
            guard case .run(let id, let call)? = effects.first else {
                Issue.record("no walk call")
                return
            }
            _ = App.update(&model, .key(.escape))
            #expect(model.browser?.walk?.stopRequested == true)
            _ = App.update(&model, .finished(id: id, result: await pilot.runner.run(call)))
            #expect(model.browser?.walk == nil && model.message?.text.contains("stopped") == true)
        }
    }
}

@Suite struct HandOverTests {
    @Test func yCopiesTheMCPCallAndYOffersAWSCLIAndBoto3BuiltFromTheRequest() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter, .char("y"))
        let scan = try #require(pilot.model.browser?.base)
        #expect(pilot.copied.last == scan.jsonLine)
        await pilot.press(.char("Y"), .char("a"))
        let cli = try #require(pilot.copied.last)
        #expect(
            cli.contains(
                "aws dynamodb scan --no-paginate --endpoint-url http://127.0.0.1:8000 --region us-east-1 --cli-input-json '"
            ))
        let json = String(cli[cli.range(of: "--cli-input-json '")!.upperBound...].dropLast())
        let request = try JSONValue.parse(json)
        #expect(request == ["TableName": "Books", "Limit": 10, "ReturnConsumedCapacity": "TOTAL"])
        await pilot.press(.escape, .char("Y"), .char("b"))
        let python = try #require(pilot.copied.last)
        #expect(
            python.contains("response = client.scan(**request)")
                && python.contains(#"endpoint_url="http://127.0.0.1:8000""#))
        // With the log focused, y copies the entry there: here the describe_table before the scan.
        await pilot.press(.escape, .tab, .char("k"))
        let entry = try #require(pilot.model.log.anchor.map { pilot.model.log.entries[$0] })
        await pilot.press(.char("y"))
        #expect(entry.call.name == "describe_table" && pilot.copied.last == entry.call.jsonLine)
        // Inside tmux the OSC 52 request is sent plain and wrapped for passthrough.
        let osc = HandOver.osc52("hi", insideTmux: true)
        #expect(osc.hasPrefix("\u{1b}]52;c;aGk=\u{07}") && osc.contains("\u{1b}Ptmux;\u{1b}\u{1b}]52;c;aGk="))
        #expect(
            HandOver.awsCLI(operation: "BatchGetItem", request: ["a": "it's"], target: .embedded, embedded: false)
                .hasSuffix(
                    #"aws dynamodb batch-get-item --endpoint-url http://127.0.0.1:8000 --region us-east-1 --cli-input-json '{"a":"it'\''s"}'"#
                ))
    }
}

@Suite struct ExportTests {
    @Test func loadedRowsAndAllPagesGoToNewFilesOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dx-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter, .char("x"))
        func typePath(_ path: String) async {
            for _ in 0..<40 { await pilot.press(.backspace) }
            await pilot.type(path)
        }
        let jsonl = directory.appendingPathComponent("books.jsonl").path
        await typePath(jsonl)
        await pilot.press(.enter)
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10 && pilot.model.message?.text == "Exported 10 rows to \(jsonl)")
        #expect(try JSONValue.parse(String(lines[0]))["isbn"]?.stringValue != nil)
        // The same name again is refused: an export never replaces a file.
        await pilot.press(.char("x"))
        await typePath(jsonl)
        await pilot.press(.enter)
        #expect(pilot.model.message?.isError == true && pilot.model.message?.text.contains("already exists") == true)
        // All pages, as CSV with the browser's columns.
        let csv = directory.appendingPathComponent("books.csv").path
        await pilot.press(.char("x"))
        await typePath(csv)
        await pilot.press(.tab, .enter)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n")
        #expect(rows.count == 30 && rows[0].hasPrefix("isbn,price,title"))
        #expect(rows.contains { $0.contains(#""["japan","travel"]""#) || $0.contains(#"{""$ss"":"#) })
        let typed = directory.appendingPathComponent("books.ddb.jsonl").path
        await pilot.press(.char("x"))
        await typePath(typed)
        await pilot.press(.enter)
        let first = try JSONValue.parse(
            String(try String(contentsOfFile: typed, encoding: .utf8).split(separator: "\n")[0]))
        #expect(first["Item"]?["isbn"]?["S"] != nil)
        // .json is one JSON array of plain items.
        let array = directory.appendingPathComponent("books.json").path
        await pilot.press(.char("x"))
        await typePath(array)
        await pilot.press(.enter)
        let parsed = try JSONValue.parse(try String(contentsOfFile: array, encoding: .utf8))
        #expect(parsed.arrayValue?.count == 10 && parsed.arrayValue?.first?["isbn"]?.stringValue != nil)
    }

    @Test func csvCellsNeverCarryTerminalControls() {
        let item: Item = ["name": .s("a\u{1b}[31mred\u{7}\tok\u{9b}")]
        let text = Export.text([item], columns: ["name"], format: .csv)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 || $0.value == 0x9b })
        #expect(text.contains("a␛[31mred␇\tok\u{FFFD}"))
    }

    @Test func theAWSCLIFormReadsOnePageAndNamesTheServedDatabase() {
        let cli = HandOver.awsCLI(
            operation: "Query", request: ["TableName": "T"], target: .embedded, embedded: true,
            serveArguments: "--db '/data/shop.sqlite'")
        #expect(cli.contains("aws dynamodb query --no-paginate"))
        #expect(cli.contains("dynamo-explorer serve --db '/data/shop.sqlite' --port 8000"))
        #expect(
            !HandOver.awsCLI(operation: "GetItem", request: [:], target: .embedded, embedded: false)
                .contains("--no-paginate"))
        #expect(
            HandOver.boto3(operation: "Scan", request: [:], target: .embedded, embedded: true, serveArguments: nil)
                .hasPrefix("# this database is in memory"))
    }
}
