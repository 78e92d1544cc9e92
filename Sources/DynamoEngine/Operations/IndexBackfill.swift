import DynamoCore
import Foundation
import GRDB

/// Filling a global secondary index added to a table that has items, in the background, as DynamoDB
/// does: the index is `CREATING` with `Backfilling` until every item is in it, then `ACTIVE`; reads of
/// it are refused meanwhile ("Cannot read from backfilling global secondary index").
///
/// Writes keep the index in step from the moment it is added (it is in the schema), so the backfill
/// only has to visit the items that were there before: it walks the table in key order, 500 items a
/// transaction, so other writes go on between the steps. An item whose key attribute has the wrong type
/// or an oversized key is left out of the index, not refused. A process that stops mid-way leaves the
/// index `CREATING`; the next engine to open the file starts over (each step is idempotent).
extension EmbeddedEngine {
    static let backfillBatch = 500

    /// Starts a background task for every index still backfilling (this process's, or one another left).
    func startBackfills() {
        let pending = catalog.withLock { tables in
            tables.values.flatMap { handle in handle.schema.indexes.filter(\.backfilling).map { (handle, $0) } }
        }
        for (handle, index) in pending {
            let claimed = backfillsRunning.withLock { $0.insert("\(handle.id)/\(index.name)").inserted }
            guard claimed else { continue }
            Task.detached(priority: .utility) { [self] in
                defer { _ = backfillsRunning.withLock { $0.remove("\(handle.id)/\(index.name)") } }
                try? runBackfill(table: handle.schema.name, tableID: handle.id, index: index.name)
            }
        }
    }

    /// Fills the index step by step, then marks it ACTIVE; stops if the table or index went away.
    func runBackfill(table: String, tableID: Int64, index: String) throws {
        var after: (Int64, Data, Data)? = nil
        while true {
            let step = try writer.write { db -> BackfillStep in
                guard let handle = try current(table: table, id: tableID, db),
                    let schema = handle.schema.index(named: index), schema.backfilling
                else { return .stop }
                return try backfillStep(db, handle, schema, after: after)
            }
            switch step {
            case .stop: return
            case .next(let cursor): after = cursor
            case .done: return
            }
        }
    }

    enum BackfillStep {
        case next((Int64, Data, Data))
        /// Every item visited and the index marked ACTIVE (stored and published) in the same transaction.
        case done
        case stop
    }

    /// The table as the database has it now, if it is still the same table.
    func current(table: String, id: Int64, _ db: Database) throws -> TableHandle? {
        guard let cached = catalog.withLock({ $0[table] }),
            let handle = try? current(cached, db),  // reloads the catalog if another process changed it
            handle.id == id
        else { return nil }
        return handle
    }

    /// Indexes up to `backfillBatch` items after `after`, in key order.
    func backfillStep(_ db: Database, _ handle: TableHandle, _ index: IndexSchema, after: (Int64, Data, Data)?)
        throws -> BackfillStep
    {
        let cursor = after.map { _ in "WHERE (h, pk, sk) > (?, ?, ?) " } ?? ""
        let rows = try Row.fetchAll(
            db, sql: "SELECT h, pk, sk, item FROM \(handle.sqlTable) \(cursor)ORDER BY h, pk, sk LIMIT ?",
            arguments: StatementArguments(
                (after.map { [$0.0, $0.1, $0.2] as [DatabaseValueConvertible] } ?? []) + [Self.backfillBatch]))
        guard let last = rows.last else {
            try markActive(db, handle, index.name)
            return .done
        }
        let insert = try db.cachedStatement(sql: handle.indexStatements(index.name).upsert)
        for row in rows {
            let item = try ItemCodec.decode([UInt8](row["item"] as Data))
            // A key of the wrong type or size keeps the item out of the index, as in DynamoDB.
            guard let key = (try? Keys.indexKey(ofItem: item, index)) ?? nil else { continue }
            let projected = projectForIndex(item, index, handle.schema)
            try insert.execute(arguments: [
                key.hash, key.pk, key.sk, row["pk"] as Data, row["sk"] as Data, Data(ItemCodec.encode(projected)),
                ItemSize.of(projected),
            ])
        }
        return .next((last["h"], last["pk"], last["sk"]))
    }

    /// Marks the index ACTIVE in the stored schema (`handle` was read in this transaction, so it is current).
    func markActive(_ db: Database, _ handle: TableHandle, _ index: String) throws {
        var schema = handle.schema
        if let at = schema.indexes.firstIndex(where: { $0.name == index }) { schema.indexes[at].backfilling = false }
        try storeSchema(db, TableHandle(schema: schema, id: handle.id))
    }
}
