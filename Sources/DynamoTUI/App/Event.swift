import DynamoCore
import DynamoTools

/// What happens to the app: the only inputs of `update`.
public enum Event: Sendable {
    case key(Key)
    /// A click or a wheel turn at a cell (`--no-mouse` turns them off).
    case mouse(MouseAction, x: Int, y: Int)
    case resize(width: Int, height: Int)
    /// A timer beat while calls run, so the spinner turns.
    case tick
    /// A tool call issued as `Effect.run` or `Effect.check` came back.
    case finished(id: Int, result: ToolResult)
    /// The editor closed: the file's text, or nil when it could not run or the file is gone.
    case edited(text: String?)
    /// A file asked for with `Effect.writeFile` was written, or why not.
    case fileWritten(path: String, rows: Int, error: String?)
    /// A file asked for with `Effect.readImport` was read and parsed: its items, or why not.
    case importRead(path: String, result: Result<[JSONValue], Import.Failure>)
    /// The saved queries after `Effect.queries` (or why the file could not be used); `done` says
    /// what changed.
    case queriesLoaded(queries: [SavedQuery], error: String?, done: String?)
    /// The Watch screen's read of the streams (and journal) came back.
    case changesRead(WatchRequest, Result<WatchBatch, DynamoError>)
}

public enum MouseAction: Equatable, Sendable {
    case click, wheelUp, wheelDown
}

/// What `update` asks the runtime to do; the runtime does the IO and reports back with events.
public enum Effect: Equatable, Sendable {
    /// Run a tool call through the `ToolRunner` (and append it to the action log file).
    case run(id: Int, call: ToolCall)
    /// Validate a call and get its DynamoDB request without sending it (a dry run); never logged.
    case check(id: Int, call: ToolCall)
    /// Stop the calls with these ids; a read that has pages keeps them.
    case cancel(ids: [Int])
    /// Hand the terminal to `$VISUAL`/`$EDITOR` on this text; the result comes back as `.edited`.
    case edit(text: String)
    /// Put text on the clipboard (OSC 52).
    case copy(text: String)
    /// Write a new file (never over an existing one); the outcome comes back as `.fileWritten`.
    case writeFile(path: String, contents: String, rows: Int)
    /// Read and parse a file to import (off the UI thread); the items come back as `.importRead`.
    case readImport(path: String)
    /// Read, add to or remove from the saved-queries file; the list comes back as `.queriesLoaded`.
    case queries(path: String, change: SavedQueryChange)
    /// Read the changes (and journal calls) the Watch screen shows; never logged, never "running".
    case readChanges(WatchRequest)
    case quit

    /// Effects the UI thread must do with the terminal before it reads more keys.
    public var needsTerminal: Bool {
        switch self {
        case .edit, .copy, .quit: return true
        case .run, .check, .cancel, .writeFile, .readImport, .queries, .readChanges: return false
        }
    }
}

/// What to do to the saved-queries file.
public enum SavedQueryChange: Equatable, Sendable {
    case load
    case save(SavedQuery)
    case remove(String)

    /// Does it, and gives the event that reports the list as it now is.
    public func apply(to file: SavedQueryFile) -> Event {
        do {
            var done: String?
            switch self {
            case .load: break
            case .save(let query):
                try file.save(query)
                done = "Saved \(query.name) to \(file.path)"
            case .remove(let name):
                try file.remove(name)
                done = "Removed \(name) from \(file.path)"
            }
            return .queriesLoaded(queries: try file.load(), error: nil, done: done)
        } catch {
            return .queriesLoaded(queries: [], error: error.message, done: nil)
        }
    }
}

/// Facts about the session that the screens show but never change.
public struct SessionInfo: Equatable, Sendable {
    /// Where the data is, e.g. `embedded:memory` or `remote:eu-west-1`.
    public var backendLabel: String
    public var readOnly: Bool
    /// Items per page in the table browser.
    public var pageSize: Int
    /// Theme names the cycle key visits.
    public var themeNames: [String]
    /// Where AWS CLI and boto3 hand-overs point; nil for the embedded engine (served by `serve`).
    public var awsTarget: AWSTarget?
    /// How `serve` reaches this embedded database (`--db '/home/me/shop.sqlite'`, `--demo`), for
    /// hand-overs; nil for an in-memory database, which no other process can reach.
    public var serveArguments: String?
    /// Said on the message line when the app opens (which region a remote session chose).
    public var notice: String?
    /// The file `S` saves queries to and `Q` lists them from (nil: saving is off).
    public var queriesPath: String?

    public init(
        backendLabel: String, readOnly: Bool = false, pageSize: Int = 100,
        themeNames: [String] = Theme.builtinNames, awsTarget: AWSTarget? = nil
    ) {
        self.backendLabel = backendLabel
        self.readOnly = readOnly
        self.pageSize = pageSize
        self.themeNames = themeNames
        self.awsTarget = awsTarget
    }
}
