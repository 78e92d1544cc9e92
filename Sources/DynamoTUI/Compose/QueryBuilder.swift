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
        /// A multi-attribute GSI key's other partition attributes, and its sort attributes after the first.
        public var morePartitionKeys: [TableSummary.KeyPart] = []
        public var moreSortKeys: [TableSummary.KeyPart] = []

        public var label: String {
            let all = [partitionKey] + morePartitionKeys + (sortKey.map { [$0] } ?? []) + moreSortKeys
            return "\(index ?? "table") (\(all.map(\.name).joined(separator: ", ")))"
        }

        /// A source from a key schema: partition attributes (HASH) first, then sort attributes.
        init?(index: String?, keys: [TableSummary.KeyPart], itemCount: Int, sizeBytes: Int) {
            let partitions = keys.filter(\.isPartition)
            let sorts = keys.filter { !$0.isPartition }
            guard let first = partitions.first ?? keys.first else { return nil }
            self.index = index
            partitionKey = first
            sortKey = partitions.isEmpty ? keys.dropFirst().first : sorts.first
            morePartitionKeys = Array(partitions.dropFirst())
            moreSortKeys = partitions.isEmpty ? [] : Array(sorts.dropFirst())
            self.itemCount = itemCount
            self.sizeBytes = sizeBytes
        }
    }

    /// A sort attribute's condition after the first one's (a multi-attribute key has up to four).
    public struct SortCondition: Equatable, Sendable {
        public var op = 0
        public var value = QueryValue()
        public var high = QueryValue()
        public var operation: String { QueryBuilder.sortOperators[op] }
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
        /// A multi-attribute key's further partition values and sort conditions (by position after the first).
        case morePartitionValue(Int), moreSortOperator(Int), moreSortValue(Int), moreSortHigh(Int)
        case filterAttribute(Int), filterOperator(Int), filterValue(Int)
        case projection, direction, limit

        /// Fields that ←/→ cycle through choices instead of editing text.
        public var isChoice: Bool {
            switch self {
            case .source, .sortOperator, .moreSortOperator, .filterOperator, .direction: return true
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
    public var morePartitionValues: [QueryValue] = []
    public var moreSorts: [SortCondition] = []
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
        if let table = Source(
            index: nil, keys: summary.keys, itemCount: summary.itemCount, sizeBytes: summary.sizeBytes)
        {
            sources.append(table)
        }
        for index in summary.indexes {
            if let source = Source(
                index: index.name, keys: index.keys, itemCount: index.itemCount, sizeBytes: index.sizeBytes)
            {
                sources.append(source)
            }
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
        fitKeyFields()
    }

    public var source: Source? { sources.indices.contains(sourceIndex) ? sources[sourceIndex] : nil }
    public var sortOperation: String { Self.sortOperators[sortOperator] }
    /// True when the form makes a Query (a partition value is filled in).
    public var isQuery: Bool { source != nil && !partitionValue.isEmpty }

    /// Every field in Tab order, for the current source and operators.
    public var fields: [Field] {
        var out: [Field] = []
        if !sources.isEmpty { out += [.source, .partitionValue] }
        out += morePartitionValues.indices.map { Field.morePartitionValue($0) }
        if source?.sortKey != nil {
            out += [.sortOperator, .sortValue]
            if sortOperation == "between" { out.append(.sortHigh) }
        }
        for (i, sort) in moreSorts.enumerated() {
            out += [.moreSortOperator(i), .moreSortValue(i)]
            if sort.operation == "between" { out.append(.moreSortHigh(i)) }
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
            fitKeyFields()
        case .sortOperator: sortOperator = next(sortOperator, Self.sortOperators.count)
        case .moreSortOperator(let i) where moreSorts.indices.contains(i):
            moreSorts[i].op = next(moreSorts[i].op, Self.sortOperators.count)
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
            case .morePartitionValue(let i):
                return morePartitionValues.indices.contains(i) ? morePartitionValues[i].text : nil
            case .moreSortValue(let i): return moreSorts.indices.contains(i) ? moreSorts[i].value.text : nil
            case .moreSortHigh(let i): return moreSorts.indices.contains(i) ? moreSorts[i].high.text : nil
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
            case .morePartitionValue(let i) where morePartitionValues.indices.contains(i):
                morePartitionValues[i].text = newValue
            case .moreSortValue(let i) where moreSorts.indices.contains(i): moreSorts[i].value.text = newValue
            case .moreSortHigh(let i) where moreSorts.indices.contains(i): moreSorts[i].high.text = newValue
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
        case .morePartitionValue(let i) where morePartitionValues.indices.contains(i):
            edit(&morePartitionValues[i].text)
        case .moreSortValue(let i) where moreSorts.indices.contains(i): edit(&moreSorts[i].value.text)
        case .moreSortHigh(let i) where moreSorts.indices.contains(i): edit(&moreSorts[i].high.text)
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
        case .morePartitionValue(let i) where morePartitionValues.indices.contains(i):
            morePartitionValues[i] = cycled(morePartitionValues[i])
        case .moreSortValue(let i) where moreSorts.indices.contains(i): moreSorts[i].value = cycled(moreSorts[i].value)
        case .moreSortHigh(let i) where moreSorts.indices.contains(i): moreSorts[i].high = cycled(moreSorts[i].high)
        case .filterValue(let i) where filters.indices.contains(i): filters[i].value = cycled(filters[i].value)
        default: break
        }
    }

    /// One field per key attribute of the chosen source (after a source change the extra fields start empty).
    mutating func fitKeyFields() {
        let parts = source?.morePartitionKeys.count ?? 0
        let sorts = source?.moreSortKeys.count ?? 0
        if morePartitionValues.count != parts { morePartitionValues = Array(repeating: QueryValue(), count: parts) }
        if moreSorts.count != sorts { moreSorts = Array(repeating: SortCondition(), count: sorts) }
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
