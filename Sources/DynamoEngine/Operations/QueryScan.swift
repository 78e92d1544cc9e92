import DynamoCore
import Foundation
import GRDB

/// Query and Scan: key-ordered range reads in pages of `Limit` items or 1 MB, filtered after reading.
extension EmbeddedEngine {
    /// DynamoDB's page size limit: 1 MB of data read, before any filter.
    static let maxPageBytes = 1024 * 1024

    /// What one Query or Scan reads and how it shapes the result.
    struct ReadRequest {
        var handle: TableHandle
        var index: IndexSchema?
        var filter: Condition?
        var projection: [DocumentPath]?
        var select: String
        var limit: Int?
        var forward = true
        var consistent = false
        /// An LSI read that names attributes the index does not hold: each item comes from the table.
        var fetchesBase = false
    }

    func query(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        var request = try readRequest(r, isQuery: true)
        var attrs = try RequestParts.attributes(
            r, expressionFields: ["KeyConditionExpression", "FilterExpression", "ProjectionExpression"])
        guard let keyText = try r.string("KeyConditionExpression") else {
            throw DynamoError.validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        }
        let keyAST = try attrs.resolve(try ExpressionParser.parseCondition(keyText, kind: .keyCondition), .keyCondition)
        request.filter = try RequestParts.condition(r, "FilterExpression", .filter, &attrs)
        request.projection = try RequestParts.projection(r, &attrs)
        try attrs.checkAllUsed()
        try planIndexRead(&request)
        request.forward = try r.bool("ScanIndexForward") ?? true
        let keySchema = request.index?.keySchema ?? request.handle.schema.keySchema
        if let filter = request.filter { try checkFilterAvoidsKeys(filter, keySchema) }
        let sortColumn = request.index == nil ? "sk" : "isk"
        var clauses = ["h = ?", request.index == nil ? "pk = ?" : "ipk = ?"]
        var args: [DatabaseValueConvertible] = []
        let partition: StoredKey
        if keySchema.isMultiAttribute {
            let keyCondition = try MultiKeyCondition.analyze(keyAST, schema: keySchema)
            try checkKeyConditionTypes(keyCondition, keySchema)
            partition = try Keys.encode(partition: keyCondition.partition, sort: [], schema: keySchema)
            args = [partition.hash, partition.pk]
            appendCompositeSortClause(keyCondition, column: sortColumn, &clauses, &args)
        } else {
            let keyCondition = try KeyCondition.analyze(
                keyAST, partitionKey: keySchema.partition.name, sortKey: keySchema.sort?.name)
            try checkKeyConditionTypes(keyCondition, keySchema)
            partition = try Keys.encode(
                pk: keyCondition.partitionValue, sk: nil, schema: KeySchema(partition: keySchema.partition))
            args = [partition.hash, partition.pk]
            if let sort = keyCondition.sort { appendSortClause(sort, column: sortColumn, &clauses, &args) }
        }
        if let start = try exclusiveStart(r, request) {
            // A start key from another partition would read that partition's items: DynamoDB refuses it.
            guard (start.index ?? start.table).pk == partition.pk else {
                throw DynamoError.validation(
                    "The provided starting key is outside query boundaries based on provided conditions")
            }
            let op = request.forward ? ">" : "<"
            if request.index == nil {
                clauses.append("sk \(op) ?")
                args.append(start.table.sk)
            } else {
                clauses.append("(isk, pk, sk) \(op) (?, ?, ?)")
                args += [start.index!.sk, start.table.pk, start.table.sk] as [DatabaseValueConvertible]
            }
        }
        let direction = request.forward ? "ASC" : "DESC"
        let order = request.index == nil ? "sk \(direction)" : "isk \(direction), pk \(direction), sk \(direction)"
        let sql =
            "SELECT item, size FROM \(source(request)) WHERE \(clauses.joined(separator: " AND ")) ORDER BY \(order)"
        return try runPage(r, request, sql: sql, arguments: args)
    }

    func scan(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        var request = try readRequest(r, isQuery: false)
        var attrs = try RequestParts.attributes(r, expressionFields: ["FilterExpression", "ProjectionExpression"])
        request.filter = try RequestParts.condition(r, "FilterExpression", .filter, &attrs)
        request.projection = try RequestParts.projection(r, &attrs)
        try attrs.checkAllUsed()
        try planIndexRead(&request)
        var clauses: [String] = []
        var args: [DatabaseValueConvertible] = []
        let segment = try r.int("Segment")
        let total = try r.int("TotalSegments")
        if segment != nil || total != nil {
            guard let total else {
                throw DynamoError.validation(
                    "The TotalSegments parameter is required but was not present in the request when Segment "
                        + "parameter is present"
                )
            }
            guard let segment else {
                throw DynamoError.validation(
                    "The Segment parameter is required but was not present in the request when parameter "
                        + "TotalSegments is present"
                )
            }
            guard (1...1_000_000).contains(total) else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(value: "\(total)", at: "totalSegments")
                        + "Member must have value "
                        + "\(total < 1 ? "greater than or equal to 1" : "less than or equal to 1000000")"
                )
            }
            guard segment >= 0, segment < total else {
                throw DynamoError.validation(
                    "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
                        + "\(segment) is not less than TotalSegments: \(total)"
                )
            }
            let space: Int64 = 1 << 32
            clauses.append("h >= ?")
            args.append(space * Int64(segment) / Int64(total))
            clauses.append("h < ?")
            args.append(space * Int64(segment + 1) / Int64(total))
        }
        let start = try exclusiveStart(r, request)
        if let start, let segment, let total {
            // A start key from another segment would read that segment's items again.
            let space: Int64 = 1 << 32
            let hash = (start.index ?? start.table).hash
            guard hash >= space * Int64(segment) / Int64(total), hash < space * Int64(segment + 1) / Int64(total) else {
                throw DynamoError.validation(
                    "The provided Exclusive start key does not map to the provided Segment and TotalSegments values.")
            }
        }
        if let start {
            if let index = start.index {
                clauses.append("(h, ipk, isk, pk, sk) > (?, ?, ?, ?, ?)")
                args += [index.hash, index.pk, index.sk, start.table.pk, start.table.sk] as [DatabaseValueConvertible]
            } else {
                clauses.append("(h, pk, sk) > (?, ?, ?)")
                args += [start.table.hash, start.table.pk, start.table.sk] as [DatabaseValueConvertible]
            }
        }
        let order = request.index == nil ? "h, pk, sk" : "h, ipk, isk, pk, sk"
        let whereClause = clauses.isEmpty ? "" : "WHERE \(clauses.joined(separator: " AND "))"
        let sql = "SELECT item, size FROM \(source(request)) \(whereClause) ORDER BY \(order)"
        return try runPage(r, request, sql: sql, arguments: args)
    }

    func source(_ request: ReadRequest) -> String {
        request.index.map { request.handle.sqlIndexTable($0.name) } ?? request.handle.sqlTable
    }

    func readRequest(_ r: JSONReader, isQuery: Bool) throws(DynamoError) -> ReadRequest {
        let handle = try handle(try r.requiredString("TableName"))
        var index: IndexSchema? = nil
        if let indexName = try r.string("IndexName") {
            guard let found = handle.schema.index(named: indexName) else {
                throw DynamoError.validation("The table does not have the specified index: \(indexName)")
            }
            if found.backfilling {
                throw DynamoError.validation("Cannot read from backfilling global secondary index: \(indexName)")
            }
            index = found
        }
        let consistent = try r.bool("ConsistentRead") ?? false
        if consistent, index?.isGlobal == true {
            throw DynamoError.validation("Consistent reads are not supported on global secondary indexes")
        }
        let limit = try r.int("Limit")
        if let limit, limit < 1 {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(limit)", at: "limit") + "Member must "
                    + "have value greater than or equal to 1"
            )
        }
        let hasProjection = r.has("ProjectionExpression")
        let select =
            try r.string("Select")
            ?? (hasProjection ? "SPECIFIC_ATTRIBUTES" : (index == nil ? "ALL_ATTRIBUTES" : "ALL_PROJECTED_ATTRIBUTES"))
        switch select {
        case "ALL_ATTRIBUTES":
            if let index, index.isGlobal, index.projection != .all {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for "
                        + "global secondary index \(index.name) because its projection type is not ALL"
                )
            }
        case "ALL_PROJECTED_ATTRIBUTES":
            if index == nil {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is supported "
                        + "only for index queries"
                )
            }
        case "SPECIFIC_ATTRIBUTES":
            if !hasProjection {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires a "
                        + "ProjectionExpression"
                )
            }
        case "COUNT": break
        default:
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(select)", at: "select") + "Member "
                    + "must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
                    + "ALL_PROJECTED_ATTRIBUTES]"
            )
        }
        if hasProjection, select != "SPECIFIC_ATTRIBUTES" {
            throw DynamoError.validation("Cannot specify the ProjectionExpression when choosing to get \(select)")
        }
        return ReadRequest(handle: handle, index: index, select: select, limit: limit, consistent: consistent)
    }

    /// What an index read needs beyond the index: a local index fetches the attributes it does not
    /// project from the table (DynamoDB does, charging the table's reads); a global index cannot,
    /// so naming such an attribute is refused as DynamoDB refuses it.
    func planIndexRead(_ request: inout ReadRequest) throws(DynamoError) {
        guard let index = request.index, index.projection != .all else { return }
        if request.select == "ALL_ATTRIBUTES" {
            request.fetchesBase = !index.isGlobal
            return
        }
        var projected = Set(request.handle.schema.keySchema.names).union(index.keySchema.names)
        if case .include(let names) = index.projection { projected.formUnion(names) }
        var wanted = Set((request.projection ?? []).compactMap(\.topLevelName))
        if let filter = request.filter { wanted.formUnion(Self.referencedNames(filter)) }
        let missing = wanted.subtracting(projected).sorted()
        guard !missing.isEmpty else { return }
        if index.isGlobal {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Global secondary index \(index.name) "
                    + "does not project [\(missing.joined(separator: ", "))]")
        }
        request.fetchesBase = true
    }

    /// The top-level attribute names a condition reads.
    static func referencedNames(_ c: Condition) -> Set<String> {
        func op(_ o: Operand) -> Set<String> {
            switch o {
            case .path(let p), .size(let p): return p.topLevelName.map { [$0] } ?? []
            default: return []
            }
        }
        func path(_ p: DocumentPath) -> Set<String> { p.topLevelName.map { [$0] } ?? [] }
        switch c {
        case .comparison(let a, _, let b), .beginsWith(let a, let b), .contains(let a, let b): return op(a).union(op(b))
        case .between(let a, let b, let d): return op(a).union(op(b)).union(op(d))
        case .inList(let a, let list): return list.reduce(op(a)) { $0.union(op($1)) }
        case .attributeExists(let p), .attributeNotExists(let p), .attributeType(let p, _): return path(p)
        case .and(let a, let b), .or(let a, let b): return referencedNames(a).union(referencedNames(b))
        case .not(let a): return referencedNames(a)
        }
    }

    func checkFilterAvoidsKeys(_ filter: Condition, _ schema: KeySchema) throws(DynamoError) {
        for name in schema.names where filterReferences(filter, name) {
            throw DynamoError.validation(
                "Filter Expression can only contain non-primary key attributes: Primary key attribute: \(name)")
        }
    }

    func filterReferences(_ c: Condition, _ name: String) -> Bool {
        func op(_ o: Operand) -> Bool {
            switch o {
            case .path(let p), .size(let p): return p.topLevelName == name
            default: return false
            }
        }
        switch c {
        case .comparison(let a, _, let b), .beginsWith(let a, let b), .contains(let a, let b): return op(a) || op(b)
        case .between(let a, let b, let d): return op(a) || op(b) || op(d)
        case .inList(let a, let list): return op(a) || list.contains(where: op)
        case .attributeExists(let p), .attributeNotExists(let p), .attributeType(let p, _):
            return p.topLevelName == name
        case .and(let a, let b), .or(let a, let b): return filterReferences(a, name) || filterReferences(b, name)
        case .not(let a): return filterReferences(a, name)
        }
    }

    /// The decoded ExclusiveStartKey: the table key, and for index reads the index key too.
    func exclusiveStart(_ r: JSONReader, _ request: ReadRequest) throws(DynamoError) -> (
        table: StoredKey, index: StoredKey?
    )? {
        guard let start = try r.item("ExclusiveStartKey") else { return nil }
        let invalid = DynamoError.validation(
            "The provided starting key is invalid: The provided key element does not match the schema")
        let tableSchema = request.handle.schema.keySchema
        var expected = Set(tableSchema.names)
        if let index = request.index { expected.formUnion(index.keySchema.names) }
        guard Set(start.keys) == expected else { throw invalid }
        let tableKey: StoredKey
        do { tableKey = try Keys.storedKey(Keys.keyAttributes(of: start, [tableSchema]), tableSchema) } catch {
            throw invalid
        }
        guard let index = request.index else { return (tableKey, nil) }
        guard let indexKey = try? Keys.indexKey(ofItem: start, index) else { throw invalid }
        return (tableKey, indexKey)
    }

    /// What one page of a Query or Scan read.
    struct PageRead {
        var items: [JSONValue] = []
        var count = 0
        var scanned = 0
        var bytes = 0
        /// Bytes read from the table for an LSI read of attributes it does not project.
        var fetched = 0
        /// The key to resume after, when the page stopped before the end.
        var last: Item?
    }

    /// Reads rows until the limit or 1 MB, filtering and projecting each (from the table, for an LSI read
    /// that needs it).
    func readPage(_ db: Database, _ request: ReadRequest, sql: String, arguments: [DatabaseValueConvertible])
        throws -> PageRead
    {
        let tableSchema = request.handle.schema
        let keySchemas = [tableSchema.keySchema] + (request.index.map { [$0.keySchema] } ?? [])
        let countOnly = request.select == "COUNT"
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        var page = PageRead()
        while let row = try rows.next() {
            var item = try row.withUnsafeData(atIndex: 0) { data -> Item in
                guard let data else { return [:] }
                return try data.withUnsafeBytes { try ItemCodec.decode($0) }
            }
            let size: Int = row[1]
            page.scanned += 1
            page.bytes += size
            let indexItem = item
            // The table's item, before the filter when the filter reads what only the table has.
            if request.fetchesBase,
                let full = try readItem(
                    db, request.handle,
                    try Keys.storedKey(Keys.keyAttributes(of: item, [tableSchema.keySchema]), tableSchema.keySchema))
            {
                item = full
                page.fetched += ItemSize.of(full)
            }
            if request.filter.map({ ConditionEvaluator.evaluate($0, on: item) }) ?? true {
                page.count += 1
                if !countOnly {
                    page.items.append(
                        TypedJSON.encodeItem(request.projection.map { Projection.apply($0, to: item) } ?? item))
                }
            }
            if page.scanned == request.limit || page.bytes >= EmbeddedEngine.maxPageBytes {
                page.last = Keys.keyAttributes(of: indexItem, keySchemas)
                break
            }
        }
        return page
    }

    func runPage(_ r: JSONReader, _ request: ReadRequest, sql: String, arguments: [DatabaseValueConvertible])
        throws(DynamoError) -> JSONValue
    {
        let report = try CapacityReport(r)
        let tableSchema = request.handle.schema
        let countOnly = request.select == "COUNT"
        let page = try database { try writer.read { db in try readPage(db, request, sql: sql, arguments: arguments) } }
        var out: [String: JSONValue] = ["Count": .int(page.count), "ScannedCount": .int(page.scanned)]
        if !countOnly { out["Items"] = .array(page.items) }
        if let last = page.last { out["LastEvaluatedKey"] = TypedJSON.encodeItem(last) }
        // An LSI read of attributes it does not project fetches them from the table, at the table's cost.
        out["ConsumedCapacity"] = report.render(
            {
                var capacity = CapacityUse.read(
                    tableSchema, index: request.index, bytes: page.bytes, consistent: request.consistent)
                if page.fetched > 0 {
                    capacity.charge(nil, CapacityUse.readUnits(bytes: page.fetched, consistent: request.consistent))
                }
                return capacity
            }())
        return .object(out)
    }
}
