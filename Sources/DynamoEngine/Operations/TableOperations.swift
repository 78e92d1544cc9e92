import DynamoCore
import Foundation
import GRDB

/// CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable and the TTL settings.
extension EmbeddedEngine {
    func createTable(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        try TableSchema.checkBilling(r)
        var schema = try TableSchema.fromCreateRequest(r, now: Date().timeIntervalSince1970)
        let streamViewType = try StreamSettings.requested(r) ?? nil
        let now = clock()
        let handle = try database {
            try writer.write { db -> TableHandle in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM dx_tables WHERE name = ?", arguments: [schema.name])
                    == true
                {
                    throw DynamoError.resourceInUse("Table already exists: \(schema.name)")
                }
                let id = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM dx_tables")) ?? 1
                if let streamViewType { try StreamSettings.start(db, &schema, viewType: streamViewType, now: now) }
                let handle = TableHandle(schema: schema, id: id)
                for sql in TableStore.createSQL(for: handle) { try db.execute(sql: sql) }
                try db.execute(
                    sql: "INSERT INTO dx_tables (name, id, schema) VALUES (?, ?, ?)",
                    arguments: [schema.name, id, schema.storageJSON.jsonText])
                try bumpCatalogVersion(db)
                return handle
            }
        }
        catalog.withLock { $0[schema.name] = handle }
        var description = schema.descriptionJSON(itemCount: 0, sizeBytes: 0, indexCounts: [:])
        if case .object(var o) = description {
            o["TableStatus"] = "ACTIVE"
            description = .object(o)
        }
        return ["TableDescription": description]
    }

    func tableDescription(_ handle: TableHandle) throws(DynamoError) -> JSONValue {
        try database {
            try writer.read { db -> JSONValue in
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM \(handle.sqlTable)")!
                var indexCounts: [String: (Int, Int)] = [:]
                for index in handle.schema.indexes {
                    let ir = try Row.fetchOne(
                        db, sql: "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM \(handle.sqlIndexTable(index.name))")!
                    indexCounts[index.name] = (ir[0], ir[1])
                }
                return handle.schema.descriptionJSON(itemCount: row[0], sizeBytes: row[1], indexCounts: indexCounts)
            }
        }
    }

    func describeTable(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let name = try r.requiredString("TableName")
        refreshCatalogIfStale()
        guard let handle = catalog.withLock({ $0[name] }) else { throw DynamoError.tableNotFound(name) }
        return ["Table": try tableDescription(handle)]
    }

    func listTables(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let limit = try r.int("Limit") ?? 100
        guard (1...100).contains(limit) else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(limit)", at: "limit") + "Member must "
                    + "have value \(limit < 1 ? "greater than or equal to 1" : "less than or equal to 100")"
            )
        }
        var names = tableNames
        if let start = try r.string("ExclusiveStartTableName") { names = names.filter { $0 > start } }
        var out: [String: JSONValue] = ["TableNames": .array(names.prefix(limit).map { .string($0) })]
        if names.count > limit { out["LastEvaluatedTableName"] = .string(names[limit - 1]) }
        return .object(out)
    }

    func deleteTable(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let name = try r.requiredString("TableName")
        refreshCatalogIfStale()
        guard let handle = catalog.withLock({ $0[name] }) else { throw DynamoError.tableNotFound(name) }
        if handle.schema.deletionProtection {
            throw DynamoError.validation(
                "Resource cannot be deleted as it is currently protected against deletion. Disable deletion "
                    + "protection first."
            )
        }
        let description = try tableDescription(handle)
        try database {
            try writer.write { db in
                var schema = handle.schema
                if schema.streamViewType != nil { try StreamSettings.stop(db, &schema, now: clock()) }
                for sql in TableStore.dropSQL(for: handle) { try db.execute(sql: sql) }
                try db.execute(sql: "DELETE FROM dx_tables WHERE name = ?", arguments: [name])
                try bumpCatalogVersion(db)
            }
        }
        catalog.withLock { $0[name] = nil }
        return ["TableDescription": Self.deletingDescription(description)]
    }

    /// The description DeleteTable answers with: the table as it was, marked `DELETING`, its global
    /// secondary indexes going with it (`IndexStatus` `DELETING`).
    static func deletingDescription(_ description: JSONValue) -> JSONValue {
        guard case .object(var o) = description else { return description }
        o["TableStatus"] = "DELETING"
        if case .array(let indexes)? = o["GlobalSecondaryIndexes"] {
            o["GlobalSecondaryIndexes"] = .array(
                indexes.map { index in
                    guard case .object(var i) = index else { return index }
                    i["IndexStatus"] = "DELETING"
                    i["Backfilling"] = nil
                    return .object(i)
                })
        }
        return .object(o)
    }

    /// UpdateTable: capacity, billing mode, deletion protection, the stream, and adding or removing global
    /// secondary indexes (added ones are backfilled at once).
    func updateTable(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let name = try r.requiredString("TableName")
        refreshCatalogIfStale()
        guard let handle = catalog.withLock({ $0[name] }) else { throw DynamoError.tableNotFound(name) }
        guard !Set(r.object.keys).subtracting(["TableName"]).isEmpty else {
            throw DynamoError.validation(
                "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates "
                    + "or SSESpecification or ReplicaUpdates is required")
        }
        var schema = handle.schema
        try Self.applySettings(r, to: &schema)
        let (created, deleted) = try Self.applyIndexUpdates(r, to: &schema)
        let streamChange = try StreamSettings.requested(r)
        let now = clock()
        let updated = try database {
            try writer.write { db -> TableHandle in
                var updated = TableHandle(schema: schema, id: handle.id)
                if let streamChange { try StreamSettings.update(db, &updated.schema, to: streamChange, now: now) }
                for index in deleted { try db.execute(sql: "DROP TABLE IF EXISTS \(handle.sqlIndexTable(index.name))") }
                for index in created { try db.execute(sql: TableStore.createIndexSQL(updated, index.name)) }
                try storeSchema(db, updated)
                return updated
            }
        }
        if !created.isEmpty, !Self.rollsBack { startBackfills() }
        return ["TableDescription": try tableDescription(updated)]
    }

    /// UpdateTable's plain settings: capacity, billing mode, deletion protection.
    static func applySettings(_ r: JSONReader, to schema: inout TableSchema) throws(DynamoError) {
        if let units = try r.reader("ProvisionedThroughput") {
            schema.readCapacity = try units.int("ReadCapacityUnits") ?? schema.readCapacity
            schema.writeCapacity = try units.int("WriteCapacityUnits") ?? schema.writeCapacity
        }
        if let billing = try r.string("BillingMode") {
            guard billing == "PROVISIONED" || billing == "PAY_PER_REQUEST" else {
                throw DynamoError.validation(
                    DynamoError.constraintPrefix(value: "\(billing)", at: "billingMode")
                        + "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
                )
            }
            schema.billingMode = billing
        }
        if let protection = try r.bool("DeletionProtectionEnabled") { schema.deletionProtection = protection }
    }

    /// `GlobalSecondaryIndexUpdates` (with the new keys' `AttributeDefinitions`): the indexes created and deleted.
    static func applyIndexUpdates(_ r: JSONReader, to schema: inout TableSchema) throws(DynamoError)
        -> (created: [IndexSchema], deleted: [IndexSchema])
    {
        var types = schema.keyAttributeTypes
        for def in try r.array("AttributeDefinitions") ?? [] {
            let d = try JSONReader(def)
            guard let t = ScalarType(rawValue: try d.requiredString("AttributeType")) else {
                throw DynamoError.validation("Invalid AttributeType in AttributeDefinitions")
            }
            let attr = try d.requiredString("AttributeName")
            if let existing = types[attr], existing != t {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Attribute \(attr) is already defined with type "
                        + "\(existing.rawValue)"
                )
            }
            types[attr] = t
        }
        var created: [IndexSchema] = []
        var deleted: [IndexSchema] = []
        var named = Set<String>()
        for entry in try r.array("GlobalSecondaryIndexUpdates") ?? [] {
            let u = try JSONReader(entry)
            var name: String? = nil
            for kind in ["Create", "Delete", "Update"] where name == nil {
                name = try u.reader(kind)?.string("IndexName")
            }
            if let name, !named.insert(name).inserted {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Only one global secondary index update per index is "
                        + "allowed simultaneously. Index: \(name)")
            }
            if let c = try u.reader("Create") {
                var index = try TableSchema.parseIndex(c, global: true, types: types)
                index.backfilling = true
                if schema.index(named: index.name) != nil {
                    throw DynamoError.validation(
                        "One or more parameter values were invalid: Index with name \(index.name) already exists")
                }
                if schema.indexes.filter(\.isGlobal).count >= 20 {
                    throw DynamoError(
                        type: "LimitExceededException",
                        message: "Subscriber limit exceeded: the number of global secondary indexes per table is 20")
                }
                schema.indexes.append(index)
                created.append(index)
            } else if let d = try u.reader("Delete") {
                let indexName = try d.requiredString("IndexName")
                guard let index = schema.index(named: indexName), index.isGlobal else {
                    throw DynamoError.resourceNotFound("Requested resource not found: Index: \(indexName) not found")
                }
                schema.indexes.removeAll { $0.name == indexName }
                deleted.append(index)
            } else if !u.has("Update") {  // Update: throughput settings, nothing to do on one machine
                throw DynamoError.validation("GlobalSecondaryIndexUpdates entries take Create, Update or Delete")
            }
        }
        return (created, deleted)
    }

    func describeTimeToLive(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let name = try r.requiredString("TableName")
        refreshCatalogIfStale()
        guard let handle = catalog.withLock({ $0[name] }) else { throw DynamoError.tableNotFound(name) }
        var d: [String: JSONValue] = ["TimeToLiveStatus": handle.schema.ttlEnabled ? "ENABLED" : "DISABLED"]
        if handle.schema.ttlEnabled, let attr = handle.schema.ttlAttribute { d["AttributeName"] = .string(attr) }
        return ["TimeToLiveDescription": .object(d)]
    }

    func updateTimeToLive(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let name = try r.requiredString("TableName")
        refreshCatalogIfStale()
        guard var handle = catalog.withLock({ $0[name] }) else { throw DynamoError.tableNotFound(name) }
        guard let spec = try r.reader("TimeToLiveSpecification") else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "timeToLiveSpecification")
                    + "Member must not be null"
            )
        }
        let enabled = try spec.bool("Enabled") ?? false
        let attribute = try spec.requiredString("AttributeName")
        if enabled == handle.schema.ttlEnabled {
            throw DynamoError.validation(enabled ? "TimeToLive is already enabled" : "TimeToLive is already disabled")
        }
        handle.schema.ttlEnabled = enabled
        handle.schema.ttlAttribute = attribute
        try save(handle)
        return ["TimeToLiveSpecification": ["AttributeName": .string(attribute), "Enabled": .bool(enabled)]]
    }
}
