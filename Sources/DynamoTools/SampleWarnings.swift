import DynamoCore

/// Words for what DynamoDB answers silently: a filter on a name no item has, `begins_with` on a
/// number, a value of another type than the attribute holds, a write that changes an attribute's
/// type. Each is checked against a sample of the table (`TableSample`) and becomes a `warnings`
/// entry: the call still runs as DynamoDB runs it, and the agent learns why it got nothing.
extension ToolContext {
    /// One structured condition entry: where it was given, the attribute path, its operator and value.
    struct ConditionEntry {
        var argument: String
        var path: String
        var op: String
        var value: JSONValue?
    }

    func entries(of argument: String) -> [ConditionEntry] {
        guard case .object(let fields)? = args[argument] else { return [] }
        return fields.keys.sorted().map { path in
            let spec = fields[path]!
            if case .object(let o) = spec, let op = o["op"]?.stringValue {
                return ConditionEntry(argument: argument, path: path, op: op, value: o["value"])
            }
            return ConditionEntry(argument: argument, path: path, op: "eq", value: spec)
        }
    }

    /// Warnings for a read that matched nothing: names no sampled item has, operators that cannot
    /// match the attribute's type, values of another type.
    func readWarnings(_ base: [String: JSONValue]) async -> [JSONValue] {
        guard let table = base["TableName"]?.stringValue else { return [] }
        let filters = entries(of: "filters")
        guard !filters.isEmpty,
            let sample = await runner.samples.sample(
                table, index: base["IndexName"]?.stringValue, backend: runner.backend),
            !sample.items.isEmpty
        else { return [] }
        return filters.compactMap { warning(for: $0, sample) }.map { .string($0) }
    }

    /// Warnings for a write: a condition on a name no sampled item has (a misspelt `not_exists`
    /// passes every time), and values whose type differs from what the attribute holds.
    func writeWarnings(table: String, item: Item?, updates: [String: AttributeValue] = [:]) async -> [JSONValue] {
        let conditions = entries(of: "condition")
        guard !conditions.isEmpty || item != nil || !updates.isEmpty,
            let sample = await runner.samples.sample(table, backend: runner.backend), !sample.items.isEmpty
        else { return [] }
        var out = conditions.compactMap { unknownName($0, sample) }
        let types = sample.types
        var changed = updates
        for (name, value) in item ?? [:] { changed[name] = value }
        for name in changed.keys.sorted() {
            guard let value = changed[name], let seen = types[name], !seen.isEmpty,
                !seen.contains(value.typeDescriptor), value.typeDescriptor != "NULL"
            else { continue }
            out.append(
                "\(name) is written as a \(typeName(value.typeDescriptor)), but it holds \(typeNames(seen)) values in "
                    + "\(sample.items.count) sampled items; reads that compare it with a \(typeNames(seen)) will not "
                    + "match this item"
            )
        }
        return out.map { .string($0) }
    }

    func warning(for entry: ConditionEntry, _ sample: TableSample) -> String? {
        if let unknown = unknownName(entry, sample) { return unknown }
        let seen = typesAt(entry.path, sample)
        guard !seen.isEmpty else { return nil }
        let label = "\(entry.argument).\(entry.path)"
        switch entry.op {
        case "begins_with" where !seen.contains("S") && !seen.contains("B"):
            return
                "\(label) uses begins_with, which matches strings and binary, but \(entry.path) holds "
                + "\(typeNames(seen)) "
                + "values in \(sample.items.count) sampled items, so it matches nothing; compare with gte/lt, or "
                + "between"
        case "contains" where seen.isDisjoint(with: ["S", "SS", "NS", "BS", "L", "B"]):
            return "\(label) uses contains, which looks inside strings, sets and lists, but \(entry.path) holds "
                + "\(typeNames(seen)) values in \(sample.items.count) sampled items, so it matches nothing; use eq"
        case "eq", "ne", "lt", "lte", "gt", "gte", "between", "in":
            guard let value = entry.value,
                let operand = try? args.decodeValue(value.arrayValue?.first ?? value, at: label),
                !operand.isSet, !seen.contains(operand.typeDescriptor)
            else { return nil }
            return "\(label) compares with a \(typeName(operand.typeDescriptor)) value, but \(entry.path) holds "
                + "\(typeNames(seen)) values in \(sample.items.count) sampled items, so it matches nothing; give the "
                + "value as a "
                + typeNames(seen)
        default:
            return nil
        }
    }

    /// A name none of the sampled items has at the top level: likely a typo.
    func unknownName(_ entry: ConditionEntry, _ sample: TableSample) -> String? {
        guard let segments = try? StructuredPath.parse(entry.path), case .name(let top)? = segments.first else {
            return nil
        }
        let types = sample.types
        guard types[top] == nil else { return nil }
        let close = Suggest.closest(to: top, in: Array(types.keys)).map { " (did you mean \($0)?)" } ?? ""
        let effect = entry.op == "not_exists" ? "so not_exists holds for every item" : "so it matches nothing"
        return
            "\(entry.argument).\(entry.path): no item of \(sample.items.count) sampled has \(top)\(close), \(effect); "
            + "names are case-sensitive"
    }

    /// The type descriptors found at a structured path in the sampled items.
    func typesAt(_ path: String, _ sample: TableSample) -> Set<String> {
        guard let segments = try? StructuredPath.parse(path) else { return [] }
        var seen = Set<String>()
        for item in sample.items {
            var current: JSONValue? = item
            for segment in segments {
                switch segment {
                case .name(let name): current = current.flatMap { $0["M"] ?? $0 }?[name]
                case .index(let i): current = current?["L"]?.arrayValue.flatMap { i < $0.count ? $0[i] : nil }
                }
            }
            if let found = current?.objectValue?.keys.first { seen.insert(found) }
        }
        return seen
    }

    func typeName(_ descriptor: String) -> String { KeySchemaCheck.typeNames[descriptor] ?? descriptor }
    func typeNames(_ descriptors: Set<String>) -> String { descriptors.sorted().map(typeName).joined(separator: "/") }
}
