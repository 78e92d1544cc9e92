import DynamoCore
import DynamoTools
import Testing

@testable import DynamoTUI

/// Clicks select, a click on the selection opens, the wheel scrolls: through the keys' commands.
@Suite struct MouseTests {
    func mouse(_ pilot: Pilot, _ action: MouseAction, x: Int = 3, y: Int) async {
        await pilot.run(App.update(&pilot.model, .mouse(action, x: x, y: y)))
    }

    @Test func clicksSelectAndOpenAndTheWheelScrolls() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        // Row 0 of the content is the header; the first table is on screen row 2.
        await mouse(pilot, .click, y: 3)
        #expect(pilot.model.tables.selectedName == "Empty")
        await mouse(pilot, .click, y: 2)
        #expect(pilot.model.tables.selectedName == "Books" && pilot.model.screen == .tables)
        await mouse(pilot, .click, y: 2)
        #expect(pilot.model.screen == .browser && pilot.model.browser?.table == "Books")
        await mouse(pilot, .wheelDown, y: 5)
        #expect(pilot.model.browser?.selected == 3)
        await mouse(pilot, .wheelUp, y: 5)
        #expect(pilot.model.browser?.selected == 0)
        await mouse(pilot, .click, y: 6)
        #expect(pilot.model.browser?.selected == 4)
        await mouse(pilot, .click, y: 6)
        #expect(pilot.model.screen == .item)
        // Outside the rows (the header, the status line) a click does nothing.
        await pilot.press(.escape)
        await mouse(pilot, .click, y: 1)
        await mouse(pilot, .click, y: 22)
        #expect(pilot.model.screen == .browser && pilot.model.browser?.selected == 4)
    }

    @Test func anOpenOverlayIgnoresTheMouse() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char(":"))
        await mouse(pilot, .click, y: 3)
        await mouse(pilot, .wheelDown, y: 3)
        #expect(pilot.model.tables.selected == 0)
        guard case .command? = pilot.model.overlay else {
            Issue.record("the prompt closed")
            return
        }
    }
}

/// Table sizes filling in are background work: Esc goes back while they load instead of cancelling them.
@Suite struct BackgroundWorkTests {
    @Test func escGoesBackWhileTableSizesLoad() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)
        #expect(pilot.model.screen == .browser)
        _ = pilot.model.issue(.describeTable("Books"), for: .describe(table: "Books"))
        #expect(!pilot.model.isBusy)
        let effects = App.update(&pilot.model, .key(.escape))
        #expect(pilot.model.screen == .tables && effects.isEmpty)
        #expect(pilot.model.pending.count == 1)  // still loading, not cancelled
    }
}
