import DynamoCore

/// How one attribute value looks in a table cell: short text, a role, and its alignment.
///
/// Values arrive as DynamoDB JSON (`{"N": "12.50"}`), so nothing is lost on the way to the screen:
/// numbers show their exact text, sets and binary keep their type.
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

    /// Renders a typed value: `{"S": "x"}` → `x`; `{"L": [...]}` → `[5]`; `{"SS": [...]}` → `SS{3}`.
    public init(typed value: JSONValue?) {
        guard let value, case .object(let fields) = value, let (type, payload) = fields.first else {
            self = .missing
            return
        }
        switch type {
        case "S": self.init(text: payload.stringValue ?? "", role: .string)
        case "N": self.init(text: payload.stringValue ?? "", role: .number, rightAligned: true)
        case "BOOL": self.init(text: payload.boolValue == true ? "true" : "false", role: .boolean)
        case "NULL": self.init(text: "null", role: .null)
        case "B": self.init(text: "b64:" + (payload.stringValue ?? ""), role: .binary)
        case "L": self.init(text: "[\(payload.arrayValue?.count ?? 0)]", role: .collection)
        case "M": self.init(text: "{\(payload.objectValue?.count ?? 0)}", role: .collection)
        case "SS", "NS", "BS": self.init(text: "\(type){\(payload.arrayValue?.count ?? 0)}", role: .collection)
        default: self.init(text: value.jsonText, role: .normal)
        }
    }
}
