import DynamoCore
import DynamoTools
import Foundation
import Synchronization

/// Runs the effects `update` asks for: tool calls off the UI thread through the same
/// `ToolRunner` the MCP server uses, each appended to the action log file when it finishes.
/// Results come back as events in a queue the UI loop drains.
public final class EffectRunner: Sendable {
    let runner: ToolRunner
    let logFile: ActionLogFile?
    private let tasks = Mutex<[Int: Task<Void, Never>]>([:])
    private let inbox = Mutex<[Event]>([])
    /// Calls wait for this first: nil when it succeeded, else why it failed.
    private let ready: Task<String?, Never>

    public init(runner: ToolRunner, logFile: ActionLogFile? = nil, prepare: (@Sendable () throws -> Void)? = nil) {
        self.runner = runner
        self.logFile = logFile
        ready = Task.detached {
            do { try prepare?() } catch { return "could not load the demo tables: \(error)" }
            return nil
        }
    }

    /// Starts an effect off the UI thread; its events arrive in the inbox (`drain`). Calls are kept by
    /// id so `Effect.cancel` can stop them.
    func perform(_ effect: Effect) {
        switch effect {
        case .run(let id, _), .check(let id, _):
            // The task is registered under the lock it removes itself under, so a call that ends
            // at once cannot leave a stale entry (which made quitting wait for nothing).
            tasks.withLock { running in
                running[id] = Task.detached { [self] in
                    defer { tasks.withLock { _ = $0.removeValue(forKey: id) } }
                    let events = await complete(effect)
                    inbox.withLock { $0 += events }
                }
            }
        case .cancel(let ids):
            tasks.withLock { running in
                for id in ids { running[id]?.cancel() }
            }
        case .quit, .edit, .copy:
            break  // the UI loop does these: they need the terminal
        case .writeFile, .queries, .readImport, .readChanges:
            Task.detached { [self] in
                let events = await complete(effect)
                inbox.withLock { $0 += events }
            }
        }
    }

    /// Does one effect to completion and gives the events it causes: the one place effects become IO,
    /// awaited in turn by the test driver and `tui-bench`, and on a task per effect by the app.
    /// Effects that need the terminal (`edit`, `copy`, `quit`) and `cancel` give none.
    public func complete(_ effect: Effect) async -> [Event] {
        switch effect {
        case .run(let id, let call), .check(let id, let call):
            let dryRun = effect == .check(id: id, call: call)
            if let failure = await ready.value {
                return [.finished(id: id, result: .failure(DynamoError.validation(failure)))]
            }
            let result = await runner.run(call, dryRun: dryRun)
            if !dryRun { logFile?.append(call, result: result) }
            return [.finished(id: id, result: result)]
        case .writeFile(let path, let contents, let rows):
            // Reported with its full path, so the user knows where it went.
            let full = URL(fileURLWithPath: path).standardizedFileURL.path
            let error = ExportFile.create(path: full, contents: contents)
            return [.fileWritten(path: full, rows: rows, error: error)]
        case .queries(let path, let change):
            return [change.apply(to: SavedQueryFile(path: path))]
        case .readImport(let path):
            return [.importRead(path: path, result: Self.readImport(path))]
        case .readChanges(let request):
            return [.changesRead(request, await Self.readChanges(request, runner: runner))]
        case .cancel, .quit, .edit, .copy:
            return []
        }
    }

    /// The Watch screen's read: changes through the Streams API, and journal calls when asked for.
    static func readChanges(_ request: WatchRequest, runner: ToolRunner) async -> Result<WatchBatch, DynamoError> {
        let backend = runner.backend
        do {
            let page = try await ChangeFeed(backend: backend, localWrites: runner.localWrites).read(
                tables: request.tables, after: request.cursor, limit: request.limit)
            var reads: [JournalEntry] = []
            if let after = request.journalAfter { reads = await backend.journalEntries(after: after, limit: 500) }
            return .success(WatchBatch(page: page, reads: reads))
        } catch let error as DynamoError {
            return .failure(error)
        } catch {
            return .failure(DynamoError(type: "InternalServerError", message: "\(error)"))
        }
    }

    /// Queues an event made on the UI thread (the editor's result) behind those already there.
    func post(_ event: Event) {
        inbox.withLock { $0.append(event) }
    }

    /// The events that arrived since the last call.
    func drain() -> [Event] {
        inbox.withLock { events in
            defer { events.removeAll() }
            return events
        }
    }

    func cancelAll() {
        tasks.withLock { running in running.values.forEach { $0.cancel() } }
    }

    /// Waits (briefly) for running calls so the log file gets every call that finished.
    func waitForRunning(timeout: Duration) {
        let deadline = ContinuousClock.now + timeout
        while tasks.withLock({ !$0.isEmpty }), ContinuousClock.now < deadline { usleep(5_000) }
    }
}

/// Writes an export without ever replacing a file that is there.
enum ExportFile {
    /// nil when written; otherwise why not.
    static func create(path: String, contents: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            return errno == EEXIST
                ? "\(path) already exists; choose another name"
                : "cannot create \(path): \(String(cString: strerror(errno)))"
        }
        defer { close(fd) }
        return writeAll(fd, Array(contents.utf8)) ? nil : "cannot write \(path): \(String(cString: strerror(errno)))"
    }

    /// Writes every byte (short writes continue); false on an error, with `errno` set.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return false }
            written += n
        }
        return true
    }
}

/// `--log FILE`: the calls the TUI runs, appended as JSON lines that `replay` runs again.
public final class ActionLogFile: Sendable {
    private let handle: Mutex<FileHandle>
    public let path: String

    /// Opens (creating if needed) the file for appending.
    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ActionLogError(message: "cannot create the action log \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ActionLogError(message: "cannot write the action log \(path)")
        }
        handle.seekToEndOfFile()
        self.handle = Mutex(handle)
        self.path = path
    }

    /// Appends a call with its outcome (`ActionLogOutcome`): `replay` runs what ran and skips
    /// what was refused or cancelled, so the log replays exactly what changed the data.
    public func append(_ call: ToolCall, result: ToolResult) {
        let outcome = ActionLogOutcome(result)
        let fields: JSONValue = [
            "tool": .string(call.name), "arguments": call.arguments,
            "outcome": .string(outcome.rawValue),
        ]
        let line = Data((fields.jsonText + "\n").utf8)
        handle.withLock { $0.write(line) }
    }
}

public struct ActionLogError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension EffectRunner {
    /// Reads a file to import as UTF-8 and parses its items (large files stay off the UI thread).
    static func readImport(_ path: String) -> Result<[JSONValue], Import.Failure> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Import.Failure(message: "cannot read \(path)"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(Import.Failure(message: "\(path) is not UTF-8 text"))
        }
        return Import.items(text, path: path)
    }
}
