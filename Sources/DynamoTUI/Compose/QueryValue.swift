import DynamoCore

/// A value typed into a form, with the DynamoDB type it is sent as.
///
/// The type comes from the attribute (its key schema type, or the type seen in loaded items) unless
/// the user forces one; text that does not fit the type is reported before anything runs.
public struct QueryValue: Equatable, Sendable {
    /// The scalar types a form value can be sent as.
    public enum Kind: String, CaseIterable, Equatable, Sendable {
        case s = "S", n = "N", b = "B", bool = "BOOL", null = "NULL"
    }

    public var text = ""
    /// Set by the user (Ctrl-T cycles); nil means "as the attribute's type".
    public var forced: Kind?

    public init(text: String = "", forced: Kind? = nil) {
        self.text = text
        self.forced = forced
    }

    public var isEmpty: Bool { text.isEmpty && forced != .null && forced != .bool }

    /// The type this value is sent as, given what is known of the attribute.
    public func kind(inferred: Kind?) -> Kind { forced ?? inferred ?? .s }

    /// The value as plain JSON (what the tools take), or why the text does not fit the type.
    public func json(inferred: Kind?) -> Result<JSONValue, QueryValueError> {
        Self.json(text, kind: kind(inferred: inferred))
    }

    static func json(_ text: String, kind: Kind) -> Result<JSONValue, QueryValueError> {
        switch kind {
        case .s:
            return .success(.string(text))
        case .n:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let number = try? DynamoNumber(trimmed) else {
                return .failure(QueryValueError("\"\(text)\" is not a number"))
            }
            return .success(.number(number.description))
        case .b:
            let value: JSONValue = ["$b": .string(text)]
            guard !text.isEmpty, (try? PlainJSON.decode(value)) != nil else {
                return .failure(QueryValueError("binary values are base64, e.g. AAEC"))
            }
            return .success(value)
        case .bool:
            switch text.lowercased() {
            case "true", "": return .success(.bool(true))
            case "false": return .success(.bool(false))
            default: return .failure(QueryValueError("BOOL is true or false"))
            }
        case .null:
            return .success(.null)
        }
    }

    /// Several values in one field, split at commas: `in` takes a list, `between` two.
    func jsonList(inferred: Kind?) -> Result<[JSONValue], QueryValueError> {
        var out: [JSONValue] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let piece = kind(inferred: inferred) == .s ? String(part) : part.trimmingCharacters(in: .whitespaces)
            switch Self.json(piece, kind: kind(inferred: inferred)) {
            case .success(let v): out.append(v)
            case .failure(let e): return .failure(e)
            }
        }
        return .success(out)
    }

    /// The kind of a value as the browser holds it (a number → N); nil for the types a key cannot have.
    static func kind(of value: AttributeValue?) -> Kind? {
        value.flatMap { Kind(rawValue: $0.typeDescriptor) }
    }
}

public struct QueryValueError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}
