import DynamoCore
import Foundation

/// Reads item changes through the DynamoDB Streams API of any backend (the embedded engine, `serve`,
/// DynamoDB itself): every shard of every stream of the tables asked for, merged in order, resumable
/// from a cursor. `read_changes`, the Watch screen and `watch` all read through here.
public struct ChangeFeed: Sendable {
    /// One item change, as the tools show it.
    public struct Change: Sendable, Equatable {
        public var table: String
        public var event: String
        public var keys: JSONValue
        public var oldImage: JSONValue?
        public var newImage: JSONValue?
        public var sequenceNumber: String
        public var time: Double
        public var byService: Bool
        public var origin: CallOrigin?
        /// The stream and shard it was read from (`streamArn shardId`): where a cursor resumes.
        var place = ""

        /// The change as `read_changes` and `watch` show it: items in plain JSON or DynamoDB JSON, and
        /// `by` (who made it) when known.
        public func json(plain: Bool) throws(DynamoError) -> JSONValue {
            func shown(_ wire: JSONValue) throws(DynamoError) -> JSONValue {
                plain ? try PlainJSON.encodeItem(try TypedJSON.decodeItem(wire)) : wire
            }
            var o: [String: JSONValue] = [
                "table": .string(table), "event": .string(event), "key": try shown(keys),
                "sequence": .string(sequenceNumber), "time": .number(String(Int64(time))),
            ]
            if let oldImage { o["old"] = try shown(oldImage) }
            if let newImage { o["new"] = try shown(newImage) }
            if byService { o["by"] = ["service": "time to live"] }
            if let origin {
                var by: [String: JSONValue] = ["face": .string(origin.face)]
                if let client = origin.client { by["client"] = .string(client) }
                if let tool = origin.tool { by["tool"] = .string(tool) }
                if let arguments = origin.arguments { by["arguments"] = arguments }
                o["by"] = .object(by)
            }
            return .object(o)
        }
    }

    /// Where each shard was read up to: `streamArn shardId` → the last sequence number read.
    public struct Cursor: Sendable, Equatable {
        public var positions: [String: String] = [:]

        public init(positions: [String: String] = [:]) { self.positions = positions }

        public init(text: String) throws(DynamoError) {
            guard let data = Data(base64Encoded: text), let json = try? JSONValue.parse(bytes: Array(data)),
                let o = json.objectValue
            else { throw DynamoError.validation("arguments.since: not a cursor from read_changes") }
            positions = o.compactMapValues(\.stringValue)
        }

        public var text: String {
            Data(JSONValue.object(positions.mapValues { .string($0) }).jsonText.utf8).base64EncodedString()
        }
    }

    public struct Page: Sendable {
        public var changes: [Change]
        public var cursor: Cursor
        /// Tables asked for that have no stream turned on: nothing about them can be read.
        public var tablesWithoutStream: [String]
    }

    public let backend: any Backend
    /// Writes this process sent: who made a change when the backend does not say (DynamoDB).
    public let localWrites: LocalWriteLog?

    public init(backend: any Backend, localWrites: LocalWriteLog? = nil) {
        self.backend = backend
        self.localWrites = localWrites
    }

    /// Changes after `cursor` (all kept ones without it), oldest first, at most `limit`; without a cursor
    /// the newest `limit` are kept.
    public func read(tables: [String]?, after cursor: Cursor?, limit: Int) async throws -> Page {
        // ListStreams, not DescribeTable: a table's description counts its items, which a poll twice a
        // second must not pay for. A stream turned off is still read (its records stay 24 hours).
        var streams: [(table: String, arn: String)] = []
        var withoutStream: [String] = []
        if let tables {
            for table in tables { streams += try await listStreams(table: table) }
        } else {
            streams = try await listStreams(table: nil)
        }
        var changes: [Change] = []
        var next = cursor ?? Cursor()
        var enabled = Set<String>()
        for stream in streams {
            let description = try await backend.perform(.describeStream, ["StreamArn": .string(stream.arn)])
            if description["StreamDescription"]?["StreamStatus"]?.stringValue == "ENABLED" {
                enabled.insert(stream.table)
            }
            for shard in description["StreamDescription"]?["Shards"]?.arrayValue ?? [] {
                guard let shardID = shard["ShardId"]?.stringValue else { continue }
                let place = "\(stream.arn) \(shardID)"
                let read = try await readShard(
                    arn: stream.arn, shard: shardID, after: cursor?.positions[place], table: stream.table)
                changes += read
                if let last = read.last { next.positions[place] = last.sequenceNumber }
            }
        }
        // A table whose streams are all off has no stream now: it is named, and what they kept is still read.
        if let tables { withoutStream = tables.filter { !enabled.contains($0) } }
        changes.sort { ($0.time, Self.order($0.sequenceNumber)) < ($1.time, Self.order($1.sequenceNumber)) }
        if changes.count > limit {
            if cursor == nil {
                changes = Array(changes.suffix(limit))
            } else {
                changes = Array(changes.prefix(limit))
                next = Self.positions(after: changes, from: cursor ?? Cursor())
            }
        }
        let origins = await backend.origins(ofSequenceNumbers: changes.map(\.sequenceNumber))
        for i in changes.indices {
            changes[i].origin = origins[changes[i].sequenceNumber] ?? localWrites?.origin(of: changes[i])
        }
        return Page(changes: changes, cursor: next, tablesWithoutStream: withoutStream)
    }

    /// Every stream of a table (of every table when nil), as ListStreams pages them.
    func listStreams(table: String?) async throws -> [(table: String, arn: String)] {
        var out: [(table: String, arn: String)] = []
        var start: JSONValue? = nil
        repeat {
            var request: [String: JSONValue] = [:]
            if let table { request["TableName"] = .string(table) }
            if let start { request["ExclusiveStartStreamArn"] = start }
            let page = try await backend.perform(.listStreams, .object(request))
            for stream in page["Streams"]?.arrayValue ?? [] {
                guard let arn = stream["StreamArn"]?.stringValue, let name = stream["TableName"]?.stringValue else {
                    continue
                }
                out.append((name, arn))
            }
            start = page["LastEvaluatedStreamArn"]
        } while start != nil
        return out
    }

    /// Every record of one shard after a sequence number (from its oldest when nil).
    func readShard(arn: String, shard: String, after: String?, table: String) async throws -> [Change] {
        var request: [String: JSONValue] = [
            "StreamArn": .string(arn), "ShardId": .string(shard), "ShardIteratorType": "TRIM_HORIZON",
        ]
        if let after {
            request["ShardIteratorType"] = "AFTER_SEQUENCE_NUMBER"
            request["SequenceNumber"] = .string(after)
        }
        var iterator: String?
        do {
            iterator = try await backend.perform(.getShardIterator, .object(request))["ShardIterator"]?.stringValue
        } catch let error as DynamoError where error.type == "TrimmedDataAccessException" {
            // The cursor is older than what the stream keeps: start from its oldest record.
            request["ShardIteratorType"] = "TRIM_HORIZON"
            request["SequenceNumber"] = nil
            iterator = try await backend.perform(.getShardIterator, .object(request))["ShardIterator"]?.stringValue
        }
        var out: [Change] = []
        for _ in 0..<1000 {
            guard let current = iterator else { break }
            let page = try await backend.perform(.getRecords, ["ShardIterator": .string(current), "Limit": 1000])
            let records = page["Records"]?.arrayValue ?? []
            out += records.compactMap { Self.change($0, table: table, place: "\(arn) \(shard)") }
            iterator = page["NextShardIterator"]?.stringValue
            if records.isEmpty { break }
        }
        return out
    }

    static func change(_ record: JSONValue, table: String, place: String) -> Change? {
        guard let change = record["dynamodb"], let seq = change["SequenceNumber"]?.stringValue,
            let event = record["eventName"]?.stringValue
        else { return nil }
        return Change(
            table: table, event: event, keys: change["Keys"] ?? .object([:]), oldImage: change["OldImage"],
            newImage: change["NewImage"], sequenceNumber: seq,
            time: Double(change["ApproximateCreationDateTime"]?.numberText ?? "") ?? 0,
            byService: record["userIdentity"]?["Type"]?.stringValue == "Service", origin: nil, place: place)
    }

    /// A sequence number as something that sorts numerically (they are decimal strings of varying length).
    static func order(_ seq: String) -> String {
        let digits = seq.drop { $0 == "0" }
        return String(repeating: "0", count: max(0, 40 - digits.count)) + digits
    }

    /// The cursor after the kept changes: each shard's last kept record, or where it was.
    static func positions(after kept: [Change], from cursor: Cursor) -> Cursor {
        var next = cursor
        for change in kept { next.positions[change.place] = change.sequenceNumber }
        return next
    }
}
