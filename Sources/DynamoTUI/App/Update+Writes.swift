import DynamoCore
import DynamoTools

/// Edit (`e`), create (`n`) and delete (`d`): each write is shown as its exact call and runs only
/// when confirmed; the browser then shows the row as it is.
extension App {
    static let readOnlyRefusal = "This session is read-only (--read-only): writes are off."

    /// The plain-JSON key of an item.
    static func itemKey(_ item: Item, keyNames: [String]) -> JSONValue? {
        guard !keyNames.isEmpty else { return nil }
        let key = item.filter { keyNames.contains($0.key) }
        guard key.count == keyNames.count else { return nil }
        return try? PlainJSON.encodeItem(key)
    }

    /// The item a write key acts on: the item view's, or the browser's selected row.
    static func targetItem(_ model: Model) -> Item? {
        model.screen == .item ? model.item?.item : model.browser?.selectedItem
    }

    static func startEdit(_ model: inout Model) -> [Effect] {
        guard !model.session.readOnly else {
            model.say(readOnlyRefusal, error: true)
            return []
        }
        guard let browser = model.browser, let item = targetItem(model) else {
            model.say("No item to edit.")
            return []
        }
        let asTyped = model.screen == .item && model.item?.format == .dynamodb
        model.editing = EditSession(
            table: browser.table, keyNames: browser.keyAttributes, kind: .update(old: item),
            typed: asTyped)
        return openEditor(&model, editorText(item, typed: asTyped))
    }

    static func startCreate(_ model: inout Model) -> [Effect] {
        guard !model.session.readOnly else {
            model.say(readOnlyRefusal, error: true)
            return []
        }
        guard let browser = model.browser else { return [] }
        let keys = model.tables.details[browser.table]?.keys ?? []
        model.editing = EditSession(table: browser.table, keyNames: keys.map(\.name), kind: .create, typed: false)
        let keyList = keys.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        let note =
            "// a new \(browser.table) item: fill in the key (\(keyList)) "
            + "and any attributes, then save"
        return openEditor(&model, note + "\n" + ItemEdit.template(keys: keys).prettyText)
    }

    static func startDelete(_ model: inout Model) -> [Effect] {
        guard !model.session.readOnly else {
            model.say(readOnlyRefusal, error: true)
            return []
        }
        if model.screen == .browser, model.browser?.marked.isEmpty == false { return startDeleteMarked(&model) }
        guard let browser = model.browser, let loaded = targetItem(model),
            let key = itemKey(loaded, keyNames: browser.keyAttributes)
        else {
            model.say("No item to delete.")
            return []
        }
        let (condition, compared) = ItemConflict.deleteCondition(keyNames: browser.keyAttributes, loaded: loaded)
        let call = ToolCall(
            name: "delete_item",
            arguments: [
                "table": .string(browser.table), "key": key,
                "condition": condition,
            ])
        let attributes = loaded.count - browser.keyAttributes.count
        let partial = compared < attributes ? " (compares \(compared) of its \(attributes) attributes)" : ""
        model.overlay = .confirm(
            Confirmation(
                title: "Delete this item from \(browser.table), if unchanged\(partial)? key \(key.jsonText)",
                call: call, kind: .delete(key: key, guarded: true)))
        return []
    }

    /// Opens the editor on `text`; `baseline` is the text that counts as "no change" (by default
    /// the text itself), so a rebased edit saved as it is still writes.
    static func openEditor(_ model: inout Model, _ text: String, baseline: String? = nil) -> [Effect] {
        model.editing?.shown = baseline ?? text
        return [.edit(text: text)]
    }

    /// An item as the editor shows it, in plain JSON or DynamoDB JSON.
    static func editorText(_ item: Item, typed: Bool) -> String {
        let typedText = TypedJSON.encodeItem(item).prettyText
        return typed ? typedText : ((try? PlainJSON.encodeItem(item))?.prettyText ?? typedText)
    }

    /// The editor closed: unchanged text cancels; bad JSON reopens it with the error on top;
    /// otherwise the write is shown for confirmation.
    static func edited(_ model: inout Model, text: String?) -> [Effect] {
        guard let session = model.editing else { return [] }
        let original = session.shown
        guard let text else {
            model.editing = nil
            model.say("The editor did not run: set $VISUAL or $EDITOR.", error: true)
            return []
        }
        if ItemEdit.withoutNotes(text) == ItemEdit.withoutNotes(original) {
            model.editing = nil
            model.say("Nothing changed; nothing written.")
            return []
        }
        let item: Item
        switch ItemEdit.parse(text, typed: session.typed) {
        case .failure(let error):
            let note = "// not saved: \(error.message)\n// fix it and save, or quit without changes to cancel\n"
            return openEditor(&model, note + ItemEdit.withoutNotes(text))
        case .success(let parsed):
            item = parsed
        }
        model.editing = nil
        switch session.kind {
        case .update(let old):
            switch ItemEdit.update(table: session.table, keyNames: session.keyNames, old: old, new: item) {
            case .failure(let error):
                model.say("Not written: " + error.message, error: true)
            case .success(nil):
                model.say("Nothing changed; nothing written.")
            case .success(let arguments?):
                let call = ToolCall(name: "update_item", arguments: arguments)
                model.overlay = .confirm(
                    Confirmation(
                        title: "Update this \(session.table) item?", call: call,
                        kind: .update(
                            key: arguments["key"] ?? .null, loaded: old,
                            edited: item, typed: session.typed)))
            }
        case .create:
            guard let plain = try? PlainJSON.encodeItem(item), let partition = session.keyNames.first else {
                model.say("Not written: this item cannot be written as plain JSON.", error: true)
                return []
            }
            let call = ToolCall(
                name: "put_item",
                arguments: [
                    "table": .string(session.table), "item": plain,
                    "condition": [partition: ["op": "not_exists"]],
                ])
            model.overlay = .confirm(
                Confirmation(
                    title: "Create this \(session.table) item (only if its key is new)?",
                    call: call, kind: .create))
        }
        return []
    }

    /// A confirmed write came back: a success changes the row in the browser; a failed condition
    /// refreshes the row and keeps the user's work (`writeConflict`); other failures show details.
    static func writeFinished(_ model: inout Model, kind: Model.WriteKind, call: ToolCall, result: ToolResult)
        -> [Effect]
    {
        if case .deleteMarked(let keys, let rest) = kind {
            return deleteMarkedFinished(&model, keys: keys, rest: rest, call: call, result: result)
        }
        if case .undo(let rest, let items) = kind {
            return undoFinished(&model, rest: rest, items: items, result: result)
        }
        if case .tables = kind, !result.isError { return tablesChanged(&model, call: call) }
        if result.isError {
            if result.error?.kind == .conditionalCheckFailed {
                return writeConflict(&model, kind: kind, call: call, result: result)
            }
            model.overlay = .text(
                TextPanel(
                    title: "Not written — \(result.summary.prefix(80))",
                    text: result.structured.prettyText, isError: true))
            return []
        }
        model.say("Written: \(result.summary)")
        switch kind {
        case .update(let key, _, _, _):
            if let fresh = result.structured["attributes"]?.plainDecodedItem {
                replaceRow(&model, key: key, with: fresh)
            }
        case .create:
            guard let fresh = call.arguments["item"]?.plainDecodedItem, var browser = model.browser, browser.page != nil
            else {
                break
            }
            let at = min(browser.selected, browser.page?.items.count ?? 0)
            browser.pages[browser.pageIndex]?.items.insert(fresh, at: at)
            browser.pages[browser.pageIndex]?.created += 1
            model.browser = browser
        case .delete(let key, _):
            removeRow(&model, key: key)
        case .deleteMarked, .tables, .undo, .watchStream:
            break
        }
        return []
    }

    /// The item changed since it was loaded. The row shows it as it is now, and nothing the user
    /// did is lost: an edit reopens in the editor applied to the current item (or, when the item is
    /// gone, as a create); a delete offers "delete anyway" as its own confirmed call.
    static func writeConflict(_ model: inout Model, kind: Model.WriteKind, call: ToolCall, result: ToolResult)
        -> [Effect]
    {
        let table = call.arguments["table"]?.stringValue ?? ""
        let currentJSON = result.structured["error"]?["current_item"]
        let current: Item? = currentJSON.flatMap { $0 == .null ? nil : try? PlainJSON.decodeItem($0) }
        switch kind {
        case .update(let key, let loaded, let edited, let typed):
            guard let browser = model.browser else { return [] }
            if let current {
                replaceRow(&model, key: key, with: current)
                let (merged, clashes) = ItemConflict.rebase(loaded: loaded, edited: edited, current: current)
                model.editing = EditSession(
                    table: table, keyNames: browser.keyAttributes, kind: .update(old: current),
                    typed: typed)
                let text = ItemConflict.notes(table: table, clashes: clashes) + editorText(merged, typed: typed)
                model.say(
                    "The item changed since you loaded it: your edit is reopened on the item as it is now.",
                    error: true)
                return openEditor(&model, text, baseline: editorText(current, typed: typed))
            }
            removeRow(&model, key: key)
            model.editing = EditSession(table: table, keyNames: browser.keyAttributes, kind: .create, typed: typed)
            let text =
                "// not saved: this \(table) item was deleted since you loaded it.\n"
                + "// Save to create it again with your changes, or quit and answer n to drop them.\n"
                + editorText(edited, typed: typed)
            model.say("The item was deleted since you loaded it: your edit is reopened as a new item.", error: true)
            return openEditor(&model, text, baseline: "")
        case .delete(let key, let guarded):
            guard guarded, let current else {
                if current == nil { removeRow(&model, key: key) }
                model.say(
                    current == nil ? "Nothing deleted: the item is already gone." : "Not deleted: \(result.summary)",
                    error: current != nil)
                return []
            }
            replaceRow(&model, key: key, with: current)
            let now = (try? PlainJSON.encodeItem(current))?.jsonText ?? ""
            let anyway = ToolCall(name: "delete_item", arguments: ["table": .string(table), "key": key])
            model.overlay = .confirm(
                Confirmation(
                    title: "Not deleted: it changed since you loaded it. Delete it anyway?",
                    call: anyway, kind: .delete(key: key, guarded: false), detail: ["Now: " + now]))
            return []
        case .create:
            model.overlay = .text(
                TextPanel(
                    title: "Not written — an item with this key exists (current_item)",
                    text: result.structured.prettyText, isError: true))
            return []
        case .deleteMarked, .tables, .undo, .watchStream:
            return []
        }
    }

    /// Puts `fresh` in place of the rows with this key, in every kept page and the item view.
    static func replaceRow(_ model: inout Model, key: JSONValue, with fresh: Item) {
        guard var browser = model.browser else { return }
        let keys = browser.keyAttributes
        for (index, var page) in browser.pages {
            page.items = page.items.map { itemKey($0, keyNames: keys) == key ? fresh : $0 }
            browser.pages[index] = page
        }
        model.browser = browser
        if let item = model.item, itemKey(item.item, keyNames: keys) == key { model.item?.item = fresh }
    }

    /// Takes the rows with this key out of every kept page (and leaves the item view showing it).
    static func removeRow(_ model: inout Model, key: JSONValue) {
        guard var browser = model.browser else { return }
        let keys = browser.keyAttributes
        for (index, var page) in browser.pages {
            let before = page.items.count
            page.items.removeAll { itemKey($0, keyNames: keys) == key }
            page.deleted += before - page.items.count
            browser.pages[index] = page
        }
        browser.selected = min(browser.selected, max(0, browser.items.count - 1))
        model.browser = browser
        if model.screen == .item, let item = model.item, itemKey(item.item, keyNames: keys) == key {
            model.screens.removeLast()
        }
    }
}
