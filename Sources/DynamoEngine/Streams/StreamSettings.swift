import DynamoCore
import Foundation
import GRDB

/// Turning a table's stream on and off (CreateTable and UpdateTable `StreamSpecification`).
///
/// Each time a stream is turned on it is a new stream, with a new label (its creation time) and
/// ARN; a stream turned off keeps its records readable until they are 24 hours old.
enum StreamSettings {
    static let viewTypes = ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"]

    /// Reads a `StreamSpecification`: the view type to turn on, nil to turn off, or no change when absent.
    static func requested(_ r: JSONReader) throws(DynamoError) -> String?? {
        guard let spec = try r.reader("StreamSpecification") else { return .none }
        guard let enabled = try spec.bool("StreamEnabled") else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "streamSpecification.streamEnabled") + "Member must not be null")
        }
        let viewType = try spec.string("StreamViewType")
        if let viewType, !viewTypes.contains(viewType) {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: viewType, at: "streamSpecification.streamViewType")
                    + "Member must satisfy enum value set: [\(viewTypes.joined(separator: ", "))]")
        }
        guard enabled else { return .some(nil) }
        guard let viewType else {
            throw DynamoError.validation(
                "One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true")
        }
        return .some(viewType)
    }

    /// DynamoDB's stream label: the creation time, UTC, to the millisecond.
    static func label(at time: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        return formatter.string(from: time)
    }

    /// Starts a new stream for `schema` in `db` and records it in the schema.
    static func start(_ db: Database, _ schema: inout TableSchema, viewType: String, now: Date) throws {
        var time = now
        var label = label(at: time)
        // Two streams of one table turned on within a millisecond still get distinct labels.
        while try Bool.fetchOne(
            db, sql: "SELECT 1 FROM dx_streams WHERE table_name = ? AND label = ?", arguments: [schema.name, label])
            == true
        {
            time += 0.001
            label = Self.label(at: time)
        }
        let next = (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM dx_stream_records") ?? 0) + 1
        try db.execute(
            sql: "INSERT INTO dx_streams (table_name, label, view_type, key_schema, created, first_seq) "
                + "VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [schema.name, label, viewType, schema.keySchema.json.jsonText, time.timeIntervalSince1970, next])
        schema.streamViewType = viewType
        schema.latestStreamLabel = label
        schema.latestStreamID = db.lastInsertedRowID
    }

    /// Marks the table's current stream as off: no more records, readable until trimmed.
    static func stop(_ db: Database, _ schema: inout TableSchema, now: Date) throws {
        if let id = schema.latestStreamID {
            // Its last record, found from the newest backwards (a recently active stream stops at once).
            let last = try Int64.fetchOne(
                db, sql: "SELECT seq FROM dx_stream_records WHERE stream = ? ORDER BY seq DESC LIMIT 1", arguments: [id]
            )
            try db.execute(
                sql: "UPDATE dx_streams SET disabled = ?, last_seq = ? WHERE id = ? AND disabled IS NULL",
                arguments: [now.timeIntervalSince1970, last ?? 0, id])
        }
        schema.streamViewType = nil
    }

    /// Applies an UpdateTable `StreamSpecification` with DynamoDB's rules: no second stream while one
    /// is on (not even the same view type), and nothing to turn off when none is on.
    static func update(_ db: Database, _ schema: inout TableSchema, to viewType: String?, now: Date) throws {
        if let viewType {
            guard schema.streamViewType == nil else {
                throw DynamoError.validation("Table already has an enabled stream: TableName: \(schema.name)")
            }
            try start(db, &schema, viewType: viewType, now: now)
        } else {
            guard schema.streamViewType != nil else {
                throw DynamoError.validation("Table does not have an enabled stream: TableName: \(schema.name)")
            }
            try stop(db, &schema, now: now)
        }
    }
}
