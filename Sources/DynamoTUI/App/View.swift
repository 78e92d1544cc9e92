import DynamoCore
import Foundation

/// Draws the model into a frame: the whole screen, as cells with roles.
///
/// Pure, like `update`: tests render at fixed sizes and compare the text with snapshots.
public enum View {
    public static func render(_ model: Model) -> Buffer {
        var buffer = Buffer(width: model.width, height: model.height)
        let layout = Layout(model)
        if layout.isTooSmall {
            drawTooSmall(&buffer)
            return buffer
        }
        drawTitle(&buffer, model)
        model.screen.type.draw(&buffer, model, layout)
        if model.log.visible { LogView.draw(&buffer, model, layout) }
        drawStatus(&buffer, model, layout)
        drawMessage(&buffer, model, layout)
        if !model.showHelp { OverlayView.draw(&buffer, model, layout) }
        if model.showHelp { HelpView.draw(&buffer, model, layout) }
        return buffer
    }

    static func drawTooSmall(_ buffer: inout Buffer) {
        let lines = [
            "terminal too small", "need \(Layout.minimumWidth)×\(Layout.minimumHeight)",
            "now \(buffer.width)×\(buffer.height)", "q quits",
        ]
        let top = max(0, (buffer.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() where top + offset < buffer.height {
            let shown = line.truncated(toWidth: buffer.width)
            buffer.write(
                shown, x: max(0, (buffer.width - DisplayWidth.of(shown)) / 2), y: top + offset,
                role: offset == 0 ? .warning : .dim)
        }
    }

    static func drawTitle(_ buffer: inout Buffer, _ model: Model) {
        buffer.clear(x: 0, y: 0, width: buffer.width, height: 1, role: .header)
        var crumbs = ["dynamo-explorer"]
        if model.screens.contains(.browser), let table = model.browser?.table {
            crumbs.append(table)
        } else {
            crumbs.append("Tables")
        }
        if let crumb = model.screen.type.crumb(model) { crumbs.append(crumb) }
        var right = model.session.backendLabel
        var badgeWidth = 0
        if model.session.readOnly {
            badgeWidth = DisplayWidth.of(" READ-ONLY ")
            buffer.write(" READ-ONLY ", x: buffer.width - badgeWidth, y: 0, role: .badge)
        }
        let room = max(0, buffer.width / 2 - badgeWidth - 1)
        if let target = model.session.awsTarget {
            // The region decides which tables show: it stays whole, the endpoint gives way.
            let region = "region \(target.region)"
            let place = target.endpointURL.map(Self.shortEndpoint) ?? "AWS"
            let placeRoom = room - DisplayWidth.of(region) - 3
            right = placeRoom >= 4 ? place.truncated(toWidth: placeRoom) + " · " + region : region
        }
        right = right.truncated(toWidth: room)
        let rightWidth = DisplayWidth.of(right)
        let left = " " + crumbs.joined(separator: " ▸ ")
        buffer.write(left, x: 0, y: 0, role: .header, maxWidth: max(0, buffer.width - rightWidth - badgeWidth - 2))
        buffer.write(right, x: buffer.width - badgeWidth - rightWidth - 1, y: 0, role: .header)
    }

    /// `http://127.0.0.1:8000/` → `127.0.0.1:8000`.
    static func shortEndpoint(_ text: String) -> String {
        guard let url = URL(string: text), let host = url.host else { return text }
        return host + (url.port.map { ":\($0)" } ?? "")
    }

    static func drawStatus(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        buffer.clear(x: 0, y: layout.statusRow, width: buffer.width, height: 1, role: .status)
        let text = model.screen.type.status(model)
        buffer.write(" " + text, x: 0, y: layout.statusRow, role: .status)
    }

    /// Splits text into rows of at most `width` columns; the last row ends in `…` if text is left.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        var lines = text.wrapped(toWidth: width)
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] = (lines[maxLines - 1] + "…").truncated(toWidth: width)
        }
        return lines
    }

    static let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

    static func drawMessage(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        let row = layout.messageRow
        // `/` narrows the table list, the browser's loaded rows or the Watch feed, or searches the item: one prompt.
        if let filter = model.screen.type.typedFilter(model) {
            let room = max(1, buffer.width / 2 - 2)
            buffer.write(
                "/" + LineEditor.window(filter, tail: model.fieldTail, width: room), x: 0, y: row, role: .normal)
            buffer.writeRight(
                "\(model.keyMap.key(.promptSubmit)) keeps · \(model.keyMap.key(.promptCancel)) clears",
                right: buffer.width - 1, y: row, role: .dim, maxWidth: buffer.width / 2)
            return
        }
        if let job = model.importJob, job.total > 0 {
            buffer.write(
                job.progress(width: buffer.width, stopKey: model.keyMap.key(.back)), x: 0, y: row, role: .spinner,
                maxWidth: buffer.width)
            return
        }
        if let walk = model.browser?.walk {
            let frame = spinner[model.spinnerFrame % spinner.count]
            buffer.write(
                "\(frame) " + walk.progress + " · \(model.keyMap.key(.back)) stops", x: 0, y: row, role: .spinner,
                maxWidth: buffer.width)
            return
        }
        if model.isBusy {
            let frame = spinner[model.spinnerFrame % spinner.count]
            let running = model.pending.values.filter { !$0.isBackground }.map(\.call.name)
            var what = running.count == 1 ? running[0] : "\(running.count) calls"
            // On a remote endpoint say where we wait, and for how long once it is noticeable.
            if let target = model.session.awsTarget {
                what += " on " + (target.endpointURL.map(shortEndpoint) ?? "AWS \(target.region)")
            }
            if model.busyTicks >= 10 { what += " · \(model.busyTicks / 10) s" }
            buffer.write(
                "\(frame) running \(what)… \(model.keyMap.key(.back)) cancels", x: 0, y: row, role: .spinner,
                maxWidth: buffer.width)
            return
        }
        if let message = model.message {
            // A long error wraps upwards over the status bar (up to three rows) rather than losing its end.
            let lines = message.isError ? wrap(message.text, width: buffer.width, maxLines: 3) : [message.text]
            for (offset, line) in lines.enumerated() {
                let y = row - (lines.count - 1) + offset
                buffer.clear(x: 0, y: y, width: buffer.width, height: 1)
                buffer.write(line, x: 0, y: y, role: message.isError ? .error : .normal)
            }
            return
        }
        buffer.write(model.keyMap.hints(for: model.screen.type.keyContext), x: 0, y: row, role: .dim)
    }
}
