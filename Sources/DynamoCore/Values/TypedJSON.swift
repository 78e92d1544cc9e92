import Foundation

/// DynamoDB-typed JSON (`{"N": "1.5"}`), the lossless form the AWS SDKs, the CLI and the wire use.
public enum TypedJSON {
    /// The deepest nesting of lists and maps DynamoDB accepts.
    public static let maxNesting = 32

    public static func decodeItem(_ json: JSONValue) throws(DynamoError) -> Item {
        guard case .object(let members) = json else {
            throw DynamoError.serialization("Item must be a JSON object of attribute values")
        }
        var item = Item(minimumCapacity: members.count)
        for (name, value) in members { item[name] = try decode(value, depth: 0) }
        return item
    }

    public static func encodeItem(_ item: Item) -> JSONValue {
        var out = [String: JSONValue](minimumCapacity: item.count)
        for (name, value) in item { out[name] = encode(value) }
        return .object(out)
    }

    public static func decode(_ json: JSONValue, depth: Int = 0) throws(DynamoError) -> AttributeValue {
        guard case .object(let members) = json else {
            throw DynamoError.serialization("Unexpected value type in payload: an AttributeValue must be an object")
        }
        guard members.count == 1, let (type, payload) = members.first else {
            if members.isEmpty {
                throw DynamoError.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
            }
            throw DynamoError.validation(
                "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
                    + "datatypes"
            )
        }
        if depth > maxNesting { throw DynamoError.validation("Nesting Levels have exceeded supported limits") }
        switch type {
        case "S": return .s(try string(payload))
        case "N": return .n(try DynamoNumber(try string(payload)))
        case "B": return .b(try binary(payload))
        case "BOOL":
            guard case .bool(let b) = payload else { throw typeMismatch("BOOL", payload) }
            return .bool(b)
        case "NULL":
            guard case .bool(let b) = payload else { throw typeMismatch("NULL", payload) }
            guard b else {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Null attribute value types must have the value of true")
            }
            return .null
        case "SS": return try .stringSet(try list(payload).map { (e) throws(DynamoError) in try string(e) })
        case "NS":
            return try .numberSet(try list(payload).map { (e) throws(DynamoError) in try DynamoNumber(try string(e)) })
        case "BS": return try .binarySet(try list(payload).map { (e) throws(DynamoError) in try binary(e) })
        case "L": return .l(try list(payload).map { (e) throws(DynamoError) in try decode(e, depth: depth + 1) })
        case "M":
            guard case .object(let map) = payload else { throw typeMismatch("M", payload) }
            var out = [String: AttributeValue](minimumCapacity: map.count)
            for (k, v) in map { out[k] = try decode(v, depth: depth + 1) }
            return .m(out)
        default:
            throw DynamoError.serialization(
                "Unknown AttributeValue type '\(type)'; expected one of S, N, B, SS, NS, BS, BOOL, NULL, L, M")
        }
    }

    public static func encode(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .s(let s): return .object(["S": .string(s)])
        case .n(let n): return .object(["N": .string(n.description)])
        case .b(let b): return .object(["B": .string(Data(b).base64EncodedString())])
        case .ss(let set): return .object(["SS": .array(set.map { .string($0) })])
        case .ns(let set): return .object(["NS": .array(set.map { .string($0.description) })])
        case .bs(let set): return .object(["BS": .array(set.map { .string(Data($0).base64EncodedString()) })])
        case .bool(let b): return .object(["BOOL": .bool(b)])
        case .null: return .object(["NULL": .bool(true)])
        case .l(let list): return .object(["L": .array(list.map(encode))])
        case .m(let map): return .object(["M": .object(map.mapValues(encode))])
        }
    }

    static func string(_ json: JSONValue) throws(DynamoError) -> String {
        guard case .string(let s) = json else {
            throw DynamoError.serialization("NUMBER_VALUE cannot be converted to String")
        }
        return s
    }

    static func binary(_ json: JSONValue) throws(DynamoError) -> [UInt8] {
        guard case .string(let s) = json, let data = Data(base64Encoded: s) else {
            throw DynamoError.serialization("Base64 encoded binary value expected")
        }
        return [UInt8](data)
    }

    static func list(_ json: JSONValue) throws(DynamoError) -> [JSONValue] {
        guard case .array(let a) = json else { throw DynamoError.serialization("Expected a list") }
        return a
    }

    static func typeMismatch(_ type: String, _ json: JSONValue) -> DynamoError {
        DynamoError.serialization("Unexpected value for \(type): got a JSON \(json.typeName)")
    }
}
