import DynamoCore
import DynamoTools

/// The keys of each screen, and what a finished call changes.
extension App {
    static func tablesCommand(_ model: inout Model, _ command: Command) -> [Effect] {
        let count = model.tables.visibleNames.count
        switch command {
        case .tablesDown: model.tables.move(to: model.tables.selected + 1)
        case .tablesUp: model.tables.move(to: model.tables.selected - 1)
        case .tablesTop: model.tables.move(to: 0)
        case .tablesBottom: model.tables.move(to: count - 1)
        case .tablesFilter:
            model.fieldTail = 0
            model.tables.filtering = true
        case .tablesRefresh:
            return [model.issue(.listTables(), for: .listTables)]
        case .tablesOpen:
            guard let name = model.tables.selectedName else { return [] }
            return openTable(&model, name)
        default: break
        }
        keepVisible(selected: model.tables.selected, top: &model.tables.top, rows: Layout(model).listRows, count: count)
        return []
    }

    static func openTable(_ model: inout Model, _ name: String) -> [Effect] {
        let keys = model.tables.details[name]?.keyAttributeNames ?? []
        var browser = BrowserState(table: name, keyAttributes: keys, pageSize: model.session.pageSize)
        browser.loadingPage = 0
        let call = browser.call(forPage: 0)
        model.browser = browser
        model.screens.append(.browser)
        var effects = [model.issue(call, for: .page(table: name, index: 0))]
        if keys.isEmpty {
            effects.append(
                model.issue(
                    ToolCall.describeTable(name), for: .describe(table: name)))
        }
        return effects
    }

    static func browserCommand(_ model: inout Model, _ command: Command) -> [Effect] {
        guard var browser = model.browser else { return [] }
        defer { model.browser = browser }
        let count = browser.items.count
        let rows = Layout(model).listRows
        switch command {
        case .browserDown: browser.selected = min(browser.selected + 1, max(0, count - 1))
        case .browserUp: browser.selected = max(0, browser.selected - 1)
        case .browserTop: browser.selected = 0
        case .browserBottom: browser.selected = max(0, count - 1)
        case .browserLeft: browser.columnOffset = max(0, browser.columnOffset - 1)
        case .browserRight:
            let scrollable = browser.shownColumns.count - browser.keyAttributes.count
            browser.columnOffset = min(browser.columnOffset + 1, max(0, scrollable - 1))
        case .browserOpen:
            guard let item = browser.selectedItem else { return [] }
            model.item = ItemState(table: browser.table, item: item)
            model.screens.append(.item)
        case .browserNextPage, .browserPreviousPage:
            guard browser.loadingPage == nil else {
                browser.queuedMoves += command == .browserNextPage ? 1 : -1
                return []
            }
            browser.queuedMoves = command == .browserNextPage ? 1 : -1
            return moveQueued(&model, &browser)
        case .browserRefresh:
            browser = browser.restarted()
            return fetch(&model, &browser, page: 0)
        default: break
        }
        keepVisible(selected: browser.selected, top: &browser.top, rows: rows, count: count)
        return []
    }

    /// Carries out the queued page moves: back moves jump straight to the page (its cursor is
    /// kept); forward moves read one page at a time, since each page's cursor comes with the last.
    static func moveQueued(_ model: inout Model, _ browser: inout BrowserState) -> [Effect] {
        while browser.queuedMoves != 0, browser.loadingPage == nil {
            if browser.queuedMoves < 0 {
                let target = max(0, browser.pageIndex + browser.queuedMoves)
                browser.queuedMoves = 0
                guard target != browser.pageIndex else {
                    model.message = Model.Message(text: "This is the first page.", isError: false)
                    return []
                }
                return fetch(&model, &browser, page: target)
            }
            guard browser.page?.hasMore == true else {
                browser.queuedMoves = 0
                model.message = Model.Message(text: "This is the last page.", isError: false)
                return []
            }
            browser.queuedMoves -= 1
            let effects = fetch(&model, &browser, page: browser.pageIndex + 1)
            if !effects.isEmpty { return effects }
        }
        return []
    }

    /// Shows page `index` from the cache, or issues the call that reads it with its kept cursor.
    static func fetch(_ model: inout Model, _ browser: inout BrowserState, page index: Int) -> [Effect] {
        if browser.pages[index] != nil {
            browser.show(page: index)
            return []
        }
        browser.loadingPage = index
        return [model.issue(browser.call(forPage: index), for: .page(table: browser.table, index: index))]
    }

    static func itemCommand(_ model: inout Model, _ command: Command) {
        guard var item = model.item else { return }
        let page = max(1, Layout(model).contentHeight - 1)
        switch command {
        case .itemDown: item.scroll += 1
        case .itemUp: item.scroll -= 1
        case .itemPageDown: item.scroll += page
        case .itemPageUp: item.scroll -= page
        case .itemTop: item.scroll = 0
        case .itemBottom: item.scroll = Int.max / 2
        case .itemToggleFormat:
            item.format = item.format == .plain ? .dynamodb : .plain
            model.message = Model.Message(text: "Showing \(item.formatLabel)", isError: false)
        default: break
        }
        item.scroll = max(0, min(item.scroll, ItemView.maxScroll(item, width: model.width, rows: page)))
        model.item = item
    }

    /// After a resize: every screen on the back-stack keeps its selection in view.
    static func clampScrolling(_ model: inout Model) {
        let layout = Layout(model)
        for screen in Model.Screen.all { screen.type.clamp(&model, layout) }
    }

    // MARK: Results

    /// A call came back: dry runs go to what asked for them; every other call is logged, then its result
    /// goes where its purpose says.
    static func finished(_ model: inout Model, id: Int, result: ToolResult) -> [Effect] {
        guard let pending = model.pending.removeValue(forKey: id) else { return [] }
        switch pending.purpose {
        case .preview(let generation):
            return previewFinished(&model, generation: generation, result: result)
        case .handOver(let format, let call):
            return handOverFinished(&model, format: format, call: call, result: result)
        default: break
        }
        appendToLog(&model, pending.call, result)
        switch pending.purpose {
        case .command: return commandFinished(&model, call: pending.call, result: result)
        case .write(let kind):
            return writeFinished(&model, kind: kind, call: pending.call, result: result)
        case .walk(let table): return walkFinished(&model, table: table, result: result)
        case .goToKey:
            goToKeyFinished(&model, call: pending.call, result: result)
            return []
        case .importBatch:
            return importBatchFinished(&model, call: pending.call, result: result)
        case .undoCheck(let change):
            undoCheckFinished(&model, change: change, result: result)
            return []
        case .undoRangeCheck(let steps, let checked, let changes):
            return undoRangeChecked(&model, steps: steps, checked: checked, changes: changes, result: result)
        default: break
        }
        let before = model.browserBeforeRun
        if case .page = pending.purpose { model.browserBeforeRun = nil }
        if result.isError {
            readFailed(&model, pending.purpose, result, before: before)
            return []
        }
        return readFinished(&model, pending.purpose, result)
    }

    /// The log pane keeps the newest calls (the --log file keeps them all), so memory stays flat.
    static func appendToLog(_ model: inout Model, _ call: ToolCall, _ result: ToolResult) {
        model.log.entries.append(LogEntry(call: call, summary: result.summary, isError: result.isError))
        if model.log.entries.count > LogState.capacity {
            model.log.entries.removeFirst(model.log.entries.count - LogState.capacity)
            model.log.anchor = model.log.anchor.map { max(0, $0 - 1) }
        }
    }

    /// A read for the table list or the browser failed: say so, and keep what was on screen.
    static func readFailed(_ model: inout Model, _ purpose: Model.Purpose, _ result: ToolResult, before: BrowserState?)
    {
        model.message = Model.Message(text: result.summary, isError: true)
        if case .page(let table, let index) = purpose, model.browser?.table == table {
            model.browser?.loadingPage = nil
            model.browser?.queuedMoves = 0
            // A new read that fails leaves the rows that were on screen, and r reruns their call.
            if index == 0, let before, model.browser?.page == nil {
                model.browser = before
                model.message?.text =
                    "Not run: \(result.summary) — showing the rows you had "
                    + "(\(model.keyMap.key(.browserRefresh)) reruns their read)"
            }
        }
        if case .listTables = purpose {
            model.tables.loaded = true
            model.tables.loadError = result.summary
        }
    }

    /// The table list, a table's description, or a browser page arrived.
    static func readFinished(_ model: inout Model, _ purpose: Model.Purpose, _ result: ToolResult) -> [Effect] {
        switch purpose {
        case .listTables:
            let names = (result.structured["tables"]?.arrayValue ?? []).compactMap(\.stringValue)
            model.tables.names = names
            model.tables.loaded = true
            model.tables.loadError = nil
            model.tables.details = model.tables.details.filter { names.contains($0.key) }
            model.tables.move(to: model.tables.selected)
            return names.map { model.issue(.describeTable($0), for: .describe(table: $0)) }
        case .describe(let table):
            let summary = TableSummary(description: result.structured["table"] ?? .null)
            model.tables.details[table] = summary
            if var browser = model.browser, browser.table == table, browser.keyAttributes.isEmpty {
                browser.keyAttributes = summary.keyAttributeNames
                model.browser = browser
            }
        case .page(let table, let index):
            guard var browser = model.browser, browser.table == table else { return [] }
            browser.loadingPage = nil
            browser.receive(page: index, result: result)
            if ReadResult(result)?.cancelled == true {
                model.message = Model.Message(text: "Cancelled; kept what was read.", isError: false)
                browser.queuedMoves = 0
            }
            let effects = moveQueued(&model, &browser)
            model.browser = browser
            return effects
        case .preview, .handOver, .command, .write, .walk, .goToKey, .importBatch, .undoCheck, .undoRangeCheck:
            break
        }
        return []
    }
}
