import DynamoCore
import DynamoTools

/// Saved queries: `S` names the browser's read and saves it to the database's queries file, `Q`
/// lists them to run or remove. The same file feeds the MCP server's prompts and resources.
extension App {
    static func startSaveQuery(_ model: inout Model) -> [Effect] {
        guard model.session.queriesPath != nil else {
            model.say("Saving queries is off in this session.")
            return []
        }
        guard let browser = model.browser else { return [] }
        model.fieldTail = 0
        model.overlay = .saveQuery(SaveQueryPrompt(call: browser.base))
        return []
    }

    static func saveQueryKey(_ model: inout Model, _ prompt: inout SaveQueryPrompt, _ key: Key) -> [Effect] {
        switch promptKey(&model, &prompt.name, key) {
        case .edited, .ignored:
            model.overlay = .saveQuery(prompt)
            return []
        case .escape:
            model.say("Not saved.")
            return []
        case .enter:
            let name = prompt.name.trimmingCharacters(in: .whitespaces)
            guard SavedQueryFile.isValidName(name), let path = model.session.queriesPath else {
                model.say("A name is 1 to 64 letters, digits, - or _ (it becomes an MCP prompt name).", error: true)
                model.overlay = .saveQuery(prompt)
                return []
            }
            return [.queries(path: path, change: .save(SavedQuery(name: name, call: prompt.call)))]
        }
    }

    static func openSavedQueries(_ model: inout Model) -> [Effect] {
        guard let path = model.session.queriesPath else {
            model.say("Saving queries is off in this session.")
            return []
        }
        model.overlay = .savedQueries(SavedQueryList(queries: []))
        return [.queries(path: path, change: .load)]
    }

    /// The file answered: refresh an open list, and say what was saved or removed.
    static func queriesLoaded(_ model: inout Model, queries: [SavedQuery], error: String?, done: String?) {
        if let error {
            model.say("Saved queries: " + error, error: true)
            if case .savedQueries? = model.overlay { model.overlay = nil }
            return
        }
        if let done { model.say(done) }
        guard case .savedQueries(var list)? = model.overlay else { return }
        list.queries = queries
        list.cursor = max(0, min(list.cursor, queries.count - 1))
        model.overlay = .savedQueries(list)
        if queries.isEmpty, done == nil {
            model.say("No saved queries yet: S in the browser saves the read on screen.")
        }
    }

    static func savedQueriesKey(_ model: inout Model, _ list: inout SavedQueryList, _ key: Key) -> [Effect] {
        let command = model.keyMap.ownCommand(for: key, in: .queries)
        switch command {
        case .queriesDown: list.cursor = min(max(0, list.queries.count - 1), list.cursor + 1)
        case .queriesUp: list.cursor = max(0, list.cursor - 1)
        case .queriesClose: return []
        case .queriesDelete:
            guard list.queries.indices.contains(list.cursor), let path = model.session.queriesPath else { break }
            model.overlay = .savedQueries(list)
            return [.queries(path: path, change: .remove(list.queries[list.cursor].name))]
        case .queriesOpen:
            guard list.queries.indices.contains(list.cursor) else { break }
            let query = list.queries[list.cursor]
            // Run as if typed at `:`: a read opens in the browser, the call is logged as it ran.
            guard ToolCatalog.definition(query.call.name) != nil else {
                model.say(
                    "\(query.name) names no tool \"\(query.call.name)\"; fix it in \(model.session.queriesPath ?? "")",
                    error: true)
                break
            }
            model.say("Running \(query.name)…")
            return [model.issue(query.call, for: .command)]
        default: break
        }
        model.overlay = .savedQueries(list)
        return []
    }
}
