/// Sizes as DynamoDB counts them, for the 400 KB item limit and the 1 MB page limit.
public enum ItemSize {
    /// DynamoDB's largest item, 400 KB.
    public static let maxItemBytes = 400 * 1024

    /// An item's size: the UTF-8 length of each attribute name plus the size of its value.
    public static func of(_ item: Item) -> Int {
        var total = 0
        for (name, value) in item { total += name.utf8.count + of(value) }
        return total
    }

    /// A value's size: strings and binary by length, numbers by significant digits, 1 byte for
    /// BOOL and NULL, and 3 bytes plus 1 per element for lists and maps.
    public static func of(_ value: AttributeValue) -> Int {
        switch value {
        case .s(let s): return s.utf8.count
        case .n(let n): return n.storageSize
        case .b(let b): return b.count
        case .ss(let set): return set.reduce(0) { $0 + $1.utf8.count }
        case .ns(let set): return set.reduce(0) { $0 + $1.storageSize }
        case .bs(let set): return set.reduce(0) { $0 + $1.count }
        case .bool, .null: return 1
        case .l(let list): return 3 + list.reduce(0) { $0 + 1 + of($1) }
        case .m(let map): return 3 + map.reduce(0) { $0 + 1 + $1.key.utf8.count + of($1.value) }
        }
    }
}
