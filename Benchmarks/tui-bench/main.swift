// TUI benchmarks: start to first full frame on the demo data, the time to render a page of 100
// items with wide values, and resident memory while paging through a 100,000-item table.
// Run: swift run -c release tui-bench
import DynamoCore
import DynamoEngine
import DynamoTUI
import DynamoTools
import Foundation

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

/// Resident set size in MB, from /proc (Linux); 0 elsewhere.
func residentMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
        let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// Runs effects through the app's effect runner and feeds the events back, as the real loop does.
func drive(_ model: inout Model, _ effects: [Effect], _ runner: ToolRunner) async {
    let effectRunner = EffectRunner(runner: runner)
    var queue = effects
    while !queue.isEmpty {
        for event in await effectRunner.complete(queue.removeFirst()) { queue += App.update(&model, event) }
    }
}

func benchmark() async throws {
    // 1. Start to first frame, as `--demo` runs: the engine opens, the first frame ("loading tables")
    //    is drawn while the demo tables load on another thread; then the table list arrives.
    var firstFrames: [Double] = []
    var listed: [Double] = []
    for _ in 0..<5 {
        let start = ContinuousClock.now
        let engine = try EmbeddedEngine(path: nil)
        let loading = Task.detached { try DemoData.load(into: engine) }
        let runner = ToolRunner(backend: engine)
        var model = Model(session: SessionInfo(backendLabel: engine.label), width: 120, height: 40)
        let effects = App.start(&model)
        precondition(View.render(model).text.contains("loading tables"))
        firstFrames.append(milliseconds(start.duration(to: .now)))
        try await loading.value
        await drive(&model, effects, runner)
        precondition(View.render(model).text.contains("Shop"))
        listed.append(milliseconds(start.duration(to: .now)))
    }
    let demoOnly: Double = try {
        let start = ContinuousClock.now
        try DemoData.load(into: try EmbeddedEngine(path: nil))
        return milliseconds(start.duration(to: .now))
    }()
    print(
        String(
            format:
                "first frame on --demo (median of 5): %.1f ms; tables listed: %.1f ms (loading the demo tables: %.1f ms)",
            firstFrames.sorted()[2], listed.sorted()[2], demoOnly))

    // 2. Rendering a page of 100 items with wide values at 200×60.
    var state = BrowserState(table: "Wide", keyAttributes: ["pk", "sk"], pageSize: 100)
    var items: [JSONValue] = []
    for i in 0..<100 {
        var item: [String: JSONValue] = ["pk": ["S": .string("客户#\(i)")], "sk": ["S": .string("注文#2025-\(i) 📦")]]
        for a in 0..<10 {
            item["attr\(a)"] =
                a % 3 == 0 ? ["N": .string("\(i * a).125")] : ["S": .string(String(repeating: "東京🗼abc", count: 6))]
        }
        items.append(.object(item))
    }
    var renderModel = Model(session: SessionInfo(backendLabel: "bench"), width: 200, height: 60)
    renderModel.screens = [.tables, .browser]
    let pageResult = ToolResult(
        structured: ["items": .array(items), "count": 100, "scanned_count": 100], summary: "scan (1 ms)")
    renderModel.pending[1] = Model.Pending(purpose: .page(table: "Wide", index: 0), call: ToolCall(name: "scan"))
    renderModel.browser = state
    _ = App.update(&renderModel, .finished(id: 1, result: pageResult))
    let rounds = 300
    let renderStart = ContinuousClock.now
    var checksum = 0
    for _ in 0..<rounds { checksum &+= View.render(renderModel).cells.count }
    print(
        String(
            format: "render a page of 100 wide items at 200×60: %.2f ms per frame (%d frames)",
            milliseconds(renderStart.duration(to: .now)) / Double(rounds), rounds))

    // 3. RSS while paging forward through a 100,000-item table, 100 items a page.
    let big = try EmbeddedEngine(path: nil)
    let bigRunner = ToolRunner(backend: big)
    _ = await bigRunner.run(
        ToolCall(
            name: "create_table",
            arguments: try JSONValue.parse(
                #"{"table": "Big", "partition_key": {"name": "pk", "type": "S"}, "sort_key": {"name": "n", "type": "N"}}"#
            )))
    for batch in 0..<4000 {
        var requests: [JSONValue] = []
        for j in 0..<25 {
            let n = batch * 25 + j
            requests.append([
                "PutRequest": [
                    "Item": [
                        "pk": ["S": .string("p\(n % 997)")], "n": ["N": .string("\(n)")],
                        "body": ["S": .string("東京🗼 payload \(n) " + String(repeating: "x", count: 40))],
                    ]
                ]
            ])
        }
        _ = try big.performSync(.batchWriteItem, ["RequestItems": ["Big": .array(requests)]])
    }
    var pager = Model(session: SessionInfo(backendLabel: "bench", pageSize: 100), width: 160, height: 50)
    await drive(&pager, App.start(&pager), bigRunner)
    await drive(&pager, App.update(&pager, .key(.enter)), bigRunner)
    var samples: [Int: Double] = [:]
    let pagingStart = ContinuousClock.now
    for page in 1...1000 {
        await drive(&pager, App.update(&pager, .key(.char("]"))), bigRunner)
        _ = View.render(pager)
        if [10, 100, 250, 500, 750, 1000].contains(page) { samples[page] = residentMB() }
        if pager.browser?.page?.hasMore != true { break }
    }
    let pages = (pager.browser?.pageIndex ?? 0) + 1
    print(
        String(
            format: "paged to page %d (%d log entries) in %.1f s: %.2f ms per page (scan call + render)",
            pages, pager.log.entries.count, milliseconds(pagingStart.duration(to: .now)) / 1000,
            milliseconds(pagingStart.duration(to: .now)) / Double(pages)))
    for page in samples.keys.sorted() { print(String(format: "  RSS at page %4d: %.1f MB", page, samples[page]!)) }
    if let at10 = samples[10], let last = samples[samples.keys.max()!] {
        print(
            String(
                format: "RSS change from page 10 to page %d: %+.1f%%", samples.keys.max()!, (last - at10) / at10 * 100))
    }
    _ = checksum
    typingCosts()
}

/// 4. What one key costs where text is typed: a 100 KB paste into `:` (keys taken in one batch,
///    one frame, as the loop does), 3,000 backspaces with a frame each, and `/` over loaded rows when
///    one item has 1,500 attributes, with a frame per key.
func typingCosts() {
    var model = Model(session: SessionInfo(backendLabel: "bench"), width: 120, height: 40)
    _ = App.update(&model, .key(.char(":")))
    let paste = String(repeating: "0123456789", count: 10_000)
    var start = ContinuousClock.now
    for c in paste { _ = App.update(&model, .key(.char(c))) }
    _ = View.render(model)
    print(
        String(
            format: "paste 100 KB into ':' (one batch, one frame): %.0f ms in all, %.2f µs a key",
            milliseconds(start.duration(to: .now)), milliseconds(start.duration(to: .now)) * 1000 / 100_000))
    var model2 = Model(session: SessionInfo(backendLabel: "bench"), width: 120, height: 40)
    _ = App.update(&model2, .key(.char(":")))
    for c in paste.prefix(3000) { _ = App.update(&model2, .key(.char(c))) }
    start = ContinuousClock.now
    for _ in 0..<3000 {
        _ = App.update(&model2, .key(.backspace))
        _ = View.render(model2)
    }
    print(
        String(
            format: "3,000 backspaces in ':' with a frame each: %.0f ms in all, %.3f ms a key",
            milliseconds(start.duration(to: .now)), milliseconds(start.duration(to: .now)) / 3000))
    var wide: [String: JSONValue] = ["pk": ["S": "wide"]]
    for a in 0..<1500 { wide["attribute\(a)"] = ["S": .string("value number \(a) 東京")] }
    var items: [JSONValue] = [.object(wide)]
    for i in 0..<99 { items.append(["pk": ["S": .string("row\(i)")], "name": ["S": .string("Name \(i)")]]) }
    var browse = Model(session: SessionInfo(backendLabel: "bench"), width: 120, height: 40)
    browse.screens = [.tables, .browser]
    browse.browser = BrowserState(table: "Wide", keyAttributes: ["pk"], pageSize: 100)
    browse.pending[1] = Model.Pending(purpose: .page(table: "Wide", index: 0), call: ToolCall(name: "scan"))
    _ = App.update(
        &browse,
        .finished(
            id: 1,
            result: ToolResult(
                structured: [
                    "items": .array(items), "count": 100,
                    "scanned_count": 100,
                ], summary: "scan")))
    _ = App.update(&browse, .key(.char("/")))
    start = ContinuousClock.now
    for c in "number 14" {
        _ = App.update(&browse, .key(.char(c)))
        _ = View.render(browse)
    }
    print(
        String(
            format: "'/' over 100 rows, one with 1,500 attributes: %.2f ms a key (with its frame); %d rows match",
            milliseconds(start.duration(to: .now)) / 9, browse.browser?.items.count ?? -1))
}

try await benchmark()
try await watchLatency()
