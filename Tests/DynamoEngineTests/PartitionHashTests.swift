import DynamoCore
import Foundation
import GRDB
import Testing

@testable import DynamoEngine

@Suite struct PartitionHashTests {
    func load(_ engine: EmbeddedEngine, partitions: Int, perPartition: Int) throws {
        _ = try engine.performSync(.createTable, try request(createOrders))
        for p in 0..<partitions {
            for s in 0..<perPartition {
                _ = try engine.performSync(
                    .putItem,
                    .object([
                        "TableName": "Orders",
                        "Item": [
                            "pk": ["S": .string("p\(p)")], "sk": ["N": .string("\(s)")],
                            "st": ["S": .string("s\(s % 3)")],
                        ],
                    ]))
            }
        }
    }

    func partitions(in response: JSONValue) -> Set<String> {
        Set((response["Items"]?.arrayValue ?? []).compactMap { $0["pk"]?["S"]?.stringValue })
    }

    /// Keys that differ only in their last character (`p1`, `p2`, …) must still spread over every segment.
    @Test func similarPartitionKeysSpreadOverAllSegments() throws {
        let engine = try EmbeddedEngine(path: nil)
        try load(engine, partitions: 20, perPartition: 5)
        var seen: [Set<String>] = []
        for segment in 0..<4 {
            let page = try engine.performSync(
                .scan, .object(["TableName": "Orders", "Segment": .int(segment), "TotalSegments": 4]))
            seen.append(partitions(in: page))
        }
        #expect(seen.allSatisfy { !$0.isEmpty }, "every segment gets some of the 20 partitions: \(seen.map(\.count))")
        #expect(seen.map(\.count).reduce(0, +) == 20, "each partition is in exactly one segment")
        #expect(seen.reduce(Set<String>()) { $0.union($1) }.count == 20)
    }

    /// A database written with version 1's plain FNV-1a hash is rehashed on open and reads correctly.
    @Test func migratesDatabasesWrittenWithTheOldHash() throws {
        try withTemporaryDatabase { path in
            do {
                let engine = try EmbeddedEngine(path: path)
                try load(engine, partitions: 6, perPartition: 4)
            }
            // Turn the file back into a version-1 database: old hashes, migration not yet applied.
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                let oldHash = DatabaseFunction("old_hash", argumentCount: 1, pure: true) { values in
                    var h: UInt32 = 2_166_136_261
                    for b in Data.fromDatabaseValue(values[0]) ?? Data() { h = (h ^ UInt32(b)) &* 16_777_619 }
                    return Int64(h)
                }
                db.add(function: oldHash)
                let id: Int64 = try Int64.fetchOne(db, sql: "SELECT id FROM dx_tables WHERE name = 'Orders'")!
                try db.execute(sql: "UPDATE t\(id) SET h = old_hash(pk)")
                try db.execute(
                    sql:
                        "UPDATE \(TableHandle(schema: try TableSchema.fromStorage(try JSONValue.parse(try String.fetchOne(db, sql: "SELECT schema FROM dx_tables")!)), id: id).sqlIndexTable("byStatus")) SET h = old_hash(ipk)"
                )
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2-mixed-partition-hash'")
            }
            try queue.close()

            let reopened = try EmbeddedEngine(path: path)
            let item = try reopened.performSync(
                .getItem, try request(#"{"TableName": "Orders", "Key": {"pk": {"S": "p3"}, "sk": {"N": "2"}}}"#))
            #expect(item["Item"]?["st"] == ["S": "s2"])
            let byStatus = try reopened.performSync(
                .query,
                try request(
                    #"{"TableName": "Orders", "IndexName": "byStatus", "KeyConditionExpression": "st = :s", "ExpressionAttributeValues": {":s": {"S": "s0"}}}"#
                ))
            #expect(byStatus["Count"] == 12)
            var total = 0
            for segment in 0..<3 {
                let page = try reopened.performSync(
                    .scan,
                    .object(["TableName": "Orders", "Segment": .int(segment), "TotalSegments": 3, "Select": "COUNT"]))
                total += page["Count"]?.intValue ?? 0
            }
            #expect(total == 24)
        }
    }
}
