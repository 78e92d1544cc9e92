import ArgumentParser
import DynamoCore
import DynamoTools
import Foundation

/// `watch`: the change feed as JSON lines, for scripts (the TUI's Watch screen shows the same feed).
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print item changes as JSON lines until Ctrl-C (tables need a stream: update_table).",
        discussion: """
            Example:
              dynamo-explorer watch --table Shop --db shop.sqlite
              dynamo-explorer watch --endpoint-url http://localhost:8000 --from-oldest | jq .event
            Each line is a change as read_changes returns it: table, event, key, old, new, sequence, time, by.
            """
    )

    @Option(help: "Only this table (default: every table with a stream).") var table: String?
    @Flag(help: "Print the changes the streams still keep (24 hours) before the new ones.") var fromOldest = false
    @Option(help: "Items as plain JSON or DynamoDB JSON.") var format: String = "plain"
    @Option(help: "Seconds between reads.") var interval: Double = 0.5
    @OptionGroup var backend: BackendOptions

    func validate() throws {
        guard format == "plain" || format == "dynamodb" else { throw ValidationError("--format is plain or dynamodb") }
        guard interval > 0 else { throw ValidationError("--interval must be above 0") }
    }

    func run() async throws {
        let opened = try backend.openBackend(readOnly: true)
        let signals = SignalExit.install { opened.close() }
        defer { _ = signals }
        let feed = ChangeFeed(backend: opened.backend)
        let tables = table.map { [$0] }
        // Without --from-oldest, start at the end: read once to learn where each stream is now.
        var cursor: ChangeFeed.Cursor? = nil
        if !fromOldest { cursor = try await feed.read(tables: tables, after: nil, limit: 1).cursor }
        var warned = false
        while !Task.isCancelled {
            let page = try await feed.read(tables: tables, after: cursor, limit: 1000)
            if !page.tablesWithoutStream.isEmpty, !warned {
                warned = true
                printError(
                    "no stream on \(page.tablesWithoutStream.joined(separator: ", ")): turn one on with "
                        + "dynamo-explorer call update_table '{\"table\": \"\(page.tablesWithoutStream[0])\", "
                        + "\"stream\": \"NEW_AND_OLD_IMAGES\"}'")
            }
            var lines = ""
            for change in page.changes { lines += try change.json(plain: format == "plain").jsonText + "\n" }
            // Written at once, unbuffered: a pipe reader sees each change as it comes.
            if !lines.isEmpty { FileHandle.standardOutput.write(Data(lines.utf8)) }
            cursor = page.cursor
            if page.changes.count < 1000 { try await Task.sleep(for: .milliseconds(Int(interval * 1000))) }
        }
    }
}
