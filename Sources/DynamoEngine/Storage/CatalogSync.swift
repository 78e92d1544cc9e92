import DynamoCore
import Foundation
import GRDB
import GRDBSQLite

/// Keeping the table catalog in step with other processes on the same database file.
///
/// The catalog (schemas by name) is cached in memory; another process — an agent's `--mcp`, a
/// `serve`, a `call` — may create a table or turn a stream on. Every schema change bumps a version in
/// `dx_meta`; writes compare it inside their own transaction (so a write always keeps indexes and the
/// stream as they are now), and lookups compare it at most every quarter second.
extension EmbeddedEngine {
    static let catalogVersionKey = "catalog"

    /// Bumps the catalog version inside a schema-changing transaction; this process is then current.
    func bumpCatalogVersion(_ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO dx_meta (key, value) VALUES (?, '1') "
                + "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
            arguments: [Self.catalogVersionKey])
        let version = try storedCatalogVersion(db)
        catalogSync.withLock { $0.version = version }
    }

    /// Stores a table's changed schema inside a schema-changing transaction, bumps the catalog version and
    /// publishes the handle before the commit, so a write waiting on this transaction finds the new schema
    /// once it starts (UpdateTable, a finished backfill, tags, TTL and the other settings).
    func storeSchema(_ db: Database, _ handle: TableHandle) throws {
        try db.execute(
            sql: "UPDATE dx_tables SET schema = ? WHERE name = ?",
            arguments: [handle.schema.storageJSON.jsonText, handle.schema.name])
        try bumpCatalogVersion(db)
        catalog.withLock { $0[handle.schema.name] = handle }
    }

    func storedCatalogVersion(_ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "SELECT CAST(value AS INTEGER) FROM dx_meta WHERE key = ?")
        return try Int64.fetchOne(statement, arguments: [Self.catalogVersionKey]) ?? 0
    }

    /// The handle as the database has it now (inside a write, before changing rows).
    ///
    /// The version row is read only when another connection may have committed since this one's last write:
    /// SQLite's data version for the file (`SQLITE_FCNTL_DATA_VERSION`, no statement to run) moves on every
    /// commit, ours included, so `writeTransaction` notes it after each of ours; a database in memory has
    /// no other connection at all.
    ///
    /// The handle returned is the catalog's, not the caller's: a schema change this process committed after the
    /// caller looked the table up (an UpdateTable on another thread) is in it too.
    func current(_ handle: TableHandle, _ db: Database) throws -> TableHandle {
        if mayHaveChangedElsewhere(db) {
            let version = try storedCatalogVersion(db)
            if catalogSync.withLock({ $0.version }) != version { try reloadCatalog(db, version: version) }
        }
        guard let fresh = catalog.withLock({ $0[handle.schema.name] }) else { throw DynamoError.resourceNotFound() }
        return fresh
    }

    /// Whether another connection may have committed since this process's last write (never in memory).
    func mayHaveChangedElsewhere(_ db: Database) -> Bool {
        guard path != nil else { return false }
        guard let version = Self.dataVersion(db) else { return true }
        return catalogSync.withLock { $0.writerDataVersion != version }
    }

    /// The main database file's data version as this connection sees it; nil if SQLite cannot say.
    static func dataVersion(_ db: Database) -> UInt32? {
        var version: UInt32 = 0
        guard sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_DATA_VERSION, &version) == SQLITE_OK
        else { return nil }
        return version
    }

    /// Called after this process commits a write: until the data version moves again, nobody else wrote.
    func noteOwnCommit(_ db: Database) {
        guard path != nil, let version = Self.dataVersion(db) else { return }
        catalogSync.withLock { $0.writerDataVersion = version }
    }

    /// Reads the catalog again when another process changed it (checked at most every 250 ms).
    func refreshCatalogIfStale() {
        // On every request: one clock read and one atomic load until the quarter second is up.
        let now = Int64(DispatchTime.now().uptimeNanoseconds)
        let next = nextCatalogCheck.load(ordering: .relaxed)
        guard now >= next,
            nextCatalogCheck.compareExchange(
                expected: next, desired: now + 250_000_000, ordering: .relaxed
            ).exchanged
        else { return }
        try? writer.read { db in
            let version = try storedCatalogVersion(db)
            if catalogSync.withLock({ $0.version }) != version { try reloadCatalog(db, version: version) }
        }
    }

    func reloadCatalog(_ db: Database, version: Int64) throws {
        let loaded = try Self.loadCatalog(db)
        catalog.withLock { $0 = loaded }
        catalogSync.withLock { $0.version = version }
    }

    static func loadCatalog(_ db: Database) throws -> [String: TableHandle] {
        var out: [String: TableHandle] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, id, schema FROM dx_tables") {
            let schemaText: String = row["schema"]
            let schema = try TableSchema.fromStorage(try JSONValue.parse(schemaText))
            out[row["name"]] = TableHandle(schema: schema, id: row["id"])
        }
        return out
    }
}

/// What this process knows of the catalog's version.
struct CatalogSyncState {
    var version: Int64 = 0
    /// The writer connection's data version right after this process's last commit.
    var writerDataVersion: UInt32?
}
