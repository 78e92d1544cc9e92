/// The structured condition form simpler clients send, compiled to a DynamoDB expression.
///
/// `{"status": "shipped", "total": {"op": "gte", "value": 100}, "note": {"op": "exists"}}` becomes
/// `#c0 = :c0 AND attribute_exists(#c1) AND #c2 >= :c2` with names and values, the same text an
/// expert would write, so it runs through the one expression parser and shows in logs as such.
/// Operators: eq, ne, lt, lte, gt, gte, between (value `[low, high]`), begins_with, contains,
/// exists, not_exists, in (value: an array). A bare value means eq. Attribute names are
/// `StructuredPath`s (`meta.owner.name` is nested; backquotes take a name literally).
///
/// Shapes that are almost surely mistakes are refused rather than compiled into a test that
/// matches nothing: an operator map without `op` (`{"gt": 300}`, `{"$gt": 300}`) and a bare list
/// (meant as `in`). Comparing with a map or list stays possible with an explicit `{"op": "eq", "value": …}`.
public struct CompiledExpression: Sendable, Equatable {
    public var expression: String
    public var names: [String: String]
    public var values: [String: AttributeValue]
}

public enum StructuredCondition {
    public static let operators = [
        "eq", "ne", "lt", "lte", "gt", "gte", "between", "begins_with", "contains", "exists", "not_exists", "in",
    ]

    /// Compiles the structured form; `decode` turns a JSON value into an attribute value (plain or typed JSON).
    /// `prefix` keeps placeholders of different clauses of one request apart (`k` for key conditions, `f` for filters).
    public static func compile(
        _ json: JSONValue, prefix: String, argument: String = "filters", typed: Bool = false,
        decode: (JSONValue) throws(DynamoError) -> AttributeValue
    ) throws(DynamoError) -> CompiledExpression {
        guard case .object(let fields) = json, !fields.isEmpty else {
            throw DynamoError.validation(
                "A structured condition must be a non-empty JSON object of attribute → value or {\"op\": …, "
                    + "\"value\": …}"
            )
        }
        var compiled = CompiledExpression(expression: "", names: [:], values: [:])
        var parts: [String] = []
        for (i, attribute) in fields.keys.sorted().enumerated() {
            let spec = fields[attribute]!
            var segment = 0
            let name = try StructuredPath.expression(attribute) { part in
                let key = segment == 0 ? "#\(prefix)\(i)" : "#\(prefix)\(i)_\(segment)"
                segment += 1
                compiled.names[key] = part
                return key
            }
            try refuseLikelyMistake(spec, attribute: attribute, argument: argument, typed: typed)
            let (op, operand) = try operation(spec, attribute: attribute, argument: argument)
            let term = Term(
                attribute: attribute, name: name, op: op, operand: operand, placeholder: ":\(prefix)\(i)")
            parts.append(try term.compile(into: &compiled.values, decode: decode))
        }
        compiled.expression = parts.joined(separator: " AND ")
        return compiled
    }

    /// The operator and operand of one attribute's condition: a bare value means `eq`.
    static func operation(_ spec: JSONValue, attribute: String, argument: String)
        throws(DynamoError) -> (String, JSONValue?)
    {
        guard case .object(let o) = spec, let opValue = o["op"] else { return ("eq", spec) }
        guard case .string(let op) = opValue, operators.contains(op) else {
            throw DynamoError.validation(
                "Unknown operator \(opValue.jsonText) for \(attribute); use one of \(operators.joined(separator: ", "))"
            )
        }
        let extra = Set(o.keys).subtracting(["op", "value"])
        if !extra.isEmpty {
            throw DynamoError.validation(
                "Unexpected keys \(extra.sorted()) in the condition on \(attribute); expected op and value")
        }
        if op == "exists" || op == "not_exists", let operand = o["value"] {
            // {"op": "exists", "value": false} would otherwise test for existence: the opposite.
            let other = op == "exists" ? "not_exists" : "exists"
            throw DynamoError.validation(
                "arguments.\(argument).\(attribute): operator \(op) takes no value (got "
                    + "\(operand.jsonText)); write {\"op\": \"\(op)\"}, or {\"op\": \"\(other)\"} for the opposite")
        }
        return (op, o["value"])
    }

    /// One attribute's condition, as expression text with its values.
    struct Term {
        var attribute: String
        /// The attribute's path in the expression (`#f0`, `#f0.#f0_1`).
        var name: String
        var op: String
        var operand: JSONValue?
        /// The stem of its value placeholders (`:f0`).
        var placeholder: String

        func need() throws(DynamoError) -> JSONValue {
            guard let operand else { throw DynamoError.validation("Operator \(op) on \(attribute) needs a value") }
            return operand
        }

        func compile(
            into values: inout [String: AttributeValue], decode: (JSONValue) throws(DynamoError) -> AttributeValue
        ) throws(DynamoError) -> String {
            switch op {
            case "exists": return "attribute_exists(\(name))"
            case "not_exists": return "attribute_not_exists(\(name))"
            case "between":
                guard case .array(let bounds) = try need(), bounds.count == 2 else {
                    throw DynamoError.validation(
                        "Operator between on \(attribute) needs a value of two elements [low, high]")
                }
                values[placeholder + "a"] = try decode(bounds[0])
                values[placeholder + "b"] = try decode(bounds[1])
                return "\(name) BETWEEN \(placeholder)a AND \(placeholder)b"
            case "in":
                guard case .array(let list) = try need(), !list.isEmpty else {
                    throw DynamoError.validation("Operator in on \(attribute) needs a non-empty array value")
                }
                var refs: [String] = []
                for (j, element) in list.enumerated() {
                    let ref = placeholder + "_\(j)"
                    values[ref] = try decode(element)
                    refs.append(ref)
                }
                return "\(name) IN (\(refs.joined(separator: ", ")))"
            case "begins_with", "contains":
                values[placeholder] = try decode(try need())
                return "\(op)(\(name), \(placeholder))"
            default:
                let symbol = ["eq": "=", "ne": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="][op]!
                values[placeholder] = try decode(try need())
                return "\(name) \(symbol) \(placeholder)"
            }
        }
    }

    static let typeTags: Set<String> = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"]

    /// A bare map without `op`, or a bare list, is refused with the shape that was probably meant.
    static func refuseLikelyMistake(_ spec: JSONValue, attribute: String, argument: String, typed: Bool)
        throws(DynamoError)
    {
        switch spec {
        case .object(let o) where o["op"] == nil:
            if typed, o.count == 1, let tag = o.keys.first, typeTags.contains(tag) { return }
            if !typed, o.count == 1, let tag = o.keys.first, PlainJSON.tags.contains(tag) { return }
            let guessed = o.keys.map { $0.hasPrefix("$") ? String($0.dropFirst()) : $0 }.first {
                operators.contains($0)
            }
            let example =
                guessed.map { op in "{\"op\": \"\(op)\", \"value\": \(o.values.first?.jsonText ?? "…")}" }
                ?? "{\"op\": \"gt\", \"value\": 300}"
            throw DynamoError.validation(
                "\(argument).\(attribute): \(spec.jsonText) is not a condition; write \(example) (operators: "
                    + "\(operators.joined(separator: ", "))), or {\"op\": \"eq\", \"value\": {…}} to compare with a map"
            )
        case .array(let list) where !typed:
            throw DynamoError.validation(
                "\(argument).\(attribute): a bare list is ambiguous; write {\"op\": \"in\", \"value\": "
                    + "\(JSONValue.array(list).jsonText)} for any of these values, or {\"op\": \"eq\", \"value\": "
                    + "[...]} to compare with a list"
            )
        default:
            return
        }
    }
}
