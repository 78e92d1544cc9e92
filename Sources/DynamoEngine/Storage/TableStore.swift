import DynamoCore
import Foundation
import GRDB

/// Where a DynamoDB table lives in SQLite: its schema and the names of its SQLite tables.
struct TableHandle: Sendable {
    var schema: TableSchema
    var id: Int64

    var sqlTable: String { "t\(id)" }

    func sqlIndexTable(_ index: String) -> String {
        "t\(id)_" + index.utf8.map { String(format: "%02x", $0) }.joined()
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
            "CREATE TABLE \(handle.sqlTable) (h INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (h, pk, sk)) WITHOUT ROWID",
        ]
        for index in handle.schema.indexes { statements.append(createIndexSQL(handle, index.name)) }
        return statements
    }

    static func createIndexSQL(_ handle: TableHandle, _ index: String) -> String {
        "CREATE TABLE \(handle.sqlIndexTable(index)) (h INTEGER NOT NULL, ipk BLOB NOT NULL, isk BLOB NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (h, ipk, isk, pk, sk)) WITHOUT ROWID"
    }

    static func dropSQL(for handle: TableHandle) -> [String] {
        ["DROP TABLE IF EXISTS \(handle.sqlTable)"] + handle.schema.indexes.map { "DROP TABLE IF EXISTS \(handle.sqlIndexTable($0.name))" }
    }

    /// The migrations of the engine's own bookkeeping tables.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-catalog") { db in
            try db.execute(sql: "CREATE TABLE dx_tables (name TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE, schema TEXT NOT NULL)")
            try db.execute(sql: "CREATE TABLE dx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        }
        return m
    }
}
