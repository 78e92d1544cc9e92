import DynamoCore
import Foundation

/// A tool's arguments with typed accessors and the item format (plain or DynamoDB JSON) applied.
struct ToolArguments {
    enum Format: String { case plain, dynamodb }

    let values: [String: JSONValue]
    let format: Format

    init(_ json: JSONValue) throws(DynamoError) {
        guard case .object(let o) = json else {
            throw DynamoError.validation("arguments: expected object, got \(json.typeName)")
        }
        values = o
        format = Format(rawValue: o["format"]?.stringValue ?? "plain") ?? .plain
    }

    subscript(_ key: String) -> JSONValue? {
        guard let v = values[key], !v.isNull else { return nil }
        return v
    }

    func string(_ key: String) -> String? { self[key]?.stringValue }
    func int(_ key: String) -> Int? { self[key]?.intValue }
    func bool(_ key: String) -> Bool? { self[key]?.boolValue }

    func required(_ key: String) throws(DynamoError) -> JSONValue {
        guard let v = self[key] else { throw DynamoError.validation("arguments: missing required argument \"\(key)\"") }
        return v
    }

    func requiredString(_ key: String) throws(DynamoError) -> String {
        guard let s = try required(key).stringValue else {
            throw DynamoError.validation("arguments.\(key): expected string")
        }
        return s
    }

    // MARK: Values and items in the chosen format

    func decodeValue(_ json: JSONValue, at path: String) throws(DynamoError) -> AttributeValue {
        do {
            return format == .dynamodb ? try TypedJSON.decode(json) : try PlainJSON.decode(json)
        } catch {
            throw formatMismatch(error, path: path)
        }
    }

    func decodeItem(_ json: JSONValue, at path: String = "an item") throws(DynamoError) -> Item {
        do {
            return format == .dynamodb ? try TypedJSON.decodeItem(json) : try PlainJSON.decodeItem(json)
        } catch {
            throw formatMismatch(error, path: path)
        }
    }

    /// A typed value given as plain JSON (or the reverse) names where and which format was expected.
    func formatMismatch(_ error: DynamoError, path: String) -> DynamoError {
        if format == .plain, error.message.contains("looks like DynamoDB JSON") {
            return DynamoError.validation("arguments.\(path): " + error.message)
        }
        guard format == .dynamodb, error.kind == .serialization || error.message.contains("AttributeValue")
        else { return error }
        return DynamoError.validation(
            "arguments.\(path): format is \"dynamodb\", so values are typed JSON like {\"N\": \"1990\"} or {\"S\": "
                + "\"x\"} (\(error.message)); leave format out to write plain JSON"
        )
    }

    /// An item for a DynamoDB request (typed JSON), from an argument in the session's format.
    func wireItem(_ json: JSONValue, at path: String = "an item") throws(DynamoError) -> JSONValue {
        TypedJSON.encodeItem(try decodeItem(json, at: path))
    }

    /// A key for a DynamoDB request (typed JSON), from an argument in the session's format.
    func wireKey(_ json: JSONValue) throws(DynamoError) -> JSONValue { try wireItem(json) }

    /// An item from a DynamoDB response, shown in the session's format.
    func shownItem(_ wire: JSONValue) throws(DynamoError) -> JSONValue {
        if format == .dynamodb { return wire }
        return try PlainJSON.encodeItem(try TypedJSON.decodeItem(wire))
    }
}

/// Gathers expressions, names and values for one DynamoDB request from structured or raw arguments.
struct ExpressionBuilder {
    var names: [String: String] = [:]
    var values: [String: JSONValue] = [:]
    let args: ToolArguments

    init(_ args: ToolArguments) throws(DynamoError) {
        self.args = args
        if let raw = args["names"] {
            guard case .object(let o) = raw else { throw DynamoError.validation("arguments.names: expected object") }
            for (k, v) in o {
                guard let s = v.stringValue else {
                    throw DynamoError.validation("arguments.names.\(k): expected string")
                }
                names[k] = s
            }
        }
        if let raw = args["values"] {
            guard case .object(let o) = raw else { throw DynamoError.validation("arguments.values: expected object") }
            for (k, v) in o { values[k] = TypedJSON.encode(try args.decodeValue(v, at: "values.\(k)")) }
        }
    }

    /// A condition from its structured argument or its raw-expression argument (not both).
    mutating func condition(structured: String, raw: String, prefix: String) throws(DynamoError) -> String? {
        if args[structured] != nil, args[raw] != nil {
            throw DynamoError.validation("arguments: give either \(structured) or \(raw), not both")
        }
        if let text = args.string(raw) { return text }
        guard let spec = args[structured] else { return nil }
        let compiled = try StructuredCondition.compile(
            spec, prefix: prefix, argument: structured, typed: args.format == .dynamodb
        ) {
            (v) throws(DynamoError) in try args.decodeValue(v, at: structured)
        }
        merge(compiled)
        return compiled.expression
    }

    mutating func merge(_ compiled: CompiledExpression) {
        for (k, v) in compiled.names { names[k] = v }
        for (k, v) in compiled.values { values[k] = TypedJSON.encode(v) }
    }

    /// A ProjectionExpression from a string, or from a list of paths (each name escaped with a placeholder).
    mutating func projection() throws(DynamoError) -> String? {
        guard let p = args["projection"] else { return nil }
        if let text = p.stringValue { return text }
        guard case .array(let list) = p, !list.isEmpty else {
            throw DynamoError.validation(
                "arguments.projection: expected a string or a non-empty list of attribute paths")
        }
        var parts: [String] = []
        for entry in list {
            guard let path = entry.stringValue, !path.isEmpty else {
                throw DynamoError.validation("arguments.projection: entries must be attribute paths")
            }
            parts.append(try placeholderPath(path))
        }
        return parts.joined(separator: ", ")
    }

    /// `info.actors[0]` → `#p0.#p1[0]`, registering the names (the `StructuredPath` rule).
    mutating func placeholderPath(_ path: String) throws(DynamoError) -> String {
        var allocated: [String] = []
        let text = try StructuredPath.expression(path) { name in
            let key =
                names.first(where: { $0.value == name && $0.key.hasPrefix("#p") })?.key
                ?? "#p\(names.count + allocated.count)"
            allocated.append(key)
            return key
        }
        var index = 0
        for segment in try StructuredPath.parse(path) {
            if case .name(let name) = segment {
                names[allocated[index]] = name
                index += 1
            }
        }
        return text
    }

    mutating func placeholder(for name: String) -> String {
        if let existing = names.first(where: { $0.value == name && $0.key.hasPrefix("#p") })?.key { return existing }
        let key = "#p\(names.count)"
        names[key] = name
        return key
    }

    /// An UpdateExpression from updates/remove/add/delete or the raw update_expression.
    mutating func update() throws(DynamoError) -> String? {
        let structured = ["updates", "remove", "add", "delete"].filter { args[$0] != nil }
        if let raw = args.string("update_expression") {
            if !structured.isEmpty {
                throw DynamoError.validation(
                    "arguments: give either update_expression or \(structured.joined(separator: "/")), not both")
            }
            return raw
        }
        var clauses: [String] = []
        var counter = 0
        func fresh(_ p: String) -> String {
            counter += 1
            return "\(p)\(counter)"
        }
        /// `SET #u1 = :u2, …`, `ADD #a3 :a4, …`, `DELETE …`: one clause from an {attribute: value} argument.
        func valueClause(_ clause: String, _ key: String, letter: Character, joiner: String) throws(DynamoError) {
            guard let spec = args[key] else { return }
            guard case .object(let o) = spec, !o.isEmpty else {
                throw DynamoError.validation("arguments.\(key): expected a non-empty object {attribute: value}")
            }
            var actions: [String] = []
            for (name, value) in o.sorted(by: { $0.key < $1.key }) {
                let n = try pathExpression(name, letter: letter, fresh: fresh)
                let v = fresh(":\(letter)")
                values[v] = TypedJSON.encode(try args.decodeValue(value, at: "\(key).\(name)"))
                actions.append("\(n)\(joiner)\(v)")
            }
            clauses.append("\(clause) " + actions.joined(separator: ", "))
        }
        try valueClause("SET", "updates", letter: "u", joiner: " = ")
        if let remove = args["remove"] {
            guard case .array(let list) = remove, !list.isEmpty else {
                throw DynamoError.validation("arguments.remove: expected a non-empty list of attribute names")
            }
            var actions: [String] = []
            for entry in list {
                guard let name = entry.stringValue else {
                    throw DynamoError.validation("arguments.remove: entries must be strings")
                }
                actions.append(try pathExpression(name, letter: "r", fresh: fresh))
            }
            clauses.append("REMOVE " + actions.joined(separator: ", "))
        }
        try valueClause("ADD", "add", letter: "a", joiner: " ")
        try valueClause("DELETE", "delete", letter: "d", joiner: " ")
        return clauses.isEmpty ? nil : clauses.joined(separator: " ")
    }

    /// A structured path with a fresh placeholder for each of its names.
    mutating func pathExpression(_ path: String, letter: Character, fresh: (String) -> String) throws(DynamoError)
        -> String
    {
        var allocated: [(String, String)] = []
        let text = try StructuredPath.expression(path) { name in
            let key = fresh("#\(letter)")
            allocated.append((key, name))
            return key
        }
        for (key, name) in allocated { names[key] = name }
        return text
    }

    /// Adds ExpressionAttributeNames/Values to a request when any are set.
    func apply(to request: inout [String: JSONValue]) {
        if !names.isEmpty { request["ExpressionAttributeNames"] = .object(names.mapValues { .string($0) }) }
        if !values.isEmpty { request["ExpressionAttributeValues"] = .object(values) }
    }
}
