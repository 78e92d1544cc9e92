import DynamoCore
import DynamoEngine
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// The Watch screen driven through `update`/`view` on a real engine, with a second runner standing
/// in for an agent (`--mcp`) that writes to the same data.
@Suite struct WatchTests {
    /// The Pilot's runner (face `tui`), an agent's runner on the same engine, and a table with a stream.
    func setUp() async throws -> (Pilot, ToolRunner) {
        let engine = try EmbeddedEngine(path: nil)
        let tui = ToolRunner(backend: engine, identity: FaceIdentity(face: "tui"))
        let agent = ToolRunner(backend: engine, identity: FaceIdentity(face: "mcp", client: "test-agent 1.0"))
        for (name, args) in [
            ("create_table", #"{"table": "Notes", "partition_key": {"name": "id", "type": "S"}}"#),
            ("update_table", #"{"table": "Notes", "stream": "NEW_AND_OLD_IMAGES"}"#),
            ("put_item", #"{"table": "Notes", "item": {"id": "n1", "text": "first", "rating": 8.1}}"#),
        ] {
            let result = await agent.run(ToolCall(name: name, arguments: try JSONValue.parse(args)))
            #expect(!result.isError, "\(name): \(result.summary)")
        }
        let pilot = Pilot(runner: tui, width: 100, height: 20)
        await pilot.start()
        return (pilot, agent)
    }

    /// Ticks until the feed has read again (a read every half second of ticks).
    func follow(_ pilot: Pilot) async {
        for _ in 0..<WatchState.readEvery { await pilot.run(App.update(&pilot.model, .tick)) }
    }

    func agentCall(_ agent: ToolRunner, _ name: String, _ args: String) async throws {
        let result = await agent.run(ToolCall(name: name, arguments: try JSONValue.parse(args)))
        #expect(!result.isError, "\(name): \(result.summary)")
    }

    @Test func theFeedShowsWhoChangedWhatAndFollowsNewChanges() async throws {
        let (pilot, agent) = try await setUp()
        await pilot.press(.watch)
        #expect(pilot.model.screen == .watch)
        #expect(pilot.screen.contains("mcp · test-agent 1.0"))
        #expect(pilot.screen.contains("INSERT"))
        try await agentCall(
            agent, "update_item",
            #"{"table": "Notes", "key": {"id": "n1"}, "updates": {"rating": 8.4, "tags": ["new"]}}"#)
        await follow(pilot)
        let screen = pilot.screen
        #expect(screen.contains("MODIFY"))
        #expect(screen.contains("rating 8.1 → 8.4 · +tags [\"new\"]"))
        #expect(pilot.model.watch?.selectedEntry?.event == "MODIFY", "the selection follows the newest change")
        await pilot.press(.watchOpen)
        guard case .text(let panel)? = pilot.model.overlay else {
            Issue.record("Enter shows no detail")
            return
        }
        #expect(panel.lines.contains { $0.contains("rating: 8.1") && $0.contains("~ rating: 8.4") })
        #expect(panel.lines.contains { $0.contains("\"tool\":\"update_item\"") })
    }

    @Test func undoPutsTheOldItemBackAndALaterChangeIsAConflict() async throws {
        let (pilot, agent) = try await setUp()
        try await agentCall(agent, "update_item", #"{"table": "Notes", "key": {"id": "n1"}, "updates": {"rating": 2}}"#)
        await pilot.press(.watch)
        await pilot.press(.watchUndo)
        guard case .confirm(let confirmation)? = pilot.model.overlay else {
            Issue.record("u offers no confirmation: \(pilot.model.message?.text ?? "")")
            return
        }
        #expect(confirmation.call.name == "put_item")
        await pilot.press(.confirmYes)
        let now = await agent.run(ToolCall(name: "get_item", arguments: ["table": "Notes", "key": ["id": "n1"]]))
        #expect(now.structured["item"]?["rating"] == .number("8.1"))
        // The undo is itself a change, made by the TUI; undoing the first insert now conflicts with it.
        await follow(pilot)
        #expect(pilot.screen.contains("tui"))
        await pilot.press(.watchTop)
        try await agentCall(agent, "update_item", #"{"table": "Notes", "key": {"id": "n1"}, "updates": {"rating": 5}}"#)
        await pilot.press(.watchUndo)
        guard case .text(let conflict)? = pilot.model.overlay else {
            Issue.record("a later change did not stop the undo")
            return
        }
        #expect(conflict.title.hasPrefix("Conflict"))
        #expect(conflict.lines.contains { $0.contains("\"N\" : \"5\"") || $0.contains("\"N\": \"5\"") })
    }

    @Test func undoFromHereRestoresEveryItemInOneTransaction() async throws {
        let (pilot, agent) = try await setUp()
        await pilot.press(.watch)
        let first = pilot.model.watch?.shown.count ?? 0
        try await agentCall(agent, "update_item", #"{"table": "Notes", "key": {"id": "n1"}, "updates": {"rating": 1}}"#)
        try await agentCall(agent, "put_item", #"{"table": "Notes", "item": {"id": "n2", "text": "second"}}"#)
        try await agentCall(agent, "delete_item", #"{"table": "Notes", "key": {"id": "n1"}}"#)
        await follow(pilot)
        #expect(pilot.model.watch?.shown.count == first + 3)
        await pilot.press(.watchTop)
        await pilot.press(.watchDown)  // the update of n1: undo it and everything after
        await pilot.press(.watchUndoFrom)
        guard case .confirm(let confirmation)? = pilot.model.overlay else {
            Issue.record("U offers no confirmation: \(String(describing: pilot.model.overlay))")
            return
        }
        #expect(confirmation.call.name == "transact_write_items")
        #expect(confirmation.call.arguments["actions"]?.arrayValue?.count == 2, "one action per item")
        await pilot.press(.confirmYes)
        let n1 = await agent.run(ToolCall(name: "get_item", arguments: ["table": "Notes", "key": ["id": "n1"]]))
        let n2 = await agent.run(ToolCall(name: "get_item", arguments: ["table": "Notes", "key": ["id": "n2"]]))
        #expect(n1.structured["item"]?["rating"] == .number("8.1"))
        #expect(n2.structured["item"] == .null)
    }

    /// A condition can pin each attribute the change left, not the absence of ones added since: `U` reads
    /// the items back first, so an attribute written after the feed was read is never dropped.
    @Test func undoFromHereReadsBackAndKeepsAnAttributeAddedSince() async throws {
        let (pilot, agent) = try await setUp()
        try await agentCall(agent, "update_item", #"{"table": "Notes", "key": {"id": "n1"}, "updates": {"rating": 1}}"#)
        await pilot.press(.watch)
        try await agentCall(agent, "update_item", #"{"table": "Notes", "key": {"id": "n1"}, "updates": {"note": "x"}}"#)
        await pilot.press(.watchBottom)
        await pilot.press(.watchUndoFrom)
        guard case .text(let conflict)? = pilot.model.overlay else {
            Issue.record("U offered to undo over an attribute it never saw: \(String(describing: pilot.model.overlay))")
            return
        }
        #expect(conflict.title.hasPrefix("Conflict: Notes"))
        #expect(conflict.lines.contains { $0.contains("note") })
        let now = await agent.run(ToolCall(name: "get_item", arguments: ["table": "Notes", "key": ["id": "n1"]]))
        #expect(now.structured["item"]?["note"] == "x")
        #expect(now.structured["item"]?["rating"] == .number("1"))
    }

    /// More than 100 items are read back 100 at a time and undone in transactions of 100.
    @Test func undoFromHereOverManyItemsReadsAndWritesInHundreds() async throws {
        let (pilot, agent) = try await setUp()
        await pilot.press(.watch)
        for start in stride(from: 0, to: 150, by: 25) {
            let puts = (start..<start + 25).map { #"{"id": "m\#($0)"}"# }.joined(separator: ", ")
            try await agentCall(agent, "batch_write_item", #"{"table": "Notes", "put": [\#(puts)]}"#)
        }
        await follow(pilot)
        await pilot.press(.watchTop)
        await pilot.press(.watchDown)  // the first of the 150 inserts
        await pilot.press(.watchUndoFrom)
        guard case .confirm(let confirmation)? = pilot.model.overlay else {
            Issue.record("U offers no confirmation: \(pilot.model.message?.text ?? "")")
            return
        }
        #expect(confirmation.title.contains("150 item(s)"))
        #expect(confirmation.call.arguments["actions"]?.arrayValue?.count == 100)
        await pilot.press(.confirmYes)
        let left = await agent.run(ToolCall(name: "scan", arguments: ["table": "Notes", "select": "COUNT"]))
        #expect(left.structured["count"] == .number("1"), "only n1 is left: \(left.summary)")
    }

    @Test func aTableWithoutAStreamSaysSoAndOffersTheCall() async throws {
        let engine = try EmbeddedEngine(path: nil)
        let runner = ToolRunner(backend: engine)
        _ = await runner.run(
            ToolCall(
                name: "create_table", arguments: ["table": "Plain", "partition_key": ["name": "id", "type": "S"]]))
        let pilot = Pilot(runner: runner, width: 80, height: 24)
        await pilot.start()
        await pilot.press(.tablesOpen)
        await pilot.press(.watch)
        #expect(pilot.screen.contains("No stream on Plain"))
        await pilot.press(.watchEnableStream)
        guard case .confirm(let confirmation)? = pilot.model.overlay else {
            Issue.record("s offers no call")
            return
        }
        #expect(confirmation.call.name == "update_table")
        await pilot.press(.confirmYes)
        let described = await runner.run(.describeTable("Plain"))
        #expect(described.structured["table"]?["StreamSpecification"]?["StreamViewType"] == "NEW_AND_OLD_IMAGES")
    }

    @Test func fromTheTableListSSaysWhereToTurnAStreamOn() async throws {
        let (pilot, _) = try await setUp()
        await pilot.press(.watch)
        await pilot.press(.watchEnableStream)
        #expect(pilot.model.overlay == nil)
        #expect(pilot.model.message?.text.hasPrefix("Open a table and press w there") == true)
    }

    @Test func readOnlySessionsCannotUndo() async throws {
        let engine = try EmbeddedEngine(path: nil)
        let writer = ToolRunner(backend: engine)
        _ = await writer.run(
            ToolCall(name: "create_table", arguments: ["table": "Ro", "partition_key": ["name": "id", "type": "S"]]))
        _ = await writer.run(
            ToolCall(name: "update_table", arguments: ["table": "Ro", "stream": "NEW_AND_OLD_IMAGES"]))
        _ = await writer.run(ToolCall(name: "put_item", arguments: ["table": "Ro", "item": ["id": "a"]]))
        let pilot = Pilot(runner: ToolRunner(backend: engine, policy: ToolPolicy(readOnly: true)), readOnly: true)
        await pilot.start()
        await pilot.press(.watch)
        await pilot.press(.watchUndo)
        #expect(pilot.model.overlay == nil)
        #expect(pilot.model.message?.text.contains("Read-only") == true)
    }

    @Test func slashFiltersTheFeedAndRShowsTheReadsFromTheJournal() async throws {
        let (pilot, agent) = try await setUp()
        try await agentCall(agent, "put_item", #"{"table": "Notes", "item": {"id": "n2", "text": "second"}}"#)
        try await agentCall(agent, "get_item", #"{"table": "Notes", "key": {"id": "n1"}}"#)
        await pilot.press(.watch)
        #expect(pilot.model.watch?.shown.count == 2)
        await pilot.press(.watchFilter)
        await pilot.type("n2")
        #expect(pilot.model.watch?.shown.map(\.key) == ["n2"])
        #expect(pilot.screen.contains("/n2"))
        await pilot.press(.escape)
        #expect(pilot.model.watch?.filter == "")
        await pilot.press(.watchReads)
        let reads = pilot.model.watch?.shown.filter { $0.event == "READ" } ?? []
        #expect(reads.contains { $0.diff.hasPrefix("get_item") && $0.who == "mcp · test-agent 1.0" })
        await pilot.press(.watchPause)
        #expect(pilot.model.wantsTicks == false)
    }

    @Test func theScreenFitsSmallTerminals() async throws {
        let (pilot, _) = try await setUp()
        await pilot.press(.watch)
        for (w, h) in [(80, 24), (20, 6), (10, 3), (200, 50)] {
            await pilot.resize(w, h)
            _ = pilot.screen
        }
        await pilot.resize(80, 24)
        #expect(pilot.screen.contains("watch · all tables"))
    }
}
