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
/// | M whose only key is a tag or a DynamoDB type | `{"$m": {"N": "5"}}` |
///
/// Nothing is silently changed: a number DynamoDB cannot hold is rejected, and a one-key object
/// whose key is a DynamoDB type (`{"N": "5"}`, almost surely typed JSON sent as plain) is refused
/// with the fix; `$m` writes such a map on purpose.
public enum PlainJSON {
    public static let tags: Set<String> = ["$b", "$ss", "$ns", "$bs"]
    /// The explicit map: its payload is a map, whatever its keys.
    public static let mapTag = "$m"
    /// DynamoDB JSON's type names: a one-key object keyed by one of them is typed JSON, not a map.
    public static let typeNames: Set<String> = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"]

    /// True for a map plain JSON must write as `{"$m": …}` to read back as a map.
    static func needsMapTag(_ map: [String: AttributeValue]) -> Bool {
        guard map.count == 1, let key = map.keys.first else { return false }
        return tags.contains(key) || typeNames.contains(key) || key == mapTag
    }

    public static func decodeItem(_ json: JSONValue) throws(DynamoError) -> Item {
        guard case .object(let members) = json else {
            throw DynamoError.validation("An item must be a JSON object, got a JSON \(json.typeName)")
        }
        var item = Item(minimumCapacity: members.count)
        for (name, value) in members { item[name] = try decode(value, depth: 0, path: name) }
        return item
    }

    public static func encodeItem(_ item: Item) throws(DynamoError) -> JSONValue {
        var out = [String: JSONValue](minimumCapacity: item.count)
        for (name, value) in item { out[name] = try encode(value) }
        return .object(out)
    }

    /// `path` names where the value sits (`rating`, `info.tags[2]`) in the errors it raises.
    public static func decode(_ json: JSONValue, depth: Int = 0, path: String = "") throws(DynamoError)
        -> AttributeValue
    {
        if depth > TypedJSON.maxNesting {
            throw DynamoError.validation("Nesting Levels have exceeded supported limits")
        }
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .s(s)
        case .number(let text): return .n(try DynamoNumber(text))
        case .array(let elements):
            var out: [AttributeValue] = []
            out.reserveCapacity(elements.count)
            for (i, e) in elements.enumerated() { out.append(try decode(e, depth: depth + 1, path: "\(path)[\(i)]")) }
            return .l(out)
        case .object(var members):
            if members.count == 1, let (tag, payload) = members.first {
                if tags.contains(tag) { return try decodeTagged(tag, payload) }
                if tag == mapTag {
                    guard case .object(let inner) = payload else {
                        throw DynamoError.validation("\(mapTag) takes a JSON object (the map to store)")
                    }
                    members = inner
                } else if typeNames.contains(tag) {
                    let plain = (try? TypedJSON.decode(json)).flatMap { try? encode($0).jsonText }
                    let place = path.isEmpty ? "" : " at \(path)"
                    throw DynamoError.validation(
                        "\(json.jsonText.prefix(80))\(place) looks like DynamoDB JSON, but values are "
                            + "plain JSON here: write \(plain ?? "the value itself") (or pass format: \"dynamodb\" "
                            + "for typed JSON); "
                            + "to store a map whose only key is \(tag), write {\"\(mapTag)\": "
                            + "\(json.jsonText.prefix(80))}"
                    )
                }
            }
            var out = [String: AttributeValue](minimumCapacity: members.count)
            for (k, v) in members { out[k] = try decode(v, depth: depth + 1, path: path.isEmpty ? k : "\(path).\(k)") }
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
            return try .stringSet(
                try elements().map { (e) throws(DynamoError) in
                    guard case .string(let s) = e else { throw DynamoError.validation("$ss takes an array of strings") }
                    return s
                })
        case "$ns":
            return try .numberSet(
                try elements().map { (e) throws(DynamoError) in
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
            var out = [String: JSONValue](minimumCapacity: map.count)
            for (k, v) in map { out[k] = try encode(v) }
            // A one-key map that would read back as a tag or as typed JSON is written with $m.
            return needsMapTag(map) ? .object([mapTag: .object(out)]) : .object(out)
        }
    }
}
