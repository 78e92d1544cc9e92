import DynamoCore

/// DynamoDB's error texts, said again in the tools' own words: argument names as the tools spell
/// them (`projection`, `values`, `index_name`, never `ProjectionExpression`), where in the arguments
/// the problem is, and what to send instead. The original text stays at the end, for searching.
///
/// Each rule is a pure function of the error, the call, and (when it needs one) the table's
/// description, so the rules are tested without a backend.
enum ErrorAdvice {
    /// The advice for an error, or nil to keep DynamoDB's words.
    static func advise(_ error: DynamoError, _ call: ToolCall, description: JSONValue?) -> String? {
        let m = error.message
        let args = call.arguments
        for rule in rules {
            if let advice = rule(m, call.name, args, description) { return advice + " (DynamoDB: \(m))" }
        }
        return renamed(m, args)
    }

    typealias Rule = @Sendable (String, String, JSONValue, JSONValue?) -> String?

    static let rules: [Rule] = [
        missedIndexKey, partitionRange, beginsWithNumber, undefinedPlaceholder, unusedPlaceholder, addOperand,
        sameItemTwice, duplicateKeys, partiQLQuotedTable, partiQLPartialKey, keyType, indexOnlySelect, keyInList,
    ]

    /// The request's key schema (the index's when `index_name` is given), partition key first.
    static func keys(_ args: JSONValue, _ description: JSONValue?) -> [KeySchemaCheck.KeyAttribute] {
        guard let description else { return [] }
        return TableDescription(description).keys(forIndex: args["index_name"]?.stringValue)
    }

    static func schemaText(_ args: JSONValue, _ keys: [KeySchemaCheck.KeyAttribute]) -> String {
        let source =
            args["index_name"]?.stringValue.map { "index \($0)" } ?? (args["table"]?.stringValue ?? "the table")
        let parts = keys.map { k in "\(k.name) (\(k.type), \(k.isPartition ? "partition" : "sort"))" }
        return "\(source) is keyed by \(parts.joined(separator: " and "))"
    }

    /// A GSI queried with the table's key names.
    static let missedIndexKey: Rule = { m, _, args, description in
        guard m.hasPrefix("Query condition missed key schema element"), let given = args["key_condition"]?.objectValue
        else {
            return nil
        }
        let keys = keys(args, description)
        let missing = keys.filter { $0.isPartition && given[$0.name] == nil }
        guard let partition = missing.first ?? keys.first else { return nil }
        let named = given.keys.sorted().joined(separator: ", ")
        return "arguments.key_condition: \(schemaText(args, keys)); key_condition names \(named) — give "
            + "{\"\(partition.name)\": …}"
            + (args["index_name"] != nil ? " (or leave index_name out to query the table)" : "")
    }

    /// A range operator on the partition key.
    static let partitionRange: Rule = { m, _, args, description in
        guard m.contains("Query key condition not supported") || m.contains("KeyConditionExpression: Invalid operator"),
            let partition = keys(args, description).first, let spec = args["key_condition"]?[partition.name],
            let op = spec["op"]?.stringValue, op != "eq"
        else { return nil }
        return "arguments.key_condition.\(partition.name): the partition key takes equality only "
            + "({\"\(partition.name)\": value}); to read a range of \(partition.name) values use scan with "
            + "filters: {\"\(partition.name)\": {\"op\": \"\(op)\", …}}"
    }

    static let beginsWithNumber: Rule = { m, _, args, description in
        guard m.contains("operator or function: begins_with, operand type: N") else { return nil }
        let sort = keys(args, description).first { !$0.isPartition }
        let name = sort?.name ?? "the sort key"
        return "arguments.key_condition.\(name): begins_with needs a string or binary key, but \(name) is a number; "
            + "use between [low, high] or gte/lt"
    }

    static let undefinedPlaceholder: Rule = { m, _, _, _ in
        if let range = m.range(of: "attribute value used in expression is not defined; attribute value: ") {
            let name = String(m[range.upperBound...])
            return "arguments.values: the expression uses \(name), but values has no \"\(name)\"; add "
                + "\"values\": {\"\(name)\": …}"
        }
        if let range = m.range(of: "attribute name used in expression is not defined; attribute name: ") {
            let name = String(m[range.upperBound...])
            return "arguments.names: the expression uses \(name), but names has no \"\(name)\"; add "
                + "\"names\": {\"\(name)\": \"attribute\"}"
        }
        return nil
    }

    static let unusedPlaceholder: Rule = { m, _, _, _ in
        for (aws, argument) in [("ExpressionAttributeNames", "names"), ("ExpressionAttributeValues", "values")] {
            guard m.hasPrefix("Value provided in \(aws) unused in expressions: keys: {") else { continue }
            let listed = m.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" }
            return
                "arguments.\(argument): \(listed) \(listed.contains(",") ? "are" : "is") not used by any expression; "
                + "remove \(listed.contains(",") ? "them" : "it") from \(argument), or use "
                + "\(listed.contains(",") ? "them" : "it")"
        }
        return nil
    }

    /// `add`/`delete` with an operand of the wrong type: names the attribute and the fix.
    static let addOperand: Rule = { m, _, args, _ in
        guard let range = m.range(of: "operator: ") else { return nil }
        let rest = m[range.upperBound...]
        let op = rest.prefix { $0 != "," }
        guard op == "ADD" || op == "DELETE", let typeRange = m.range(of: "operand type: ") else { return nil }
        let operand = String(m[typeRange.upperBound...].prefix { $0.isLetter })
        let argument = op == "ADD" ? "add" : "delete"
        let entries = args[argument]?.objectValue ?? [:]
        let wanted: (JSONValue) -> Bool = { value in
            switch operand {
            case "LIST": return value.arrayValue != nil
            case "STRING": return value.stringValue != nil
            case "MAP": return value.objectValue != nil
            case "BOOLEAN": return value.boolValue != nil
            default: return true
            }
        }
        let name =
            entries.keys.sorted().first { wanted(entries[$0]!) } ?? entries.keys.sorted().first ?? "the attribute"
        switch operand {
        case "LIST":
            return
                "arguments.\(argument).\(name): a JSON list is a DynamoDB list, which \(argument) cannot take; for a "
                + "set write {\"$ss\": [...]} (strings) or {\"$ns\": [...]} (numbers)"
        default:
            return "arguments.\(argument).\(name): \(argument) takes a number (to add) or a set (to "
                + "\(op == "ADD" ? "union" : "take out")), got a \(operand.lowercased()); to store it use updates"
        }
    }

    /// Two transaction actions on one item: names them.
    static let sameItemTwice: Rule = { m, name, args, description in
        guard m.contains("multiple operations on one item"), let actions = args["actions"]?.arrayValue else {
            return nil
        }
        var seen: [String: Int] = [:]
        for (i, action) in actions.enumerated() {
            guard let (kind, body) = action.objectValue?.first else { continue }
            var key = body["key"] ?? .null
            if kind == "put", let item = body["item"]?.objectValue, let description,
                body["table"]?.stringValue == description["TableName"]?.stringValue
            {
                let names = TableDescription(description).keyAttributeNames
                key = .object(item.filter { names.contains($0.key) })
            }
            let identity = (body["table"]?.stringValue ?? "") + " " + key.jsonText
            if let first = seen[identity] {
                return "arguments.actions[\(first)] and actions[\(i)] act on the same item "
                    + "(\(body["table"]?.stringValue ?? "") \(key.jsonText)); a transaction may touch each item once — "
                    + "merge them into one action"
            }
            seen[identity] = i
        }
        return nil
    }

    static let duplicateKeys: Rule = { m, name, args, description in
        guard m.contains("Provided list of item keys contains duplicates") else { return nil }
        let names = description.map { TableDescription($0).keyAttributeNames } ?? []
        for argument in ["keys", "delete", "put"] {
            guard let list = args[argument]?.arrayValue else { continue }
            var seen: [String: Int] = [:]
            for (i, element) in list.enumerated() {
                let key: JSONValue =
                    names.isEmpty ? element : .object((element.objectValue ?? [:]).filter { names.contains($0.key) })
                if let first = seen[key.jsonText] {
                    return "arguments.\(argument)[\(first)] and \(argument)[\(i)] have the same key \(key.jsonText); "
                        + "a batch may name each item once — drop one"
                }
                seen[key.jsonText] = i
            }
        }
        return nil
    }

    static let partiQLQuotedTable: Rule = { m, name, args, _ in
        guard name == "execute_statement", let range = m.range(of: "expected a name, found '") else { return nil }
        let quoted = m[range.upperBound...].prefix { $0 != "'" }
        return "arguments.statement: '\(quoted)' is a string in PartiQL; write a table or attribute name bare or in "
            + "double quotes: \"\(quoted)\" (single quotes are for string values: WHERE title = 'Rush')"
    }

    static let partiQLPartialKey: Rule = { m, name, args, description in
        guard name == "execute_statement", m.contains("mandatory equality on all key attributes") else { return nil }
        let keys = description.map { TableDescription($0).keys } ?? []
        let clause = keys.map { "\($0.name) = \($0.type == "N" ? "1" : "'…'")" }.joined(separator: " AND ")
        return "arguments.statement: UPDATE and DELETE act on one item, so WHERE needs the full key"
            + (clause.isEmpty ? "" : ": WHERE \(clause)") + "; to change many items, SELECT them and update each"
    }

    /// A key value of the wrong type: names where, and the value to write.
    static let keyType: Rule = { m, name, args, description in
        guard m.contains("Condition parameter type does not match schema type") else { return nil }
        let keys = keys(args, description)
        if name == "execute_statement", let parameters = args["parameters"]?.arrayValue {
            for (i, p) in parameters.enumerated() {
                if let text = p.stringValue, keys.contains(where: { $0.type == "N" }), Double(text) != nil {
                    return "arguments.parameters[\(i)] is the string \"\(text)\", but the key it is compared with is a "
                        + "number: pass \(text)"
                }
            }
            return nil
        }
        guard let given = args["key_condition"]?.objectValue else { return nil }
        for key in keys {
            guard var value = given[key.name] else { continue }
            if let inner = value["value"], value["op"] != nil { value = inner.arrayValue?.first ?? inner }
            let actual = value.stringValue != nil ? "S" : value.numberText != nil ? "N" : "?"
            guard actual != key.type, actual != "?" else { continue }
            let fix = key.type == "N" ? (value.stringValue ?? "") : "\"\(value.jsonText)\""
            return
                "arguments.key_condition.\(key.name): \(key.name) is a "
                + "\(KeySchemaCheck.typeNames[key.type] ?? key.type) key, "
                + "got \(value.jsonText); write \(fix)"
        }
        return nil
    }

    static let indexOnlySelect: Rule = { m, _, _, _ in
        guard m.contains("ALL_PROJECTED_ATTRIBUTES is supported only for index queries") else { return nil }
        return
            "arguments.select: ALL_PROJECTED_ATTRIBUTES needs index_name; on the table use ALL_ATTRIBUTES or leave "
            + "select out"
    }

    /// A key in a list (transact_get_items, batch_get_item…) that does not match the schema: which,
    /// and the schema, as get_item says it.
    static let keyInList: Rule = { m, name, args, description in
        guard m.contains("key element does not match the schema") || m.contains("Missing the key"),
            let description
        else { return nil }
        let keys = TableDescription(description).keys
        let table = description["TableName"]?.stringValue ?? ""
        var candidates: [(String, JSONValue)] = []
        for (i, entry) in (args["items"]?.arrayValue ?? []).enumerated() {
            candidates.append(("items[\(i)].key", entry["key"] ?? .null))
        }
        for (i, entry) in (args["actions"]?.arrayValue ?? []).enumerated() {
            if let (kind, body) = entry.objectValue?.first, let key = body["key"] {
                candidates.append(("actions[\(i)].\(kind).key", key))
            }
        }
        for (i, key) in (args["keys"]?.arrayValue ?? []).enumerated() { candidates.append(("keys[\(i)]", key)) }
        for (path, key) in candidates {
            let typed =
                args["format"]?.stringValue == "dynamodb"
                ? key
                : ((try? PlainJSON.decodeItem(key)).map(TypedJSON.encodeItem) ?? key)
            let found = KeySchemaCheck.problems(typed, argument: path, keys: keys, exact: true)
            if !found.isEmpty {
                return "arguments.\(path): \(KeySchemaCheck.schemaText(table, keys)): \(found.joined(separator: "; "))"
            }
        }
        return nil
    }

    /// The AWS parameter names a message mentions, replaced by the arguments this call used.
    static func renamed(_ m: String, _ args: JSONValue) -> String? {
        func pick(_ structured: String, _ raw: String) -> String { args[structured] != nil ? structured : raw }
        let names: [(String, String)] = [
            ("KeyConditionExpression", pick("key_condition", "key_condition_expression")),
            ("FilterExpression", pick("filters", "filter_expression")),
            ("ConditionExpression", pick("condition", "condition_expression")),
            ("UpdateExpression", args["update_expression"] != nil ? "update_expression" : "updates"),
            ("ProjectionExpression", "projection"), ("ExpressionAttributeNames", "names"),
            ("ExpressionAttributeValues", "values"), ("TotalSegments", "total_segments"), ("IndexName", "index_name"),
            ("ExclusiveStartKey", "cursor"), ("ScanIndexForward", "scan_forward"),
            ("ConsistentRead", "consistent_read"),
        ]
        var out = m
        for (aws, tool) in names where out.contains(aws) {
            // "Invalid ProjectionExpression: Syntax error…" → "arguments.projection: syntax error…"
            if out.hasPrefix("Invalid \(aws): ") {
                out = "arguments.\(tool): " + out.dropFirst("Invalid \(aws): ".count)
            }
            out = out.replacingOccurrences(of: aws, with: tool)
        }
        return out == m ? nil : out
    }
}
