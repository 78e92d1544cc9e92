import DynamoCore
import DynamoTools
import Testing

@testable import DynamoTUI

/// Key flows: which tool calls each key issues, and what the model becomes.
@Suite struct UpdateTests {
    func model() -> Model { Model(session: SessionInfo(backendLabel: "test", pageSize: 10), width: 80, height: 24) }

    @Test func startListsTablesThenDescribesEach() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        #expect(pilot.calls.map(\.name) == ["list_tables", "describe_table", "describe_table"])
        #expect(pilot.model.tables.names == ["Books", "Empty"])
        #expect(pilot.model.tables.details["Books"]?.itemCount == 29)
        #expect(pilot.model.log.entries.count == 3)
    }

    @Test func openingATableLogsAScanAndPagingUsesTheCursor() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)
        let first = try #require(pilot.calls.last)
        #expect(first == ToolCall(name: "scan", arguments: ["table": "Books", "limit": 10, "format": "dynamodb"]))
        #expect(pilot.model.browser?.items.count == 10)
        // Key first, then by frequency (ties by name): every book has a price and a title.
        #expect(pilot.model.browser?.columns.prefix(3) == ["isbn", "price", "title"])
        await pilot.press(.char("]"))
        let second = try #require(pilot.calls.last)
        #expect(second.arguments["cursor"]?.stringValue == pilot.model.browser?.cursors[1])
        #expect(pilot.model.browser?.pageIndex == 1)
        let secondPageFirst = pilot.model.browser?.items.first
        // Back is served from the kept page: no new call.
        let callsBefore = pilot.calls.count
        await pilot.press(.pageUp)
        #expect(pilot.calls.count == callsBefore)
        #expect(pilot.model.browser?.pageIndex == 0)
        await pilot.press(.pageDown)
        #expect(pilot.model.browser?.items.first == secondPageFirst)
        #expect(pilot.calls.count == callsBefore)
        // Page 3 is the last (29 items, 10 per page).
        await pilot.press(.char("]"))
        #expect(pilot.model.browser?.page?.hasMore == false)
        await pilot.press(.char("]"))
        #expect(pilot.model.message?.text == "This is the last page.")
        #expect(pilot.calls.count == callsBefore + 1)
    }

    @Test func evictedPagesAreRefetchedWithTheirKeptCursor() {
        var browser = BrowserState(table: "T", keyAttributes: ["pk"], pageSize: 1)
        for index in 0..<12 {
            let result = ToolResult(
                structured: [
                    "items": [["pk": ["S": .string("k\(index)")]]], "count": 1,
                    "scanned_count": 1, "next_cursor": .string("c\(index + 1)"),
                ], summary: "s")
            browser.receive(page: index, result: result)
        }
        #expect(browser.pages[0] == nil)
        #expect(browser.pages.count == BrowserState.cacheRadius + 1)
        #expect(browser.call(forPage: 3).arguments["cursor"] == "c3")
        #expect(browser.cursors.count == 13)
    }

    @Test func escapeGoesBackAndQQuitsOnlyFromTheTableList() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter, .enter)
        #expect(pilot.model.screens == [.tables, .browser, .item])
        await pilot.press(.escape)
        #expect(pilot.model.screens == [.tables, .browser])
        var effects = App.update(&pilot.model, .key(.char("q")))
        #expect(effects.isEmpty && pilot.model.screens == [.tables])
        effects = App.update(&pilot.model, .key(.char("q")))
        #expect(effects == [.quit])
    }

    @Test func escapeAndCtrlCCancelRunningCalls() {
        var m = model()
        let start = App.start(&m)
        guard case .run(let id, _) = start.first else {
            Issue.record("no call")
            return
        }
        #expect(App.update(&m, .key(.escape)) == [.cancel(ids: [id])])
        #expect(App.update(&m, .key(.ctrl("c"))) == [.cancel(ids: [id])])
        let cancelled = ToolResult(
            structured: ["error": ["type": "RequestCanceled"]], summary: "RequestCanceled: The call was cancelled",
            isError: true)
        _ = App.update(&m, .finished(id: id, result: cancelled))
        #expect(!m.isBusy)
        #expect(m.message?.isError == true)
        #expect(m.log.entries.last?.summary.contains("cancelled") == true)
    }

    @Test func filterNarrowsByNameCaseInsensitively() {
        var m = model()
        m.tables.names = ["Shop", "Movies", "Metrics"]
        m.tables.loaded = true
        _ = App.update(&m, .key(.char("/")))
        for c in "SH" { _ = App.update(&m, .key(.char(c))) }
        #expect(m.tables.visibleNames == ["Shop"])
        _ = App.update(&m, .key(.backspace))
        #expect(m.tables.visibleNames == ["Shop", "Movies", "Metrics"])
        _ = App.update(&m, .key(.backspace))
        for c in "IE" { _ = App.update(&m, .key(.char(c))) }
        #expect(m.tables.visibleNames == ["Movies"])
        _ = App.update(&m, .key(.backspace))
        #expect(m.tables.visibleNames == ["Movies", "Metrics"])
        _ = App.update(&m, .key(.enter))
        #expect(!m.tables.filtering && m.tables.filter == "I")
        _ = App.update(&m, .key(.char("j")))
        #expect(m.tables.selectedName == "Metrics")
        _ = App.update(&m, .key(.escape))
        #expect(m.tables.filter.isEmpty && m.tables.visibleNames.count == 3)
    }

    @Test func refreshReissuesListTables() {
        var m = model()
        m.tables.loaded = true
        let effects = App.update(&m, .key(.char("r")))
        guard case .run(_, let call)? = effects.first else {
            Issue.record("no call")
            return
        }
        #expect(call.name == "list_tables")
    }

    @Test func logPaneTogglesFocusesAndScrolls() {
        var m = model()
        for n in 0..<5 {
            m.log.entries.append(
                LogEntry(call: ToolCall(name: "scan", arguments: ["n": .int(n)]), summary: "ok", isError: false))
        }
        _ = App.update(&m, .key(.char("L")))
        #expect(m.log.visible && !m.log.focused)
        _ = App.update(&m, .key(.tab))
        #expect(m.keyContext == .log)
        _ = App.update(&m, .key(.char("k")))
        #expect(m.log.anchor == 3)
        _ = App.update(&m, .key(.char("g")))
        #expect(m.log.anchor == 0)
        _ = App.update(&m, .key(.char("G")))
        #expect(m.log.anchor == nil)
        _ = App.update(&m, .key(.escape))
        #expect(!m.log.focused && m.log.visible)
    }

    @Test func itemViewTogglesFormatAndScrollsWithinBounds() {
        var m = model()
        m.screens = [.tables, .browser, .item]
        m.item = ItemState(
            table: "T", item: typedItem(["pk": ["S": "a"], "n": ["N": "1.50"], "tags": ["SS": ["x", "y"]]]))
        #expect(m.item?.lines.contains { $0.contains("\"$ss\"") } == true)
        _ = App.update(&m, .key(.char("t")))
        #expect(m.item?.format == .dynamodb)
        #expect(m.item?.lines.contains { $0.contains("\"N\": \"1.5\"") } == true)
        _ = App.update(&m, .key(.char("G")))
        #expect(m.item?.scroll == 0)
        _ = App.update(&m, .key(.char("k")))
        #expect(m.item?.scroll == 0)
    }

    @Test func themeKeyCyclesThroughTheThemes() {
        var m = model()
        _ = App.update(&m, .key(.char("T")))
        #expect(m.themeName == "light")
        for _ in 0..<3 { _ = App.update(&m, .key(.char("T"))) }
        #expect(m.themeName == "default")
    }

    @Test func resizeKeepsTheSelectionVisible() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter, .char("G"))
        await pilot.resize(40, 8)
        let browser = try #require(pilot.model.browser)
        #expect(browser.selected == 9)
        #expect(browser.top + Layout(pilot.model).listRows > browser.selected)
        #expect(
            pilot.screen.contains("979-06") || pilot.screen.contains(browser.items[9]["isbn"]?.text ?? "?")
        )
    }
}
