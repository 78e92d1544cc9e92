import DynamoCore
import Foundation
import GRDB

/// Key validation and the reads and writes of items and index entries.
enum Keys {
    static let maxPartitionKeyBytes = 2048
    static let maxSortKeyBytes = 1024

    static func mismatch() -> DynamoError {
        DynamoError.validation("The provided key element does not match the schema")
    }

    /// The storage key of a `Key` parameter, which must hold exactly the key attributes.
    static func storedKey(_ key: Item, _ schema: KeySchema) throws(DynamoError) -> StoredKey {
        guard key.count == schema.partitionKeys.count + schema.sortKeys.count else { throw mismatch() }
        guard let pk = key[schema.partition.name], pk.typeDescriptor == schema.partition.type.rawValue else {
            throw mismatch()
        }
        var sk: AttributeValue? = nil
        if let sort = schema.sort {
            guard let s = key[sort.name], s.typeDescriptor == sort.type.rawValue else { throw mismatch() }
            sk = s
        }
        return try encode(pk: pk, sk: sk, schema: schema)
    }

    static func encode(pk: AttributeValue, sk: AttributeValue?, schema: KeySchema) throws(DynamoError) -> StoredKey {
        try checkKeyValue(pk, name: schema.partition.name, limit: maxPartitionKeyBytes, isPartition: true)
        if let sk { try checkKeyValue(sk, name: schema.sort!.name, limit: maxSortKeyBytes, isPartition: false) }
        let pkBytes = KeyEncoding.encode(pk)
        return StoredKey(
            hash: KeyEncoding.partitionHash(pkBytes), pk: Data(pkBytes), sk: Data(sk.map(KeyEncoding.encode) ?? []))
    }

    /// The bytes of a key value that count toward the key size limits: a string's or binary's length, a
    /// number's size as DynamoDB sizes it.
    static func keyBytes(_ v: AttributeValue) -> Int {
        switch v {
        case .s(let s): return s.utf8.count
        case .b(let b): return b.count
        default: return ItemSize.of(v)
        }
    }

    static func checkKeyValue(_ v: AttributeValue, name: String, limit: Int, isPartition: Bool) throws(DynamoError) {
        guard v.typeDescriptor == "S" || v.typeDescriptor == "B" else { return }
        let size = keyBytes(v)
        if size == 0 {
            throw DynamoError.validation(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
                    + "an empty \(v.typeDescriptor == "S" ? "string" : "binary") value. Key: \(name)"
            )
        }
        if size > limit { throw keySizeError(isPartition: isPartition) }
    }

    /// DynamoDB's words for a key over its size (the missing space in "limit of2048" is DynamoDB's).
    static func keySizeError(isPartition: Bool) -> DynamoError {
        DynamoError.validation(
            isPartition
                ? "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
                    + "limit of2048 bytes"
                : "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the "
                    + "size limit of 1024 bytes")
    }

    /// The table key of a full item (PutItem), with DynamoDB's messages for missing or mistyped keys.
    static func storedKey(ofItem item: Item, _ schema: KeySchema) throws(DynamoError) -> StoredKey {
        func value(_ element: KeyElement) throws(DynamoError) -> AttributeValue {
            guard let v = item[element.name] else {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Missing the key \(element.name) in the item")
            }
            guard v.typeDescriptor == element.type.rawValue else {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Type mismatch for key \(element.name) expected: "
                        + "\(element.type.rawValue) actual: \(v.typeDescriptor)"
                )
            }
            return v
        }
        let pk = try value(schema.partition)
        let sk = try schema.sort.map { (e) throws(DynamoError) in try value(e) }
        return try encode(pk: pk, sk: sk, schema: schema)
    }

    /// The storage key of a multi-attribute key: the partition values and the sort values, each side a run of
    /// self-delimiting components (`KeyEncoding.component`), so sort order is attribute by attribute.
    static func encode(partition: [AttributeValue], sort: [AttributeValue], schema: KeySchema) throws(DynamoError)
        -> StoredKey
    {
        func bytes(_ values: [AttributeValue]) -> Int { values.reduce(0) { $0 + keyBytes($1) } }
        if bytes(partition) > maxPartitionKeyBytes { throw keySizeError(isPartition: true) }
        if bytes(sort) > maxSortKeyBytes { throw keySizeError(isPartition: false) }
        let pk = partition.flatMap(KeyEncoding.component)
        return StoredKey(
            hash: KeyEncoding.partitionHash(pk), pk: Data(pk), sk: Data(sort.flatMap(KeyEncoding.component)))
    }

    /// An item's key in an index, or nil when the item lacks an index key (indexes are sparse).
    static func indexKey(ofItem item: Item, _ index: IndexSchema) throws(DynamoError) -> StoredKey? {
        var values: [AttributeValue] = []
        for element in index.keySchema.partitionKeys + index.keySchema.sortKeys {
            guard let v = item[element.name] else { return nil }
            guard v.typeDescriptor == element.type.rawValue else {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Type mismatch for Index Key \(element.name) "
                        + "Expected: \(element.type.rawValue) Actual: \(v.typeDescriptor) IndexName: \(index.name)"
                )
            }
            if case .s(let s) = v, s.isEmpty {
                throw DynamoError.validation(
                    "One or more parameter values are not valid. A value specified for a secondary index key is not "
                        + "supported. The AttributeValue for a key attribute cannot contain an empty string value. "
                        + "IndexName: \(index.name), IndexKey: \(element.name)"
                )
            }
            if case .b(let b) = v, b.isEmpty {
                throw DynamoError.validation(
                    "One or more parameter values are not valid. A value specified for a secondary index key is not "
                        + "supported. The AttributeValue for a key attribute cannot contain an empty binary value. "
                        + "IndexName: \(index.name), IndexKey: \(element.name)"
                )
            }
            values.append(v)
        }
        let schema = index.keySchema
        if schema.isMultiAttribute {
            let sides = values.count - schema.sortKeys.count
            return try encode(
                partition: Array(values.prefix(sides)), sort: Array(values.dropFirst(sides)), schema: schema)
        }
        return try encode(pk: values[0], sk: values.count > 1 ? values[1] : nil, schema: schema)
    }

    /// The key attributes of an item under a key schema.
    static func keyAttributes(of item: Item, _ schemas: [KeySchema]) -> Item {
        var out = Item()
        for schema in schemas {
            for name in schema.names { if let v = item[name] { out[name] = v } }
        }
        return out
    }
}

extension EmbeddedEngine {
    func readItem(_ db: Database, _ handle: TableHandle, _ key: StoredKey) throws -> Item? {
        let statement = try db.cachedStatement(sql: handle.selectItemSQL)
        // One blob, fetched as raw SQLite is (a Row or a cursor of rows costs more than the copy of the blob).
        guard let data = try Data.fetchOne(statement, arguments: [key.hash, key.pk, key.sk]) else { return nil }
        return try data.withUnsafeBytes { try ItemCodec.decode($0) }
    }

    /// Writes `new` (or deletes when nil) at `key`, keeping every index in step; `old` is the current item.
    ///
    /// Returns the index entries written or removed, for capacity accounting. An index entry whose
    /// key and projected attributes did not change is left alone, as DynamoDB does.
    @discardableResult
    func writeItem(_ db: Database, _ handle: TableHandle, key: StoredKey, old: Item?, new: Item?) throws -> IndexWrites
    {
        // Another process may have added an index or turned the stream on since the handle was read.
        try writeItem(db, current: try current(handle, db), key: key, old: old, new: new)
    }

    /// `writeItem` with a handle already checked against the database in this transaction.
    func writeItem(_ db: Database, current handle: TableHandle, key: StoredKey, old: Item?, new: Item?) throws
        -> IndexWrites
    {
        // The item's encoding, made once: the table row and every index that projects ALL store the same bytes.
        let encoded = new.map { Data(ItemCodec.encode($0)) }
        let size = new.map(ItemSize.of)
        if let encoded, let size {
            try db.cachedStatement(sql: handle.upsertItemSQL).execute(arguments: [
                key.hash, key.pk, key.sk, encoded, size,
            ])
        } else if old != nil {
            try db.cachedStatement(sql: handle.deleteItemSQL).execute(arguments: [key.hash, key.pk, key.sk])
        }
        try recordChange(db, handle, old: old, new: new)
        var writes = IndexWrites()
        for index in handle.schema.indexes {
            let sql = handle.indexStatements(index.name)
            let oldKey = try old.flatMap { (o) throws(DynamoError) in try Keys.indexKey(ofItem: o, index) }
            let newKey = try new.flatMap { (n) throws(DynamoError) in try Keys.indexKey(ofItem: n, index) }
            let oldEntry = oldKey == nil ? nil : old.map { projectForIndex($0, index, handle.schema) }
            let newEntry = newKey == nil ? nil : new.map { projectForIndex($0, index, handle.schema) }
            if oldKey == newKey && oldEntry == newEntry { continue }
            if let oldKey, oldKey != newKey {
                try db.cachedStatement(sql: sql.delete).execute(arguments: [
                    oldKey.hash, oldKey.pk, oldKey.sk, key.pk, key.sk,
                ])
            }
            if let newKey, let newEntry {
                let projectsAll = index.projection == .all
                try db.cachedStatement(sql: sql.upsert).execute(arguments: [
                    newKey.hash, newKey.pk, newKey.sk, key.pk, key.sk,
                    projectsAll ? encoded : Data(ItemCodec.encode(newEntry)),
                    projectsAll ? size : ItemSize.of(newEntry),
                ])
            }
            writes.touches.append(
                .init(
                    index: index, entries: [oldEntry, newEntry].compactMap { $0 },
                    inPlace: oldKey != nil && oldKey == newKey))
        }
        return writes
    }

    /// The part of an item an index keeps: table and index keys plus its projection.
    func projectForIndex(_ item: Item, _ index: IndexSchema, _ schema: TableSchema) -> Item {
        switch index.projection {
        case .all: return item
        case .keysOnly: return Keys.keyAttributes(of: item, [schema.keySchema, index.keySchema])
        case .include(let names):
            var out = Keys.keyAttributes(of: item, [schema.keySchema, index.keySchema])
            for n in names { if let v = item[n] { out[n] = v } }
            return out
        }
    }

    /// Checks an item against DynamoDB's item rules before it is written.
    func validateItem(_ item: Item, _ handle: TableHandle) throws(DynamoError) -> StoredKey {
        let key = try Keys.storedKey(ofItem: item, handle.schema.keySchema)
        for index in handle.schema.indexes { _ = try Keys.indexKey(ofItem: item, index) }
        if ItemSize.of(item) > ItemSize.maxItemBytes {
            throw DynamoError.validation("Item size has exceeded the maximum allowed size")
        }
        try Self.checkAttributeNames(item)
        return key
    }

    /// The longest attribute name DynamoDB stores (64 KB); key attribute names have their own 255-byte
    /// rule, checked where tables and indexes are defined.
    static let maxAttributeNameBytes = 65_535

    /// An item's top-level attribute names: never empty, at most 64 KB.
    static func checkAttributeNames(_ item: Item) throws(DynamoError) {
        if item[""] != nil { throw DynamoError.emptyAttributeName() }
        for name in item.keys where name.utf8.count > maxAttributeNameBytes {
            throw DynamoError.validation(
                "One or more parameter values were invalid: Attribute name is too large, must be less than "
                    + "65536 bytes; attribute name size: \(name.utf8.count)")
        }
    }
}
