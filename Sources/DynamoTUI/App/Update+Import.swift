import DynamoCore
import DynamoTools

/// `I`: loading a file into a table, one logged `batch_write_item` of 100 items at a time, with
/// a progress bar; items DynamoDB leaves unprocessed are sent again, Esc stops after the batch
/// that runs.
extension App {
    static func startImport(_ model: inout Model) -> [Effect] {
        guard !model.session.readOnly else {
            model.say(readOnlyRefusal, error: true)
            return []
        }
        guard model.importJob == nil else {
            model.say("An import is running (\(model.keyMap.key(.back)) stops it).")
            return []
        }
        let table = model.screen == .tables ? model.tables.selectedName : model.browser?.table
        guard let table else {
            model.say("No table to import into.")
            return []
        }
        model.fieldTail = 0
        model.overlay = .importFile(ImportPrompt(table: table))
        return []
    }

    static func importKey(_ model: inout Model, _ prompt: inout ImportPrompt, _ key: Key) -> [Effect] {
        switch promptKey(&model, &prompt.path, key) {
        case .edited, .ignored:
            model.overlay = .importFile(prompt)
            return []
        case .escape:
            return []
        case .enter:
            let path = prompt.path.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else {
                model.say("Type the file's path: .jsonl, .json or .ddb.jsonl", error: true)
                model.overlay = .importFile(prompt)
                return []
            }
            if Export.Format(path: path) == .csv {
                model.say("Nothing imported: " + Import.csvRefusal.message, error: true)
                return []
            }
            model.importJob = ImportJob(table: prompt.table, path: path, items: [])
            model.say("Reading \(path)…")
            return [.readImport(path: path)]
        }
    }

    /// The file was read: start the batches, or say why nothing will be written.
    static func importRead(_ model: inout Model, path: String, result: Result<[JSONValue], Import.Failure>) -> [Effect]
    {
        guard let job = model.importJob, job.path == path else { return [] }
        switch result {
        case .failure(let failure):
            model.importJob = nil
            model.say("Nothing imported: \(failure.message)", error: true)
            return []
        case .success(let items):
            guard !items.isEmpty else {
                model.importJob = nil
                model.say("Nothing imported: \(path) holds no items.")
                return []
            }
            if job.stopRequested {
                model.importJob = nil
                model.say("Import stopped before anything was written.")
                return []
            }
            model.importJob = ImportJob(table: job.table, path: path, items: items)
            return nextImportBatch(&model)
        }
    }

    static func nextImportBatch(_ model: inout Model) -> [Effect] {
        guard var job = model.importJob else { return [] }
        if let call = job.nextCall() {
            model.importJob = job
            return [model.issue(call, for: .importBatch)]
        }
        model.importJob = nil
        let stopped = job.stopRequested && job.written + job.failed < job.total
        let failed = job.failed > 0 ? "; \(job.failed) left unprocessed after \(ImportJob.extraRounds) more rounds" : ""
        model.say(
            (stopped ? "Import stopped: " : "Imported ") + "\(job.written) of \(job.total) items into \(job.table)"
                + failed, error: job.failed > 0)
        // The table list shows the new count; the browser on that table, the new items from its first page.
        if model.screen == .tables {
            return [model.issue(.describeTable(job.table), for: .describe(table: job.table))]
        }
        guard var browser = model.browser, browser.table == job.table, model.screen == .browser else { return [] }
        browser = browser.restarted()
        return fetch(&model, &browser, page: 0)
    }

    /// A batch came back: count it, queue what DynamoDB left unprocessed, send the next.
    static func importBatchFinished(_ model: inout Model, call: ToolCall, result: ToolResult) -> [Effect] {
        guard var job = model.importJob else { return [] }
        guard !result.isError else {
            model.importJob = nil
            let sent = call.arguments["put"]?.arrayValue?.count ?? 0
            let detail =
                "\(job.written) of \(job.total) items were written before the batch of \(sent) that failed.\n\n"
            model.overlay = .text(
                TextPanel(
                    title: "Import stopped — \(result.summary.prefix(70))",
                    text: detail + result.structured.prettyText, isError: true))
            return []
        }
        job.written += result.structured["written"]?.intValue ?? 0
        let unprocessed = (result.structured["unprocessed"]?.arrayValue ?? []).compactMap {
            $0["request"]?["PutRequest"]?["Item"]
        }
        if !unprocessed.isEmpty {
            if job.round < ImportJob.extraRounds {
                job.round += 1
                job.queue += unprocessed
            } else {
                job.failed += unprocessed.count
            }
        }
        model.importJob = job
        return nextImportBatch(&model)
    }
}
