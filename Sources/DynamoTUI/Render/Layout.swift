/// Where each part of the screen goes at the current size: one place, used by `view` to draw
/// and by `update` to keep the selection on screen.
///
/// ```
/// row 0            title bar: screen name · backend · READ-ONLY
/// rows 1…          the screen (a column header, then rows)
/// (optional)       the action log pane
/// row height-2     status bar: table, page, counts, capacity, time
/// row height-1     message line: errors, prompts, hints
/// ```
public struct Layout: Equatable, Sendable {
    /// Smallest size that shows anything but the "terminal too small" notice.
    public static let minimumWidth = 20
    public static let minimumHeight = 6

    public var width: Int
    public var height: Int
    public var contentTop = 1
    public var contentHeight: Int
    public var logTop: Int
    public var logHeight: Int
    public var statusRow: Int
    public var messageRow: Int

    public init(width: Int, height: Int, showLog: Bool) {
        self.width = width
        self.height = height
        statusRow = max(0, height - 2)
        messageRow = max(0, height - 1)
        let available = max(0, height - 3)
        logHeight = showLog ? min(max(2, available / 3), max(0, available - 2)) : 0
        contentHeight = available - logHeight
        logTop = contentTop + contentHeight
    }

    public init(_ model: Model) {
        self.init(width: model.width, height: model.height, showLog: model.log.visible)
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Rows for list entries under a one-line column header.
    public var listRows: Int { max(1, contentHeight - 1) }
}

/// Keeps `selected` visible by moving `top`.
func keepVisible(selected: Int, top: inout Int, rows: Int, count: Int) {
    let rows = max(1, rows)
    if selected < top { top = selected }
    if selected >= top + rows { top = selected - rows + 1 }
    top = max(0, min(top, max(0, count - rows)))
}
