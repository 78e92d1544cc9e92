import CNcurses
import Foundation

/// The only code that talks to ncurses: it draws frames (only the cells that changed) and turns
/// input into `Event`s. Everything it shows comes from a `Buffer`; it decides nothing.
final class NcursesTerminal {
    private var previous: Buffer?
    private var pairAttributes: [Role: Int32] = [:]
    private(set) var colorCount = 0
    private var ended = false

    /// Takes over the terminal: raw keys (Ctrl-C arrives as a key), no echo, hidden cursor.
    init(useColor: Bool, mouse: Bool = true) {
        // A parent that blocked SIGWINCH (some test runners do) would hide resizes from ncurses.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        setlocale(LC_ALL, "")
        setenv("ESCDELAY", "25", 0)
        initscr()
        raw()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        curs_set(0)
        cn_timeout(50)
        if mouse { cn_enable_mouse() }
        if useColor, has_colors() {
            start_color()
            use_default_colors()
            colorCount = Int(cn_colors())
        }
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    func end() {
        guard !ended else { return }
        ended = true
        endwin()
    }

    /// Hands the terminal to another program (the editor) until `resume`.
    func suspend() {
        def_prog_mode()
        endwin()
    }

    /// Takes the terminal back after `suspend` and redraws everything on the next frame.
    func resume() {
        reset_prog_mode()
        clearok(cn_stdscr(), true)
        refresh()
        previous = nil
    }

    /// Sends bytes straight to the terminal (an OSC 52 clipboard request), between frames.
    func sendRaw(_ text: String) {
        _ = ExportFile.writeAll(STDOUT_FILENO, Array(text.utf8))
    }

    var size: (width: Int, height: Int) { (Int(cn_cols()), Int(cn_lines())) }

    /// Prepares one colour pair per role; without colour every role falls back to its attributes.
    func apply(_ theme: Theme) {
        previous = nil
        for (offset, role) in Role.allCases.enumerated() {
            let style = colorCount > 0 ? theme.style(role) : role.monochrome
            var attributes = cn_a_normal()
            if style.bold { attributes |= cn_a_bold() }
            if style.reverse { attributes |= cn_a_reverse() }
            if style.dim { attributes |= cn_a_dim() }
            if style.underline { attributes |= cn_a_underline() }
            if colorCount > 0 {
                let pair = Int16(offset + 1)
                init_pair(pair, number(style.foreground), number(style.background))
                attributes |= cn_color_pair(Int32(pair))
            }
            pairAttributes[role] = attributes
        }
    }

    private func number(_ color: TerminalColor) -> Int16 {
        switch colorCount >= 256 ? color : color.basic {
        case .terminalDefault: return -1
        case .index(let i): return Int16(i)
        }
    }

    /// Draws a frame: on each row, only the span between the first and last changed cells.
    func draw(_ buffer: Buffer) {
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if full {
            clearok(cn_stdscr(), true)
            erase()
        }
        for y in 0..<buffer.height {
            var first = -1
            var last = -1
            for x in 0..<buffer.width where full || previous?[x, y] != buffer[x, y] {
                if first < 0 { first = x }
                last = x
            }
            guard first >= 0 else { continue }
            while first > 0, buffer[first, y].text.isEmpty { first -= 1 }
            var role: Role? = nil
            var run = ""
            var runStart = first
            func flush() {
                guard let current = role, !run.isEmpty else { return }
                _ = cn_attrset(pairAttributes[current] ?? 0)
                _ = cn_mvaddstr(Int32(y), Int32(runStart), run)
            }
            for x in first...last {
                let cell = buffer[x, y]
                if cell.text.isEmpty { continue }
                // The bottom-right cell is left alone: writing it scrolls some terminals.
                if y == buffer.height - 1, x == buffer.width - 1 { continue }
                if cell.role != role {
                    flush()
                    role = cell.role
                    run = ""
                    runStart = x
                }
                run += cell.text
            }
            flush()
        }
        _ = cn_attrset(0)
        refresh()
        previous = buffer
    }

    /// Notices a resize that no SIGWINCH announced, by asking the terminal its size.
    func pollResize() -> Event? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        let (width, height) = (Int(size.ws_col), Int(size.ws_row))
        guard width != self.size.width || height != self.size.height else { return nil }
        resizeterm(Int32(height), Int32(width))
        invalidate()
        return .resize(width: width, height: height)
    }

    /// Forces the next frame to be drawn whole (after a resize or an editor run).
    func invalidate() { previous = nil }

    /// Waits up to the input timeout for a key (or, with `waiting` false, takes one only if it is
    /// already there); nil when none came.
    func readEvent(waiting: Bool = true) -> Event? {
        var ch: wint_t = 0
        if !waiting { cn_timeout(0) }
        let status = cn_get_wch(&ch)
        if !waiting { cn_timeout(50) }
        if status == ERR { return nil }
        if status == cn_key_code_yes() {
            let code = Int32(ch)
            if code == cn_key_mouse() {
                var x: Int32 = 0
                var y: Int32 = 0
                switch cn_get_mouse(&x, &y) {
                case 1: return .mouse(.click, x: Int(x), y: Int(y))
                case 4: return .mouse(.wheelUp, x: Int(x), y: Int(y))
                case 5: return .mouse(.wheelDown, x: Int(x), y: Int(y))
                default: return nil
                }
            }
            if code == cn_key_resize() {
                invalidate()
                return .resize(width: size.width, height: size.height)
            }
            switch code {
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_ENTER: return .key(.enter)
            default: return nil
            }
        }
        switch ch {
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(UnicodeScalar(UInt8(ch) + 96))))
        default:
            guard let scalar = UnicodeScalar(UInt32(ch)) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }
}
