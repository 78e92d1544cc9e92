import DynamoCore
import Foundation
import Testing

@testable import DynamoEngine

@Suite struct TimeToLiveTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func put(_ engine: EmbeddedEngine, _ sk: Int, expires: JSONValue?) throws {
        var item: [String: JSONValue] = ["pk": ["S": "a"], "sk": ["N": .string("\(sk)")], "st": ["S": "open"]]
        if let expires { item["expires"] = expires }
        _ = try engine.performSync(.putItem, .object(["TableName": "Orders", "Item": .object(item)]))
    }

    func remainingKeys(_ engine: EmbeddedEngine, index: String? = nil) throws -> [String] {
        var query: [String: JSONValue] = [
            "TableName": "Orders", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": [":p": ["S": "a"]],
        ]
        if let index {
            query = [
                "TableName": "Orders", "IndexName": .string(index), "KeyConditionExpression": "st = :s",
                "ExpressionAttributeValues": [":s": ["S": "open"]],
            ]
        }
        let page = try engine.performSync(.query, .object(query))
        return (page["Items"]?.arrayValue ?? []).compactMap { $0["sk"]?["N"]?.stringValue }.sorted()
    }

    @Test func sweepDeletesOnlyEligibleExpiredItemsFromTableAndIndexes() throws {
        let engine = try EmbeddedEngine(path: nil)
        _ = try engine.performSync(.createTable, try request(createOrders))
        let t = now.timeIntervalSince1970
        try put(engine, 1, expires: ["N": .string("\(Int(t) - 10)")])  // expired: deleted
        try put(engine, 2, expires: ["N": .string("\(Int(t) + 10)")])  // in the future: kept
        try put(engine, 3, expires: ["S": .string("\(Int(t) - 10)")])  // not a Number: ignored
        try put(engine, 4, expires: ["N": .string("\(Int(t) - 6 * 365 * 86400)")])  // over five years ago: ignored
        try put(engine, 5, expires: nil)  // no TTL attribute: kept
        try put(engine, 6, expires: ["N": .string("\(t - 0.5)")])  // fractional seconds count too

        // TTL disabled: nothing happens; expired items still show up in reads.
        #expect(try engine.sweepExpiredItems(now: now) == 0)
        #expect(try remainingKeys(engine).count == 6)

        _ = try engine.performSync(
            .updateTimeToLive,
            try request(
                #"{"TableName": "Orders", "TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": true}}"#))
        #expect(try engine.sweepExpiredItems(now: now) == 2)
        #expect(try remainingKeys(engine) == ["2", "3", "4", "5"])
        #expect(try remainingKeys(engine, index: "byStatus") == ["2", "3", "4", "5"])
        #expect(try engine.sweepExpiredItems(now: now) == 0)
    }

    /// The demo's time series has TTL on: its readings must not be expired the moment the demo starts.
    @Test func demoDataSurvivesASweep() throws {
        let engine = try EmbeddedEngine(path: nil)
        try DemoData.load(into: engine)
        #expect(try engine.sweepExpiredItems() == 0)
    }
}
