import DynamoCore
import Foundation
import Synchronization
import Testing

@testable import DynamoEngine

/// A clock tests move by hand: the 24-hour trim and the 15-minute iterator life without waiting.
final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var date: Date { now.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { now.withLock { $0 += seconds } }
}

@Suite struct StreamTests {
    let clock = TestClock()

    func engine(path: String? = nil) throws -> EmbeddedEngine {
        let clock = self.clock
        let engine = try EmbeddedEngine(path: path, clock: { clock.date })
        return engine
    }

    func create(_ engine: EmbeddedEngine, _ name: String = "Notes", view: String = "NEW_AND_OLD_IMAGES") throws
        -> String
    {
        let out = try engine.performSync(
            .createTable,
            [
                "TableName": .string(name), "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [["AttributeName": "id", "KeyType": "HASH"]],
                "AttributeDefinitions": [["AttributeName": "id", "AttributeType": "S"]],
                "StreamSpecification": ["StreamEnabled": true, "StreamViewType": .string(view)],
            ])
        return try #require(out["TableDescription"]?["LatestStreamArn"]?.stringValue)
    }

    func put(_ engine: EmbeddedEngine, _ id: String, _ n: Int = 1, table: String = "Notes") throws {
        _ = try engine.performSync(
            .putItem, ["TableName": .string(table), "Item": ["id": ["S": .string(id)], "n": ["N": .string("\(n)")]]])
    }

    func iterator(_ engine: EmbeddedEngine, _ arn: String, _ type: String = "TRIM_HORIZON") throws -> String {
        let shard = try engine.performSync(.describeStream, ["StreamArn": .string(arn)])["StreamDescription"]?[
            "Shards"]?.arrayValue?.first?["ShardId"]
        let out = try engine.performSync(
            .getShardIterator,
            ["StreamArn": .string(arn), "ShardId": shard ?? .null, "ShardIteratorType": .string(type)])
        return try #require(out["ShardIterator"]?.stringValue)
    }

    func records(_ engine: EmbeddedEngine, _ arn: String) throws -> [JSONValue] {
        let out = try engine.performSync(.getRecords, ["ShardIterator": .string(try iterator(engine, arn))])
        return out["Records"]?.arrayValue ?? []
    }

    @Test func recordsOlderThanADayAreTrimmedAndAnOldSequenceNumberSaysSo() throws {
        let engine = try engine()
        let arn = try create(engine)
        try put(engine, "old")
        let oldSeq = try #require(try records(engine, arn).first?["dynamodb"]?["SequenceNumber"]?.stringValue)
        clock.advance(23 * 3600)
        try put(engine, "new")
        #expect(try engine.trimJournal() == 0, "nothing is a day old yet")
        clock.advance(2 * 3600)
        #expect(try engine.trimJournal() >= 1)
        #expect(try records(engine, arn).map { $0["dynamodb"]?["Keys"]?["id"]?["S"]?.stringValue } == ["new"])
        let shard = try engine.performSync(.describeStream, ["StreamArn": .string(arn)])["StreamDescription"]?[
            "Shards"]?.arrayValue?.first?["ShardId"]
        let at: JSONValue = [
            "StreamArn": .string(arn), "ShardId": shard ?? .null, "ShardIteratorType": "AT_SEQUENCE_NUMBER",
            "SequenceNumber": .string(oldSeq),
        ]
        #expect(errorType { _ = try engine.performSync(.getShardIterator, at) } == "TrimmedDataAccessException")
    }

    /// The DynamoDB error type `body` throws, or nil when it succeeds.
    func errorType(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? DynamoError)?.type ?? "\(error)"
        }
    }

    @Test func iteratorsExpireAfterFifteenMinutes() throws {
        let engine = try engine()
        let arn = try create(engine)
        let it = try iterator(engine, arn)
        clock.advance(14 * 60)
        _ = try engine.performSync(.getRecords, ["ShardIterator": .string(it)])
        clock.advance(2 * 60)
        #expect(
            errorType { _ = try engine.performSync(.getRecords, ["ShardIterator": .string(it)]) }
                == "ExpiredIteratorException")
    }

    @Test func aRehearsalLeavesNoRecordAndAFailedConditionWritesNone() async throws {
        let engine = try engine()
        let arn = try create(engine)
        _ = try await engine.rehearse(.putItem, ["TableName": "Notes", "Item": ["id": ["S": "dry"]]])
        #expect(try records(engine, arn).isEmpty)
        try put(engine, "a")
        #expect(throws: DynamoError.self) {
            try engine.performSync(
                .putItem,
                [
                    "TableName": "Notes", "Item": ["id": ["S": "a"], "n": ["N": "9"]],
                    "ConditionExpression": "attribute_not_exists(id)",
                ])
        }
        #expect(try records(engine, arn).count == 1)
    }

    @Test func theOriginOfAChangeIsKeptBesideItsRecordButNotInTheStream() async throws {
        let engine = try engine()
        let arn = try create(engine)
        let origin = CallOrigin(face: "mcp", client: "test-agent 2.0", tool: "put_item", arguments: ["table": "Notes"])
        try await CallOrigin.$current.withValue(origin) {
            _ = try await engine.perform(.putItem, ["TableName": "Notes", "Item": ["id": ["S": "x"]]])
        }
        let record = try #require(try records(engine, arn).first)
        #expect(record["userIdentity"] == nil)
        #expect(!record.jsonText.contains("test-agent"))
        let seq = try #require(record["dynamodb"]?["SequenceNumber"]?.stringValue)
        // Who and which tool are in the record's own transaction; the arguments arrive with the journal entry
        // the runner writes once the call is done.
        let found = await engine.origins(ofSequenceNumbers: [seq])[seq]
        #expect(found?.who == "mcp · test-agent 2.0")
        #expect(found?.tool == "put_item")
        #expect(found?.arguments == nil)
        await engine.journal(origin, readOnly: false)
        #expect(await engine.origins(ofSequenceNumbers: [seq])[seq]?.arguments == ["table": "Notes"])
        #expect(await engine.journalEntries(after: -1, limit: 10).map(\.origin.token) == [origin.token])
    }

    @Test func anotherProcessTurningTheStreamOnIsSeenByTheNextWrite() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streams-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: path) }
        let first = try engine(path: path.path)
        _ = try first.performSync(
            .createTable,
            [
                "TableName": "Shared", "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [["AttributeName": "id", "KeyType": "HASH"]],
                "AttributeDefinitions": [["AttributeName": "id", "AttributeType": "S"]],
            ])
        let second = try engine(path: path.path)
        let out = try second.performSync(
            .updateTable,
            ["TableName": "Shared", "StreamSpecification": ["StreamEnabled": true, "StreamViewType": "KEYS_ONLY"]])
        let arn = try #require(out["TableDescription"]?["LatestStreamArn"]?.stringValue)
        try put(first, "seen", table: "Shared")
        #expect(try records(second, arn).count == 1)
        first.close()
        second.close()
    }
}
