import DynamoCore
import DynamoTools

/// The call the form makes, and what is wrong with it before anything runs.
extension QueryBuilder {
    /// The form as a tool call, or the problems (by field) that keep it from being one.
    public func build() -> Result<ToolCall, FormProblems> {
        var problems: [FormProblem] = []
        var arguments: [String: JSONValue] = ["table": .string(table)]
        if let index = source?.index { arguments["index_name"] = .string(index) }
        var filterMap: [String: JSONValue] = [:]
        let keyCondition = keyConditions(&filterMap, &problems)
        addFilters(to: &filterMap, &problems)
        if !keyCondition.isEmpty { arguments["key_condition"] = .object(keyCondition) }
        if !filterMap.isEmpty { arguments["filters"] = .object(filterMap) }
        let paths = projection.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        if !paths.isEmpty { arguments["projection"] = .array(paths.map { .string($0) }) }
        if isQuery, !ascending { arguments["scan_forward"] = false }
        if let n = Int(limit.trimmingCharacters(in: .whitespaces)), n > 0 {
            arguments["limit"] = .int(n)
        } else {
            problems.append(FormProblem(field: .limit, message: "limit is a whole number above 0"))
        }
        if !problems.isEmpty { return .failure(FormProblems(problems)) }
        return .success(ToolCall(name: isQuery ? "query" : "scan", arguments: .object(arguments)))
    }

    /// The key condition of a Query; without a partition value the sort keys' conditions still narrow the
    /// Scan, as filters. A multi-attribute key takes every partition attribute, and its sort attributes left to
    /// right: `=` on each before the last one used.
    func keyConditions(_ filterMap: inout [String: JSONValue], _ problems: inout [FormProblem])
        -> [String: JSONValue]
    {
        var keyCondition: [String: JSONValue] = [:]
        guard let source else { return keyCondition }
        if isQuery,
            let v = value(partitionValue, attribute: source.partitionKey.name, field: .partitionValue, &problems)
        {
            keyCondition[source.partitionKey.name] = v
        }
        for (i, key) in source.morePartitionKeys.enumerated() where morePartitionValues.indices.contains(i) {
            let field = Field.morePartitionValue(i)
            if morePartitionValues[i].isEmpty {
                if isQuery {
                    problems.append(
                        FormProblem(field: field, message: "\(key.name): a query gives every partition attribute"))
                }
            } else if let v = value(morePartitionValues[i], attribute: key.name, field: field, &problems) {
                if isQuery { keyCondition[key.name] = v } else { filterMap[key.name] = v }
            }
        }
        let sorts = sortSlots(source)
        let used = sorts.indices.filter { !sorts[$0].condition.value.isEmpty }
        for (rank, at) in used.enumerated() {
            let slot = sorts[at]
            if isQuery, at != rank {
                problems.append(
                    FormProblem(
                        field: slot.valueField,
                        message: "\(slot.key.name): sort attributes are used left to right; give "
                            + "\(sorts[rank].key.name) first"))
                continue
            }
            if isQuery, rank < used.count - 1, slot.condition.operation != "=" {
                problems.append(
                    FormProblem(
                        field: slot.valueField,
                        message: "\(slot.key.name): only the last sort attribute used takes \(slot.condition.operation)"
                    ))
                continue
            }
            guard let condition = sortCondition(slot, &problems) else { continue }
            if isQuery {
                keyCondition[slot.key.name] = condition
            } else {
                filterMap[slot.key.name] = Self.asFilter(condition)
            }
        }
        return keyCondition
    }

    /// A sort attribute with its condition and the fields that hold it.
    struct SortSlot {
        var key: TableSummary.KeyPart
        var condition: SortCondition
        var valueField: Field
        var highField: Field
    }

    /// The source's sort attributes in order, each with what the form holds for it.
    func sortSlots(_ source: Source) -> [SortSlot] {
        guard let first = source.sortKey else { return [] }
        var slots = [
            SortSlot(
                key: first, condition: SortCondition(op: sortOperator, value: sortValue, high: sortHigh),
                valueField: .sortValue, highField: .sortHigh)
        ]
        for (i, key) in source.moreSortKeys.enumerated() where moreSorts.indices.contains(i) {
            slots.append(
                SortSlot(key: key, condition: moreSorts[i], valueField: .moreSortValue(i), highField: .moreSortHigh(i)))
        }
        return slots
    }

    /// One sort attribute's condition as the tool takes it.
    func sortCondition(_ slot: SortSlot, _ problems: inout [FormProblem]) -> JSONValue? {
        let name = slot.key.name
        let operation = slot.condition.operation
        if operation == "between" {
            guard let low = value(slot.condition.value, attribute: name, field: slot.valueField, &problems),
                let high = value(slot.condition.high, attribute: name, field: slot.highField, &problems)
            else { return nil }
            return ["op": "between", "value": [low, high]]
        }
        guard let v = value(slot.condition.value, attribute: name, field: slot.valueField, &problems) else {
            return nil
        }
        return operation == "=" ? v : ["op": .string(Self.toolOperator(operation)), "value": v]
    }

    /// The filter rows, one condition per attribute.
    func addFilters(to filterMap: inout [String: JSONValue], _ problems: inout [FormProblem]) {
        for (i, row) in filters.enumerated() {
            let name = row.attribute.trimmingCharacters(in: .whitespaces)
            if name.isEmpty {
                problems.append(FormProblem(field: .filterAttribute(i), message: "filter \(i + 1) needs an attribute"))
                continue
            }
            if filterMap[name] != nil {
                problems.append(
                    FormProblem(field: .filterAttribute(i), message: "\(name) has two conditions: use between"))
                continue
            }
            var condition: [String: JSONValue] = ["op": .string(row.operation)]
            let field = Field.filterValue(i)
            switch row.operation {
            case "exists", "not_exists": break
            case "between":
                if let v = list(row.value, attribute: name, field: field, count: 2, &problems) {
                    condition["value"] = v
                }
            case "in": if let v = list(row.value, attribute: name, field: field, &problems) { condition["value"] = v }
            default: if let v = value(row.value, attribute: name, field: field, &problems) { condition["value"] = v }
            }
            filterMap[name] = .object(condition)
        }
    }

    /// One value as JSON, or a problem on its field (a type a key cannot have, or text that is no value).
    func value(_ v: QueryValue, attribute: String, field: Field, _ problems: inout [FormProblem]) -> JSONValue? {
        if let forced = v.forced, let key = keyType(attribute), forced != key {
            let message = "\(attribute) is a \(key.rawValue) key; \(forced.rawValue) cannot match"
            problems.append(FormProblem(field: field, message: message))
            return nil
        }
        switch v.json(inferred: inferred(attribute)) {
        case .success(let json): return json
        case .failure(let e):
            problems.append(FormProblem(field: field, message: "\(attribute): \(e.message)"))
            return nil
        }
    }

    /// A comma-separated list of values (`in`, or `between`'s two).
    func list(
        _ v: QueryValue, attribute: String, field: Field, count: Int? = nil, _ problems: inout [FormProblem]
    ) -> JSONValue? {
        switch v.jsonList(inferred: inferred(attribute)) {
        case .success(let values):
            if let count, values.count != count {
                problems.append(FormProblem(field: field, message: "\(attribute): between takes low, high"))
                return nil
            }
            return .array(values)
        case .failure(let e):
            problems.append(FormProblem(field: field, message: "\(attribute): \(e.message)"))
            return nil
        }
    }

    /// The schema type of a key attribute of the chosen source (keys only take that type).
    func keyType(_ attribute: String) -> QueryValue.Kind? {
        guard let source else { return nil }
        let key = [source.partitionKey] + (source.sortKey.map { [$0] } ?? [])
        return key.first { $0.name == attribute }.flatMap { QueryValue.Kind(rawValue: $0.type) }
    }

    /// `<` → `lt`: the structured form's operator names.
    static func toolOperator(_ symbol: String) -> String {
        ["=": "eq", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte"][symbol] ?? symbol
    }

    /// A key condition written as a filter: equality stays, others keep their operator.
    static func asFilter(_ condition: JSONValue) -> JSONValue {
        if condition["op"] != nil { return condition }
        return ["op": "eq", "value": condition]
    }

    /// What a Scan of the chosen source costs: items and read units of one full pass (eventually
    /// consistent reads, 4 KB units, halved), from the size of the table or index it reads.
    public var scanEstimate: String {
        let units = Double(source?.sizeBytes ?? 0) / 4096 / 2
        let shown = units < 10 ? String(format: "%.1f", units) : String(Int(units.rounded(.up)))
        let what = source?.index.map { "the whole index \($0)" } ?? "the whole table"
        return "Scan reads \(what): about \(source?.itemCount ?? 0) items, \(shown) RCU for a full pass"
    }
}

public struct FormProblem: Equatable, Sendable {
    public var field: QueryBuilder.Field
    public var message: String
}

public struct FormProblems: Error, Equatable, Sendable {
    public var problems: [FormProblem]
    init(_ problems: [FormProblem]) { self.problems = problems }
    public var message: String { problems.map(\.message).joined(separator: "; ") }
}

/// What the preview shows under the form: the call, and the DynamoDB request the runner would send
/// (from a dry run), or the error the dry run found.
public struct BuilderPreview: Equatable, Sendable {
    /// Bumped on every edit; a dry run's answer for an older generation is dropped.
    public var generation = 0
    /// The form changed while a dry run was out: check again when it returns.
    public var stale = false
    public var request: String?
    public var error: String?
}
