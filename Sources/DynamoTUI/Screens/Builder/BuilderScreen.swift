import DynamoCore
import DynamoTools

extension Model.Screen {
    public static let builder = Model.Screen("builder")
}

extension KeyContext {
    public static let builder = KeyContext("builder", title: "Query builder")
}

/// The query builder: a form for a query or filtered scan, previewed by a dry run as you type.
enum BuilderScreen: ScreenType {
    static let screen = Model.Screen.builder
    static let keyContext = KeyContext.builder

    static let bindings: [KeyBinding] = [
        KeyBinding(command: .builderNext, keys: [.tab], context: .builder, help: "next field"),
        KeyBinding(command: .builderPrevious, keys: [.backTab], context: .builder, help: "previous field"),
        KeyBinding(command: .builderRun, keys: [.enter], context: .builder, help: "run the query in the browser"),
        KeyBinding(command: .builderLeave, keys: [.escape], context: .builder, help: "leave without running"),
        KeyBinding(
            command: .builderChoiceLeft, keys: [.left], context: .builder,
            help: "previous choice (source, operator, direction)"),
        KeyBinding(command: .builderChoiceRight, keys: [.right], context: .builder, help: "next choice"),
        KeyBinding(
            command: .builderAddFilter, keys: [.char("+")], context: .builder,
            help: "add a filter row (on a choice or empty field)"),
        KeyBinding(
            command: .builderRemoveFilter, keys: [.char("-")], context: .builder,
            help: "remove the filter row (on a choice or empty field)"),
        KeyBinding(
            command: .builderForceType, keys: [.ctrl("t")], context: .builder,
            help: "force the value's type: S N B BOOL NULL, or inferred"),
    ]

    static let hints: [([Command], String)] = [
        ([.builderNext], "next"), ([.builderChoiceLeft, .builderChoiceRight], "choose"),
        ([.builderAddFilter], "filter"), ([.builderRun], "run"), ([.builderLeave], "leave"),
    ]

    static func crumb(_ model: Model) -> String? { "query builder" }

    static func status(_ model: Model) -> String { model.builder.map(BuilderView.status) ?? "" }

    static func draw(_ buffer: inout Buffer, _ model: Model, _ layout: Layout) {
        BuilderView.draw(&buffer, model, layout)
    }

    /// The builder's fields take every key they can use; its commands run from there.
    static func modalKey(_ model: inout Model, _ key: Key) -> [Effect]? { App.builderKey(&model, key) }

    static func command(_ model: inout Model, _ command: Command) -> [Effect]? { nil }

    static func currentCall(_ model: Model) -> ToolCall? { try? model.builder?.build().get() }
}
