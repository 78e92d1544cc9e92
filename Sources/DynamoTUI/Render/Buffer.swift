/// One terminal cell: the grapheme drawn there and the colour role it is drawn in.
///
/// A wide grapheme (CJK, emoji) fills its own cell and the next one holds `""`, a continuation
/// that draws nothing; so a row of `width` cells always spans exactly `width` columns.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var role: Role

    public init(_ text: String = " ", _ role: Role = .normal) {
        self.text = text
        self.role = role
    }

    public static let blank = Cell()
}

/// A frame: a grid of cells that the view builds and the terminal draws (only what changed).
///
/// Building frames as values keeps the view pure: tests compare `lines` against text snapshots at
/// fixed sizes, with no terminal involved.
///
/// ```swift
/// var buffer = Buffer(width: 20, height: 2)
/// buffer.write("Tables", x: 0, y: 0, role: .title)
/// buffer.lines[0]   // "Tables              "
/// ```
public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes text at (x, y), clipped to `maxWidth` columns (and the buffer's edge) with `…`.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: Role, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        let limit = min(maxWidth ?? width - x, width - x)
        guard limit > 0 else { return 0 }
        // One pass: write glyphs while they fit; on overflow, step back until `…` fits.
        var written: [(column: Int, width: Int)] = []
        var column = x
        var overflowed = false
        for character in text {
            let glyph = character.printable
            let w = DisplayWidth.of(glyph)
            if w == 0 { continue }
            if column + w > x + limit {
                overflowed = true
                break
            }
            self[column, y] = Cell(String(glyph), role)
            if w == 2 { self[column + 1, y] = Cell("", role) }
            written.append((column, w))
            column += w
        }
        if overflowed {
            while let last = written.last, column + 1 > x + limit {
                for c in last.column..<(last.column + last.width) { self[c, y] = Cell(" ", role) }
                column = last.column
                written.removeLast()
            }
            self[column, y] = Cell("…", role)
            column += 1
        }
        return column - x
    }

    /// Writes text right-aligned so that it ends at column `right` (exclusive).
    public mutating func writeRight(_ text: String, right: Int, y: Int, role: Role, maxWidth: Int) {
        let shown = text.printable.truncated(toWidth: maxWidth)
        write(shown, x: max(0, right - DisplayWidth.of(shown)), y: y, role: role, maxWidth: maxWidth)
    }

    /// Paints a rectangle's role (keeping its text), e.g. a selection bar or a status line.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int = 1, role: Role) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) {
                self[column, row] = Cell(self[column, row].text, role)
            }
        }
    }

    /// Clears a rectangle to blanks in `role`.
    public mutating func clear(x: Int, y: Int, width w: Int, height h: Int, role: Role = .normal) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { self[column, row] = Cell(" ", role) }
        }
    }

    /// The frame as text, one string per row (continuation cells add nothing): the snapshot form.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += self[x, y].text }
            return line
        }
    }

    /// The rows joined with newlines, trailing spaces kept so sizes are visible in snapshots.
    public var text: String { lines.joined(separator: "\n") }
}
