import DynamoCore

/// A filter that compares an attribute with a value of another type matches nothing, silently,
/// as in DynamoDB. When a filtered read finds nothing, this samples the table and says so:
/// "filters.total compares with a String, but total holds Number values in the items sampled".
extension ToolContext {
    func typeMismatchWarnings(_ base: [String: JSONValue]) async -> [JSONValue] {
        guard case .object(let filters)? = args["filters"], let table = base["TableName"] else { return [] }
        var wanted: [(path: String, type: String)] = []
        for (path, spec) in filters {
            var operand = spec
            if case .object(let o) = spec, let op = o["op"]?.stringValue {
                guard ["eq", "ne", "lt", "lte", "gt", "gte", "between", "in"].contains(op), let value = o["value"] else { continue }
                operand = value.arrayValue?.first ?? value
            }
            guard let value = try? args.decodeValue(operand), !value.isSet else { continue }
            wanted.append((path, value.typeDescriptor))
        }
        guard !wanted.isEmpty else { return [] }
        var sample: [String: JSONValue] = ["TableName": table, "Limit": 50]
        if let index = base["IndexName"] { sample["IndexName"] = index }
        guard let items = try? await runner.backend.perform(.scan, .object(sample))["Items"]?.arrayValue, !items.isEmpty else { return [] }
        var warnings: [JSONValue] = []
        for (path, type) in wanted.sorted(by: { $0.path < $1.path }) {
            guard let segments = try? StructuredPath.parse(path) else { continue }
            var seen = Set<String>()
            for item in items {
                var current: JSONValue? = item
                for segment in segments {
                    switch segment {
                    case .name(let name): current = current.flatMap { $0["M"] ?? $0 }?[name]
                    case .index(let i): current = current?["L"]?.arrayValue.flatMap { i < $0.count ? $0[i] : nil }
                    }
                }
                if let found = current?.objectValue?.keys.first { seen.insert(found) }
            }
            if !seen.isEmpty, !seen.contains(type) {
                let names = seen.sorted().map { KeySchemaCheck.typeNames[$0] ?? $0 }.joined(separator: "/")
                warnings.append(.string("filters.\(path) compares with a \(KeySchemaCheck.typeNames[type] ?? type) value, but \(path) holds \(names) values in \(items.count) sampled items, so it matches nothing; give the value as a \(names)"))
            }
        }
        return warnings
    }
}
