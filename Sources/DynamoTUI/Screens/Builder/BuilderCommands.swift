import DynamoCore
import DynamoTools

/// The query builder's keys, its live preview, and running what it built.
extension App {
    /// Opens the form for the browser's table; a form used before comes back as it was left.
    static func openBuilder(_ model: inout Model) -> [Effect] {
        guard let browser = model.browser else { return [] }
        if model.builder?.table != browser.table {
            model.builder = QueryBuilder(
                table: browser.table, summary: model.tables.details[browser.table],
                sampled: browser.loadedItems, pageSize: browser.pageSize)
        }
        model.screens.append(.builder)
        return refreshPreview(&model)
    }

    /// Keys in the form: text fields take printable keys; nil lets global keys act (on choice fields).
    static func builderKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        guard let focusedText = model.builder?.focusedText else { return builderCommandKey(&model, key) }
        let command = model.keyMap.ownCommand(for: key, in: .builder)
        // `+`/`-` on an empty field add and remove filter rows; typed anywhere else they are text.
        if case .char = key, command != nil, focusedText.isEmpty { return builderCommandKey(&model, key) }
        guard var builder = model.builder else { return nil }
        model.builder = nil
        var handled = false
        builder.editFocused { handled = editField(&model, &$0, key) }
        model.builder = builder
        return handled ? refreshPreview(&model) : builderCommandKey(&model, key)
    }

    /// The form's own keys (Tab, choices, filters, Enter, Esc); nil lets global keys act.
    static func builderCommandKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        guard var builder = model.builder else { return nil }
        let command = model.keyMap.ownCommand(for: key, in: .builder)
        guard let command else { return nil }
        model.message = nil
        switch command {
        case .builderNext:
            if !builder.completeAttribute() { builder.moveFocus(by: 1) }
            model.fieldTail = 0
        case .builderPrevious:
            builder.moveFocus(by: -1)
            model.fieldTail = 0
        case .builderChoiceLeft: builder.cycle(by: -1)
        case .builderChoiceRight: builder.cycle(by: 1)
        case .builderAddFilter: builder.addFilter()
        case .builderRemoveFilter: builder.removeFilter()
        case .builderForceType: builder.cycleForcedType()
        case .builderLeave:
            model.screens.removeLast()
            return []
        case .builderRun:
            return runBuilder(&model)
        default: return nil
        }
        model.builder = builder
        return refreshPreview(&model)
    }

    /// Checks the form and asks the runner for a dry run of its call; older answers are dropped.
    static func refreshPreview(_ model: inout Model) -> [Effect] {
        guard let builder = model.builder else { return [] }
        model.preview.generation += 1
        switch builder.build() {
        case .failure(let problems):
            model.preview.request = nil
            model.preview.error = problems.message
            return []
        case .success(let call):
            model.preview.error = nil
            // One dry run at a time: typing faster than the backend answers (a remote round trip
            // per check) checks the latest form when the running check comes back.
            if model.pending.values.contains(where: {
                if case .preview = $0.purpose { return true }
                return false
            }) {
                model.preview.stale = true
                return []
            }
            model.preview.stale = false
            return [model.check(call, for: .preview(generation: model.preview.generation))]
        }
    }

    static func previewFinished(_ model: inout Model, generation: Int, result: ToolResult) -> [Effect] {
        if model.preview.stale { return model.screen == .builder ? refreshPreview(&model) : [] }
        guard generation == model.preview.generation else { return [] }
        if result.isError {
            model.preview.request = nil
            model.preview.error = result.summary
        } else {
            let operation = result.structured["operation"]?.stringValue ?? ""
            model.preview.request = operation + " " + (result.structured["request"]?.jsonText ?? "")
            model.preview.error = nil
        }
        return []
    }

    /// Enter: the call replaces the browser's rows (paging as before), and the form is left.
    static func runBuilder(_ model: inout Model) -> [Effect] {
        guard let builder = model.builder else { return [] }
        switch builder.build() {
        case .failure(let problems):
            model.say("Not run: " + problems.message, error: true)
            return []
        case .success(let call):
            model.screens.removeLast()
            return browse(&model, call)
        }
    }

    /// Shows a read's pages in the browser of its table, from the first page.
    static func browse(_ model: inout Model, _ call: ToolCall, firstPage: ToolResult? = nil) -> [Effect] {
        guard let table = call.arguments["table"]?.stringValue else { return [] }
        let keys = model.tables.details[table]?.keyAttributeNames ?? model.browser?.keyAttributes ?? []
        var browser =
            model.browser?.table == table
            ? model.browser!.restarted(with: call)
            : BrowserState(table: table, keyAttributes: keys, pageSize: model.session.pageSize, base: call)
        if let limit = call.arguments["limit"]?.intValue { browser.pageSize = limit }
        model.screens = model.screens.filter { $0 == .tables }
        model.screens.append(.browser)
        if let firstPage {
            browser.receive(page: 0, result: firstPage)
            model.browser = browser
            return []
        }
        browser.loadingPage = 0
        model.browserBeforeRun = model.browser?.page == nil ? model.browserBeforeRun : model.browser
        model.browser = browser
        return [model.issue(browser.call(forPage: 0), for: .page(table: table, index: 0))]
    }

    /// `/` in the browser: typing narrows the loaded rows; Enter keeps the filter, Esc clears it.
    static func localFilterKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        guard model.browser != nil,
            typeInFilter(&model, text: \.browser!.localFilter, editing: \.browser!.filteringLocally, key)
        else { return nil }
        model.browser?.selected = 0
        model.browser?.top = 0
        return []
    }
}
