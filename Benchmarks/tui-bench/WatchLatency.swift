// Commit-to-screen latency of the Watch screen: a writer commits 1,000 items a second to a database
// file through one engine (another process, as an agent's `--mcp` would be); the TUI's model, on a
// second engine over the same file, reads the feed as the app does (a read every 5 ticks of 100 ms)
// and renders; for each change, the time from its commit to the frame that first shows it.
import DynamoCore
import DynamoEngine
import DynamoTUI
import DynamoTools
import Foundation
import Synchronization

func watchLatency() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("dx-watch-\(UUID().uuidString).sqlite")
    defer { try? FileManager.default.removeItem(at: path) }
    let writer = try EmbeddedEngine(path: path.path)
    _ = try writer.performSync(
        .createTable,
        [
            "TableName": "Feed", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [["AttributeName": "id", "KeyType": "HASH"]],
            "AttributeDefinitions": [["AttributeName": "id", "AttributeType": "S"]],
            "StreamSpecification": ["StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"],
        ])
    let watcher = try EmbeddedEngine(path: path.path)
    let runner = ToolRunner(backend: watcher, identity: FaceIdentity(face: "tui"))
    let effects = EffectRunner(runner: runner)
    var model = Model(session: SessionInfo(backendLabel: watcher.label), width: 120, height: 40)
    await drive(&model, App.start(&model), runner)
    await drive(&model, App.update(&model, .key(.char("w"))), runner)  // the Watch screen, from the table list
    let committed = Mutex<[String: ContinuousClock.Instant]>([:])
    let seconds = 5
    let writing = Task.detached {
        let start = ContinuousClock.now
        for i in 0..<(1_000 * seconds) {
            try await Task.sleep(until: start + .microseconds(1_000 * i))
            _ = try writer.performSync(.putItem, ["TableName": "Feed", "Item": ["id": ["S": .string("k\(i)")]]])
            committed.withLock { $0["k\(i)"] = .now }
        }
    }
    var latencies: [Double] = []
    var readCosts: [Double] = []
    var seen = Set<String>()
    let end = ContinuousClock.now + .seconds(seconds + 1)
    while ContinuousClock.now < end {
        try await Task.sleep(for: .milliseconds(100))
        for effect in App.update(&model, .tick) {
            let started = ContinuousClock.now
            let events = await effects.complete(effect)
            readCosts.append(milliseconds(started.duration(to: .now)))
            for event in events { _ = App.update(&model, event) }
            _ = View.render(model)
            let shown = ContinuousClock.now
            let times = committed.withLock { $0 }
            for entry in model.watch?.entries ?? [] where !seen.contains(entry.key) {
                seen.insert(entry.key)
                if let at = times[entry.key] { latencies.append(milliseconds(at.duration(to: shown))) }
            }
        }
    }
    try await writing.value
    // With nothing new: what a poll costs while the feed is quiet.
    var idleRead: [Double] = []
    var idleUpdate: [Double] = []
    for _ in 0..<20 {
        guard let watch = model.watch else { break }
        let started = ContinuousClock.now
        let events = await effects.complete(.readChanges(App.watchRequest(watch)))
        let read = ContinuousClock.now
        for event in events { _ = App.update(&model, event) }
        _ = View.render(model)
        idleRead.append(milliseconds(started.duration(to: read)))
        idleUpdate.append(milliseconds(read.duration(to: .now)))
    }
    idleRead.sort()
    idleUpdate.sort()
    if !idleRead.isEmpty {
        print(
            String(
                format: "watch, quiet feed of %d rows: a read p50 %.2f ms; update and frame p50 %.2f ms",
                model.watch?.entries.count ?? 0, idleRead[idleRead.count / 2], idleUpdate[idleUpdate.count / 2]))
    }
    latencies.sort()
    readCosts.sort()
    guard !latencies.isEmpty, !readCosts.isEmpty else { return print("watch: no changes were seen") }
    print(
        String(
            format:
                "watch at 1,000 writes/s: %d changes shown; commit to screen p50 %.0f ms, p99 %.0f ms, max %.0f ms; "
                + "a read of the feed p50 %.1f ms, p99 %.1f ms",
            latencies.count, latencies[latencies.count / 2], latencies[latencies.count * 99 / 100],
            latencies.last!, readCosts[readCosts.count / 2], readCosts[readCosts.count * 99 / 100]))
}
