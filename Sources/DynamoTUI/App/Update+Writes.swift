import DynamoCore
import DynamoTools

/// Edit (`e`), create (`n`) and delete (`d`): each write is shown as its exact call and runs only
/// when confirmed; the browser then shows the row as it is.
extension App {
    static let readOnlyRefusal = "This session is read-only (--read-only): writes are off."

    /// The plain-JSON key of a typed item.
    static func itemKey(_ typed: JSONValue, keyNames: [String]) -> JSONValue? {
        guard !keyNames.isEmpty, let item = try? TypedJSON.decodeItem(typed) else { return nil }
        let key = item.filter { keyNames.contains($0.key) }
        guard key.count == keyNames.count else { return nil }
        return try? PlainJSON.encodeItem(key)
    }

    /// The item a write key acts on: the item view's, or the browser's selected row.
    static func targetItem(_ model: Model) -> JSONValue? {
        model.screen == .item ? model.item?.item : model.browser?.selectedItem
    }

    static func startEdit(_ model: inout Model) -> [Effect] {
        guard !model.session.readOnly else { model.say(readOnlyRefusal, error: true); return [] }
        guard let browser = model.browser, let typed = targetItem(model),
              let item = try? TypedJSON.decodeItem(typed) else {
            model.say("No item to edit.")
            return []
        }
        let asTyped = model.screen == .item && model.item?.format == .dynamodb
        model.editing = EditSession(table: browser.table, keyNames: browser.keyAttributes, kind: .update(old: item),
                                    typed: asTyped)
        let text = asTyped ? typed.prettyText : ((try? PlainJSON.encodeItem(item))?.prettyText ?? typed.prettyText)
        return openEditor(&model, text)
    }

    static func startCreate(_ model: inout Model) -> [Effect] {
        guard !model.session.readOnly else { model.say(readOnlyRefusal, error: true); return [] }
        guard let browser = model.browser else { return [] }
        let keys = model.tables.details[browser.table]?.keys ?? []
        model.editing = EditSession(table: browser.table, keyNames: keys.map(\.name), kind: .create, typed: false)
        let keyList = keys.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        let note = "// a new \(browser.table) item: fill in the key (\(keyList)) "
            + "and any attributes, then save"
        return openEditor(&model, note + "\n" + ItemEdit.template(keys: keys).prettyText)
    }

    static func startDelete(_ model: inout Model) -> [Effect] {
        guard !model.session.readOnly else { model.say(readOnlyRefusal, error: true); return [] }
        guard let browser = model.browser, let typed = targetItem(model),
              let key = itemKey(typed, keyNames: browser.keyAttributes) else {
            model.say("No item to delete.")
            return []
        }
        let call = ToolCall(name: "delete_item", arguments: ["table": .string(browser.table), "key": key])
        model.overlay = .confirm(Confirmation(title: "Delete this item from \(browser.table)? key \(key.jsonText)",
                                              call: call, kind: .delete(key: key)))
        return []
    }

    static func openEditor(_ model: inout Model, _ text: String) -> [Effect] {
        model.editing?.shown = text
        return [.edit(text: text)]
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
                model.overlay = .confirm(Confirmation(title: "Update this \(session.table) item?", call: call,
                                                      kind: .update(key: arguments["key"] ?? .null)))
            }
        case .create:
            guard let plain = try? PlainJSON.encodeItem(item), let partition = session.keyNames.first else {
                model.say("Not written: this item cannot be written as plain JSON.", error: true)
                return []
            }
            let call = ToolCall(name: "put_item", arguments: ["table": .string(session.table), "item": plain,
                                                              "condition": [partition: ["op": "not_exists"]]])
            model.overlay = .confirm(Confirmation(title: "Create this \(session.table) item (only if its key is new)?",
                                                  call: call, kind: .create))
        }
        return []
    }

    /// A confirmed write came back: a failure shows the details (a failed condition's
    /// current_item among them); a success changes the row in the browser.
    static func writeFinished(_ model: inout Model, kind: Model.WriteKind, call: ToolCall, result: ToolResult) {
        if result.isError {
            model.overlay = .text(TextPanel(title: "Not written — \(result.summary.prefix(80))",
                                            text: result.structured.prettyText, isError: true))
            return
        }
        model.say("Written: \(result.summary)")
        guard var browser = model.browser else { return }
        let keys = browser.keyAttributes
        func sameKey(_ item: JSONValue, _ key: JSONValue) -> Bool { itemKey(item, keyNames: keys) == key }
        func typed(_ plain: JSONValue?) -> JSONValue? { plain?.typedItem }
        switch kind {
        case .update(let key):
            guard let fresh = typed(result.structured["attributes"]) else { break }
            for (index, var page) in browser.pages {
                page.items = page.items.map { sameKey($0, key) ? fresh : $0 }
                browser.pages[index] = page
            }
            if let item = model.item, sameKey(item.item, key) { model.item?.item = fresh }
        case .create:
            guard let fresh = typed(call.arguments["item"]), browser.page != nil else { break }
            let at = min(browser.selected, browser.page?.items.count ?? 0)
            browser.pages[browser.pageIndex]?.items.insert(fresh, at: at)
            browser.pages[browser.pageIndex]?.count += 1
        case .delete(let key):
            for (index, var page) in browser.pages {
                let before = page.items.count
                page.items.removeAll { sameKey($0, key) }
                page.count -= before - page.items.count
                browser.pages[index] = page
            }
            browser.selected = min(browser.selected, max(0, browser.items.count - 1))
            if model.screen == .item { model.screens.removeLast() }
        }
        model.browser = browser
    }
}
