import DynamoCore
import DynamoTools

/// Marked rows (Space, `*`) and the column chooser (`c`): what the browser does with many rows
/// at once, and how it lays them out.
extension App {
    /// DynamoDB's limit on the actions of one transaction: a batch delete is cut into calls of this many.
    static let transactionLimit = 100

    static func markCommand(_ model: inout Model, _ command: Command) -> [Effect] {
        guard var browser = model.browser else { return [] }
        switch command {
        case .browserMark:
            browser.toggleMark()
            browser.selected = min(browser.selected + 1, max(0, browser.items.count - 1))
            keepVisible(
                selected: browser.selected, top: &browser.top, rows: Layout(model).listRows,
                count: browser.items.count)
        case .browserMarkAll: browser.toggleMarkAll()
        case .browserColumns:
            guard browser.columns.count > browser.keyAttributes.count else {
                model.say("Only key columns so far: they always show.")
                return []
            }
            // The chooser opens on the column the rows are sorted by, where `s` acts again.
            let names = browser.arrangement.arranged(Array(browser.columns.dropFirst(browser.keyAttributes.count)))
            model.overlay = .columns(cursor: browser.arrangement.sort.flatMap { names.firstIndex(of: $0.column) } ?? 0)
        case .browserCopyTransaction:
            guard !browser.marked.isEmpty else {
                model.say(
                    "Mark rows first (\(model.keyMap.key(.browserMark)), or \(model.keyMap.key(.browserMarkAll)) "
                        + "for all shown).")
                return []
            }
            guard browser.marked.count <= transactionLimit else {
                model.say(
                    "A transaction takes at most \(transactionLimit) items; \(browser.marked.count) are marked.",
                    error: true)
                return []
            }
            return copy(
                &model, HandOver.mcp(markedTransaction(browser)), what: "the marked rows as transact_write_items")
        default: break
        }
        model.browser = browser
        return []
    }

    /// The marked rows as one `batch_write_item` that puts them back as they are: what `y` copies.
    static func markedBatchWrite(_ browser: BrowserState) -> ToolCall {
        ToolCall(
            name: "batch_write_item",
            arguments: [
                "table": .string(browser.table), "format": "dynamodb",
                "put": .array(browser.markedItems.map(TypedJSON.encodeItem)),
            ])
    }

    /// The marked rows as one all-or-nothing `transact_write_items` of puts.
    static func markedTransaction(_ browser: BrowserState) -> ToolCall {
        let actions = browser.markedItems.map { item -> JSONValue in
            ["put": ["table": .string(browser.table), "item": TypedJSON.encodeItem(item)]]
        }
        return ToolCall(name: "transact_write_items", arguments: ["format": "dynamodb", "actions": .array(actions)])
    }

    /// `d` with rows marked: one confirmation for transactions of conditional deletes (each row is
    /// deleted only if it still holds what was loaded), at most 100 rows a call.
    static func startDeleteMarked(_ model: inout Model) -> [Effect] {
        guard let browser = model.browser else { return [] }
        var keys: [JSONValue] = []
        var actions: [JSONValue] = []
        for loaded in browser.markedItems {
            guard let key = itemKey(loaded, keyNames: browser.keyAttributes) else { continue }
            let (condition, _) = ItemConflict.deleteCondition(keyNames: browser.keyAttributes, loaded: loaded)
            keys.append(key)
            actions.append(["delete": ["table": .string(browser.table), "key": key, "condition": condition]])
        }
        let calls = stride(from: 0, to: actions.count, by: transactionLimit).map { start in
            ToolCall(
                name: "transact_write_items",
                arguments: ["actions": .array(Array(actions[start..<min(start + transactionLimit, actions.count)]))])
        }
        guard let first = calls.first else {
            model.say("No marked row has a key to delete by.")
            return []
        }
        let parts = calls.count == 1 ? "one transaction" : "\(calls.count) transactions of up to \(transactionLimit)"
        model.overlay = .confirm(
            Confirmation(
                title: "Delete \(keys.count) marked item(s) from \(browser.table), each only if unchanged?",
                call: first, kind: .deleteMarked(keys: keys, rest: Array(calls.dropFirst())),
                detail: [
                    "As \(parts): a row someone changed since it was loaded stops its transaction, and "
                        + "nothing in that transaction is deleted."
                ]))
        return []
    }

    /// One transaction of a marked delete committed: its rows go, and the next one runs.
    static func deleteMarkedFinished(
        _ model: inout Model, keys: [JSONValue], rest: [ToolCall], call: ToolCall,
        result: ToolResult
    ) -> [Effect] {
        let done = call.arguments["actions"]?.arrayValue?.compactMap { $0["delete"]?["key"] } ?? []
        guard !result.isError else {
            let deleted =
                keys.count - done.count - rest.reduce(0) { $0 + ($1.arguments["actions"]?.arrayValue?.count ?? 0) }
            model.overlay = .text(
                TextPanel(
                    title: "Stopped after \(deleted) of \(keys.count) deleted — \(result.summary.prefix(60))",
                    text: result.structured.prettyText, isError: true))
            return []
        }
        for key in done { removeRow(&model, key: key) }
        if var browser = model.browser {
            let gone = Set(done.map(\.jsonText))
            browser.marked = browser.marked.filter { _, item in
                !gone.contains(itemKey(item, keyNames: browser.keyAttributes)?.jsonText ?? "")
            }
            model.browser = browser
        }
        guard let next = rest.first else {
            model.say("Deleted \(keys.count) marked item(s).")
            return []
        }
        return [model.issue(next, for: .write(.deleteMarked(keys: keys, rest: Array(rest.dropFirst()))))]
    }

    /// The column chooser's keys: the cursor, show/hide, move, sort; its changes show at once.
    static func columnsKey(_ model: inout Model, cursor: Int, _ key: Key) -> [Effect] {
        guard var browser = model.browser else { return [] }
        let names = browser.arrangement.arranged(Array(browser.columns.dropFirst(browser.keyAttributes.count)))
        guard !names.isEmpty else { return [] }
        var cursor = min(cursor, names.count - 1)
        let name = names[cursor]
        switch model.keyMap.ownCommand(for: key, in: .columns) {
        case .columnsDown: cursor = min(names.count - 1, cursor + 1)
        case .columnsUp: cursor = max(0, cursor - 1)
        case .columnsToggle:
            if browser.arrangement.hidden.contains(name) {
                browser.arrangement.hidden.remove(name)
            } else {
                browser.arrangement.hidden.insert(name)
            }
        case .columnsMoveUp, .columnsMoveDown:
            let step = model.keyMap.ownCommand(for: key, in: .columns) == .columnsMoveUp ? -1 : 1
            browser.arrangement.move(name, by: step, among: names)
            cursor = max(0, min(names.count - 1, cursor + step))
        case .columnsSort:
            browser.arrangement.cycleSort(name)
            browser.selected = 0
            browser.top = 0
        case .columnsClose:
            model.browser = browser
            return []
        default: break
        }
        browser.columnOffset = 0
        model.browser = browser
        model.overlay = .columns(cursor: cursor)
        return []
    }
}
