import Foundation

/// Plain JSON for items (`{"price": 1.5}`), the readable default of the tools.
///
/// Mapping: string → S, number → N (exact: the JSON text becomes a `DynamoNumber`), true/false →
/// BOOL, null → NULL, array → L, object → M. The types plain JSON has no word for are tagged
/// objects with a single key:
///
/// | DynamoDB | plain JSON |
/// |---|---|
/// | B  | `{"$b": "<base64>"}` |
/// | SS | `{"$ss": ["a", "b"]}` |
/// | NS | `{"$ns": [1, 2.5]}` |
/// | BS | `{"$bs": ["<base64>"]}` |
///
/// Nothing is silently changed: a number DynamoDB cannot hold is rejected, and a map whose only
/// key is one of the tags cannot be written in plain JSON, so encoding it fails with an error
/// that points to `format: "dynamodb"`.
public enum PlainJSON {
    public static let tags: Set<String> = ["$b", "$ss", "$ns", "$bs"]

    public static func decodeItem(_ json: JSONValue) throws(DynamoError) -> Item {
        guard case .object(let members) = json else {
            throw DynamoError.validation("An item must be a JSON object, got a JSON \(json.typeName)")
        }
        var item = Item(minimumCapacity: members.count)
        for (name, value) in members { item[name] = try decode(value, depth: 0) }
        return item
    }

    public static func encodeItem(_ item: Item) throws(DynamoError) -> JSONValue {
        var out = [String: JSONValue](minimumCapacity: item.count)
        for (name, value) in item { out[name] = try encode(value) }
        return .object(out)
    }

    public static func decode(_ json: JSONValue, depth: Int = 0) throws(DynamoError) -> AttributeValue {
        if depth > TypedJSON.maxNesting { throw DynamoError.validation("Nesting Levels have exceeded supported limits") }
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .s(s)
        case .number(let text): return .n(try DynamoNumber(text))
        case .array(let elements):
            return .l(try elements.map { (e) throws(DynamoError) in try decode(e, depth: depth + 1) })
        case .object(let members):
            if members.count == 1, let (tag, payload) = members.first, tags.contains(tag) {
                return try decodeTagged(tag, payload)
            }
            var out = [String: AttributeValue](minimumCapacity: members.count)
            for (k, v) in members { out[k] = try decode(v, depth: depth + 1) }
            return .m(out)
        }
    }

    static func decodeTagged(_ tag: String, _ payload: JSONValue) throws(DynamoError) -> AttributeValue {
        func elements() throws(DynamoError) -> [JSONValue] {
            guard case .array(let a) = payload else { throw DynamoError.validation("\(tag) takes a JSON array") }
            return a
        }
        switch tag {
        case "$b": return .b(try base64(payload, tag))
        case "$ss":
            return try .stringSet(try elements().map { (e) throws(DynamoError) in
                guard case .string(let s) = e else { throw DynamoError.validation("$ss takes an array of strings") }
                return s
            })
        case "$ns":
            return try .numberSet(try elements().map { (e) throws(DynamoError) in
                switch e {
                case .number(let t), .string(let t): return try DynamoNumber(t)
                default: throw DynamoError.validation("$ns takes an array of numbers")
                }
            })
        default:
            return try .binarySet(try elements().map { (e) throws(DynamoError) in try base64(e, tag) })
        }
    }

    static func base64(_ json: JSONValue, _ tag: String) throws(DynamoError) -> [UInt8] {
        guard case .string(let s) = json, let data = Data(base64Encoded: s) else {
            throw DynamoError.validation("\(tag) takes base64 text")
        }
        return [UInt8](data)
    }

    public static func encode(_ value: AttributeValue) throws(DynamoError) -> JSONValue {
        switch value {
        case .s(let s): return .string(s)
        case .n(let n): return .number(n.description)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .b(let b): return .object(["$b": .string(Data(b).base64EncodedString())])
        case .ss(let set): return .object(["$ss": .array(set.map { .string($0) })])
        case .ns(let set): return .object(["$ns": .array(set.map { .number($0.description) })])
        case .bs(let set): return .object(["$bs": .array(set.map { .string(Data($0).base64EncodedString()) })])
        case .l(let list): return .array(try list.map { (e) throws(DynamoError) in try encode(e) })
        case .m(let map):
            if map.count == 1, let key = map.keys.first, tags.contains(key) {
                throw DynamoError.validation("The map {\"\(key)\": …} cannot be shown in plain JSON because \(key) marks a tagged value; use format \"dynamodb\"")
            }
            var out = [String: JSONValue](minimumCapacity: map.count)
            for (k, v) in map { out[k] = try encode(v) }
            return .object(out)
        }
    }
}
