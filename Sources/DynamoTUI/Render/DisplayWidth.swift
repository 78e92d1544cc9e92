/// How many terminal columns text takes, as a terminal emulator draws it.
///
/// A grapheme cluster is 2 columns when it is East Asian Wide/Fullwidth or an emoji shown as a
/// picture, 0 when it is only combining marks or controls, and 1 otherwise. Pure Swift (no
/// `wcwidth`), so the view code can be tested without a terminal and gives the same answer on
/// every platform.
///
/// ```swift
/// DisplayWidth.of("東京")   // 4
/// DisplayWidth.of("é")      // 1 (e + combining acute is one cluster)
/// ```
public enum DisplayWidth {
    public static func of(_ text: some StringProtocol) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F ? 0 : 1 }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        for scalar in scalars {
            if isWide(scalar) { return 2 }
        }
        if scalars.allSatisfy({ isZeroWidth($0) }) { return 0 }
        return 1
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B
        }
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x1100 { return false }
        if scalar.properties.isEmojiPresentation { return true }
        for range in wideRanges where range.contains(v) { return true }
        return false
    }

    /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, grouped).
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
        0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}

extension String {
    /// The text cut to `width` columns, ending in `…` when something was cut; never splits a
    /// grapheme, and pads nothing.
    public func truncated(toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(self) <= width { return self }
        var out = ""
        var used = 0
        for character in self {
            let w = DisplayWidth.of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// The text (made printable) split into rows of at most `width` columns; an empty text is one
    /// empty row, and a glyph wider than `width` still gets a row of its own.
    public func wrapped(toWidth width: Int) -> [String] {
        let width = max(1, width)
        var rows: [String] = []
        var rest = Substring(printable)
        repeat {
            var row = ""
            var used = 0
            while let c = rest.first, used + DisplayWidth.of(c) <= width {
                row.append(c)
                used += DisplayWidth.of(c)
                rest = rest.dropFirst()
            }
            if row.isEmpty, let c = rest.first {
                row.append(c)
                rest = rest.dropFirst()
            }
            rows.append(row)
        } while !rest.isEmpty
        return rows
    }

    /// Replaces control characters (newlines, tabs, escapes) with visible stand-ins, so a value
    /// can never move the cursor or break a row.
    public var printable: String { String(map(\.printable)) }
}

extension Character {
    /// The character as drawn: a newline as `↵`, a tab as `→`, other C0/C1 controls as `·`.
    public var printable: Character {
        guard let ascii = asciiValue else {
            if let scalar = unicodeScalars.first, (0x80..<0xA0).contains(scalar.value) { return "·" }
            return self
        }
        switch ascii {
        case 0x0A: return "↵"
        case 0x09: return "→"
        case 0..<0x20, 0x7F: return "·"
        default: return self
        }
    }
}
