import DynamoCore
import DynamoTools

/// `F` (read on until the page is full) and `x` (export): pages read one after another, each a
/// logged call, with live progress and `Esc` to stop.
extension App {
    static func startFetchOn(_ model: inout Model) -> [Effect] {
        guard var browser = model.browser, let page = browser.page, browser.loadingPage == nil, browser.walk == nil
        else { return [] }
        guard page.hasMore else {
            model.say("This read has no more pages.")
            return []
        }
        guard page.items.count < browser.pageSize else {
            model.say(
                "The page is full (\(page.items.count) rows); \(model.keyMap.key(.browserNextPage)) reads the next one."
            )
            return []
        }
        var walk = PageWalk(
            goal: .fill(target: browser.pageSize), budgetPages: PageWalk.fillBudgetPages,
            budgetUnits: PageWalk.fillBudgetUnits)
        // The walk adds to this page, so its scanned and matched count the page as the status line does.
        walk.scanned = page.scanned
        walk.matched = page.count
        browser.walk = walk
        let call = browser.call(forPage: browser.pageIndex + 1)
        model.browser = browser
        return [model.issue(call, for: .walk(table: browser.table))]
    }

    /// `x` Enter: the loaded rows go straight to the file; "all pages" reads them first.
    static func startExport(_ model: inout Model, _ prompt: ExportPrompt) -> [Effect] {
        guard var browser = model.browser else { return [] }
        let path = prompt.path.trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else {
            model.say("Export needs a file name.", error: true)
            return []
        }
        let format = Export.Format(path: path)
        if !prompt.allPages {
            let rows = browser.localFilter.isEmpty ? browser.loadedItems : browser.items
            let text = Export.text(rows, columns: browser.columns, format: format)
            return [.writeFile(path: path, contents: text, rows: rows.count)]
        }
        guard browser.walk == nil, browser.loadingPage == nil else {
            model.say("Wait for the running read.")
            return []
        }
        browser.walk = PageWalk(
            goal: .export(path: path, format: format), budgetPages: PageWalk.exportBudgetPages,
            expectedItems: model.tables.details[browser.table]?.itemCount ?? 0)
        let call = browser.restarted().call(forPage: 0)
        model.browser = browser
        return [model.issue(call, for: .walk(table: browser.table))]
    }

    /// One page of a walk came back: record it, then read on or finish.
    static func walkFinished(_ model: inout Model, table: String, result: ToolResult) -> [Effect] {
        guard var browser = model.browser, browser.table == table, var walk = browser.walk else { return [] }
        defer { model.browser = browser }
        let items = browser.decodedItems(result)
        let read = ReadResult(result)
        let next = read?.nextCursor
        let scanned = read?.scannedCount ?? items.count
        walk.record(count: items.count, scanned: scanned, readUnits: read?.readUnits ?? 0)
        let cancelled = read?.cancelled == true
        var done = result.isError || next == nil || walk.stopRequested || walk.budgetSpent || cancelled
        switch walk.goal {
        case .fill(let target):
            let index = browser.pageIndex
            browser.pages[index]?.items += items
            browser.pages[index]?.count += items.count
            browser.pages[index]?.scanned += scanned
            browser.pages[index]?.hasMore = next != nil || result.isError
            if !result.isError {
                browser.keep(cursor: next, forPage: index + 1)
                browser.pages = browser.pages.filter { $0.key <= index }
            }
            browser.countAttributes(of: items)
            done = done || (browser.pages[index]?.items.count ?? 0) >= target
        case .export:
            walk.collected += items
        }
        if !done {
            browser.walk = walk
            return [model.issue(browser.call(cursor: next), for: .walk(table: table))]
        }
        browser.walk = nil
        let why =
            result.isError
            ? "stopped by an error"
            : walk.stopRequested || cancelled
                ? "stopped" : next == nil ? "end of the data" : walk.budgetSpent ? "budget spent" : "page full"
        let numbers =
            "\(walk.pages) pages, scanned \(walk.scanned), matched \(walk.matched), "
            + String(format: "%.1f RCU", walk.readUnits)
        switch walk.goal {
        case .fill:
            model.say("Fetched on: \(numbers) — \(why)\(next != nil ? "; F reads on" : "").", error: result.isError)
            return []
        case .export(let path, let format):
            model.say("Read \(numbers) — \(why); writing \(path)…")
            return [
                .writeFile(
                    path: path, contents: Export.text(walk.collected, columns: browser.columns, format: format),
                    rows: walk.collected.count)
            ]
        }
    }

    static func fileWritten(_ model: inout Model, path: String, rows: Int, error: String?) {
        if let error {
            model.say("Not exported: \(error)", error: true)
        } else {
            model.say("Exported \(rows) row\(rows == 1 ? "" : "s") to \(path)")
        }
    }
}
