import DynamoCore
import DynamoEngine
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// The defects a day of real use found: each test failed before its fix.
@Suite struct DailyUseTests {
    /// The preview said valid and Enter said invalid: a filter on a key attribute. The dry run is
    /// now the engine's own run, rolled back, so both say the same; the failed run keeps the page.
    @Test func thePreviewAppliesTheRunsRulesAndAFailedRunKeepsThePage() async throws {
        let pilot = try demoPilot(pageSize: 10)
        await pilot.open("Shop")
        let before = try #require(pilot.model.browser?.page?.items)
        await pilot.press(.char("f"))
        await pilot.type("CUSTOMER#C0001")
        await pilot.press(.tab, .tab, .char("+"))
        await pilot.type("sk")
        pilot.model.builder?.focus = .filterValue(0)  // Tab would complete sk to a longer name
        await pilot.type("x")
        #expect(try pilot.model.builder?.build().get().arguments["filters"]?["sk"] != nil)
        let error = try #require(pilot.model.preview.error)
        #expect(error.contains("Filter Expression can only contain non-primary key attributes"), "\(error)")
        // A call the preview refused still runs on Enter if the user insists; it fails the same
        // way, and the rows that were on screen stay.
        await pilot.press(.enter)
        #expect(pilot.model.browser?.page?.items == before)
        #expect(pilot.model.message?.text.contains("showing the rows you had") == true)
        let scan = pilot.calls.filter { $0.name == "scan" }.count
        await pilot.press(.char("r"))
        #expect(pilot.calls.last?.name == "scan" && pilot.calls.filter { $0.name == "scan" }.count == scan + 1)
    }

    @Test func helpScrollsWithItsOwnKeysAndReachesTheLastLine() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char("?"))
        let lines = HelpView.lines(pilot.model.keyMap)
        let lastKeyHelp = try #require(lines.last?.1)
        #expect(!pilot.screen.contains(lastKeyHelp))
        await pilot.press(.char("j"), .down, .pageDown)
        #expect(pilot.model.showHelp && pilot.model.helpScroll > 2)
        await pilot.press(.end)
        #expect(pilot.model.showHelp && pilot.screen.contains(lastKeyHelp))
        await pilot.press(.char("k"))
        #expect(pilot.model.showHelp)
        await pilot.press(.escape)
        #expect(!pilot.model.showHelp)
    }

    /// Every context's keys are on some page of the help at 80×24.
    @Test func everyBindingIsReachableInTheHelpAt80x24() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char("?"))
        var seen = pilot.screen
        for _ in 0..<40 {
            await pilot.press(.pageDown)
            seen += pilot.screen
        }
        for binding in pilot.model.keyMap.bindings {
            #expect(seen.contains(String(binding.help.prefix(40))), "\(binding.command.rawValue) not reachable")
        }
    }

    /// Ten `]` pressed while a page loads move ten pages; `[` pressed while loading come back.
    @Test func pageKeysPressedWhileLoadingAreNotLost() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)  // Books, 29 items, 10 a page
        var effects: [Effect] = []
        for _ in 0..<2 { effects += App.update(&pilot.model, .key(.char("]"))) }
        #expect(pilot.model.browser?.queuedMoves == 1)  // the first started a load, the second waits
        await pilot.run(effects)
        #expect(pilot.model.browser?.pageIndex == 2)
        effects = App.update(&pilot.model, .key(.char("[")))
        effects += App.update(&pilot.model, .key(.char("[")))  // page 1 is cached: shown at once
        await pilot.run(effects)
        #expect(pilot.model.browser?.pageIndex == 0)
        effects = []
        for _ in 0..<10 { effects += App.update(&pilot.model, .key(.char("]"))) }
        await pilot.run(effects)
        #expect(pilot.model.browser?.pageIndex == 2)  // as far as the pages go
        #expect(pilot.model.message?.text == "This is the last page.")
    }

    @Test func ctrlCQuitsWhenIdleAndCancelsWhenBusy() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)
        #expect(App.update(&pilot.model, .key(.ctrl("c"))) == [.quit])
        let effects = App.update(&pilot.model, .key(.char("r")))  // a page is loading
        #expect(pilot.model.isBusy)
        guard case .cancel? = App.update(&pilot.model, .key(.ctrl("c"))).first else {
            Issue.record("Ctrl-C did not cancel the running call")
            return
        }
        await pilot.run(effects)
        await pilot.press(.char(":"))
        #expect(App.update(&pilot.model, .key(.ctrl("c"))) == [.quit])
    }

    /// `y` in a text field types a y; Ctrl-Y copies from any field and the hint names it.
    @Test func theBuilderCopiesFromATextField() async throws {
        let pilot = try demoPilot()
        await pilot.open("Shop")
        await pilot.press(.char("f"))
        await pilot.type("y")
        #expect(pilot.model.builder?.focusedText == "y")
        #expect(pilot.screen.contains("Ctrl-Y copies"))
        await pilot.press(.ctrl("y"))
        #expect(pilot.copied.last?.contains(#""CUSTOMER#"#) == false)
        #expect(pilot.copied.last?.contains(#""pk":"y""#) == true)
        #expect(pilot.model.builder?.focusedText == "y")
        await pilot.press(.ctrl("o"))
        guard case .handOver? = pilot.model.overlay else {
            Issue.record("Ctrl-O did not offer formats")
            return
        }
    }

    /// A failed table list says why (never "no tables yet"); an empty remote region says that
    /// tables are per region; the header keeps the region whole at 80 columns.
    @Test func theTableListTellsAFailedCallFromAnEmptyRegion() {
        var session = SessionInfo(
            backendLabel: "remote: http://very-long-host-name.example.internal:8000/ · region eu-west-3")
        session.awsTarget = AWSTarget(
            endpointURL: "http://very-long-host-name.example.internal:8000/", region: "eu-west-3")
        var model = Model(session: session, width: 80, height: 24)
        let effects = App.start(&model)
        guard case .run(let id, _)? = effects.first else {
            Issue.record("no list_tables")
            return
        }
        let refused = ToolResult.failure(
            DynamoError(type: "NetworkError", message: "cannot connect to http://h:8000: connection refused"))
        _ = App.update(&model, .finished(id: id, result: refused))
        var screen = View.render(model).text
        #expect(screen.contains("Could not list the tables: NetworkError: cannot connect"))
        #expect(screen.contains("r tries again") && !screen.contains("No tables yet"))
        #expect(screen.split(separator: "\n").first?.contains("region eu-west-3") == true)
        let again = App.update(&model, .key(.char("r")))
        guard case .run(let second, _)? = again.first else {
            Issue.record("r did not retry")
            return
        }
        _ = App.update(
            &model, .finished(id: second, result: ToolResult(structured: ["tables": []], summary: "0 tables")))
        screen = View.render(model).text
        #expect(screen.contains("No tables in region eu-west-3") && screen.contains("Tables are per region"))
    }

    /// Columns are as wide as their values up to half the screen: a long sort key shows whole at 120.
    @Test func longKeysShowWholeOnAWideScreen() async throws {
        let pilot = try demoPilot()
        pilot.model.width = 120
        await pilot.open("Shop")
        let orders = (pilot.model.browser?.items ?? []).compactMap { $0["sk"]?.text }
            .filter { $0.hasPrefix("ORDER#") }
        let longest = try #require(orders.max { $0.count < $1.count })
        #expect(longest.count > 30)
        #expect(pilot.screen.contains(longest))
    }
}

@Suite struct GoToKeyTests {
    /// `o` asks for each key attribute, typed by the schema, and opens the item with `get_item`.
    @Test func oOpensAnItemByItsKey() async throws {
        let pilot = try demoPilot()
        await pilot.open("Movies")
        await pilot.press(.char("o"))
        guard case .goToKey(let prompt)? = pilot.model.overlay else {
            Issue.record("no key prompt")
            return
        }
        #expect(prompt.keys.map(\.name) == ["year", "title"])
        #expect(pilot.screen.contains("Go to year (N): ▏ · title (S): "))
        await pilot.type("19x")
        await pilot.press(.tab)
        await pilot.type("Anything")
        await pilot.press(.enter)
        #expect(pilot.model.message?.text == "Not run: year needs a number, got 19x")
        // The prompt stays open with what was typed.
        guard case .goToKey? = pilot.model.overlay else {
            Issue.record("the prompt closed")
            return
        }
        await pilot.press(.backTab)
        let movie = try #require(pilot.model.browser?.items.first)
        let year = try #require(movie["year"]?.text)
        let title = try #require(movie["title"]?.text)
        for _ in 0..<3 { await pilot.press(.backspace) }
        await pilot.type(year)
        await pilot.press(.tab)
        for _ in 0..<8 { await pilot.press(.backspace) }
        await pilot.type(title)
        await pilot.press(.enter)
        #expect(pilot.calls.last?.name == "get_item")
        #expect(pilot.model.screen == .item && pilot.model.item?.item["title"] == .s(title))
        // A key that matches no item says so and stays where it was.
        await pilot.press(.escape, .char("o"))
        await pilot.type("1800")
        await pilot.press(.tab)
        await pilot.type("Nothing")
        await pilot.press(.enter)
        #expect(
            pilot.model.screen == .browser
                && pilot.model.message?.text.hasPrefix("No item in Movies has the key") == true)
    }
}

@Suite struct ItemSearchTests {
    /// `/` in the item view highlights the matches; Enter, `n` and `N` scroll to them.
    @Test func searchHighlightsAndWalksTheMatches() async throws {
        let pilot = Pilot(runner: try await fixtureRunner(), width: 60, height: 8)
        await pilot.start()
        await pilot.press(.enter)
        try await WriteFlowTests().select(pilot, isbn: "978-3")
        await pilot.press(.enter)
        #expect(pilot.model.screen == .item)
        await pilot.press(.char("/"))
        await pilot.type("TRUE")
        #expect(pilot.screen.contains("/TRUE▏"))
        await pilot.press(.enter)
        #expect(pilot.model.message?.text == #"Match 1 of 1 for "TRUE" (n next, N previous)"#)
        // The highlighted cells spell the match (case kept as the item has it).
        let frame = View.render(pilot.model)
        var highlighted = ""
        for y in 0..<frame.height {
            for x in 0..<frame.width where frame[x, y].role == .selection { highlighted += frame[x, y].text }
        }
        #expect(highlighted == "true", "highlighted: \(highlighted)")
        await pilot.press(.char("n"))
        #expect(pilot.model.message?.text.hasPrefix("Match 1 of 1") == true)
        await pilot.press(.char("/"))
        await pilot.type("nowhere")
        await pilot.press(.enter)
        #expect(pilot.model.message?.text == #"No match for "nowhere"."#)
    }
}

@Suite struct LogPaneTests {
    /// Entries read table first and cursor last; the focused one is marked and Enter shows it whole.
    @Test func entriesPutTheTableFirstAndEnterExpandsTheMarkedOne() async throws {
        let pilot = Pilot(runner: try await fixtureRunner(), width: 100, height: 30)
        await pilot.start()
        await pilot.press(.enter, .char("]"), .char("L"))
        #expect(pilot.screen.contains(#"scan {"table":"Books","format":"dynamodb","limit":10,"cursor":"#))
        await pilot.press(.tab)
        #expect(pilot.screen.contains("▶scan"))
        await pilot.press(.enter)
        guard case .text(let panel)? = pilot.model.overlay else {
            Issue.record("no expanded entry")
            return
        }
        #expect(panel.title.hasPrefix("call ") && panel.title.hasSuffix("· scan"))
        #expect(
            panel.lines.contains { $0.contains("\"cursor\"") }
                && panel.lines.last?.hasPrefix("result: scan Books") == true)
    }
}
