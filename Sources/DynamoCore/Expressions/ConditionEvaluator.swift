/// Evaluates resolved conditions against an item, with DynamoDB's semantics: comparisons
/// across types and functions on the wrong type are simply false, never errors.
public enum ConditionEvaluator {
    /// The value at a document path, or nil if any step is missing or of the wrong type.
    public static func value(at path: DocumentPath, in item: Item) -> AttributeValue? {
        guard case .name(let first) = path.components.first, var current = item[first] else { return nil }
        for component in path.components.dropFirst() {
            switch (component, current) {
            case (.name(let key), .m(let map)):
                guard let next = map[key] else { return nil }
                current = next
            case (.index(let i), .l(let list)):
                guard i < list.count else { return nil }
                current = list[i]
            default:
                return nil
            }
        }
        return current
    }

    /// An operand's value in a condition; nil when the path is absent or `size` does not apply.
    public static func value(of operand: Operand, in item: Item) -> AttributeValue? {
        switch operand {
        case .path(let p): return value(at: p, in: item)
        case .value(let v): return v
        case .size(let p):
            return value(at: p, in: item)?.sizeFunctionResult.map { .n(DynamoNumber($0)) }
        default:
            return nil
        }
    }

    public static func evaluate(_ condition: Condition, on item: Item) -> Bool {
        switch condition {
        case .comparison(let a, let op, let b):
            let left = value(of: a, in: item)
            let right = value(of: b, in: item)
            switch op {
            case .eq:
                guard let left, let right else { return false }
                return left == right
            case .ne:
                guard let left, let right else { return true }
                return left != right
            default:
                guard let left, let right, let order = left.compare(to: right) else { return false }
                switch op {
                case .lt: return order < 0
                case .le: return order <= 0
                case .gt: return order > 0
                default: return order >= 0
                }
            }
        case .between(let x, let lo, let hi):
            guard let v = value(of: x, in: item), let l = value(of: lo, in: item), let h = value(of: hi, in: item),
                let c1 = v.compare(to: l), let c2 = v.compare(to: h)
            else { return false }
            return c1 >= 0 && c2 <= 0
        case .inList(let x, let list):
            guard let v = value(of: x, in: item) else { return false }
            return list.contains { value(of: $0, in: item) == v }
        case .attributeExists(let p): return value(at: p, in: item) != nil
        case .attributeNotExists(let p): return value(at: p, in: item) == nil
        case .attributeType(let p, let t):
            guard let v = value(at: p, in: item), case .s(let name)? = value(of: t, in: item) else { return false }
            return v.typeDescriptor == name
        case .beginsWith(let a, let b):
            switch (value(of: a, in: item), value(of: b, in: item)) {
            case (.s(let s)?, .s(let prefix)?): return s.utf8.starts(with: prefix.utf8)
            case (.b(let s)?, .b(let prefix)?): return s.starts(with: prefix)
            default: return false
            }
        case .contains(let a, let b):
            guard let haystack = value(of: a, in: item), let needle = value(of: b, in: item) else { return false }
            switch (haystack, needle) {
            case (.s(let s), .s(let sub)): return sub.isEmpty || s.utf8.firstRange(of: sub.utf8) != nil
            case (.b(let s), .b(let sub)): return sub.isEmpty || s.firstRange(of: sub) != nil
            case (.ss(let set), .s(let e)): return set.contains(e)
            case (.ns(let set), .n(let e)): return set.contains(e)
            case (.bs(let set), .b(let e)): return set.contains(e)
            case (.l(let list), _): return list.contains(needle)
            default: return false
            }
        case .and(let a, let b): return evaluate(a, on: item) && evaluate(b, on: item)
        case .or(let a, let b): return evaluate(a, on: item) || evaluate(b, on: item)
        case .not(let c): return !evaluate(c, on: item)
        }
    }
}

extension AttributeValue {
    /// What `size()` gives: bytes of a string or binary, members of a set, elements of a list or map; nil for
    /// the types that have no size (numbers, booleans, null).
    public var sizeFunctionResult: Int? {
        switch self {
        case .s(let s): return s.utf8.count
        case .b(let b): return b.count
        case .ss(let set): return set.count
        case .ns(let set): return set.count
        case .bs(let set): return set.count
        case .l(let list): return list.count
        case .m(let map): return map.count
        case .n, .bool, .null: return nil
        }
    }
}
