import DynamoCore
import Foundation
import GRDB

/// The DynamoDB Streams API over the engine's stream records: ListStreams, DescribeStream,
/// GetShardIterator and GetRecords, in DynamoDB Streams' wire format.
extension EmbeddedEngine {
    /// A stream as stored: its id, table, label, view type, key schema and times.
    struct StreamRow {
        var id: Int64
        var table: String
        var label: String
        var viewType: String
        var keySchema: JSONValue
        var created: Double
        var disabled: Double?
        var firstSeq: Int64
        var lastSeq: Int64?

        init(_ row: Row) throws {
            id = row["id"]
            table = row["table_name"]
            label = row["label"]
            viewType = row["view_type"]
            keySchema = try JSONValue.parse(row["key_schema"] as String)
            created = row["created"]
            disabled = row["disabled"]
            firstSeq = row["first_seq"]
            lastSeq = row["last_seq"]
        }

        var arn: String { "arn:aws:dynamodb:local:000000000000:table/\(table)/stream/\(label)" }
        var shardID: String { StreamFormat.shardID(stream: id, created: created) }
    }

    func streamNotFound(_ arn: String) -> DynamoError {
        .resourceNotFound("Requested resource not found: Stream: \(arn) not found")
    }

    func stream(arn: String, _ db: Database) throws -> StreamRow {
        guard let (table, label) = StreamFormat.parseArn(arn),
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM dx_streams WHERE table_name = ? AND label = ?", arguments: [table, label])
        else {
            if StreamFormat.parseArn(arn) == nil {
                throw DynamoError.validation("Invalid StreamArn: \(arn)")
            }
            throw streamNotFound(arn)
        }
        return try StreamRow(row)
    }

    func listStreams(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let limit = try r.int("Limit") ?? 100
        guard (1...100).contains(limit) else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(limit)", at: "limit")
                    + "Member must have value \(limit < 1 ? "greater than or equal to 1" : "less than or equal to 100")"
            )
        }
        let table = try r.string("TableName")
        let start = try r.string("ExclusiveStartStreamArn")
        return try database {
            try writer.read { db -> JSONValue in
                var streams = try Row.fetchAll(
                    db, sql: "SELECT * FROM dx_streams ORDER BY table_name, id"
                ).map(StreamRow.init)
                if let table { streams = streams.filter { $0.table == table } }
                if let start, let index = streams.firstIndex(where: { $0.arn == start }) {
                    streams = Array(streams[(index + 1)...])
                }
                var out: [String: JSONValue] = [
                    "Streams": .array(
                        streams.prefix(limit).map {
                            [
                                "StreamArn": .string($0.arn), "TableName": .string($0.table),
                                "StreamLabel": .string($0.label),
                            ]
                        })
                ]
                if streams.count > limit { out["LastEvaluatedStreamArn"] = .string(streams[limit - 1].arn) }
                return .object(out)
            }
        }
    }

    func describeStream(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let arn = try r.requiredString("StreamArn")
        return try database {
            try writer.read { db -> JSONValue in
                let s = try stream(arn: arn, db)
                let oldestKept = try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM dx_stream_records") ?? s.firstSeq
                var range: [String: JSONValue] = [
                    "StartingSequenceNumber": .string(StreamFormat.sequenceNumber(max(s.firstSeq, oldestKept)))
                ]
                if s.disabled != nil, let last = s.lastSeq {
                    range["EndingSequenceNumber"] = .string(StreamFormat.sequenceNumber(max(last, s.firstSeq)))
                }
                let description: [String: JSONValue] = [
                    "StreamArn": .string(s.arn),
                    "StreamLabel": .string(s.label),
                    "StreamStatus": s.disabled == nil ? "ENABLED" : "DISABLED",
                    "StreamViewType": .string(s.viewType),
                    "CreationRequestDateTime": .number(String(format: "%.3f", s.created)),
                    "TableName": .string(s.table),
                    "KeySchema": s.keySchema,
                    "Shards": [["ShardId": .string(s.shardID), "SequenceNumberRange": .object(range)]],
                ]
                return ["StreamDescription": .object(description)]
            }
        }
    }

    /// The sequence number the next record will get.
    func nextSequence(_ db: Database) throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM dx_stream_records") ?? 0) + 1
    }

    func getShardIterator(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let arn = try r.requiredString("StreamArn")
        let shard = try r.requiredString("ShardId")
        let type = try r.requiredString("ShardIteratorType")
        let kinds = ["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"]
        guard kinds.contains(type) else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: type, at: "shardIteratorType")
                    + "Member must satisfy enum value set: [\(kinds.joined(separator: ", "))]")
        }
        let number = try r.string("SequenceNumber")
        return try database {
            try writer.read { db -> JSONValue in
                let s = try stream(arn: arn, db)
                guard shard == s.shardID else {
                    throw DynamoError.resourceNotFound(
                        "Requested resource not found: Shard \(shard) in Stream \(arn) not found")
                }
                let after: Int64
                switch type {
                case "TRIM_HORIZON": after = s.firstSeq - 1
                case "LATEST": after = try nextSequence(db) - 1
                default:
                    guard let number, let seq = StreamFormat.sequence(from: number) else {
                        throw DynamoError.validation(
                            "Invalid SequenceNumber \(number ?? "null"): a sequence number is required with \(type)")
                    }
                    try checkSequence(seq, in: s, db)
                    after = type == "AT_SEQUENCE_NUMBER" ? seq - 1 : seq
                }
                let iterator = StreamFormat.Iterator(stream: s.id, after: after, issued: clock())
                return ["ShardIterator": .string(iterator.text)]
            }
        }
    }

    /// A sequence number must be one of this stream's records; one older than every kept record was trimmed.
    func checkSequence(_ seq: Int64, in s: StreamRow, _ db: Database) throws {
        if try Bool.fetchOne(
            db, sql: "SELECT 1 FROM dx_stream_records WHERE seq = ? AND stream = ?", arguments: [seq, s.id]) == true
        {
            return
        }
        // Older than every record kept (the table's first row id): trimmed, if it was this stream's.
        let oldestKept = try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM dx_stream_records")
        if seq >= s.firstSeq, try seq < (oldestKept ?? nextSequence(db)) {
            throw DynamoError(
                type: "TrimmedDataAccessException",
                message: "The operation attempted to read past the oldest stream record in a shard.")
        }
        throw DynamoError.validation(
            "Invalid SequenceNumber \(StreamFormat.sequenceNumber(seq)) for shard \(s.shardID) in stream \(s.arn)")
    }

    func getRecords(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let text = try r.requiredString("ShardIterator")
        let limit = try r.int("Limit") ?? 1000
        guard (1...1000).contains(limit) else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(limit)", at: "limit")
                    + "Member must have value "
                    + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 1000")
            )
        }
        guard let iterator = StreamFormat.Iterator(text: text) else {
            throw DynamoError.validation("Invalid ShardIterator: \(text.prefix(64))")
        }
        let now = clock()
        if iterator.isExpired(at: now) {
            throw DynamoError(
                type: "ExpiredIteratorException",
                message:
                    "Iterator expired. The iterator was created at time "
                    + "\(Date(timeIntervalSince1970: Double(iterator.issuedMillis) / 1000)) "
                    + "while right now it is \(now). The iterator is valid for 15 minutes.")
        }
        return try database {
            try writer.read { db -> JSONValue in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM dx_streams WHERE id = ?", arguments: [iterator.stream])
                else {
                    throw DynamoError.resourceNotFound(
                        "Requested resource not found: the stream of this iterator was deleted")
                }
                let s = try StreamRow(row)
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM dx_stream_records WHERE seq > ? AND stream = ? ORDER BY seq LIMIT ?",
                    arguments: [max(iterator.after, s.firstSeq - 1), s.id, limit])
                var records: [JSONValue] = []
                var bytes = 0
                var position = iterator.after
                for record in rows {
                    let size: Int = record["size"]
                    // A response holds at most 1 MB of records (always at least one).
                    if !records.isEmpty, bytes + size > 1_048_576 { break }
                    bytes += size
                    records.append(try streamRecordJSON(record, s))
                    position = record["seq"]
                }
                var out: [String: JSONValue] = ["Records": .array(records)]
                // A stream turned off is a closed shard: no next iterator once its last record is read.
                let closed = s.disabled != nil && position >= (s.lastSeq ?? 0)
                if !closed {
                    out["NextShardIterator"] = .string(
                        StreamFormat.Iterator(stream: s.id, after: position, issued: now).text)
                }
                return .object(out)
            }
        }
    }

    static func image(_ row: Row, _ column: String) throws -> Item? {
        guard let data = row[column] as Data? else { return nil }
        return try ItemCodec.decode([UInt8](data))
    }

    /// One record in DynamoDB Streams' shape.
    func streamRecordJSON(_ row: Row, _ s: StreamRow) throws -> JSONValue {
        let seq: Int64 = row["seq"]
        var change: [String: JSONValue] = [
            "ApproximateCreationDateTime": .number(String(Int64((row["time"] as Double).rounded(.down)))),
            "Keys": TypedJSON.encodeItem(try Self.image(row, "keys") ?? [:]),
            "SequenceNumber": .string(StreamFormat.sequenceNumber(seq)),
            "SizeBytes": .int(row["size"]),
            "StreamViewType": .string(s.viewType),
        ]
        if let old = try Self.image(row, "old") { change["OldImage"] = TypedJSON.encodeItem(old) }
        if let new = try Self.image(row, "new") { change["NewImage"] = TypedJSON.encodeItem(new) }
        var record: [String: JSONValue] = [
            "eventID": .string(StreamFormat.eventID(seq, stream: s.id)),
            "eventName": .string(row["event"]),
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": "local",
            "dynamodb": .object(change),
        ]
        if (row["expiry"] as Int) == 1 {
            record["userIdentity"] = ["PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"]
        }
        return .object(record)
    }
}
