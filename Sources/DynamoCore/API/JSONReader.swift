/// Reads request fields out of a JSON object with type checks and DynamoDB-style errors.
public struct JSONReader: Sendable {
    public let object: [String: JSONValue]

    public init(_ json: JSONValue) throws(DynamoError) {
        guard case .object(let o) = json else { throw DynamoError.serialization("Expected a JSON object") }
        object = o
    }

    public init(object: [String: JSONValue]) { self.object = object }

    func wrongType(_ key: String, _ expected: String) -> DynamoError {
        DynamoError.serialization("Unexpected value type for \(key): expected \(expected)")
    }

    public func has(_ key: String) -> Bool {
        if let v = object[key], !v.isNull { return true }
        return false
    }

    public func string(_ key: String) throws(DynamoError) -> String? {
        guard let v = object[key], !v.isNull else { return nil }
        guard case .string(let s) = v else { throw wrongType(key, "a string") }
        return s
    }

    public func requiredString(_ key: String) throws(DynamoError) -> String {
        guard let s = try string(key) else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "\(lowerFirst(key))")
                    + "Member must not be null"
            )
        }
        return s
    }

    public func int(_ key: String) throws(DynamoError) -> Int? {
        guard let v = object[key], !v.isNull else { return nil }
        guard let i = v.intValue else { throw wrongType(key, "an integer") }
        return i
    }

    public func bool(_ key: String) throws(DynamoError) -> Bool? {
        guard let v = object[key], !v.isNull else { return nil }
        guard case .bool(let b) = v else { throw wrongType(key, "a boolean") }
        return b
    }

    public func array(_ key: String) throws(DynamoError) -> [JSONValue]? {
        guard let v = object[key], !v.isNull else { return nil }
        guard case .array(let a) = v else { throw wrongType(key, "a list") }
        return a
    }

    public func objectValue(_ key: String) throws(DynamoError) -> [String: JSONValue]? {
        guard let v = object[key], !v.isNull else { return nil }
        guard case .object(let o) = v else { throw wrongType(key, "a map") }
        return o
    }

    public func reader(_ key: String) throws(DynamoError) -> JSONReader? {
        guard let o = try objectValue(key) else { return nil }
        return JSONReader(object: o)
    }

    /// A typed-JSON item (or key) under `key`.
    public func item(_ key: String) throws(DynamoError) -> Item? {
        guard let o = try objectValue(key) else { return nil }
        return try TypedJSON.decodeItem(.object(o))
    }

    public func stringMap(_ key: String) throws(DynamoError) -> [String: String]? {
        guard let o = try objectValue(key) else { return nil }
        var out: [String: String] = [:]
        for (k, v) in o {
            guard case .string(let s) = v else { throw wrongType("\(key).\(k)", "a string") }
            out[k] = s
        }
        return out
    }

    func lowerFirst(_ s: String) -> String { s.prefix(1).lowercased() + s.dropFirst() }
}
