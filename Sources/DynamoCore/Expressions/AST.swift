/// Which of DynamoDB's five expression parameters a text came from; error messages name it.
public enum ExpressionKind: String, Sendable {
    case condition = "ConditionExpression"
    case filter = "FilterExpression"
    case keyCondition = "KeyConditionExpression"
    case projection = "ProjectionExpression"
    case update = "UpdateExpression"
}

/// One step of a document path: a map key, a `#name` placeholder (before resolution) or a list index.
public enum PathComponent: Hashable, Sendable {
    case name(String)
    case placeholder(String)
    case index(Int)
}

/// A document path such as `a.b[3].#c`.
public struct DocumentPath: Hashable, Sendable, CustomStringConvertible {
    public var components: [PathComponent]
    public init(_ components: [PathComponent]) { self.components = components }

    /// A top-level attribute.
    public static func attribute(_ name: String) -> DocumentPath { DocumentPath([.name(name)]) }

    /// The path as expression text (names that need it are not escaped; the parser's input is).
    public var description: String {
        var out = ""
        for (i, c) in components.enumerated() {
            switch c {
            case .name(let n): out += (i == 0 ? "" : ".") + n
            case .placeholder(let p): out += (i == 0 ? "" : ".") + p
            case .index(let k): out += "[\(k)]"
            }
        }
        return out
    }

    /// The path as DynamoDB lists it in overlap errors: `[a, b, [1]]`.
    var bracketed: String {
        "["
            + components.map { c -> String in
                switch c {
                case .name(let n), .placeholder(let n): return n
                case .index(let k): return "[\(k)]"
                }
            }.joined(separator: ", ") + "]"
    }

    /// The top-level attribute name, once resolved.
    public var topLevelName: String? {
        if case .name(let n) = components.first { return n }
        return nil
    }
}

public enum Comparator: String, Sendable, CaseIterable {
    case eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">="
}

public enum ArithmeticOperator: String, Sendable {
    case plus = "+", minus = "-"
}

/// A value-producing part of an expression.
public indirect enum Operand: Hashable, Sendable, CustomStringConvertible {
    case path(DocumentPath)
    /// `:name` before resolution.
    case placeholder(String)
    /// A resolved `:name`.
    case value(AttributeValue)
    case size(DocumentPath)
    /// `size(:v)` (or `size(size(x))`): DynamoDB takes a constant too; resolving folds it into a number, or
    /// refuses a type that has no size.
    case sizeOfConstant(Operand)
    case ifNotExists(DocumentPath, Operand)
    case listAppend(Operand, Operand)
    case arithmetic(Operand, ArithmeticOperator, Operand)

    public var description: String {
        switch self {
        case .path(let p): return p.description
        case .placeholder(let p): return p
        case .value(let v): return "<\(v.typeDescriptor) value>"
        case .size(let p): return "size(\(p))"
        case .sizeOfConstant(let o): return "size(\(o))"
        case .ifNotExists(let p, let o): return "if_not_exists(\(p), \(o))"
        case .listAppend(let a, let b): return "list_append(\(a), \(b))"
        case .arithmetic(let a, let op, let b): return "\(a) \(op.rawValue) \(b)"
        }
    }
}

/// A condition: what ConditionExpression, FilterExpression and KeyConditionExpression parse into.
public indirect enum Condition: Hashable, Sendable, CustomStringConvertible {
    case comparison(Operand, Comparator, Operand)
    case between(Operand, Operand, Operand)
    case inList(Operand, [Operand])
    case attributeExists(DocumentPath)
    case attributeNotExists(DocumentPath)
    case attributeType(DocumentPath, Operand)
    case beginsWith(Operand, Operand)
    case contains(Operand, Operand)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)

    /// Expression text that parses back to this same condition (compound parts are parenthesised).
    public var description: String {
        switch self {
        case .comparison(let a, let op, let b): return "\(a) \(op.rawValue) \(b)"
        case .between(let x, let lo, let hi): return "\(x) BETWEEN \(lo) AND \(hi)"
        case .inList(let x, let list): return "\(x) IN (\(list.map(\.description).joined(separator: ", ")))"
        case .attributeExists(let p): return "attribute_exists(\(p))"
        case .attributeNotExists(let p): return "attribute_not_exists(\(p))"
        case .attributeType(let p, let t): return "attribute_type(\(p), \(t))"
        case .beginsWith(let a, let b): return "begins_with(\(a), \(b))"
        case .contains(let a, let b): return "contains(\(a), \(b))"
        case .and(let a, let b): return "(\(a) AND \(b))"
        case .or(let a, let b): return "(\(a) OR \(b))"
        case .not(let c):
            // AND and OR print their own parentheses; another pair would be redundant (DynamoDB refuses that).
            switch c {
            case .and, .or: return "NOT \(c)"
            default: return "NOT (\(c))"
            }
        }
    }
}

/// A parsed UpdateExpression: its four clauses.
public struct UpdateExpression: Hashable, Sendable, CustomStringConvertible {
    public struct SetAction: Hashable, Sendable {
        public var path: DocumentPath
        public var value: Operand
    }
    public struct ValueAction: Hashable, Sendable {
        public var path: DocumentPath
        public var value: Operand
    }
    public var sets: [SetAction] = []
    public var removes: [DocumentPath] = []
    public var adds: [ValueAction] = []
    public var deletes: [ValueAction] = []

    public init() {}

    /// Every path the expression writes, for overlap checks and for `UPDATED_OLD`/`UPDATED_NEW`.
    public var targetPaths: [DocumentPath] {
        sets.map(\.path) + removes + adds.map(\.path) + deletes.map(\.path)
    }

    public var description: String {
        var clauses: [String] = []
        if !sets.isEmpty { clauses.append("SET " + sets.map { "\($0.path) = \($0.value)" }.joined(separator: ", ")) }
        if !removes.isEmpty { clauses.append("REMOVE " + removes.map(\.description).joined(separator: ", ")) }
        if !adds.isEmpty { clauses.append("ADD " + adds.map { "\($0.path) \($0.value)" }.joined(separator: ", ")) }
        if !deletes.isEmpty {
            clauses.append("DELETE " + deletes.map { "\($0.path) \($0.value)" }.joined(separator: ", "))
        }
        return clauses.joined(separator: " ")
    }
}
