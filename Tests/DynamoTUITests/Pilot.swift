import DynamoCore
import DynamoEngine
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// Drives the real `update`/`view` with a real `ToolRunner` on an in-memory engine: every effect
/// is run to completion before the next key, like a user who waits for the spinner to stop.
final class Pilot {
    var model: Model
    let runner: ToolRunner
    /// Every call the app issued, in order (dry runs in `checks`).
    var calls: [ToolCall] = []
    var checks: [ToolCall] = []
    /// What the app put on the clipboard.
    var copied: [String] = []
    /// Stands in for `$EDITOR`: given the text the app opened, returns what the user saved.
    var editor: (String) -> String? = { $0 }
    /// The texts the editor was opened on.
    var edits: [String] = []

    /// The app's own effect runner: the driver awaits each effect instead of running it on a task.
    let effects: EffectRunner

    init(runner: ToolRunner, width: Int = 80, height: Int = 24, readOnly: Bool = false) {
        self.runner = runner
        effects = EffectRunner(runner: runner)
        model = Model(
            session: SessionInfo(backendLabel: "embedded:memory", readOnly: readOnly, pageSize: 10),
            width: width, height: height)
    }

    func start() async {
        await run(App.start(&model))
    }

    func press(_ keys: Key...) async {
        for key in keys { await run(App.update(&model, .key(key))) }
    }

    /// Presses bindings by name, through their first key in the app's key map: a test reads as what
    /// the user does, and follows a rebinding.
    func press(_ commands: Command...) async {
        for command in commands {
            guard let key = App.keyFor(command, in: model) else {
                Issue.record("\(command.rawValue) has no key")
                return
            }
            await run(App.update(&model, .key(key)))
        }
    }

    func type(_ text: String) async {
        for c in text { await press(.char(c)) }
    }

    func resize(_ width: Int, _ height: Int) async {
        await run(App.update(&model, .resize(width: width, height: height)))
    }

    /// Runs effects (and the effects their results cause) until none are left.
    func run(_ pending: [Effect]) async {
        var queue = pending
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .run(_, let call): calls.append(call)
            case .check(_, let call): checks.append(call)
            case .edit(let text):
                edits.append(text)
                queue += App.update(&model, .edited(text: editor(text)))
            case .copy(let text): copied.append(text)
            default: break
            }
            for event in await effects.complete(effect) {
                var event = event
                if case .finished(let id, var result) = event {
                    result.summary = Pilot.steadyTimes(result.summary)
                    result.cost = Pilot.steadyTimes(result.cost)
                    event = .finished(id: id, result: result)
                }
                queue += App.update(&model, event)
            }
        }
    }

    /// Summaries carry the call's time; snapshots need a steady one.
    static func steadyTimes(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9.]+ ms"#, with: "1.00 ms", options: .regularExpression)
    }

    var screen: String { View.render(model).text }
}

/// A small deterministic database for snapshots: keys, numbers, sets, maps, wide characters,
/// a long value, and an empty table.
func fixtureRunner(readOnly: Bool = false) async throws -> ToolRunner {
    let engine = try EmbeddedEngine(path: nil)
    let runner = ToolRunner(backend: engine, policy: ToolPolicy(readOnly: readOnly))
    let setup = ToolRunner(backend: engine)
    func must(_ name: String, _ args: String) async throws {
        let result = await setup.run(ToolCall(name: name, arguments: try JSONValue.parse(args)))
        #expect(!result.isError, "\(name): \(result.summary)")
    }
    try await must("create_table", #"{"table": "Books", "partition_key": {"name": "isbn", "type": "S"}}"#)
    try await must(
        "create_table",
        #"{"table": "Empty", "partition_key": {"name": "id", "type": "N"}, "sort_key": {"name": "at", "type": "S"}}"#)
    let books = [
        #"{"isbn": "978-0", "title": "東京物語 🗼 guide", "price": 12.50, "tags": {"$ss": ["travel", "japan"]}, "stock": 3}"#,
        #"{"isbn": "978-1", "title": "The Pragmatic Programmer", "price": 39.99, "meta": {"pages": 352, "lang": "en"}}"#,
        #"{"isbn": "978-2", "title": "A very long title that keeps going well past any sensible column width", "price": 1234567890.123456789}"#,
        #"{"isbn": "978-3", "title": "Café", "price": 7, "used": true, "notes": null, "cover": {"$b": "AAECAwQF"}}"#,
    ]
    for (index, book) in books.enumerated() {
        try await must("put_item", #"{"table": "Books", "item": \#(book)}"#)
        _ = index
    }
    for n in 0..<25 {
        try await must(
            "put_item",
            #"{"table": "Books", "item": {"isbn": "979-\#(String(format: "%02d", n))", "title": "Volume \#(n)", "price": \#(n)}}"#
        )
    }
    return runner
}

/// Compares a frame with `Snapshots/NAME.txt`; a missing snapshot is written and the test fails,
/// so a new snapshot is looked at before it is trusted (`RECORD_SNAPSHOTS=1` rewrites all).
func assertSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent("\(name).txt")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !record, let data = FileManager.default.contents(atPath: file.path) else {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? Data((text + "\n").utf8).write(to: file)
        Issue.record("Recorded snapshot \(name); check it and run again", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    #expect(text + "\n" == expected, "snapshot \(name) differs:\n\(text)", sourceLocation: sourceLocation)
}
