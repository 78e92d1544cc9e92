import Foundation

/// One DynamoDB value: the ten types of the data model.
///
/// Sets are kept sorted (strings and binary by unsigned bytes, numbers by value) so that two
/// sets with the same members are equal whatever order they arrived in, as in DynamoDB.
public indirect enum AttributeValue: Sendable, Hashable {
    case s(String)
    case n(DynamoNumber)
    case b([UInt8])
    case ss([String])
    case ns([DynamoNumber])
    case bs([[UInt8]])
    case bool(Bool)
    case null
    case l([AttributeValue])
    case m([String: AttributeValue])

    /// DynamoDB's type descriptor: `S`, `N`, `B`, `SS`, `NS`, `BS`, `BOOL`, `NULL`, `L` or `M`.
    public var typeDescriptor: String {
        switch self {
        case .s: return "S"
        case .n: return "N"
        case .b: return "B"
        case .ss: return "SS"
        case .ns: return "NS"
        case .bs: return "BS"
        case .bool: return "BOOL"
        case .null: return "NULL"
        case .l: return "L"
        case .m: return "M"
        }
    }

    /// The type's name as DynamoDB spells it in operand-type errors (`STRING`, `NUMBER`…).
    public var operandTypeName: String {
        switch self {
        case .s: return "STRING"
        case .n: return "NUMBER"
        case .b: return "BINARY"
        case .ss: return "STRING_SET"
        case .ns: return "NUMBER_SET"
        case .bs: return "BINARY_SET"
        case .bool: return "BOOLEAN"
        case .null: return "NULL"
        case .l: return "LIST"
        case .m: return "MAP"
        }
    }

    public static let allTypeDescriptors: Set<String> = ["S", "N", "B", "SS", "NS", "BS", "BOOL", "NULL", "L", "M"]

    public var isSet: Bool {
        switch self {
        case .ss, .ns, .bs: return true
        default: return false
        }
    }

    /// Builds a string set, sorting and rejecting duplicates and emptiness as DynamoDB does.
    public static func stringSet(_ values: [String]) throws(DynamoError) -> AttributeValue {
        try .ss(
            SetRules.normalised(
                values, name: "string set", less: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }))
    }

    public static func numberSet(_ values: [DynamoNumber]) throws(DynamoError) -> AttributeValue {
        try .ns(SetRules.normalised(values, name: "number set", less: <))
    }

    public static func binarySet(_ values: [[UInt8]]) throws(DynamoError) -> AttributeValue {
        try .bs(SetRules.normalised(values, name: "binary set", less: { $0.lexicographicallyPrecedes($1) }))
    }
}

/// A DynamoDB item: attribute names to values.
public typealias Item = [String: AttributeValue]

/// DynamoDB's rules for sets: not empty, no duplicates.
enum SetRules {
    static func normalised<T: Hashable>(_ values: [T], name: String, less: (T, T) -> Bool) throws(DynamoError) -> [T] {
        if values.isEmpty {
            throw DynamoError.validation("One or more parameter values were invalid: An \(name) may not be empty")
        }
        let sorted = values.sorted(by: less)
        for i in 1..<max(sorted.count, 1) where sorted[i] == sorted[i - 1] {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Input collection contains duplicates")
        }
        return sorted
    }
}

extension AttributeValue {
    /// Compares two values of the same scalar type (S, N or B) in DynamoDB's order; nil if not comparable.
    public func compare(to other: AttributeValue) -> Int? {
        switch (self, other) {
        case (.n(let a), .n(let b)): return DynamoNumber.compare(a, b)
        case (.s(let a), .s(let b)):
            if a == b { return 0 }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        case (.b(let a), .b(let b)):
            if a == b { return 0 }
            return a.lexicographicallyPrecedes(b) ? -1 : 1
        default: return nil
        }
    }

    /// Nesting depth: 1 for scalars and sets, plus one per enclosing list or map.
    public var nestingDepth: Int {
        switch self {
        case .l(let list): return 1 + (list.map(\.nestingDepth).max() ?? 0)
        case .m(let map): return 1 + (map.values.map(\.nestingDepth).max() ?? 0)
        default: return 0
        }
    }
}
