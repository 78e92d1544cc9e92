import DynamoCore
import DynamoTools

/// What the Watch screen asks the runtime to read: changes after a cursor, and journal calls.
public struct WatchRequest: Equatable, Sendable {
    public var tables: [String]?
    public var cursor: ChangeFeed.Cursor?
    /// Journal calls after this id (-1: the newest ones); nil reads none.
    public var journalAfter: Int64?
    public var limit: Int
}

/// What a read found.
public struct WatchBatch: Sendable {
    public var page: ChangeFeed.Page
    public var reads: [JournalEntry]

    public init(page: ChangeFeed.Page, reads: [JournalEntry]) {
        self.page = page
        self.reads = reads
    }
}

extension App {
    /// `w`: the feed of the table in front (of every table from the table list).
    static func openWatch(_ model: inout Model) -> [Effect] {
        if model.screen == .watch { return [] }
        let table = model.screen == .tables ? nil : model.browser?.table
        var watch = WatchState(table: table)
        watch.reading = true
        model.watch = watch
        model.screens.append(.watch)
        return [.readChanges(watchRequest(watch))]
    }

    public static func watchRequest(_ watch: WatchState) -> WatchRequest {
        WatchRequest(
            tables: watch.table.map { [$0] }, cursor: watch.cursor,
            journalAfter: watch.loaded ? watch.journalAfter : -1, limit: watch.loaded ? 1_000 : 500)
    }

    /// `a`: all tables ⇄ the table the screen opened on; the feed starts again.
    static func switchWatchScope(_ model: inout Model) -> [Effect] {
        guard let watch = model.watch else { return [] }
        let table = watch.table == nil ? model.browser?.table : nil
        guard table != nil || watch.table != nil else {
            model.say("Watching every table already (open a table first to watch one).")
            return []
        }
        var fresh = WatchState(table: table)
        fresh.showReads = watch.showReads
        fresh.reading = true
        model.watch = fresh
        return [.readChanges(watchRequest(fresh))]
    }

    /// A read came back: new rows, or why it failed (the next tick tries again).
    static func changesRead(_ model: inout Model, request: WatchRequest, result: Result<WatchBatch, DynamoError>) {
        guard var watch = model.watch, watch.table.map({ [$0] }) == request.tables else { return }
        watch.reading = false
        switch result {
        case .failure(let error):
            watch.error = "\(error.type): \(error.message)"
        case .success(let batch):
            watch.error = nil
            watch.loaded = true
            watch.cursor = batch.page.cursor
            watch.tablesWithoutStream = batch.page.tablesWithoutStream
            if let last = batch.reads.last?.id { watch.journalAfter = max(watch.journalAfter, last) }
            let details = model.tables.details
            watch.receive(changes: batch.page.changes, reads: batch.reads) { details[$0]?.keyAttributeNames }
        }
        watch.scrollIntoView(rows: Layout(model).listRows)
        model.watch = watch
    }

    /// `Enter`: the change's old and new item side by side, with the call that made it.
    static func openWatchDetail(_ model: inout Model) {
        guard let entry = model.watch?.selectedEntry else { return }
        let width = max(20, model.width - 4)
        model.overlay = .text(
            TextPanel(
                title: "\(entry.event) \(entry.table) \(entry.key) · \(WatchDiff.clock(entry.time)) · \(entry.who)",
                text: WatchDetail.text(entry, width: width).joined(separator: "\n")))
    }

    /// `s`: the `update_table` call that turns a stream on, to confirm.
    static func offerStream(_ model: inout Model) -> [Effect] {
        guard let watch = model.watch else { return [] }
        guard let table = watch.tablesWithoutStream.first ?? watch.table else {
            model.say(
                "Open a table and press \(model.keyMap.key(.watch)) there: \(model.keyMap.key(.watchEnableStream)) "
                    + "turns its stream on.")
            return []
        }
        guard watch.tablesWithoutStream.contains(table) else {
            model.say("\(table) has a stream already.")
            return []
        }
        guard !model.session.readOnly else {
            model.say("Read-only session: a stream cannot be turned on here (--read-only).", error: true)
            return []
        }
        model.overlay = .confirm(
            Confirmation(
                title: "Turn a stream on for \(table)?",
                call: ToolCall(
                    name: "update_table", arguments: ["table": .string(table), "stream": "NEW_AND_OLD_IMAGES"]),
                kind: .watchStream,
                detail: [
                    "Changes from now on are recorded with old and new item (NEW_AND_OLD_IMAGES), "
                        + "so they can be undone."
                ]))
        return []
    }

    /// `u`: reads the item as it is now; the undo is offered only if the change is still its last.
    static func startUndo(_ model: inout Model) -> [Effect] {
        guard let change = undoable(&model) else { return [] }
        let call = ToolCall(
            name: "get_item",
            arguments: [
                "table": .string(change.table), "key": change.keys, "format": "dynamodb", "consistent_read": true,
            ])
        return [model.issue(call, for: .undoCheck(change))]
    }

    /// The selected change, if this session may undo it and the stream kept what undo needs.
    static func undoable(_ model: inout Model) -> ChangeFeed.Change? {
        guard !model.session.readOnly else {
            model.say("Read-only session: undo is off (--read-only).", error: true)
            return nil
        }
        guard let change = model.watch?.selectedEntry?.change else {
            model.say("Select a change to undo (reads change nothing).")
            return nil
        }
        if let refusal = WatchUndo.refusal(change) {
            model.say(refusal, error: true)
            return nil
        }
        return change
    }

    /// The item as it is now came back: the undo call to confirm, or the conflict with what it is now.
    static func undoCheckFinished(_ model: inout Model, change: ChangeFeed.Change, result: ToolResult) {
        guard !result.isError else {
            model.say("Could not read the item: \(result.summary)", error: true)
            return
        }
        let current = result.structured["item"].flatMap { $0 == .null ? nil : $0 }
        guard current == change.newImage else {
            showUndoConflict(&model, table: change.table, keys: change.keys, current: current, left: change.newImage)
            return
        }
        model.overlay = .confirm(
            Confirmation(
                title: "Undo this \(change.event) on \(change.table)?", call: WatchUndo.call(change),
                kind: .undo(rest: [], items: 1),
                detail: ["Only if the item is still what this change left (the condition says so)."]))
    }

    /// The item is no longer what a change left: nothing is undone, and the panel shows both.
    static func showUndoConflict(
        _ model: inout Model, table: String, keys: JSONValue, current: JSONValue?, left: JSONValue?
    ) {
        let keyNames = model.tables.details[table]?.keyAttributeNames
        model.overlay = .text(
            TextPanel(
                title: "Conflict: \(table) \(WatchDiff.keyText(keys, names: keyNames)) changed after this change",
                text: "Not undone: a later change is in the way (undo that first, or U from here).\n\n"
                    + "The item now:\n" + (current?.prettyText ?? "(no item)") + "\n\nThe change left it as:\n"
                    + (left?.prettyText ?? "(no item)"),
                isError: true))
    }

    /// `U`: every change from the selected one to the newest, undone newest first — once the items have
    /// been read back and each is still what the changes left.
    static func startUndoFromHere(_ model: inout Model) -> [Effect] {
        guard undoable(&model) != nil, let watch = model.watch else { return [] }
        let changes = watch.shown.dropFirst(watch.selected).compactMap(\.change)
        if let refused = changes.first(where: { WatchUndo.refusal($0) != nil }) {
            model.say(WatchUndo.refusal(refused) ?? "", error: true)
            return []
        }
        let steps = WatchUndo.steps(Array(changes))
        guard let read = WatchUndo.reads(steps[...]) else { return [] }
        return [model.issue(read, for: .undoRangeCheck(steps: steps, checked: 0, changes: changes.count))]
    }

    /// Items read back for `U`: a conflict panel for the first one that changed since, the next read, or the
    /// transactions to confirm once every item is checked.
    static func undoRangeChecked(
        _ model: inout Model, steps: [WatchUndo.Step], checked: Int, changes: Int, result: ToolResult
    ) -> [Effect] {
        guard !result.isError, let items = result.structured["items"]?.arrayValue else {
            model.say("Could not read the items back: \(result.summary)", error: true)
            return []
        }
        let part = steps[checked..<min(checked + items.count, steps.count)]
        if let (step, current) = WatchUndo.firstConflict(part, read: items) {
            showUndoConflict(&model, table: step.table, keys: step.keys, current: current, left: step.expected)
            return []
        }
        let next = checked + part.count
        if next < steps.count, let read = WatchUndo.reads(steps[next...]) {
            return [model.issue(read, for: .undoRangeCheck(steps: steps, checked: next, changes: changes))]
        }
        let calls = WatchUndo.transactions(steps)
        guard let first = calls.first else { return [] }
        model.overlay = .confirm(
            Confirmation(
                title: "Undo \(changes) change(s) to \(steps.count) item(s), newest first?", call: first,
                kind: .undo(rest: Array(calls.dropFirst()), items: steps.count),
                detail: [
                    "As \(calls.count) transaction(s) of up to 100 items; each item goes back to what it was before "
                        + "these changes. Every item was read back just now and is still what the last change left; "
                        + "the conditions check it again, and it stops at the first conflict."
                ]))
        return []
    }

    /// One undo transaction (or write) finished: the next one runs, or a conflict stops them.
    static func undoFinished(_ model: inout Model, rest: [ToolCall], items: Int, result: ToolResult) -> [Effect] {
        guard !result.isError else {
            let conflict = result.error?.kind == .conditionalCheckFailed || result.error?.kind == .transactionCanceled
            model.overlay = .text(
                TextPanel(
                    title: conflict
                        ? "Stopped: an item changed after the change — nothing in this step was undone"
                        : "Not undone — \(result.summary.prefix(80))",
                    text: result.structured.prettyText, isError: true))
            return []
        }
        guard let next = rest.first else {
            model.say("Undone (\(items) item(s)): \(result.summary)")
            return []
        }
        return [model.issue(next, for: .write(.undo(rest: Array(rest.dropFirst()), items: items)))]
    }
}
