import DynamoCore
import Foundation
import GRDB

/// Where a DynamoDB table lives in SQLite: its schema and the names of its SQLite tables.
struct TableHandle: Sendable {
    /// Settings (tags, TTL, the stream) may be changed on a copy before it is saved; its indexes are not.
    var schema: TableSchema
    let id: Int64
    /// The SQLite table, and the statements every point operation runs (kept, not rebuilt per call).
    let sqlTable: String
    let selectItemSQL: String
    let upsertItemSQL: String
    let deleteItemSQL: String
    /// Each index's write statements, by index name.
    let indexSQL: [String: IndexSQL]

    struct IndexSQL: Sendable {
        let upsert: String
        let delete: String

        init(table: String) {
            upsert = "INSERT OR REPLACE INTO \(table) (h, ipk, isk, pk, sk, item, size) VALUES (?, ?, ?, ?, ?, ?, ?)"
            delete = "DELETE FROM \(table) WHERE h = ? AND ipk = ? AND isk = ? AND pk = ? AND sk = ?"
        }
    }

    init(schema: TableSchema, id: Int64) {
        self.schema = schema
        self.id = id
        let table = "t\(id)"
        sqlTable = table
        selectItemSQL = "SELECT item FROM \(table) WHERE h = ? AND pk = ? AND sk = ?"
        upsertItemSQL = "INSERT OR REPLACE INTO \(table) (h, pk, sk, item, size) VALUES (?, ?, ?, ?, ?)"
        deleteItemSQL = "DELETE FROM \(table) WHERE h = ? AND pk = ? AND sk = ?"
        var indexSQL: [String: IndexSQL] = [:]
        for index in schema.indexes {
            indexSQL[index.name] = IndexSQL(table: Self.sqlIndexTable(id: id, index.name))
        }
        self.indexSQL = indexSQL
    }

    /// `t7_` + the index name in hex (any index name is a safe SQL name that way). On the path of
    /// every write and index read, so it avoids `String(format:)`, which cost 6% of a bulk load.
    func sqlIndexTable(_ index: String) -> String { Self.sqlIndexTable(id: id, index) }

    /// An index's write statements: kept for the indexes the handle was made with, built for any other.
    func indexStatements(_ index: String) -> IndexSQL { indexSQL[index] ?? IndexSQL(table: sqlIndexTable(index)) }

    static func sqlIndexTable(id: Int64, _ index: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(index.utf8.count * 2)
        for byte in index.utf8 {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return "t\(id)_" + String(decoding: hex, as: UTF8.self)
    }
}

/// A key in storage form: partition hash, encoded partition and sort key.
struct StoredKey: Hashable, Sendable {
    var hash: Int64
    var pk: Data
    var sk: Data
}

/// SQL for the tables that hold items and index entries.
enum TableStore {
    static func createSQL(for handle: TableHandle) -> [String] {
        var statements = [
            "CREATE TABLE \(handle.sqlTable) (h INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT "
                + "NULL, size INTEGER NOT NULL, PRIMARY KEY (h, pk, sk)) WITHOUT ROWID"
        ]
        for index in handle.schema.indexes { statements.append(createIndexSQL(handle, index.name)) }
        return statements
    }

    static func createIndexSQL(_ handle: TableHandle, _ index: String) -> String {
        "CREATE TABLE \(handle.sqlIndexTable(index)) (h INTEGER NOT NULL, ipk BLOB NOT NULL, isk BLOB NOT NULL, pk "
            + "BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (h, ipk, isk, "
            + "pk, sk)) WITHOUT ROWID"
    }

    static func dropSQL(for handle: TableHandle) -> [String] {
        ["DROP TABLE IF EXISTS \(handle.sqlTable)"]
            + handle.schema.indexes.map { "DROP TABLE IF EXISTS \(handle.sqlIndexTable($0.name))" }
    }

    /// The migrations of the engine's own bookkeeping tables.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-catalog") { db in
            try db.execute(
                sql: "CREATE TABLE dx_tables (name TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE, schema TEXT NOT NULL)")
            try db.execute(sql: "CREATE TABLE dx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        }
        m.registerMigration("v2-mixed-partition-hash") { db in
            // Version 1 stored the plain FNV-1a hash, which put similar partition keys in one scan
            // segment; rehash every row of every table and index with the mixed hash.
            let rehash = DatabaseFunction("dx_partition_hash", argumentCount: 1, pure: true) { values in
                guard let data = Data.fromDatabaseValue(values[0]) else { return nil }
                return KeyEncoding.partitionHash([UInt8](data))
            }
            db.add(function: rehash)
            defer { db.remove(function: rehash) }
            for row in try Row.fetchAll(db, sql: "SELECT id, schema FROM dx_tables") {
                let schemaText: String = row["schema"]
                let handle = TableHandle(
                    schema: try TableSchema.fromStorage(try JSONValue.parse(schemaText)), id: row["id"])
                try db.execute(sql: "UPDATE \(handle.sqlTable) SET h = dx_partition_hash(pk)")
                for index in handle.schema.indexes {
                    try db.execute(sql: "UPDATE \(handle.sqlIndexTable(index.name)) SET h = dx_partition_hash(ipk)")
                }
            }
        }
        m.registerMigration("v3-streams-and-journal") { db in
            // first_seq: the sequence number the stream began at; last_seq: its last record once turned off.
            try db.execute(
                sql: "CREATE TABLE dx_streams (id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, label TEXT NOT NULL, "
                    + "view_type TEXT NOT NULL, key_schema TEXT NOT NULL, created REAL NOT NULL, disabled REAL, "
                    + "first_seq INTEGER NOT NULL, last_seq INTEGER)")
            // The row id is the sequence number: one B-tree and no index, so a record costs one more page per
            // commit. Numbers only grow because the trim never removes the newest record. Who made the
            // change (face, client, tool, and the call's token) is in the row; the call's arguments are in
            // dx_calls, written after the call, off the write's path.
            try db.execute(
                sql: "CREATE TABLE dx_stream_records (seq INTEGER PRIMARY KEY, stream INTEGER NOT NULL, "
                    + "time REAL NOT NULL, event TEXT NOT NULL, keys BLOB NOT NULL, old BLOB, new BLOB, "
                    + "size INTEGER NOT NULL, expiry INTEGER NOT NULL DEFAULT 0, token TEXT, face TEXT, "
                    + "client TEXT, tool TEXT)")
            try db.execute(
                sql: "CREATE TABLE dx_calls (id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, time REAL NOT NULL, "
                    + "face TEXT NOT NULL, client TEXT, tool TEXT, arguments TEXT, read_only INTEGER NOT NULL)")
        }
        return m
    }
}
