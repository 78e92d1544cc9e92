import DynamoCore
import DynamoTools

/// The query builder (`f` in the table browser): a form whose fields make one `query` or `scan`
/// call — the exact call the browser runs, the action log records and `y` hands to an agent.
///
/// A partition key value on the chosen source makes a Query; without one the form makes a Scan
/// (and says what a Scan costs). Values are typed from the attribute unless forced.
public struct QueryBuilder: Equatable, Sendable {
    /// The table or one of its indexes, with its key schema.
    public struct Source: Equatable, Sendable {
        public var index: String?
        public var partitionKey: TableSummary.KeyPart
        public var sortKey: TableSummary.KeyPart?
        /// Items and bytes a full Scan of this source reads.
        public var itemCount = 0
        public var sizeBytes = 0

        public var label: String {
            let keys = ([partitionKey] + (sortKey.map { [$0] } ?? [])).map(\.name).joined(separator: ", ")
            return "\(index ?? "table") (\(keys))"
        }
    }

    public struct FilterRow: Equatable, Sendable {
        public var attribute = ""
        public var op = 0
        public var value = QueryValue()
        public var operation: String { QueryBuilder.filterOperators[op] }
        /// exists and not_exists take no value.
        public var takesValue: Bool { !["exists", "not_exists"].contains(operation) }
    }

    /// The form's fields in Tab order.
    public enum Field: Equatable, Sendable {
        case source, partitionValue, sortOperator, sortValue, sortHigh
        case filterAttribute(Int), filterOperator(Int), filterValue(Int)
        case projection, direction, limit

        /// Fields that ←/→ cycle through choices instead of editing text.
        public var isChoice: Bool {
            switch self {
            case .source, .sortOperator, .filterOperator, .direction: return true
            default: return false
            }
        }
    }

    public static let sortOperators = ["=", "<", "<=", ">", ">=", "between", "begins_with"]
    public static let filterOperators = [
        "eq", "ne", "lt", "lte", "gt", "gte", "between", "begins_with", "contains",
        "exists", "not_exists", "in",
    ]

    public var table: String
    public var sources: [Source]
    public var sourceIndex = 0
    public var partitionValue = QueryValue()
    public var sortOperator = 0
    public var sortValue = QueryValue()
    public var sortHigh = QueryValue()
    public var filters: [FilterRow] = []
    public var projection = ""
    public var ascending = true
    public var limit: String
    public var focus: Field = .partitionValue
    /// Attribute types from the key schemas and the items loaded so far: what values are typed as.
    public var attributeTypes: [String: QueryValue.Kind]
    /// Attribute names seen, for completing filter attributes.
    public var knownAttributes: [String]

    public init(table: String, summary: TableSummary?, sampled: [Item], pageSize: Int) {
        self.table = table
        let summary = summary ?? TableSummary(description: .null)
        var sources: [Source] = []
        if let pk = summary.keys.first {
            sources.append(
                Source(
                    index: nil, partitionKey: pk, sortKey: summary.keys.dropFirst().first,
                    itemCount: summary.itemCount, sizeBytes: summary.sizeBytes))
        }
        // A multi-attribute index key needs a field per attribute, which the form does not have yet: such an
        // index is left out rather than queried with half its key (`query` with index_name reaches it).
        for index in summary.indexes where index.keys.filter(\.isPartition).count <= 1 && index.keys.count <= 2 {
            guard let pk = index.keys.first else { continue }
            sources.append(
                Source(
                    index: index.name, partitionKey: pk, sortKey: index.keys.dropFirst().first,
                    itemCount: index.itemCount, sizeBytes: index.sizeBytes))
        }
        self.sources = sources
        var types: [String: QueryValue.Kind] = [:]
        var seen: [String: Int] = [:]
        for item in sampled {
            for (name, value) in item {
                seen[name, default: 0] += 1
                if types[name] == nil, let kind = QueryValue.kind(of: value) { types[name] = kind }
            }
        }
        for key in summary.keys + summary.indexes.flatMap(\.keys) {
            types[key.name] = QueryValue.Kind(rawValue: key.type)
        }
        attributeTypes = types
        knownAttributes = seen.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        limit = String(pageSize)
        if sources.isEmpty { focus = .limit }
    }

    public var source: Source? { sources.indices.contains(sourceIndex) ? sources[sourceIndex] : nil }
    public var sortOperation: String { Self.sortOperators[sortOperator] }
    /// True when the form makes a Query (a partition value is filled in).
    public var isQuery: Bool { source != nil && !partitionValue.isEmpty }

    /// Every field in Tab order, for the current source and operators.
    public var fields: [Field] {
        var out: [Field] = []
        if !sources.isEmpty { out += [.source, .partitionValue] }
        if source?.sortKey != nil {
            out += [.sortOperator, .sortValue]
            if sortOperation == "between" { out.append(.sortHigh) }
        }
        for (i, row) in filters.enumerated() {
            out += [.filterAttribute(i), .filterOperator(i)]
            if row.takesValue { out.append(.filterValue(i)) }
        }
        return out + [.projection, .direction, .limit]
    }

    /// The type an attribute's values are sent as when not forced.
    public func inferred(_ attribute: String) -> QueryValue.Kind? { attributeTypes[attribute] }
}

// MARK: Editing

extension QueryBuilder {
    mutating func moveFocus(by step: Int) {
        let all = fields
        let at = all.firstIndex(of: focus) ?? 0
        focus = all[(at + step + all.count) % all.count]
    }

    /// ←/→ on a choice field.
    mutating func cycle(by step: Int) {
        func next(_ value: Int, _ count: Int) -> Int { (value + step + count) % count }
        switch focus {
        case .source:
            guard !sources.isEmpty else { return }
            sourceIndex = next(sourceIndex, sources.count)
        case .sortOperator: sortOperator = next(sortOperator, Self.sortOperators.count)
        case .filterOperator(let i) where filters.indices.contains(i):
            filters[i].op = next(filters[i].op, Self.filterOperators.count)
        case .direction: ascending.toggle()
        default: return
        }
        if !fields.contains(focus) { focus = .source }
    }

    /// The text of the focused text field, to edit in place.
    var focusedText: String? {
        get {
            switch focus {
            case .partitionValue: return partitionValue.text
            case .sortValue: return sortValue.text
            case .sortHigh: return sortHigh.text
            case .filterAttribute(let i): return filters.indices.contains(i) ? filters[i].attribute : nil
            case .filterValue(let i): return filters.indices.contains(i) ? filters[i].value.text : nil
            case .projection: return projection
            case .limit: return limit
            default: return nil
            }
        }
        set {
            guard let newValue else { return }
            switch focus {
            case .partitionValue: partitionValue.text = newValue
            case .sortValue: sortValue.text = newValue
            case .sortHigh: sortHigh.text = newValue
            case .filterAttribute(let i) where filters.indices.contains(i): filters[i].attribute = newValue
            case .filterValue(let i) where filters.indices.contains(i): filters[i].value.text = newValue
            case .projection: projection = newValue
            case .limit: limit = newValue
            default: break
            }
        }
    }

    /// Edits the focused text field in place (a paste stays linear however long it is).
    mutating func editFocused(_ edit: (inout String) -> Void) {
        switch focus {
        case .partitionValue: edit(&partitionValue.text)
        case .sortValue: edit(&sortValue.text)
        case .sortHigh: edit(&sortHigh.text)
        case .filterAttribute(let i) where filters.indices.contains(i): edit(&filters[i].attribute)
        case .filterValue(let i) where filters.indices.contains(i): edit(&filters[i].value.text)
        case .projection: edit(&projection)
        case .limit: edit(&limit)
        default: break
        }
    }

    /// Ctrl-T on a value field: inferred → S → N → B → BOOL → NULL → inferred.
    mutating func cycleForcedType() {
        func cycled(_ value: QueryValue) -> QueryValue {
            var value = value
            let all = QueryValue.Kind.allCases
            if let forced = value.forced, let at = all.firstIndex(of: forced) {
                value.forced = at + 1 < all.count ? all[at + 1] : nil
            } else {
                value.forced = all.first
            }
            return value
        }
        switch focus {
        case .partitionValue: partitionValue = cycled(partitionValue)
        case .sortValue: sortValue = cycled(sortValue)
        case .sortHigh: sortHigh = cycled(sortHigh)
        case .filterValue(let i) where filters.indices.contains(i): filters[i].value = cycled(filters[i].value)
        default: break
        }
    }

    mutating func addFilter() {
        filters.append(FilterRow())
        focus = .filterAttribute(filters.count - 1)
    }

    /// Removes the filter row that has focus (or the last one).
    mutating func removeFilter() {
        guard !filters.isEmpty else { return }
        var row = filters.count - 1
        switch focus {
        case .filterAttribute(let i), .filterOperator(let i), .filterValue(let i): row = i
        default: break
        }
        filters.remove(at: row)
        focus = filters.isEmpty ? .projection : .filterAttribute(min(row, filters.count - 1))
    }

    /// Tab in a filter's attribute field: the first known attribute that starts with what is typed.
    mutating func completeAttribute() -> Bool {
        guard case .filterAttribute(let i) = focus, filters.indices.contains(i) else { return false }
        let typed = filters[i].attribute
        guard !typed.isEmpty,
            let match = knownAttributes.first(where: { $0.hasPrefix(typed) && $0 != typed })
        else { return false }
        filters[i].attribute = match
        return true
    }
}
