import DynamoCore
import Foundation
import Testing

@testable import DynamoEngine

/// Two engines on one file stand for two processes (each has its own SQLite connections): a schema change
/// made by one is honoured by the other's very next write, well inside the quarter second between lookups'
/// catalog checks — the write's own check inside its transaction is what keeps indexes and streams whole.
@Suite struct CatalogSyncTests {
    let createPlain = """
        {"TableName": "Shared", "BillingMode": "PAY_PER_REQUEST",
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
         "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}
        """

    func put(_ engine: EmbeddedEngine, _ pk: String) throws {
        _ = try engine.performSync(
            .putItem, .object(["TableName": "Shared", "Item": ["pk": ["S": .string(pk)], "g": ["S": "x"]]]))
    }

    /// UpdateTable adding the global index `byG` on `g`.
    func addIndexByG(_ engine: EmbeddedEngine) throws {
        _ = try engine.performSync(
            .updateTable,
            try request(
                """
                {"TableName": "Shared", "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
                 "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "byG",
                   "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}]}
                """))
    }

    @Test func anIndexAddedByAnotherProcessGetsThisProcessesNextWrite() throws {
        try withTemporaryDatabase { path in
            let mine = try EmbeddedEngine(path: path)
            _ = try mine.performSync(.createTable, try request(createPlain))
            for i in 0..<3 { try put(mine, "before\(i)") }
            let other = try EmbeddedEngine(path: path)
            try addIndexByG(other)
            try put(mine, "after")
            var status = ""
            for _ in 0..<200 where status != "ACTIVE" {
                let d = try other.performSync(.describeTable, .object(["TableName": "Shared"]))
                status = d["Table"]?["GlobalSecondaryIndexes"]?.arrayValue?.first?["IndexStatus"]?.stringValue ?? ""
                if status != "ACTIVE" { Thread.sleep(forTimeInterval: 0.02) }
            }
            let found = try other.performSync(
                .query,
                try request(
                    #"{"TableName": "Shared", "IndexName": "byG", "KeyConditionExpression": "g = :x", "ExpressionAttributeValues": {":x": {"S": "x"}}}"#
                ))
            let keys = Set((found["Items"]?.arrayValue ?? []).compactMap { $0["pk"]?["S"]?.stringValue })
            #expect(keys == ["before0", "before1", "before2", "after"])
        }
    }

    @Test func aStreamTurnedOnByAnotherProcessRecordsThisProcessesNextWrite() throws {
        try withTemporaryDatabase { path in
            let mine = try EmbeddedEngine(path: path)
            _ = try mine.performSync(.createTable, try request(createPlain))
            try put(mine, "before")
            let other = try EmbeddedEngine(path: path)
            _ = try other.performSync(
                .updateTable,
                try request(
                    #"{"TableName": "Shared", "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}}"#
                ))
            try put(mine, "after")
            try put(mine, "again")
            let arn = try other.performSync(.describeTable, .object(["TableName": "Shared"]))["Table"]?[
                "LatestStreamArn"]
            let stream = try other.performSync(.describeStream, .object(["StreamArn": arn ?? .null]))
            let shard = stream["StreamDescription"]?["Shards"]?.arrayValue?.first?["ShardId"] ?? .null
            let iterator = try other.performSync(
                .getShardIterator,
                .object(["StreamArn": arn ?? .null, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"]))
            let records = try other.performSync(
                .getRecords, .object(["ShardIterator": iterator["ShardIterator"] ?? .null]))
            let keys = (records["Records"]?.arrayValue ?? []).compactMap { $0["dynamodb"]?["Keys"]?["pk"]?["S"] }
            #expect(keys == ["after", "again"])
        }
    }
}

extension CatalogSyncTests {
    /// A write that looked its table up before an UpdateTable on another thread committed still keeps the new
    /// index: inside its transaction it takes the catalog's handle, not the one it started with.
    @Test func aHandleLookedUpBeforeAnIndexWasAddedIsRefreshedInsideTheWrite() throws {
        for path in [nil, "file"] as [String?] {
            try withTemporaryDatabase { file in
                let engine = try EmbeddedEngine(path: path == nil ? nil : file)
                _ = try engine.performSync(.createTable, try request(createPlain))
                try put(engine, "warm")
                let stale = try engine.handle("Shared")
                try addIndexByG(engine)
                let fresh = try engine.writer.write { db in try engine.current(stale, db) }
                #expect(stale.schema.indexes.isEmpty)
                #expect(fresh.schema.indexes.map(\.name) == ["byG"], "in \(path ?? "memory")")
            }
        }
    }
}
