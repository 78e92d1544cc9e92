/// The mouse: a click selects the row under it (a click on the selected row opens it, as `Enter`),
/// the wheel moves three rows. Each action goes through the same commands as the keys, so the
/// mouse can do nothing a key cannot.
extension App {
    static let wheelStep = 3

    static func mouse(_ model: inout Model, _ action: MouseAction, x: Int, y: Int) -> [Effect] {
        guard model.overlay == nil, model.editing == nil else { return [] }
        let context = model.keyContext
        switch action {
        case .wheelUp, .wheelDown:
            let down = action == .wheelDown
            let command: Command? =
                switch context {
                case .help: down ? .helpDown : .helpUp
                case .log: down ? .logDown : .logUp
                default: model.screen.type.wheel(down: down)
                }
            guard let command, let key = keyFor(command, in: model) else { return [] }
            var effects: [Effect] = []
            for _ in 0..<wheelStep { effects += keyPressed(&model, key) }
            return effects
        case .click:
            let layout = Layout(model)
            let row = y - layout.contentTop - 1  // the first content row is the column header
            guard row >= 0, row < layout.listRows, !model.showHelp else { return [] }
            return model.screen.type.click(&model, row: row)
        }
    }

    /// The first key bound to a command: the mouse presses it, so a rebinding moves it too.
    static func keyFor(_ command: Command, in model: Model) -> Key? {
        model.keyMap.bindings.first { $0.command == command }?.keys.first
    }
}
