import DynamoCore
import Testing

@testable import DynamoTUI

/// Every screen and state as text at fixed sizes, against reviewed snapshots.
@Suite struct ViewSnapshotTests {
    @Test func tableListAt80x24() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        assertSnapshot(pilot.screen, "table-list-80x24")
    }

    @Test func tableListFilteredAndNoMatch() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char("/"))
        await pilot.type("boo")
        assertSnapshot(pilot.screen, "table-list-filter-80x24")
        await pilot.type("zzz")
        assertSnapshot(pilot.screen, "table-list-filter-nomatch-80x24")
    }

    @Test func browserWithWideCharactersLongValuesAndMissingAttributes() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter)
        assertSnapshot(pilot.screen, "browser-books-80x24")
        await pilot.press(.char("l"), .char("j"))
        assertSnapshot(pilot.screen, "browser-books-scrolled-80x24")
    }

    @Test func emptyTable() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char("j"), .enter)
        assertSnapshot(pilot.screen, "browser-empty-80x24")
    }

    @Test func itemViewPlainAndDynamoDBJSON() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter, .enter)
        assertSnapshot(pilot.screen, "item-plain-80x24")
        await pilot.press(.char("t"))
        assertSnapshot(pilot.screen, "item-dynamodb-80x24")
    }

    @Test func logPaneAndHelp() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.enter, .char("L"))
        assertSnapshot(pilot.screen, "browser-with-log-80x24")
        await pilot.press(.char("?"))
        assertSnapshot(pilot.screen, "help-80x24")
    }

    @Test func errorOnTheMessageLine() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        // A table that disappears between listing and browsing: the scan fails with DynamoDB's error.
        pilot.model.tables.names.append("Gone")
        await pilot.press(.char("G"), .enter)
        assertSnapshot(pilot.screen, "browser-error-80x24")
    }

    @Test func tinyAndLargeTerminals() async throws {
        let pilot = Pilot(runner: try await fixtureRunner(), width: 20, height: 6)
        await pilot.start()
        assertSnapshot(pilot.screen, "table-list-20x6")
        await pilot.press(.enter)
        assertSnapshot(pilot.screen, "browser-20x6")
        await pilot.resize(10, 3)
        assertSnapshot(pilot.screen, "too-small-10x3")
        await pilot.resize(200, 60)
        assertSnapshot(pilot.screen, "browser-200x60")
    }

    @Test func readOnlyBadge() async throws {
        let pilot = Pilot(runner: try await fixtureRunner(readOnly: true), readOnly: true)
        await pilot.start()
        #expect(pilot.screen.split(separator: "\n")[0].hasSuffix(" READ-ONLY "))
    }
}
