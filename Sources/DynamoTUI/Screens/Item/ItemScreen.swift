import DynamoCore
import DynamoTools

extension Model.Screen {
    public static let item = Model.Screen("item")
}

extension KeyContext {
    public static let item = KeyContext("item", title: "Item view")
}

/// The item view: one whole item, plain JSON or DynamoDB JSON, searchable and editable.
enum ItemScreen: ScreenType {
    static let screen = Model.Screen.item
    static let keyContext = KeyContext.item

    static let bindings: [KeyBinding] = [
        KeyBinding(command: .itemDown, keys: [.char("j"), .down], context: .item, help: "scroll down"),
        KeyBinding(command: .itemUp, keys: [.char("k"), .up], context: .item, help: "scroll up"),
        KeyBinding(command: .itemPageDown, keys: [.pageDown, .char(" ")], context: .item, help: "page down"),
        KeyBinding(command: .itemPageUp, keys: [.pageUp], context: .item, help: "page up"),
        KeyBinding(command: .itemTop, keys: [.char("g"), .home], context: .item, help: "top"),
        KeyBinding(command: .itemBottom, keys: [.char("G"), .end], context: .item, help: "bottom"),
        KeyBinding(command: .itemToggleFormat, keys: [.char("t")], context: .item, help: "plain JSON ⇄ DynamoDB JSON"),
        KeyBinding(
            command: .itemEdit, keys: [.char("e")], context: .item, help: "edit in $EDITOR, in the format shown"),
        KeyBinding(command: .itemDelete, keys: [.char("d")], context: .item, help: "delete the item (asks first)"),
        KeyBinding(
            command: .itemSearch, keys: [.char("/")], context: .item,
            help: "search the item's text (highlights matches)"),
        KeyBinding(command: .itemNextMatch, keys: [.char("n")], context: .item, help: "next match"),
        KeyBinding(command: .itemPreviousMatch, keys: [.char("N")], context: .item, help: "previous match"),
    ]

    static let hints: [([Command], String)] = [
        ([.itemToggleFormat], "plain/DynamoDB JSON"), ([.itemEdit], "edit"), ([.itemDelete], "delete"),
        ([.copy], "copy"), ([.help], "help"), ([.back], "back"),
    ]

    static func crumb(_ model: Model) -> String? { "item" }

    static func status(_ model: Model) -> String {
        model.item.map { "\($0.table) · item · \($0.formatLabel) · \(model.keyMap.key(.itemToggleFormat)) toggles" }
            ?? ""
    }

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        ItemView.draw(&buffer, model, layout)
    }

    static func typedFilter(_ model: Model) -> String? { model.item?.typingSearch == true ? model.item?.search : nil }

    static func modalKey(_ model: inout Model, _ key: Key) -> [Effect]? {
        model.item?.typingSearch == true ? App.itemSearchKey(&model, key) : nil
    }

    static func command(_ model: inout Model, _ command: Command) -> [Effect]? {
        switch command {
        case .itemSearch:
            model.fieldTail = 0
            model.item?.typingSearch = true
            model.item?.search = ""
            return []
        case .itemNextMatch, .itemPreviousMatch:
            App.jumpToMatch(&model, forward: command == .itemNextMatch)
            return []
        case .itemDown, .itemUp, .itemPageDown, .itemPageUp, .itemTop, .itemBottom, .itemToggleFormat:
            App.itemCommand(&model, command)
            return []
        case .itemEdit: return App.startEdit(&model)
        case .itemDelete: return App.startDelete(&model)
        default: return nil
        }
    }

    static func wheel(down: Bool) -> Command? { down ? .itemDown : .itemUp }

    static func currentCall(_ model: Model) -> ToolCall? {
        guard let item = model.item, let key = App.itemKey(item.item, keyNames: model.browser?.keyAttributes ?? [])
        else { return nil }
        return ToolCall.getItem(item.table, key: key)
    }

    static func clamp(_ model: inout Model, _ layout: Layout) {
        guard var item = model.item else { return }
        let rows = max(1, layout.contentHeight - 1)
        item.scroll = max(0, min(item.scroll, ItemView.maxScroll(item, width: model.width, rows: rows)))
        model.item = item
    }
}
