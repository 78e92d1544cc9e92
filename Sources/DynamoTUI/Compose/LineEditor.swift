/// Editing a one-line text field the way a shell does: the cursor moves (←/→, Home/End,
/// Ctrl-A/E), text is cut before or after it (Ctrl-U/K/W) and typed at it.
///
/// The cursor is kept as `tail`, the number of characters after it, so typing and pasting at the
/// end — by far the common case — append in constant time; a 100 KB paste stays fast.
///
/// ```swift
/// var text = "status = open", tail = 0
/// LineEditor.apply(.fieldStart, to: &text, tail: &tail)   // cursor before "status"
/// LineEditor.insert("x", into: &text, tail: &tail)        // "xstatus = open"
/// ```
public enum LineEditor {
    /// Types one character at the cursor.
    public static func insert(_ character: Character, into text: inout String, tail: inout Int) {
        tail = clamped(tail, text)
        if tail == 0 {
            text.append(character)
        } else {
            text.insert(character, at: text.index(text.endIndex, offsetBy: -tail))
        }
    }

    /// Applies a field command; false when `command` is not one that edits a field.
    @discardableResult
    public static func apply(_ command: Command, to text: inout String, tail: inout Int) -> Bool {
        tail = clamped(tail, text)
        // The common keys at the end of the text never count it (that would make a paste quadratic).
        if tail == 0, command == .fieldDeleteBack {
            if !text.isEmpty { text.removeLast() }
            return true
        }
        if tail == 0, command == .fieldEnd || command == .fieldRight || command == .fieldDeleteForward { return true }
        let count = text.count
        let cursor = count - tail
        switch command {
        case .fieldLeft: tail = min(count, tail + 1)
        case .fieldRight: tail = max(0, tail - 1)
        case .fieldStart: tail = count
        case .fieldEnd: tail = 0
        case .fieldDeleteBack:
            guard cursor > 0 else { return true }
            if tail == 0 { text.removeLast() } else { text.remove(at: index(text, cursor - 1)) }
        case .fieldDeleteForward:
            guard tail > 0 else { return true }
            text.remove(at: index(text, cursor))
            tail -= 1
        case .fieldCutToStart:
            text.removeSubrange(text.startIndex..<index(text, cursor))
        case .fieldCutToEnd:
            text.removeSubrange(index(text, cursor)...)
            tail = 0
        case .fieldCutWord:
            let start = wordStart(text, before: cursor)
            text.removeSubrange(index(text, start)..<index(text, cursor))
        default:
            return false
        }
        return true
    }

    /// What a field shows in `width` columns: its text with the cursor mark `▏` at the cursor,
    /// scrolled sideways so the cursor stays in view (an ellipsis marks text cut off on either side).
    public static func window(_ text: String, tail: Int, width: Int) -> String {
        let tail = clamped(tail, text)
        let characters = Array(text)
        let cursor = characters.count - tail
        let marked = characters[..<cursor] + ["▏"] + characters[cursor...]
        guard width > 0 else { return "" }
        if DisplayWidth.of(String(marked)) <= width { return String(marked) }
        // Take characters around the cursor until the width is spent: first to the left (up to
        // two thirds of the room, so what follows the cursor shows too), then to the right.
        var start = cursor
        var end = cursor + 1
        var used = 1
        let leftRoom = max(1, width * 2 / 3)
        while start > 0, used + DisplayWidth.of(String(marked[start - 1])) <= leftRoom - 1 {
            start -= 1
            used += DisplayWidth.of(String(marked[start]))
        }
        while end < marked.count, used + DisplayWidth.of(String(marked[end])) <= width - 2 {
            used += DisplayWidth.of(String(marked[end]))
            end += 1
        }
        while start > 0, used + DisplayWidth.of(String(marked[start - 1])) <= width - 2 {
            start -= 1
            used += DisplayWidth.of(String(marked[start]))
        }
        return (start > 0 ? "…" : "") + String(marked[start..<end]) + (end < marked.count ? "…" : "")
    }

    /// Where the word before `cursor` starts: spaces before the cursor, then the word, as Ctrl-W
    /// cuts in a shell.
    static func wordStart(_ text: String, before cursor: Int) -> Int {
        let characters = Array(text)
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        return start
    }

    static func clamped(_ tail: Int, _ text: String) -> Int {
        tail <= 0 ? 0 : min(tail, text.count)
    }

    static func index(_ text: String, _ offset: Int) -> String.Index {
        text.index(text.startIndex, offsetBy: offset)
    }
}
