import DynamoTools
import Foundation
import Synchronization

/// Runs the effects `update` asks for: tool calls off the UI thread through the same
/// `ToolRunner` the MCP server uses, each appended to the action log file when it finishes.
/// Results come back as events in a queue the UI loop drains.
final class EffectRunner: Sendable {
    let runner: ToolRunner
    let logFile: ActionLogFile?
    private let tasks = Mutex<[Int: Task<Void, Never>]>([:])
    private let inbox = Mutex<[Event]>([])

    init(runner: ToolRunner, logFile: ActionLogFile?) {
        self.runner = runner
        self.logFile = logFile
    }

    func perform(_ effect: Effect) {
        switch effect {
        case .run(let id, let call):
            let task = Task.detached { [self] in
                let result = await runner.run(call)
                logFile?.append(call)
                tasks.withLock { _ = $0.removeValue(forKey: id) }
                inbox.withLock { $0.append(.finished(id: id, result: result)) }
            }
            tasks.withLock { $0[id] = task }
        case .cancel(let ids):
            tasks.withLock { running in
                for id in ids { running[id]?.cancel() }
            }
        case .quit:
            break
        }
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

    public func append(_ call: ToolCall) {
        let line = Data((call.jsonLine + "\n").utf8)
        handle.withLock { $0.write(line) }
    }
}

public struct ActionLogError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
