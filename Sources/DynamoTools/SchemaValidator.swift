import DynamoCore

/// Checks tool arguments against the catalog's JSON Schemas, with messages that name the field.
///
/// It covers the subset the catalog uses: type (incl. unions), properties, required,
/// additionalProperties, const, enum, items, minimum/maximum, minItems/maxItems.
enum SchemaValidator {
    static func validate(_ value: JSONValue, _ schema: JSONValue, path: String = "arguments") throws(DynamoError) {
        guard case .object(let s) = schema else { return }
        if let type = s["type"] {
            let allowed: [String] = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !allowed.contains(where: { matches(value, $0) }) {
                throw DynamoError.validation("\(path): expected \(allowed.joined(separator: " or ")), got \(value.typeName)")
            }
        }
        if let constant = s["const"], constant != value {
            throw DynamoError.validation("\(path): must be \(constant.jsonText), got \(value.jsonText)")
        }
        if case .array(let options)? = s["enum"], !options.contains(value) {
            throw DynamoError.validation("\(path): must be one of \(options.map(\.jsonText).joined(separator: ", ")), got \(value.jsonText)")
        }
        if case .number(let text) = value, let v = Double(text) {
            if let min = s["minimum"]?.numberText.flatMap(Double.init), v < min {
                throw DynamoError.validation("\(path): must be at least \(s["minimum"]!.jsonText), got \(text)")
            }
            if let max = s["maximum"]?.numberText.flatMap(Double.init), v > max {
                throw DynamoError.validation("\(path): must be at most \(s["maximum"]!.jsonText), got \(text)")
            }
        }
        if case .object(let members) = value {
            let properties = s["properties"]?.objectValue ?? [:]
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                throw DynamoError.validation("\(path): missing required argument \"\(name)\"")
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[name] {
                    try validate(member, sub, path: "\(path).\(name)")
                } else if s["additionalProperties"] == .bool(false) {
                    let known = properties.keys.sorted().joined(separator: ", ")
                    throw DynamoError.validation("\(path): unknown argument \"\(name)\"; expected one of: \(known)")
                } else if let sub = s["additionalProperties"], case .object = sub {
                    try validate(member, sub, path: "\(path).\(name)")
                }
            }
        }
        if case .array(let elements) = value {
            if let min = s["minItems"]?.intValue, elements.count < min {
                throw DynamoError.validation("\(path): needs at least \(min) element(s)")
            }
            if let max = s["maxItems"]?.intValue, elements.count > max {
                throw DynamoError.validation("\(path): takes at most \(max) element(s), got \(elements.count)")
            }
            if let itemSchema = s["items"] {
                for (i, e) in elements.enumerated() { try validate(e, itemSchema, path: "\(path)[\(i)]") }
            }
        }
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): return true
        case ("integer", .number): return value.intValue != nil && !(value.numberText ?? "").contains(".")
        default: return false
        }
    }
}
