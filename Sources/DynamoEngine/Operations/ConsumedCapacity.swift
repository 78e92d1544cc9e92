import DynamoCore

/// Capacity units one request consumed on a table and its indexes, in DynamoDB's accounting.
///
/// Reads cost one unit per 4 KB (half for eventually consistent reads), summed over a page before
/// rounding; writes cost one unit per 1 KB of the larger of the old and new item, plus the writes of
/// every index entry they add, change or remove; transactions cost double. Index reads are charged
/// to the index.
struct CapacityUse: Sendable {
    var table: String
    var isWrite: Bool
    var tableUnits: Double = 0
    var globalIndexes: [String: Double] = [:]
    var localIndexes: [String: Double] = [:]

    var total: Double { tableUnits + globalIndexes.values.reduce(0, +) + localIndexes.values.reduce(0, +) }

    static func readUnits(bytes: Int, consistent: Bool, transactional: Bool = false) -> Double {
        let blocks = Double(max(1, (bytes + 4095) / 4096))
        if transactional { return 2 * blocks }
        return consistent ? blocks : blocks / 2
    }

    static func writeUnits(bytes: Int, transactional: Bool = false) -> Double {
        Double(max(1, (bytes + 1023) / 1024)) * (transactional ? 2 : 1)
    }

    /// A read of `bytes` from the table, or from `index` when given.
    static func read(
        _ schema: TableSchema, index: IndexSchema? = nil, bytes: Int, consistent: Bool, transactional: Bool = false
    ) -> CapacityUse {
        var use = CapacityUse(table: schema.name, isWrite: false)
        use.charge(index, readUnits(bytes: bytes, consistent: consistent, transactional: transactional))
        return use
    }

    /// A write that turned `old` into `new` (either may be absent), charged on the larger version,
    /// with the index entry writes it caused.
    static func write(
        _ schema: TableSchema, old: Item?, new: Item?, indexWrites: IndexWrites, transactional: Bool = false
    ) -> CapacityUse {
        var use = CapacityUse(table: schema.name, isWrite: true)
        let bytes = max(old.map(ItemSize.of) ?? 0, new.map(ItemSize.of) ?? 0)
        use.tableUnits = writeUnits(bytes: bytes, transactional: transactional)
        for touch in indexWrites.touches {
            let sizes = touch.entries.map(ItemSize.of)
            // An entry replaced under the same key is one write of its larger version.
            for size in touch.inPlace ? [sizes.max() ?? 0] : sizes {
                use.charge(touch.index, writeUnits(bytes: size, transactional: transactional))
            }
        }
        return use
    }

    mutating func charge(_ index: IndexSchema?, _ units: Double) {
        guard let index else {
            tableUnits += units
            return
        }
        if index.isGlobal {
            globalIndexes[index.name, default: 0] += units
        } else {
            localIndexes[index.name, default: 0] += units
        }
    }

    /// Adds another use of the same table (batch and transaction totals).
    mutating func add(_ other: CapacityUse) {
        tableUnits += other.tableUnits
        globalIndexes.merge(other.globalIndexes, uniquingKeysWith: +)
        localIndexes.merge(other.localIndexes, uniquingKeysWith: +)
    }

    func json(withIndexes: Bool) -> JSONValue {
        let unitsKey = isWrite ? "WriteCapacityUnits" : "ReadCapacityUnits"
        func capacity(_ units: Double) -> JSONValue {
            .object(["CapacityUnits": Self.number(units), unitsKey: Self.number(units)])
        }
        var out: [String: JSONValue] = [
            "TableName": .string(table), "CapacityUnits": Self.number(total), unitsKey: Self.number(total),
        ]
        if withIndexes {
            out["Table"] = capacity(tableUnits)
            if !globalIndexes.isEmpty { out["GlobalSecondaryIndexes"] = .object(globalIndexes.mapValues(capacity)) }
            if !localIndexes.isEmpty { out["LocalSecondaryIndexes"] = .object(localIndexes.mapValues(capacity)) }
        }
        return .object(out)
    }

    static func number(_ units: Double) -> JSONValue {
        .number(units == units.rounded() ? String(Int(units)) + ".0" : String(units))
    }
}

/// The index entries one item write put or removed. Sizes are left to capacity accounting, which
/// only runs when a request asks for ConsumedCapacity.
struct IndexWrites: Sendable {
    struct Touch: Sendable {
        var index: IndexSchema
        /// The entry versions removed and written.
        var entries: [Item]
        /// True when one entry was replaced under the same index key.
        var inPlace: Bool
    }
    var touches: [Touch] = []
}

/// `ReturnConsumedCapacity`: what the caller asked to see.
enum CapacityReport: Sendable {
    case none, total, indexes

    init(_ r: JSONReader) throws(DynamoError) {
        switch try r.string("ReturnConsumedCapacity") ?? "NONE" {
        case "NONE": self = .none
        case "TOTAL": self = .total
        case "INDEXES": self = .indexes
        case let other:
            throw DynamoError.validation(
                "1 validation error detected: Value '\(other)' at 'returnConsumedCapacity' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"
            )
        }
    }

    /// The `ConsumedCapacity` member of a single-table response; `use` is only worked out when asked for.
    func render(_ use: @autoclosure () -> CapacityUse) -> JSONValue? {
        guard self != .none else { return nil }  // not `? nil :` — JSONValue would turn that nil into .null
        return use().json(withIndexes: self == .indexes)
    }

    /// The `ConsumedCapacity` list of a batch or transaction response: one entry per table.
    func render(_ uses: [CapacityUse]) -> JSONValue? {
        guard self != .none else { return nil }
        var byTable: [String: CapacityUse] = [:]
        for use in uses {
            if byTable[use.table] == nil { byTable[use.table] = use } else { byTable[use.table]!.add(use) }
        }
        return .array(byTable.keys.sorted().map { byTable[$0]!.json(withIndexes: self == .indexes) })
    }
}
