import DynamoTools
import Foundation
import Synchronization

/// Set by SIGTERM, SIGINT and SIGHUP: the loop sees it within one input timeout and leaves
/// cleanly, restoring the terminal.
private let stopRequested = Atomic<Int32>(0)

/// Runs the TUI on the real terminal until the user quits or a signal asks it to stop.
///
/// ```swift
/// try await TUIApp(runner: runner, options: .init(backendLabel: engine.label)).run()
/// ```
public struct TUIApp: Sendable {
    public struct Options: Sendable {
        public var session: SessionInfo
        public var theme: String
        public var logPath: String?
        /// A key file (`--keys`); nil looks for `~/.config/dynamo-explorer/keys.toml`.
        public var keysPath: String?
        /// Clicks select rows and the wheel scrolls; off with `--no-mouse` (the terminal selects text then).
        public var mouse = true
        /// Work the calls wait for (loading `--demo` tables), started with the first frame.
        public var prepare: (@Sendable () throws -> Void)?

        public init(session: SessionInfo, theme: String = "default", logPath: String? = nil) {
            self.session = session
            self.theme = theme
            self.logPath = logPath
        }
    }

    let runner: ToolRunner
    let options: Options

    public init(runner: ToolRunner, options: Options) {
        self.runner = runner
        self.options = options
    }

    /// Runs the loop on its own thread (it blocks on terminal input) and returns when it ends.
    public func run() async throws {
        let logFile = try options.logPath.map { try ActionLogFile(path: $0) }
        let effects = EffectRunner(runner: runner, logFile: logFile, prepare: options.prepare)
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal(sig) { _ in stopRequested.store(1, ordering: .relaxed) }
        }
        let options = self.options
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                Self.loop(options: options, effects: effects)
                done.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    static func loop(options: Options, effects: EffectRunner) {
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let terminal = NcursesTerminal(useColor: !noColor, mouse: options.mouse)
        defer {
            // Running calls are stopped (and logged) while curses mode is still on, then the
            // terminal is given back once; ncurses' stop handler is removed first, so a Ctrl-Z or
            // SIGTSTP arriving now cannot enter curses mode again after the app has left it.
            effects.cancelAll()
            effects.waitForRunning(timeout: .seconds(2))
            signal(SIGTSTP, SIG_DFL)
            terminal.end()
        }
        let size = terminal.size
        var model = Model(session: options.session, width: size.width, height: size.height, themeName: options.theme)
        var themeName = ""
        applyTheme(&model, &themeName, terminal, fallbackFrom: options.theme)
        var pending = App.start(&model)
        Self.applyKeys(&model, path: options.keysPath)
        var lastTick = ContinuousClock.now
        var dirty = true
        while stopRequested.load(ordering: .relaxed) == 0 {
            if performTerminalEffects(pending, terminal, effects) == .quit { return }
            if pending.contains(where: \.needsTerminal) { dirty = true }
            pending = []
            for event in effects.drain() {
                pending += App.update(&model, event)
                dirty = true
            }
            if model.themeName != themeName {
                applyTheme(&model, &themeName, terminal, fallbackFrom: nil)
                dirty = true
            }
            if dirty {
                terminal.draw(View.render(model))
                dirty = false
            }
            if !pending.isEmpty { continue }
            if let resized = terminal.pollResize() {
                pending += App.update(&model, resized)
                dirty = true
            }
            let input = readInput(&model, terminal)
            if input.read {
                pending += input.effects
                dirty = true
            }
            if model.isBusy || model.wantsTicks, lastTick.duration(to: .now) > .milliseconds(100) {
                lastTick = .now
                pending += App.update(&model, .tick)
                dirty = true
            }
        }
    }

    /// Runs effects: the ones that need the terminal (the editor, the clipboard, quitting) here, the rest on
    /// the effect runner.
    static func performTerminalEffects(_ pending: [Effect], _ terminal: NcursesTerminal, _ effects: EffectRunner)
        -> Effect?
    {
        for effect in pending {
            switch effect {
            case .quit: return .quit
            case .edit(let text):
                terminal.suspend()
                let edited = ExternalEditor.edit(text)
                terminal.resume()
                effects.post(.edited(text: edited))
            case .copy(let text):
                terminal.sendRaw(HandOver.osc52(text, insideTmux: ProcessInfo.processInfo.environment["TMUX"] != nil))
            default:
                effects.perform(effect)
            }
        }
        return nil
    }

    /// Reads a key or mouse event, and the ones that came with it: keys that came together (a paste, a held
    /// key) are all taken before the next frame, so a 100 KB paste is one redraw, not 100,000 — up to an
    /// effect that needs the terminal.
    static func readInput(_ model: inout Model, _ terminal: NcursesTerminal) -> (read: Bool, effects: [Effect]) {
        guard let event = terminal.readEvent() else { return (false, []) }
        var pending = App.update(&model, event)
        let batchStart = ContinuousClock.now
        while !pending.contains(where: \.needsTerminal), batchStart.duration(to: .now) < .milliseconds(30),
            let next = terminal.readEvent(waiting: false)
        {
            pending += App.update(&model, next)
        }
        return (true, pending)
    }

    /// Loads the key file, if any: a broken one is reported on the message line and the standard
    /// keys stay (as with a broken theme).
    static func applyKeys(_ model: inout Model, path: String?) {
        let file = path ?? KeyFile.userPath
        guard path != nil || FileManager.default.fileExists(atPath: file) else { return }
        do {
            model.keyMap = try KeyFile.load(path: file)
        } catch {
            model.message = Model.Message(text: "using the standard keys: \(error)", isError: true)
        }
    }

    /// Loads the model's theme; a theme that fails to load is reported on the message line and
    /// `default` is used instead.
    static func applyTheme(
        _ model: inout Model, _ current: inout String, _ terminal: NcursesTerminal, fallbackFrom: String?
    ) {
        do {
            terminal.apply(try Theme.load(model.themeName))
        } catch {
            model.message = Model.Message(text: "using the default theme: \(error)", isError: true)
            model.themeName = "default"
            terminal.apply((try? Theme.load("default")) ?? .monochrome)
        }
        current = model.themeName
    }
}
