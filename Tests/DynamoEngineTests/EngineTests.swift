import DynamoCore
import Foundation
import Testing

@testable import DynamoEngine

/// A fresh database file in a temporary folder, removed afterwards.
func withTemporaryDatabase<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dx-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir.appendingPathComponent("test.sqlite").path)
}

func request(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

let createOrders = """
    {"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}, {"AttributeName": "st", "AttributeType": "S"}],
     "GlobalSecondaryIndexes": [{"IndexName": "byStatus", "KeySchema": [{"AttributeName": "st", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}]}
    """

@Suite struct EngineTests {
    @Test func keyEncodingSortsNumbersByValue() throws {
        var rng = SeededGenerator(seed: 99)
        var numbers: [DynamoNumber] = []
        for _ in 0..<2000 {
            let digits = String(1 + rng.next(999_999))
            let text = (rng.next(2) == 0 ? "-" : "") + digits + "E" + String(rng.next(250) - 125)
            if let n = try? DynamoNumber(text) { numbers.append(n) }
        }
        numbers.append(.zero)
        let byValue = numbers.sorted()
        let byBytes = numbers.sorted { KeyEncoding.encode($0).lexicographicallyPrecedes(KeyEncoding.encode($1)) }
        #expect(byValue == byBytes)
    }

    @Test func persistsAcrossReopenAndKeepsIndexesInStep() throws {
        try withTemporaryDatabase { path in
            do {
                let engine = try EmbeddedEngine(path: path)
                _ = try engine.performSync(.createTable, try request(createOrders))
                _ = try engine.performSync(
                    .putItem,
                    try request(
                        #"{"TableName": "Orders", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "st": {"S": "new"}}}"#))
                _ = try engine.performSync(
                    .updateItem,
                    try request(
                        #"{"TableName": "Orders", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}, "UpdateExpression": "SET st = :s", "ExpressionAttributeValues": {":s": {"S": "paid"}}}"#
                    ))
            }
            let reopened = try EmbeddedEngine(path: path)
            let item = try reopened.performSync(
                .getItem, try request(#"{"TableName": "Orders", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}}"#))
            #expect(item["Item"]?["st"] == ["S": "paid"])
            let old = try reopened.performSync(
                .query,
                try request(
                    #"{"TableName": "Orders", "IndexName": "byStatus", "KeyConditionExpression": "st = :s", "ExpressionAttributeValues": {":s": {"S": "new"}}}"#
                ))
            #expect(old["Count"] == 0)
            let new = try reopened.performSync(
                .query,
                try request(
                    #"{"TableName": "Orders", "IndexName": "byStatus", "KeyConditionExpression": "st = :s", "ExpressionAttributeValues": {":s": {"S": "paid"}}}"#
                ))
            #expect(new["Count"] == 1)
            #expect(new["Items"]?.arrayValue?.first?.objectValue?.keys.sorted() == ["pk", "sk", "st"])
        }
    }

    @Test func pagesStopAtOneMegabyteBeforeTheFilter() throws {
        let engine = try EmbeddedEngine(path: nil)
        _ = try engine.performSync(.createTable, try request(createOrders))
        let blob = String(repeating: "x", count: 100_000)
        for i in 0..<15 {
            _ = try engine.performSync(
                .putItem,
                .object([
                    "TableName": "Orders",
                    "Item": ["pk": ["S": "p"], "sk": ["N": .string("\(i)")], "payload": ["S": .string(blob)]],
                ]))
        }
        let page = try engine.performSync(
            .query,
            try request(
                #"{"TableName": "Orders", "KeyConditionExpression": "pk = :p", "FilterExpression": "attribute_not_exists(payload)", "ExpressionAttributeValues": {":p": {"S": "p"}}}"#
            ))
        #expect(page["Count"] == 0)
        #expect(page["ScannedCount"]?.intValue == 11)  // 11 × ~100 KB crosses 1 MB
        #expect(page["LastEvaluatedKey"] != nil)
    }

    @Test func transactionsAreAllOrNothing() throws {
        let engine = try EmbeddedEngine(path: nil)
        _ = try engine.performSync(.createTable, try request(createOrders))
        #expect(throws: DynamoError.self) {
            try engine.performSync(
                .transactWriteItems,
                try request(
                    """
                    {"TransactItems": [{"Put": {"TableName": "Orders", "Item": {"pk": {"S": "t"}, "sk": {"N": "1"}}}},
                                       {"ConditionCheck": {"TableName": "Orders", "Key": {"pk": {"S": "t"}, "sk": {"N": "2"}}, "ConditionExpression": "attribute_exists(pk)"}}]}
                    """))
        }
        let scan = try engine.performSync(.scan, try request(#"{"TableName": "Orders"}"#))
        #expect(scan["Count"] == 0)
        do {
            _ = try engine.performSync(
                .transactWriteItems,
                try request(
                    #"{"TransactItems": [{"ConditionCheck": {"TableName": "Orders", "Key": {"pk": {"S": "t"}, "sk": {"N": "2"}}, "ConditionExpression": "attribute_exists(pk)"}}]}"#
                ))
        } catch let e as DynamoError {
            #expect(e.type == "TransactionCanceledException")
            #expect(
                e.details["CancellationReasons"] == [
                    ["Code": "ConditionalCheckFailed", "Message": "The conditional request failed"]
                ])
        }
    }

    @Test func limitsAndErrors() throws {
        let engine = try EmbeddedEngine(path: nil)
        _ = try engine.performSync(.createTable, try request(createOrders))
        #expect(throws: DynamoError.resourceInUse("Table already exists: Orders")) {
            try engine.performSync(.createTable, try request(createOrders))
        }
        #expect(
            throws: DynamoError.validation("One or more parameter values were invalid: Missing the key sk in the item")
        ) {
            try engine.performSync(.putItem, try request(#"{"TableName": "Orders", "Item": {"pk": {"S": "a"}}}"#))
        }
        #expect(throws: DynamoError.validation("The provided key element does not match the schema")) {
            try engine.performSync(
                .getItem, try request(#"{"TableName": "Orders", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}}"#))
        }
        #expect(
            throws: DynamoError.validation(
                "One or more parameter values were invalid: Type mismatch for Index Key st Expected: S Actual: N IndexName: byStatus"
            )
        ) {
            try engine.performSync(
                .putItem,
                try request(#"{"TableName": "Orders", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "st": {"N": "1"}}}"#)
            )
        }
        #expect(throws: DynamoError.resourceNotFound()) {
            try engine.performSync(.scan, try request(#"{"TableName": "Nope"}"#))
        }
        #expect(throws: DynamoError.validation("Too many items requested for the BatchGetItem call")) {
            let keys = (0..<101).map { i -> JSONValue in ["pk": ["S": "a"], "sk": ["N": .string("\(i)")]] }
            try engine.performSync(.batchGetItem, .object(["RequestItems": ["Orders": ["Keys": .array(keys)]]]))
        }
    }

    @Test func concurrentWritersAndReadersOnAFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dx-conc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = try EmbeddedEngine(path: dir.appendingPathComponent("c.sqlite").path)
        _ = try engine.performSync(.createTable, try request(createOrders))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for i in 0..<100 {
                        _ = try await engine.perform(
                            .updateItem,
                            .object([
                                "TableName": "Orders", "Key": ["pk": ["S": "counter"], "sk": ["N": "0"]],
                                "UpdateExpression": "ADD hits :one", "ExpressionAttributeValues": [":one": ["N": "1"]],
                            ]))
                        _ = try await engine.perform(
                            .putItem,
                            .object([
                                "TableName": "Orders",
                                "Item": [
                                    "pk": ["S": .string("w\(worker)")], "sk": ["N": .string("\(i)")], "st": ["S": "x"],
                                ],
                            ]))
                        _ = try await engine.perform(
                            .query,
                            .object([
                                "TableName": "Orders", "IndexName": "byStatus", "KeyConditionExpression": "st = :x",
                                "ExpressionAttributeValues": [":x": ["S": "x"]], "Limit": 5,
                            ]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let counter = try engine.performSync(
            .getItem, try request(#"{"TableName": "Orders", "Key": {"pk": {"S": "counter"}, "sk": {"N": "0"}}}"#))
        #expect(counter["Item"]?["hits"] == ["N": "400"])
        let index = try engine.performSync(
            .query,
            try request(
                #"{"TableName": "Orders", "IndexName": "byStatus", "KeyConditionExpression": "st = :x", "ExpressionAttributeValues": {":x": {"S": "x"}}, "Select": "COUNT"}"#
            ))
        #expect(index["Count"] == 400)
    }
}
