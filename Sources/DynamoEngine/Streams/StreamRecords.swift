import DynamoCore
import Foundation
import GRDB

/// Writing stream records beside the change they describe, and the journal of calls.
///
/// `writeItem` calls `recordChange` inside the write's own SQLite transaction, so a change and its
/// record commit (or roll back) together, and the record's row id — its sequence number — follows
/// commit order (SQLite has one writer at a time).
extension EmbeddedEngine {
    /// Appends the stream record of one item change, when the table's stream is on and the item changed.
    func recordChange(_ db: Database, _ handle: TableHandle, old: Item?, new: Item?) throws {
        guard let viewType = handle.schema.streamViewType, let stream = handle.schema.latestStreamID,
            old != new, let any = old ?? new
        else { return }
        let event = old == nil ? "INSERT" : new == nil ? "REMOVE" : "MODIFY"
        let keys = Keys.keyAttributes(of: any, [handle.schema.keySchema])
        let keepsOld = viewType == "OLD_IMAGE" || viewType == "NEW_AND_OLD_IMAGES"
        let keepsNew = viewType == "NEW_IMAGE" || viewType == "NEW_AND_OLD_IMAGES"
        let oldImage = keepsOld ? old : nil
        let newImage = keepsNew ? new : nil
        let size = ItemSize.of(keys) + (oldImage.map(ItemSize.of) ?? 0) + (newImage.map(ItemSize.of) ?? 0)
        let origin = CallOrigin.current
        let statement = try db.cachedStatement(
            sql: "INSERT INTO dx_stream_records (stream, time, event, keys, old, new, size, expiry, token, face, "
                + "client, tool) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        // Images are kept in the engine's own binary item encoding: no JSON on the write path.
        try statement.execute(arguments: [
            stream, clock().timeIntervalSince1970, event, Data(ItemCodec.encode(keys)),
            oldImage.map { Data(ItemCodec.encode($0)) }, newImage.map { Data(ItemCodec.encode($0)) },
            size, Self.sweepingExpiredItems ? 1 : 0, origin?.token, origin?.face, origin?.client, origin?.tool,
        ])
    }

    /// The journal row of a call, added the first time the call is seen (by its token).
    func journalRow(_ db: Database, _ origin: CallOrigin, readOnly: Bool) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO dx_calls (token, time, face, client, tool, arguments, read_only) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")
        try insert.execute(arguments: [
            origin.token, clock().timeIntervalSince1970, origin.face, origin.client, origin.tool,
            origin.arguments?.jsonText, readOnly ? 1 : 0,
        ])
    }

    /// Keeps a call in the journal (reads too), so "what did the agent look at" has an answer.
    public func journal(_ origin: CallOrigin, readOnly: Bool) async {
        guard !Self.rollsBack, !isReadOnlyFile else { return }
        _ = try? await writer.write { db in try self.journalRow(db, origin, readOnly: readOnly) }
    }

    public var recordsOrigins: Bool { true }

    public func origins(ofSequenceNumbers numbers: [String]) async -> [String: CallOrigin] {
        let seqs = numbers.compactMap(StreamFormat.sequence(from:))
        guard !seqs.isEmpty else { return [:] }
        return
            (try? await writer.read { db -> [String: CallOrigin] in
                var out: [String: CallOrigin] = [:]
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT r.seq, r.token, r.face, r.client, r.tool, c.arguments FROM dx_stream_records r "
                        + "LEFT JOIN dx_calls c ON c.token = r.token WHERE r.face IS NOT NULL AND r.seq IN "
                        + "(\(seqs.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments(seqs))
                for row in rows {
                    let arguments = (row["arguments"] as String?).flatMap { try? JSONValue.parse($0) }
                    out[StreamFormat.sequenceNumber(row["seq"])] = CallOrigin(
                        face: row["face"], client: row["client"], tool: row["tool"], arguments: arguments,
                        token: row["token"])
                }
                return out
            }) ?? [:]
    }

    public func journalEntries(after id: Int64, limit: Int) async -> [JournalEntry] {
        (try? await writer.read { db -> [JournalEntry] in
            // A negative id asks for the newest calls.
            let sql =
                id < 0
                ? "SELECT * FROM (SELECT * FROM dx_calls ORDER BY id DESC LIMIT ?2) ORDER BY id"
                : "SELECT * FROM dx_calls WHERE id > ?1 ORDER BY id LIMIT ?2"
            return try Row.fetchAll(db, sql: sql, arguments: [id, limit]).map { row in
                let arguments = (row["arguments"] as String?).flatMap { try? JSONValue.parse($0) }
                return JournalEntry(
                    id: row["id"], time: row["time"],
                    origin: CallOrigin(
                        face: row["face"], client: row["client"], tool: row["tool"], arguments: arguments,
                        token: row["token"]),
                    readOnly: (row["read_only"] as Int) == 1)
            }
        }) ?? []
    }

    /// Removes stream records and journal entries older than 24 hours, journal entries beyond the
    /// newest 100,000, and streams turned off more than 24 hours ago.
    @discardableResult
    public func trimJournal(now: Date? = nil) throws(DynamoError) -> Int {
        guard !isReadOnlyFile else { return 0 }
        let horizon = (now ?? clock()).timeIntervalSince1970 - Self.streamRetention
        return try database {
            try writer.write { db -> Int in
                // The newest record stays, so sequence numbers (row ids) never go back.
                try db.execute(
                    sql: "DELETE FROM dx_stream_records WHERE time < ? AND seq < "
                        + "(SELECT MAX(seq) FROM dx_stream_records)",
                    arguments: [horizon])
                var removed = db.changesCount
                try db.execute(
                    sql: "DELETE FROM dx_streams WHERE disabled IS NOT NULL AND disabled < ?", arguments: [horizon])
                try db.execute(
                    sql: "DELETE FROM dx_calls WHERE (time < ? OR id <= (SELECT MAX(id) FROM dx_calls) - ?) "
                        + "AND token NOT IN (SELECT token FROM dx_stream_records WHERE token IS NOT NULL)",
                    arguments: [horizon, Self.journalCapacity])
                removed += db.changesCount
                return removed
            }
        }
    }

    /// DynamoDB keeps stream records for 24 hours; the journal keeps calls as long, or the newest 100,000.
    static let streamRetention: TimeInterval = 24 * 3600
    static let journalCapacity = 100_000
}
