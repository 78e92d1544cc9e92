import DynamoCore

/// Checks tool arguments against the catalog's JSON Schemas, with messages that name the field.
///
/// It covers the subset the catalog uses: type (incl. unions), anyOf, properties, required,
/// additionalProperties, const, enum, items, minimum/maximum, minItems/maxItems, and `$ref`s to the
/// schema's own `$defs`.
enum SchemaValidator {
    /// Validates and reports every bad argument at once, so one retry can fix them all.
    static func validate(_ value: JSONValue, _ schema: JSONValue, path: String = "arguments") throws(DynamoError) {
        var problems: [String] = []
        let defs = schema["$defs"]?.objectValue ?? [:]
        check(value, defs.isEmpty ? schema : inliningReferences(schema, defs: defs), path: path, problems: &problems)
        if !problems.isEmpty {
            throw DynamoError.validation(
                problems.count == 1 ? problems[0] : "\(problems.count) problems: " + problems.joined(separator: "; "))
        }
    }

    /// The schema with each `{"$ref": "#/$defs/NAME"}` replaced by that definition.
    static func inliningReferences(_ schema: JSONValue, defs: [String: JSONValue]) -> JSONValue {
        switch schema {
        case .object(let fields):
            if let ref = fields["$ref"]?.stringValue, ref.hasPrefix("#/$defs/"),
                let target = defs[String(ref.dropFirst(8))]
            {
                return inliningReferences(target, defs: defs)
            }
            return .object(fields.mapValues { inliningReferences($0, defs: defs) })
        case .array(let elements):
            return .array(elements.map { inliningReferences($0, defs: defs) })
        default:
            return schema
        }
    }

    /// Names other tools and the DynamoDB API use for our arguments.
    static let aliases: [String: String] = [
        "index": "index_name", "indexname": "index_name", "scan_index_forward": "scan_forward",
        "scanindexforward": "scan_forward",
        "tablename": "table", "table_name": "table", "filter": "filters", "exclusive_start_key": "cursor",
        "exclusivestartkey": "cursor", "next_cursor": "cursor", "key_conditions": "key_condition",
        "keyconditionexpression": "key_condition_expression", "filterexpression": "filter_expression",
        "expression_attribute_names": "names", "expressionattributenames": "names",
        "expression_attribute_values": "values", "expressionattributevalues": "values",
        "projectionexpression": "projection", "projection_expression": "projection", "update": "updates",
        "set": "updates", "conditionexpression": "condition_expression", "updateexpression": "update_expression",
        "returnvalues": "return_values", "consistentread": "consistent_read", "max_results": "max_items",
    ]

    static func suggestion(for name: String, known: [String]) -> String? {
        if let alias = aliases[name.lowercased()], known.contains(alias) { return alias }
        return Suggest.closest(to: name, in: known)
    }

    static func check(_ value: JSONValue, _ schema: JSONValue, path: String, problems: inout [String]) {
        do throws(DynamoError) {
            try checkOne(value, schema, path: path, problems: &problems)
        } catch {
            problems.append(error.message)
        }
    }

    static func checkOne(_ value: JSONValue, _ schema: JSONValue, path: String, problems: inout [String])
        throws(DynamoError)
    {
        guard case .object(let s) = schema else { return }
        if let type = s["type"] {
            let allowed: [String] = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !allowed.contains(where: { matches(value, $0) }) {
                throw DynamoError.validation(
                    "\(path): expected \(allowed.joined(separator: " or ")), got \(value.typeName)")
            }
        }
        if let constant = s["const"], constant != value {
            throw DynamoError.validation("\(path): must be \(constant.jsonText), got \(value.jsonText)")
        }
        if case .array(let options)? = s["enum"], !options.contains(value) {
            throw DynamoError.validation(
                "\(path): must be one of \(options.map(\.jsonText).joined(separator: ", ")), got \(value.jsonText)")
        }
        if case .number(let text) = value, let v = Double(text) {
            if let min = s["minimum"]?.numberText.flatMap(Double.init), v < min {
                throw DynamoError.validation("\(path): must be at least \(s["minimum"]!.jsonText), got \(text)")
            }
            if let max = s["maximum"]?.numberText.flatMap(Double.init), v > max {
                throw DynamoError.validation("\(path): must be at most \(s["maximum"]!.jsonText), got \(text)")
            }
        }
        if case .array(let options)? = s["anyOf"] { checkAnyOf(value, options, path: path, problems: &problems) }
        if case .object(let members) = value { checkObject(members, s, path: path, problems: &problems) }
        if case .array(let elements) = value {
            if let min = s["minItems"]?.intValue, elements.count < min {
                throw DynamoError.validation("\(path): needs at least \(min) element(s)")
            }
            if let max = s["maxItems"]?.intValue, elements.count > max {
                throw DynamoError.validation("\(path): takes at most \(max) element(s), got \(elements.count)")
            }
            if let itemSchema = s["items"] {
                for (i, e) in elements.enumerated() { check(e, itemSchema, path: "\(path)[\(i)]", problems: &problems) }
            }
        }
    }

    /// At least one alternative must hold; when none does, the first one's problems are shown.
    static func checkAnyOf(_ value: JSONValue, _ options: [JSONValue], path: String, problems: inout [String]) {
        var first: [String]? = nil
        for option in options {
            var found: [String] = []
            check(value, option, path: path, problems: &found)
            if found.isEmpty { return }
            if first == nil { first = found }
        }
        problems += first ?? []
    }

    /// An object's members: required ones present, unknown ones named with the likely fix, each checked.
    static func checkObject(
        _ members: [String: JSONValue], _ s: [String: JSONValue], path: String, problems: inout [String]
    ) {
        let properties = s["properties"]?.objectValue ?? [:]
        let known = properties.keys.sorted()
        for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            // A misspelt required argument is reported once, as the unknown name with its fix.
            if members.keys.contains(where: { suggestion(for: $0, known: known) == name }) { continue }
            problems.append("\(path): missing required argument \"\(name)\"")
        }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let sub = properties[name] {
                check(member, sub, path: "\(path).\(name)", problems: &problems)
            } else if s["additionalProperties"] == .bool(false) {
                if let fix = suggestion(for: name, known: known) {
                    problems.append("\(path): unknown argument \"\(name)\"; did you mean \"\(fix)\"?")
                } else {
                    problems.append(
                        "\(path): unknown argument \"\(name)\"; expected one of: \(known.joined(separator: ", "))")
                }
            } else if let sub = s["additionalProperties"], case .object = sub {
                check(member, sub, path: "\(path).\(name)", problems: &problems)
            }
        }
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number): return value.intValue != nil && !(value.numberText ?? "").contains(".")
        default: return false
        }
    }
}
