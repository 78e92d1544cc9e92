import DynamoCore
import Foundation
import GRDB
import Synchronization

/// The embedded DynamoDB-compatible engine: DynamoDB's API over one SQLite database.
///
/// Every table is a SQLite table keyed by an order-preserving encoding of its keys, so range
/// scans come back in DynamoDB's order; indexes are SQLite tables kept in the same transaction
/// as the base write. A file database runs in WAL mode (many readers, one writer).
///
/// ```swift
/// let engine = try EmbeddedEngine(path: nil)   // in memory
/// _ = try engine.performSync(.createTable, try JSONValue.parse(createRequest))
/// ```
public final class EmbeddedEngine: BlockingBackend {
    let writer: any DatabaseWriter
    let catalog: Mutex<[String: TableHandle]>
    let idempotency = Mutex<[String: IdempotentEntry]>([:])
    let catalogSync: Mutex<CatalogSyncState>
    /// When (uptime nanoseconds) lookups next compare the catalog version with the database's.
    let nextCatalogCheck = Atomic<Int64>(0)
    /// Indexes this process is backfilling (`tableID/index`), so each runs once.
    let backfillsRunning = Mutex<Set<String>>([])
    public let label: String
    /// Where the data is: a file path, or nil in memory.
    public let path: String?
    /// The time stream records and the journal are stamped with (tests move it to check the 24-hour trim).
    let clock: @Sendable () -> Date
    let isReadOnlyFile: Bool

    struct IdempotentEntry {
        var requestHash: Int
        var response: JSONValue
        var time: Date
    }

    /// Opens (creating if needed) a database file, or an in-memory database when `path` is nil.
    /// `durable` syncs every commit to disk (`synchronous=FULL`) instead of every checkpoint;
    /// `readOnly` opens the file read-only (SQLite refuses every write; nothing is migrated).
    public init(
        path: String?, durable: Bool = false, readOnly: Bool = false, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.clock = clock
        isReadOnlyFile = readOnly
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.label = "dynamo-explorer"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durable ? "FULL" : "NORMAL")")
        }
        if let path, readOnly {
            switch DatabaseFile.readOnlyOpening(path) {
            case .queryOnly:
                config.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = ON") }
                writer = try DatabaseQueue(path: path, configuration: config)
            case .immutable:
                config.readonly = true
                writer = try DatabaseQueue(path: DatabaseFile.immutableURI(path), configuration: config)
            case .readOnly:
                config.readonly = true
                writer = try DatabaseQueue(path: path, configuration: config)
            }
            label = "embedded:\(path) (read-only)"
        } else if let path {
            config.journalMode = .wal
            writer = try DatabasePool(path: path, configuration: config)
            label = "embedded:\(path)"
        } else {
            writer = try DatabaseQueue(configuration: config)
            label = "embedded:memory"
        }
        self.path = path
        if readOnly {
            guard try writer.read({ try TableStore.migrator.hasCompletedMigrations($0) }) else {
                throw DynamoError.validation(
                    "\(path ?? "the database") was written by an older dynamo-explorer; open it once without "
                        + "--read-only to upgrade it"
                )
            }
        } else {
            try TableStore.migrator.migrate(writer)
        }
        let (loaded, version) = try writer.read { db in
            (
                try Self.loadCatalog(db),
                (try? Int64.fetchOne(
                    db, sql: "SELECT CAST(value AS INTEGER) FROM dx_meta WHERE key = ?",
                    arguments: [Self.catalogVersionKey]))
                    ?? 0
            )
        }
        catalog = Mutex(loaded)
        catalogSync = Mutex(CatalogSyncState(version: version))
        // An index another process left half-filled is finished here.
        if !readOnly { startBackfills() }
    }

    public func perform(_ operation: DynamoOperation, _ request: JSONValue) async throws -> JSONValue {
        try Task.checkCancellation()
        return try performSync(operation, request)
    }

    public func performBlocking(_ operation: DynamoOperation, _ request: JSONValue) throws -> JSONValue {
        try performSync(operation, request)
    }

    /// Runs one operation on the calling thread; the form benchmarks and `serve` use.
    public func performSync(_ operation: DynamoOperation, _ request: JSONValue) throws(DynamoError) -> JSONValue {
        let r = try JSONReader(try LegacyParameters.translate(operation, request))
        switch operation {
        case .createTable: return try createTable(r)
        case .describeTable: return try describeTable(r)
        case .listTables: return try listTables(r)
        case .updateTable: return try updateTable(r)
        case .deleteTable: return try deleteTable(r)
        case .putItem: return try putItem(r)
        case .getItem: return try getItem(r)
        case .updateItem: return try updateItem(r)
        case .deleteItem: return try deleteItem(r)
        case .query: return try query(r)
        case .scan: return try scan(r)
        case .batchGetItem: return try batchGetItem(r)
        case .batchWriteItem: return try batchWriteItem(r)
        case .transactGetItems: return try transactGetItems(r)
        case .transactWriteItems: return try transactWriteItems(r)
        case .describeTimeToLive: return try describeTimeToLive(r)
        case .updateTimeToLive: return try updateTimeToLive(r)
        case .tagResource: return try tagResource(r)
        case .untagResource: return try untagResource(r)
        case .listTagsOfResource: return try listTagsOfResource(r)
        case .describeContinuousBackups: return try describeContinuousBackups(r)
        case .updateContinuousBackups: return try updateContinuousBackups(r)
        case .describeLimits: return Self.limits
        case .executeStatement: return try executeStatement(r)
        case .batchExecuteStatement: return try batchExecuteStatement(r)
        case .executeTransaction: return try executeTransaction(r)
        case .listStreams: return try listStreams(r)
        case .describeStream: return try describeStream(r)
        case .getShardIterator: return try getShardIterator(r)
        case .getRecords: return try getRecords(r)
        }
    }

    /// Writes everything from the write-ahead log into the database file and closes it, so the
    /// `.sqlite` file alone holds the data (what `serve` and `--mcp` do on SIGINT/SIGTERM).
    public func close() {
        if let pool = writer as? DatabasePool {
            _ = try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try? pool.close()
            // The pool's last connection to close is a read-only reader, which cannot remove the
            // -wal and -shm files; one read-write connection opened and closed after it does.
            if let path, let last = try? DatabaseQueue(path: path) { try? last.close() }
        } else if let queue = writer as? DatabaseQueue {
            try? queue.close()
        }
    }

    // MARK: Catalog

    func handle(_ name: String) throws(DynamoError) -> TableHandle {
        refreshCatalogIfStale()
        guard let h = catalog.withLock({ $0[name] }) else { throw DynamoError.resourceNotFound() }
        return h
    }

    var tableNames: [String] {
        refreshCatalogIfStale()
        return catalog.withLock { Array($0.keys) }.sorted()
    }
}

/// Runs a GRDB closure, turning database errors into DynamoDB's InternalServerError.
func database<T>(_ body: () throws -> T) throws(DynamoError) -> T {
    do {
        return try body()
    } catch let e as DynamoError {
        throw e
    } catch {
        throw DynamoError(type: "InternalServerError", message: "Storage error: \(error)")
    }
}
