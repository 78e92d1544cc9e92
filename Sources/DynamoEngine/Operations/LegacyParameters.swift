import DynamoCore

/// DynamoDB's pre-expression parameters, translated into the expression parameters the engine runs.
///
/// Older SDK layers still send them — the Java v1 DynamoDBMapper writes `Expected` and
/// `AttributeUpdates`, boto 2 sends `KeyConditions` — so code written against them runs here
/// unchanged. Each legacy parameter becomes its expression counterpart with generated `#l…`/`:l…`
/// placeholders (legacy names are literal, so reserved words never matter):
///
/// | legacy | expression |
/// |---|---|
/// | `Expected` (+ `ConditionalOperator`) | `ConditionExpression` |
/// | `KeyConditions` | `KeyConditionExpression` |
/// | `QueryFilter` / `ScanFilter` (+ `ConditionalOperator`) | `FilterExpression` |
/// | `AttributeUpdates` | `UpdateExpression` |
/// | `AttributesToGet` | `ProjectionExpression` |
///
/// As in DynamoDB, one request cannot mix the two styles.
enum LegacyParameters {
    static let legacy = [
        "AttributesToGet", "AttributeUpdates", "ConditionalOperator", "Expected", "KeyConditions", "QueryFilter",
        "ScanFilter",
    ]
    static let expression = [
        "ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues", "FilterExpression",
        "KeyConditionExpression", "ProjectionExpression", "UpdateExpression",
    ]

    /// The request with every legacy parameter replaced; unchanged when it has none.
    static func translate(_ operation: DynamoOperation, _ request: JSONValue) throws(DynamoError) -> JSONValue {
        guard case .object(var body) = request else { return request }
        if operation == .batchGetItem, case .object(var tables)? = body["RequestItems"] {
            for (table, spec) in tables { tables[table] = try translateBody(spec) }
            body["RequestItems"] = .object(tables)
            return .object(body)
        }
        return try translateBody(.object(body))
    }

    static let legacyNames = Set(legacy)

    static func translateBody(_ request: JSONValue) throws(DynamoError) -> JSONValue {
        guard case .object(var body) = request else { return request }
        // Most requests name none: a look at their few keys, not at every legacy name.
        guard body.keys.contains(where: legacyNames.contains) else { return request }
        // An empty Expected, QueryFilter or ScanFilter means none, as in DynamoDB.
        for name in ["Expected", "QueryFilter", "ScanFilter"] where body[name] == .object([:]) {
            body[name] = nil
        }
        let legacyUsed = legacy.filter { body[$0] != nil }
        guard !legacyUsed.isEmpty else { return .object(body) }
        let expressionUsed = expression.filter { body[$0] != nil }
        if !expressionUsed.isEmpty {
            throw DynamoError.validation(
                "Can not use both expression and non-expression parameters in the same request: Non-expression "
                    + "parameters: {\(legacyUsed.joined(separator: ", "))} Expression parameters: "
                    + "{\(expressionUsed.joined(separator: ", "))}"
            )
        }
        var builder = Builder()
        let conditional = try body.removeValue(forKey: "ConditionalOperator").map {
            (op) throws(DynamoError) -> String in
            guard let text = op.stringValue, text == "AND" || text == "OR" else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(value: op.stringValue ?? op.jsonText, at: "conditionalOperator")
                        + "Member must satisfy enum value set: [AND, OR]"
                )
            }
            return text
        }
        var usedConditional = false
        if let expected = body.removeValue(forKey: "Expected") {
            body["ConditionExpression"] = .string(try builder.expected(expected, joinedBy: conditional ?? "AND"))
            usedConditional = true
        }
        for (legacyName, target) in [("QueryFilter", "FilterExpression"), ("ScanFilter", "FilterExpression")] {
            guard let filter = body.removeValue(forKey: legacyName) else { continue }
            body[target] = .string(try builder.conditions(filter, joinedBy: conditional ?? "AND", field: legacyName))
            usedConditional = true
        }
        if conditional != nil && !usedConditional {
            throw DynamoError.validation(
                "ConditionalOperator can only be used together with Expected, QueryFilter or ScanFilter")
        }
        if let keys = body.removeValue(forKey: "KeyConditions") {
            body["KeyConditionExpression"] = .string(
                try builder.conditions(keys, joinedBy: "AND", field: "KeyConditions"))
        }
        if let updates = body.removeValue(forKey: "AttributeUpdates") {
            if let update = try builder.attributeUpdates(updates) { body["UpdateExpression"] = .string(update) }
        }
        if let attributes = body.removeValue(forKey: "AttributesToGet") {
            body["ProjectionExpression"] = .string(try builder.projection(attributes))
        }
        builder.placeholders.finish(into: &body)
        return .object(body)
    }

    /// Accumulates placeholders while legacy clauses become expression text.
    struct Builder {
        /// `AttributesToGet` as a ProjectionExpression: at least one name, none twice.
        mutating func projection(_ attributes: JSONValue) throws(DynamoError) -> String {
            guard case .array(let names) = attributes, !names.isEmpty else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(value: "[]", at: "attributesToGet")
                        + "Member must have length greater than or equal to 1")
            }
            var seen: Set<String> = []
            var out: [String] = []
            for n in names {
                guard let name = n.stringValue else {
                    throw DynamoError.validation("AttributesToGet takes attribute names")
                }
                guard seen.insert(name).inserted else {
                    throw DynamoError.validation(
                        "One or more parameter values were invalid: Duplicate value in attribute name: \(name)")
                }
                out.append(self.name(name))
            }
            return out.joined(separator: ", ")
        }

        var placeholders = Placeholders(prefix: "l")

        mutating func name(_ attribute: String) -> String { placeholders.name(attribute) }
        mutating func value(_ v: JSONValue) -> String { placeholders.value(v) }

        /// `{attr: {ComparisonOperator, AttributeValueList}}` joined by AND or OR.
        mutating func conditions(_ map: JSONValue, joinedBy op: String, field: String) throws(DynamoError) -> String {
            guard case .object(let members) = map, !members.isEmpty else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(at: "\(field)") + "Member must have "
                        + "at least 1 element"
                )
            }
            var clauses: [String] = []
            for (attribute, spec) in members.sorted(by: { $0.key < $1.key }) {
                if attribute.isEmpty { throw DynamoError.emptyAttributeName() }
                let s = try JSONReader(spec)
                let comparison = try s.requiredString("ComparisonOperator")
                clauses.append(try clause(attribute, comparison, try s.array("AttributeValueList") ?? []))
            }
            return clauses.joined(separator: " \(op) ")
        }

        /// `Expected`: per attribute a comparison, `Exists: false`, or an expected `Value`.
        mutating func expected(_ map: JSONValue, joinedBy op: String) throws(DynamoError) -> String {
            guard case .object(let members) = map else {
                throw DynamoError.validation("Expected must be a map of attribute conditions")
            }
            var clauses: [String] = []
            for (attribute, spec) in members.sorted(by: { $0.key < $1.key }) {
                if attribute.isEmpty { throw DynamoError.emptyAttributeName() }
                let s = try JSONReader(spec)
                let exists = try s.bool("Exists")
                let value = s.object["Value"]
                if let comparison = try s.string("ComparisonOperator") {
                    if exists != nil || value != nil {
                        throw DynamoError.validation(
                            "One or more parameter values were invalid: Exists and Value cannot be used with "
                                + "ComparisonOperator"
                        )
                    }
                    clauses.append(try clause(attribute, comparison, try s.array("AttributeValueList") ?? []))
                } else if exists == false {
                    if value != nil {
                        throw DynamoError.validation(
                            "One or more parameter values were invalid: Value cannot be used when Exists is false "
                                + "for Attribute: \(attribute)"
                        )
                    }
                    clauses.append("attribute_not_exists(\(name(attribute)))")
                } else if let value {
                    clauses.append("\(name(attribute)) = \(self.value(value))")
                } else {
                    throw DynamoError.validation(
                        "One or more parameter values were invalid: Value must be provided when Exists is true for "
                            + "Attribute: \(attribute)"
                    )
                }
            }
            guard !clauses.isEmpty else { throw DynamoError.validation("Expected must name at least one attribute") }
            return clauses.joined(separator: " \(op) ")
        }

        mutating func clause(_ attribute: String, _ comparison: String, _ arguments: [JSONValue]) throws(DynamoError)
            -> String
        {
            let counts: [String: ClosedRange<Int>] = [
                "EQ": 1...1, "NE": 1...1, "LE": 1...1, "LT": 1...1, "GE": 1...1, "GT": 1...1, "NOT_NULL": 0...0,
                "NULL": 0...0,
                "CONTAINS": 1...1, "NOT_CONTAINS": 1...1, "BEGINS_WITH": 1...1, "IN": 1...Int.max, "BETWEEN": 2...2,
            ]
            guard let allowed = counts[comparison] else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(value: comparison, at: "comparisonOperator")
                        + "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, "
                        + "GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"
                )
            }
            guard allowed.contains(arguments.count) else {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Invalid number of argument(s) for the \(comparison) "
                        + "ComparisonOperator"
                )
            }
            try Self.checkTypes(comparison, arguments)
            let path = name(attribute)
            let args = arguments.map { value($0) }
            switch comparison {
            case "EQ": return "\(path) = \(args[0])"
            case "NE": return "\(path) <> \(args[0])"
            case "LE": return "\(path) <= \(args[0])"
            case "LT": return "\(path) < \(args[0])"
            case "GE": return "\(path) >= \(args[0])"
            case "GT": return "\(path) > \(args[0])"
            case "NOT_NULL": return "attribute_exists(\(path))"
            case "NULL": return "attribute_not_exists(\(path))"
            case "CONTAINS": return "contains(\(path), \(args[0]))"
            case "NOT_CONTAINS": return "NOT contains(\(path), \(args[0]))"
            case "BEGINS_WITH": return "begins_with(\(path), \(args[0]))"
            case "IN": return "\(path) IN (\(args.joined(separator: ", ")))"
            default: return "\(path) BETWEEN \(args[0]) AND \(args[1])"
            }
        }

        /// The types each legacy ComparisonOperator takes (DynamoDB's reference for `Condition`): orderings,
        /// IN and CONTAINS take a string, number or binary; BEGINS_WITH a string or binary; BETWEEN two of
        /// one such type. EQ and NE take any type.
        static func checkTypes(_ comparison: String, _ arguments: [JSONValue]) throws(DynamoError) {
            let allowed: Set<String>
            switch comparison {
            case "LE", "LT", "GE", "GT", "BETWEEN", "IN", "CONTAINS", "NOT_CONTAINS": allowed = ["S", "N", "B"]
            case "BEGINS_WITH": allowed = ["S", "B"]
            default: return
            }
            let types = arguments.map { $0.objectValue?.keys.first ?? "" }
            if let wrong = types.first(where: { !allowed.contains($0) }) {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: ComparisonOperator \(comparison) is not valid for "
                        + "\(wrong) AttributeValue type")
            }
            if comparison == "BETWEEN", Set(types).count > 1 {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of "
                        + "same type")
            }
        }

        /// `AttributeUpdates`: PUT → SET, DELETE → REMOVE (or DELETE of set elements), ADD → ADD
        /// (or list_append for lists, which the legacy ADD allows). Nil when the map is empty.
        mutating func attributeUpdates(_ map: JSONValue) throws(DynamoError) -> String? {
            guard case .object(let members) = map else {
                throw DynamoError.validation("AttributeUpdates must be a map")
            }
            var sets: [String] = []
            var removes: [String] = []
            var adds: [String] = []
            var deletes: [String] = []
            for (attribute, spec) in members.sorted(by: { $0.key < $1.key }) {
                if attribute.isEmpty { throw DynamoError.emptyAttributeName() }
                let s = try JSONReader(spec)
                let action = try s.string("Action") ?? "PUT"
                let value = s.object["Value"]
                let path = name(attribute)
                switch action {
                case "PUT":
                    guard let value else {
                        throw DynamoError.validation(
                            "One or more parameter values were invalid: Only DELETE action is allowed when no "
                                + "attribute value is specified"
                        )
                    }
                    sets.append("\(path) = \(self.value(value))")
                case "DELETE":
                    if let value { deletes.append("\(path) \(self.value(value))") } else { removes.append(path) }
                case "ADD":
                    guard let value else {
                        throw DynamoError.validation(
                            "One or more parameter values were invalid: Only DELETE action is allowed when no "
                                + "attribute value is specified"
                        )
                    }
                    if value["L"] != nil {
                        sets.append(
                            "\(path) = list_append(if_not_exists(\(path), \(self.value(["L": []]))), "
                                + "\(self.value(value)))"
                        )
                    } else {
                        adds.append("\(path) \(self.value(value))")
                    }
                default:
                    throw DynamoError.validation(
                        DynamoError.constraintPrefix(value: action, at: "attributeUpdates.\(attribute).member.action")
                            + "Member must satisfy enum value set: [ADD, PUT, DELETE]"
                    )
                }
            }
            var parts: [String] = []
            if !sets.isEmpty { parts.append("SET " + sets.joined(separator: ", ")) }
            if !removes.isEmpty { parts.append("REMOVE " + removes.joined(separator: ", ")) }
            if !adds.isEmpty { parts.append("ADD " + adds.joined(separator: ", ")) }
            if !deletes.isEmpty { parts.append("DELETE " + deletes.joined(separator: ", ")) }
            return parts.isEmpty ? nil : parts.joined(separator: " ")
        }
    }
}
