import DynamoCore
import Foundation
import Testing

@testable import DynamoEngine

@Suite struct CapacityTests {
    func engine() throws -> EmbeddedEngine {
        let engine = try EmbeddedEngine(path: nil)
        _ = try engine.performSync(.createTable, try request(createOrders))
        return engine
    }

    func run(_ engine: EmbeddedEngine, _ op: DynamoOperation, _ body: [String: JSONValue], report: String = "INDEXES")
        throws -> JSONValue
    {
        var body = body
        body["ReturnConsumedCapacity"] = .string(report)
        return try engine.performSync(op, .object(body))
    }

    func item(_ sk: Int, status: String?, bytes: Int = 10) -> JSONValue {
        var item: [String: JSONValue] = [
            "pk": ["S": "a"], "sk": ["N": .string("\(sk)")],
            "payload": ["S": .string(String(repeating: "x", count: bytes))],
        ]
        if let status { item["st"] = ["S": .string(status)] }
        return .object(item)
    }

    func units(_ out: JSONValue) -> Double? {
        out["ConsumedCapacity"]?["CapacityUnits"]?.numberText.flatMap(Double.init)
    }
    func gsiUnits(_ out: JSONValue) -> Double? {
        out["ConsumedCapacity"]?["GlobalSecondaryIndexes"]?["byStatus"]?["CapacityUnits"]?.numberText.flatMap(
            Double.init)
    }

    @Test func readsCountFourKilobyteBlocksHalvedWhenEventual() throws {
        let e = try engine()
        _ = try e.performSync(.putItem, .object(["TableName": "Orders", "Item": item(1, status: nil, bytes: 5000)]))
        let key: JSONValue = ["pk": ["S": "a"], "sk": ["N": "1"]]
        #expect(units(try run(e, .getItem, ["TableName": "Orders", "Key": key])) == 1.0)
        #expect(units(try run(e, .getItem, ["TableName": "Orders", "Key": key, "ConsistentRead": true])) == 2.0)
        let missing: JSONValue = ["pk": ["S": "a"], "sk": ["N": "2"]]
        #expect(units(try run(e, .getItem, ["TableName": "Orders", "Key": missing])) == 0.5)
        let total = try run(e, .getItem, ["TableName": "Orders", "Key": key], report: "TOTAL")
        #expect(total["ConsumedCapacity"]?["Table"] == nil && total["ConsumedCapacity"]?["ReadCapacityUnits"] != nil)
        let plain = try e.performSync(.getItem, .object(["TableName": "Orders", "Key": key]))
        #expect(plain["ConsumedCapacity"] == nil, "\(plain.jsonText)")
    }

    @Test func writesChargeTheTableAndEveryIndexEntryTheyTouch() throws {
        let e = try engine()
        // 1.5 KB item, in the KEYS_ONLY index: 2 units on the table, 1 for the small index entry.
        let put = try run(e, .putItem, ["TableName": "Orders", "Item": item(1, status: "new", bytes: 1500)])
        #expect(put["ConsumedCapacity"]?["Table"]?["CapacityUnits"] == .number("2.0"))
        #expect(gsiUnits(put) == 1.0 && units(put) == 3.0)
        // Changing an attribute the index does not project leaves the index alone.
        let unprojected = try run(
            e, .updateItem,
            [
                "TableName": "Orders", "Key": ["pk": ["S": "a"], "sk": ["N": "1"]],
                "UpdateExpression": "SET payload = :b", "ExpressionAttributeValues": [":b": ["S": "y"]],
            ])
        #expect(gsiUnits(unprojected) == nil && units(unprojected) == 2.0)
        // Moving the item to another index key is a delete and a put on the index.
        let moved = try run(
            e, .updateItem,
            [
                "TableName": "Orders", "Key": ["pk": ["S": "a"], "sk": ["N": "1"]],
                "UpdateExpression": "SET st = :s", "ExpressionAttributeValues": [":s": ["S": "paid"]],
            ])
        #expect(gsiUnits(moved) == 2.0)
        // A sparse item (no index key) costs nothing on the index.
        #expect(gsiUnits(try run(e, .putItem, ["TableName": "Orders", "Item": item(2, status: nil)])) == nil)
        // Reads of the index are charged to the index.
        let query = try run(
            e, .query,
            [
                "TableName": "Orders", "IndexName": "byStatus", "KeyConditionExpression": "st = :s",
                "ExpressionAttributeValues": [":s": ["S": "paid"]],
            ])
        #expect(gsiUnits(query) == 0.5 && query["ConsumedCapacity"]?["Table"]?["CapacityUnits"] == .number("0.0"))
    }

    @Test func transactionsCostDoubleAndBatchesReportEachTable() throws {
        let e = try engine()
        let tx = try run(
            e, .transactWriteItems,
            ["TransactItems": [["Put": ["TableName": "Orders", "Item": item(1, status: nil)]]]], report: "TOTAL")
        let expected: JSONValue = .array([
            .object(["TableName": "Orders", "CapacityUnits": .number("2.0"), "WriteCapacityUnits": .number("2.0")])
        ])
        #expect(tx["ConsumedCapacity"] == expected)
        let batch = try run(
            e, .batchWriteItem,
            [
                "RequestItems": [
                    "Orders": [
                        ["PutRequest": ["Item": item(2, status: nil)]],
                        ["PutRequest": ["Item": item(3, status: nil, bytes: 3000)]],
                    ]
                ]
            ], report: "TOTAL")
        #expect(batch["ConsumedCapacity"]?.arrayValue?.first?["CapacityUnits"] == .number("4.0"))
        // An unknown ReturnConsumedCapacity is refused before anything is written.
        #expect(throws: DynamoError.self) {
            try run(
                e, .transactWriteItems,
                ["TransactItems": [["Put": ["TableName": "Orders", "Item": item(9, status: nil)]]]], report: "ALL")
        }
        let after = try e.performSync(
            .getItem, .object(["TableName": "Orders", "Key": ["pk": ["S": "a"], "sk": ["N": "9"]]]))
        #expect(after["Item"] == nil)
    }

    @Test func localIndexReadsOfUnprojectedAttributesAlsoChargeTheTable() throws {
        let e = try EmbeddedEngine(path: nil)
        _ = try e.performSync(
            .createTable,
            try request(
                """
                {"TableName": "Notes", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                 "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}, {"AttributeName": "at", "AttributeType": "S"}],
                 "LocalSecondaryIndexes": [{"IndexName": "byAt", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}]}
                """))
        _ = try e.performSync(
            .putItem,
            .object([
                "TableName": "Notes",
                "Item": [
                    "pk": ["S": "a"], "sk": ["N": "1"], "at": ["S": "x"],
                    "body": ["S": .string(String(repeating: "y", count: 9000))],
                ],
            ]))
        let query: [String: JSONValue] = [
            "TableName": "Notes", "IndexName": "byAt", "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": [":p": ["S": "a"]],
        ]
        let keysOnly = try run(e, .query, query.merging(["Select": "ALL_PROJECTED_ATTRIBUTES"]) { a, _ in a })
        #expect(keysOnly["ConsumedCapacity"]?["Table"]?["CapacityUnits"] == .number("0.0"))
        let full = try run(e, .query, query.merging(["Select": "ALL_ATTRIBUTES"]) { a, _ in a })
        #expect(full["Items"]?.arrayValue?.first?["body"] != nil)
        #expect(
            full["ConsumedCapacity"]?["Table"]?["CapacityUnits"] == .number("1.5"),
            "9 KB fetched from the table: 3 blocks, halved")
        #expect(full["ConsumedCapacity"]?["LocalSecondaryIndexes"]?["byAt"]?["CapacityUnits"] == .number("0.5"))
    }
}
