import DynamoCore
import Foundation

/// How one attribute value looks in a table cell: short text, a role, and its alignment.
///
/// Values are typed (`AttributeValue`), so nothing is lost on the way to the screen: numbers show
/// their exact text, sets and binary keep their type.
public struct ValueCell: Equatable, Sendable {
    public var text: String
    public var role: Role
    public var rightAligned: Bool

    /// The cell for an attribute an item does not have.
    public static let missing = ValueCell(text: "·", role: .missing, rightAligned: false)

    public init(text: String, role: Role, rightAligned: Bool = false) {
        self.text = text
        self.role = role
        self.rightAligned = rightAligned
    }

    /// Renders a value: `S "x"` → `x`; a list of 5 → `[5]`; a string set of 3 → `SS{3}`.
    public init(_ value: AttributeValue?) {
        switch value {
        case nil: self = .missing
        case .s(let text): self.init(text: text, role: .string)
        case .n(let number): self.init(text: number.description, role: .number, rightAligned: true)
        case .bool(let flag): self.init(text: flag ? "true" : "false", role: .boolean)
        case .null: self.init(text: "null", role: .null)
        case .b(let bytes): self.init(text: "b64:" + Data(bytes).base64EncodedString(), role: .binary)
        case .l(let list): self.init(text: "[\(list.count)]", role: .collection)
        case .m(let map): self.init(text: "{\(map.count)}", role: .collection)
        case .ss(let set): self.init(text: "SS{\(set.count)}", role: .collection)
        case .ns(let set): self.init(text: "NS{\(set.count)}", role: .collection)
        case .bs(let set): self.init(text: "BS{\(set.count)}", role: .collection)
        }
    }
}
