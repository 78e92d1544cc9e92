/// Applies a resolved UpdateExpression to an item, as DynamoDB does: every operand is read from
/// the item as it was before the update, then the actions are applied.
public enum UpdateApplier {
    /// The outcome of an update: the new item, and the old and new values of the written paths
    /// (projected as `UPDATED_OLD` / `UPDATED_NEW` return them).
    public struct Outcome: Sendable {
        public var item: Item
        public var updatedOld: Item
        public var updatedNew: Item

        public init(item: Item, updatedOld: Item, updatedNew: Item) {
            self.item = item
            self.updatedOld = updatedOld
            self.updatedNew = updatedNew
        }
    }

    static func dataTypeError() -> DynamoError {
        DynamoError.validation("An operand in the update expression has an incorrect data type")
    }

    static func invalidPath() -> DynamoError {
        DynamoError.validation("The document path provided in the update expression is invalid for update")
    }

    /// Applies `update` to `original` (the stored item, or just its key when `itemExists` is false).
    public static func apply(_ update: UpdateExpression, to original: Item, itemExists: Bool = true) throws(DynamoError)
        -> Outcome
    {
        // Evaluate every right-hand side against the original item first.
        var setValues: [(DocumentPath, AttributeValue)] = []
        for action in update.sets {
            setValues.append((action.path, try evaluate(action.value, in: original)))
        }
        var item = original
        for (path, value) in inIndexOrder(setValues) { try set(value, at: path, in: &item) }
        for action in update.adds {
            guard case .value(let delta) = action.value else { throw dataTypeError() }
            let existing = ConditionEvaluator.value(at: action.path, in: original)
            let result: AttributeValue
            switch (existing, delta) {
            case (nil, _): result = delta
            case (.n(let a)?, .n(let b)): result = .n(try a.adding(b))
            case (.ss(let a)?, .ss(let b)): result = .ss(Array(Set(a).union(b))).sortedSet
            case (.ns(let a)?, .ns(let b)): result = .ns(Array(Set(a).union(b))).sortedSet
            case (.bs(let a)?, .bs(let b)): result = .bs(Array(Set(a).union(b))).sortedSet
            default: throw dataTypeError()
            }
            try set(result, at: action.path, in: &item)
        }
        for action in update.deletes {
            guard case .value(let removal) = action.value else { throw dataTypeError() }
            guard let existing = ConditionEvaluator.value(at: action.path, in: original) else { continue }
            let result: AttributeValue?
            switch (existing, removal) {
            case (.ss(let a), .ss(let b)):
                let r = a.filter { !b.contains($0) }
                result = r.isEmpty ? nil : AttributeValue.ss(r)
            case (.ns(let a), .ns(let b)):
                let r = a.filter { !b.contains($0) }
                result = r.isEmpty ? nil : AttributeValue.ns(r)
            case (.bs(let a), .bs(let b)):
                let r = a.filter { !b.contains($0) }
                result = r.isEmpty ? nil : AttributeValue.bs(r)
            default: throw dataTypeError()
            }
            if let result {
                try set(result, at: action.path, in: &item)
            } else {
                try remove(at: action.path, in: &item)
            }
        }
        // Remove list elements from the highest index down so earlier removals don't shift later ones.
        let removals = update.removes.sorted { a, b in
            if case .index(let x)? = a.components.last, case .index(let y)? = b.components.last { return x > y }
            return false
        }
        for path in removals where itemExists { try remove(at: path, in: &item) }

        if item.values.contains(where: { $0.nestingDepth > TypedJSON.maxNesting }) {
            throw DynamoError.validation("Nesting Levels have exceeded supported limits")
        }
        let paths = update.targetPaths
        return Outcome(
            item: item,
            updatedOld: Projection.apply(paths, to: original),
            updatedNew: Projection.apply(paths, to: item))
    }

    /// The value of an update operand; a missing path is an error here, unlike in conditions.
    static func evaluate(_ operand: Operand, in item: Item) throws(DynamoError) -> AttributeValue {
        switch operand {
        case .value(let v): return v
        case .path(let p):
            guard let v = ConditionEvaluator.value(at: p, in: item) else {
                throw DynamoError.validation(
                    "The provided expression refers to an attribute that does not exist in the item")
            }
            return v
        case .ifNotExists(let p, let fallback):
            if let v = ConditionEvaluator.value(at: p, in: item) { return v }
            return try evaluate(fallback, in: item)
        case .listAppend(let a, let b):
            guard case .l(let x) = try evaluate(a, in: item), case .l(let y) = try evaluate(b, in: item) else {
                throw dataTypeError()
            }
            return .l(x + y)
        case .arithmetic(let a, let op, let b):
            guard case .n(let x) = try evaluate(a, in: item), case .n(let y) = try evaluate(b, in: item) else {
                throw dataTypeError()
            }
            return .n(op == .plus ? try x.adding(y) : try x.subtracting(y))
        case .size, .sizeOfConstant, .placeholder:
            throw DynamoError.validation("Invalid UpdateExpression: unexpected operand \(operand)")
        }
    }

    /// SETs of elements of one list run in index order, whatever order they were written in: past the end
    /// of the list each appends, so `SET a[84] = :x, a[37] = :y` appends `:y` then `:x`, as DynamoDB does.
    static func inIndexOrder(_ sets: [(DocumentPath, AttributeValue)]) -> [(DocumentPath, AttributeValue)] {
        var out = sets
        var groups: [DocumentPath: [Int]] = [:]
        for (position, (path, _)) in sets.enumerated() {
            guard case .index? = path.components.last else { continue }
            groups[DocumentPath(Array(path.components.dropLast())), default: []].append(position)
        }
        for positions in groups.values where positions.count > 1 {
            func index(_ p: Int) -> Int { if case .index(let i)? = sets[p].0.components.last { i } else { 0 } }
            for (slot, source) in zip(positions, positions.sorted { index($0) < index($1) }) {
                out[slot] = sets[source]
            }
        }
        return out
    }

    static func set(_ value: AttributeValue, at path: DocumentPath, in item: inout Item) throws(DynamoError) {
        guard case .name(let first) = path.components.first else { throw invalidPath() }
        let rest = Array(path.components.dropFirst())
        if rest.isEmpty {
            item[first] = value
            return
        }
        guard var child = item[first] else { throw invalidPath() }
        try set(value, at: rest[...], in: &child)
        item[first] = child
    }

    static func set(_ value: AttributeValue, at rest: ArraySlice<PathComponent>, in container: inout AttributeValue)
        throws(DynamoError)
    {
        let head = rest.first!
        let tail = rest.dropFirst()
        switch (head, container) {
        case (.name(let key), .m(var map)):
            if tail.isEmpty {
                map[key] = value
            } else {
                guard var child = map[key] else { throw invalidPath() }
                try set(value, at: tail, in: &child)
                map[key] = child
            }
            container = .m(map)
        case (.index(let i), .l(var list)):
            if tail.isEmpty {
                if i < list.count { list[i] = value } else { list.append(value) }
            } else {
                guard i < list.count else { throw invalidPath() }
                var child = list[i]
                try set(value, at: tail, in: &child)
                list[i] = child
            }
            container = .l(list)
        default:
            throw invalidPath()
        }
    }

    /// REMOVE follows DynamoDB: a missing leaf (or a list index past the end) is ignored, but the path
    /// leading to it must exist with the right types — `REMOVE a.b` fails when `a` is missing or is not
    /// a map. On an item that does not exist yet, every REMOVE is ignored.
    static func remove(at path: DocumentPath, in item: inout Item) throws(DynamoError) {
        guard case .name(let first) = path.components.first else { throw invalidPath() }
        let rest = path.components.dropFirst()
        if rest.isEmpty {
            item[first] = nil
            return
        }
        guard var child = item[first] else { throw invalidPath() }
        try remove(at: rest, in: &child)
        item[first] = child
    }

    static func remove(at rest: ArraySlice<PathComponent>, in container: inout AttributeValue) throws(DynamoError) {
        let head = rest.first!
        let tail = rest.dropFirst()
        switch (head, container) {
        case (.name(let key), .m(var map)):
            if tail.isEmpty {
                map[key] = nil
            } else {
                guard var child = map[key] else { throw invalidPath() }
                try remove(at: tail, in: &child)
                map[key] = child
            }
            container = .m(map)
        case (.index(let i), .l(var list)):
            if tail.isEmpty {
                if i < list.count { list.remove(at: i) }
            } else {
                guard i < list.count else { throw invalidPath() }
                var child = list[i]
                try remove(at: tail, in: &child)
                list[i] = child
            }
            container = .l(list)
        default:
            throw invalidPath()
        }
    }

    /// Whether an update leaves a missing item missing: DynamoDB creates the item for any update, even
    /// an empty one, except when every action only takes data away (REMOVE, DELETE).
    public static func writesNothing(_ update: UpdateExpression?, itemExists: Bool) -> Bool {
        guard !itemExists, let update else { return false }
        return update.sets.isEmpty && update.adds.isEmpty
    }
}

extension AttributeValue {
    /// The same set with its members in canonical order.
    var sortedSet: AttributeValue {
        switch self {
        case .ss(let s): return .ss(s.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        case .ns(let s): return .ns(s.sorted())
        case .bs(let s): return .bs(s.sorted { $0.lexicographicallyPrecedes($1) })
        default: return self
        }
    }
}
