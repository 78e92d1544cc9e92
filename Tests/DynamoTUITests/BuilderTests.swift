import DynamoCore
import DynamoEngine
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// The demo tables (Shop has GSI1 and a local index): what the builder is for.
func demoPilot(readOnly: Bool = false, pageSize: Int = 100) throws -> Pilot {
    let engine = try EmbeddedEngine(path: nil)
    try DemoData.load(into: engine)
    let pilot = Pilot(
        runner: ToolRunner(backend: engine, policy: ToolPolicy(readOnly: readOnly)), width: 100, height: 30,
        readOnly: readOnly)
    pilot.model.session.pageSize = pageSize
    return pilot
}

extension Pilot {
    /// Opens a table from the list by name.
    func open(_ table: String) async {
        await start()
        while model.tables.selectedName != table, model.tables.selected < model.tables.names.count - 1 {
            await press(.down)
        }
        await press(.enter)
    }
}

@Suite struct BuilderTests {
    @Test func aQueryOnAnIndexWithATypedFilterIsBuiltPreviewedAndRun() async throws {
        let pilot = try demoPilot()
        await pilot.open("Shop")
        await pilot.press(.char("f"))
        #expect(pilot.model.screen == .builder)
        await pilot.press(.backTab, .right)  // source: GSI1
        #expect(pilot.model.builder?.source?.index == "GSI1")
        await pilot.press(.tab)
        await pilot.type("STATUS#shipped")
        await pilot.press(.tab)
        for _ in 0..<6 { await pilot.press(.right) }  // = → begins_with
        await pilot.press(.tab)
        await pilot.type("2025-")
        await pilot.press(.tab, .char("+"))  // on an empty field + adds a filter
        await pilot.type("tot")
        await pilot.press(.tab)  // completes to total
        #expect(pilot.model.builder?.filters.first?.attribute == "total")
        await pilot.press(.tab)
        for _ in 0..<4 { await pilot.press(.right) }  // eq → gt
        await pilot.press(.tab)
        await pilot.type("300")
        let expected = ToolCall(
            name: "query",
            arguments: [
                "table": "Shop", "index_name": "GSI1", "limit": 100,
                "key_condition": ["gsi1pk": "STATUS#shipped", "gsi1sk": ["op": "begins_with", "value": "2025-"]],
                "filters": ["total": ["op": "gt", "value": 300]],
            ])
        #expect(try pilot.model.builder?.build().get() == expected)
        // The preview is the runner's dry run of that call: the exact request, typed by the schema.
        #expect(pilot.checks.last == expected)
        let request = try #require(pilot.model.preview.request)
        #expect(request.hasPrefix("Query ") && request.contains(#"":f0":{"N":"300"}"#))
        #expect(pilot.model.preview.error == nil)
        #expect(pilot.screen.contains("Query: the exact call"))
        await pilot.press(.enter)
        #expect(pilot.model.screen == .browser)
        #expect(pilot.calls.last == expected)
        let items = try #require(pilot.model.browser?.items)
        #expect(!items.isEmpty)
        #expect(
            items.allSatisfy {
                $0["gsi1pk"] == .s("STATUS#shipped") && Double($0["total"]?.text ?? "0")! > 300
            })
        #expect(pilot.model.browser?.sourceLabel.hasPrefix("query GSI1 gsi1pk = \"STATUS#shipped\"") == true)
        // Paging goes on with the same call and a cursor.
        if pilot.model.browser?.page?.hasMore == true {
            await pilot.press(.char("]"))
            #expect(pilot.calls.last?.arguments["index_name"] == "GSI1" && pilot.calls.last?.arguments["cursor"] != nil)
        }
    }

    @Test func valuesAreTypedFromTheSchemaAndBadOnesAreMarkedBeforeRunning() async throws {
        let pilot = try demoPilot()
        await pilot.open("Movies")
        await pilot.press(.char("f"))
        await pilot.type("nineteen")  // year is a number key
        #expect(pilot.model.preview.error?.contains("year: \"nineteen\" is not a number") == true)
        #expect(pilot.screen.contains("✗ year: \"nineteen\" is not a number"))
        let before = pilot.calls.count
        await pilot.press(.enter)
        #expect(pilot.calls.count == before && pilot.model.screen == .builder)
        #expect(pilot.model.message?.isError == true)
        for _ in 0..<8 { await pilot.press(.backspace) }
        await pilot.type("2013")
        #expect(try pilot.model.builder?.build().get().arguments["key_condition"] == ["year": 2013])
        // Ctrl-T forces a type; forcing a key attribute off its schema type is marked at once.
        await pilot.press(.ctrl("t"))
        #expect(pilot.model.builder?.partitionValue.forced == .s)
        #expect(pilot.model.preview.error?.contains("year is a N key") == true)
        await pilot.press(.ctrl("t"))
        #expect(try pilot.model.builder?.build().get().arguments["key_condition"] == ["year": 2013])
    }

    @Test func noPartitionValueMakesAScanWithItsCostAndTheSortConditionAsAFilter() async throws {
        let pilot = try demoPilot()
        await pilot.open("Movies")
        await pilot.press(.char("f"), .tab)  // sort operator
        for _ in 0..<3 { await pilot.press(.right) }  // = → >
        await pilot.press(.tab)
        await pilot.type("M")
        let call = try #require(try? pilot.model.builder?.build().get())
        #expect(call.name == "scan")
        #expect(call.arguments["filters"] == ["title": ["op": "gt", "value": "M"]])
        #expect(pilot.screen.contains("Scan reads the whole table: about 1000 items"))
        // Esc leaves without running; f brings the form back as it was.
        let before = pilot.calls.count
        await pilot.press(.escape)
        #expect(pilot.model.screen == .browser && pilot.calls.count == before)
        await pilot.press(.char("f"))
        #expect(pilot.model.builder?.sortValue.text == "M")
    }

    @Test func theBuilderFitsSmallTerminals() async throws {
        let pilot = try demoPilot()
        await pilot.open("Shop")
        await pilot.press(.char("f"))
        for (w, h) in [(80, 24), (20, 6), (10, 3)] {
            await pilot.resize(w, h)
            let lines = pilot.screen.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == h && lines.allSatisfy { DisplayWidth.of(String($0)) <= w })
        }
        await pilot.resize(80, 24)
        assertSnapshot(pilot.screen, "builder-80x24")
    }
}

@Suite struct PreviewPacingTests {
    /// Typing faster than dry runs come back keeps one check in flight and checks the latest form.
    @Test func oneDryRunAtATimeAndTheLatestFormIsChecked() async throws {
        let pilot = try demoPilot()
        await pilot.open("Movies")
        await pilot.press(.char("f"))
        var model = pilot.model
        let first = App.update(&model, .key(.char("1")))
        guard case .check(let id, let call)? = first.first else {
            Issue.record("no dry run")
            return
        }
        #expect(App.update(&model, .key(.char("9"))).isEmpty)  // a check is out: none more
        #expect(App.update(&model, .key(.char("9"))).isEmpty)
        #expect(model.preview.stale)
        let next = App.update(&model, .finished(id: id, result: await pilot.runner.run(call, dryRun: true)))
        guard case .check(let id2, let latest)? = next.first else {
            Issue.record("no second dry run")
            return
        }
        #expect(latest.arguments["key_condition"] == ["year": 199])
        _ = App.update(&model, .finished(id: id2, result: await pilot.runner.run(latest, dryRun: true)))
        #expect(!model.preview.stale && model.preview.request?.contains(#"{"N":"199"}"#) == true)
    }

    @Test func fetchingOnStopsAtItsCapacityBudgetToo() {
        var walk = PageWalk(goal: .fill(target: 100), budgetPages: 50, budgetUnits: 10)
        walk.record(count: 1, scanned: 100, readUnits: 6.5)
        #expect(!walk.budgetSpent)
        walk.record(count: 0, scanned: 100, readUnits: 4)
        #expect(walk.budgetSpent && walk.readUnits == 10.5)
        #expect(walk.progress.contains("budget 50 pages or 10 RCU"))
    }
}

/// A multi-attribute GSI key: one field per key attribute, the left-to-right rule checked in the form.
@Suite struct MultiAttributeBuilderTests {
    func ordersPilot() async throws -> Pilot {
        let engine = try EmbeddedEngine(path: nil)
        let runner = ToolRunner(backend: engine)
        let create =
            #"{"table": "Orders", "partition_key": {"name": "id", "type": "S"}, "indexes": [{"name": "#
            + #""byTenant", "partition_key": [{"name": "tenant", "type": "S"}, {"name": "rg", "type": "S"}], "#
            + #""sort_key": [{"name": "yr", "type": "N"}, {"name": "mo", "type": "N"}]}]}"#
        for (name, args) in [
            ("create_table", create),
            (
                "put_item",
                #"{"table": "Orders", "item": {"id": "o1", "tenant": "acme", "rg": "eu", "yr": 2025, "mo": 3}}"#
            ),
            (
                "put_item",
                #"{"table": "Orders", "item": {"id": "o2", "tenant": "acme", "rg": "eu", "yr": 2025, "mo": 9}}"#
            ),
        ] {
            let result = await runner.run(ToolCall(name: name, arguments: try JSONValue.parse(args)))
            #expect(!result.isError, "\(name): \(result.summary)")
        }
        let pilot = Pilot(runner: runner, width: 100, height: 30)
        await pilot.open("Orders")
        await pilot.press(.char("f"))
        await pilot.press(.backTab, .right)  // source: byTenant
        return pilot
    }

    @Test func everyKeyAttributeHasAFieldAndTheCallNamesThemAll() async throws {
        let pilot = try await ordersPilot()
        #expect(pilot.model.builder?.source?.label == "byTenant (tenant, rg, yr, mo)")
        await pilot.press(.tab)
        await pilot.type("acme")
        await pilot.press(.tab)
        await pilot.type("eu")
        await pilot.press(.tab, .tab)  // yr: operator stays =, value
        await pilot.type("2025")
        await pilot.press(.tab)
        for _ in 0..<4 { await pilot.press(.right) }  // mo: = → >=
        await pilot.press(.tab)
        await pilot.type("5")
        let expected = ToolCall(
            name: "query",
            arguments: [
                "table": "Orders", "index_name": "byTenant", "limit": 10,
                "key_condition": [
                    "tenant": "acme", "rg": "eu", "yr": 2025, "mo": ["op": "gte", "value": 5],
                ],
            ])
        let built = try pilot.model.builder?.build().get()
        #expect(built == expected, "\(built?.jsonLine ?? "nil")")
        #expect(pilot.screen.contains("rg ="))
        await pilot.press(.enter)
        #expect(pilot.model.browser?.items.count == 1, "only mo 9 is at least 5")
    }

    @Test func aSortAttributeSkippedOrARangeBeforeTheLastIsAProblemOnItsField() async throws {
        let pilot = try await ordersPilot()
        await pilot.press(.tab)
        await pilot.type("acme")
        await pilot.press(.tab)
        await pilot.type("eu")
        await pilot.press(.tab, .tab, .tab, .tab)  // past yr to mo's value
        await pilot.type("9")
        guard case .failure(let problems)? = pilot.model.builder?.build() else {
            Issue.record("mo without yr built a call")
            return
        }
        #expect(problems.problems.first?.field == .moreSortValue(0))
        #expect(problems.problems.first?.message.contains("give yr first") == true)
    }
}
