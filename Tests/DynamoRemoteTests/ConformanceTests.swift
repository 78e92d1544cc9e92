import DynamoCore
import DynamoEngine
import Foundation
import Testing

@testable import DynamoRemote

/// One suite, three backends: the same test bodies on the embedded engine, on the remote backend
/// against our own `serve`, and on the remote backend against moto_server (when installed).
@Suite(.serialized) struct ConformanceTests {
    enum Target: String, CaseIterable, CustomStringConvertible {
        case embedded, serve, moto
        var description: String { rawValue }
    }

    /// Runs `body` on a fresh backend of the given kind, cleaning up after.
    func with(_ target: Target, _ body: (any Backend, Target) async throws -> Void) async throws {
        switch target {
        case .embedded:
            try await body(try EmbeddedEngine(path: nil), target)
        case .serve:
            let server = try await StubServer.serve(demo: false)
            defer { server.stop() }
            try await body(try remote(server.url), target)
        case .moto:
            let moto = try #require(await MotoServer.start(), "moto_server did not start")
            defer { moto.stop() }
            try await body(try remote(moto.url), target)
        }
    }

    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    static let createTable = """
        {"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}],
         "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "n", "AttributeType": "N"},
                                  {"AttributeName": "status", "AttributeType": "S"}],
         "GlobalSecondaryIndexes": [{"IndexName": "ByStatus", "Projection": {"ProjectionType": "ALL"},
           "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}]}]}
        """

    @Test(arguments: [Target.embedded, .serve]) func itemsRoundTripAndQueriesPage(_ target: Target) async throws {
        try await itemsRoundTripAndQueriesPageBody(target)
    }

    @Test(.enabled(if: MotoServer.isInstalled, "moto_server is not installed"))
    func itemsRoundTripAndQueriesPageOnMoto() async throws {
        try await itemsRoundTripAndQueriesPageBody(.moto)
    }

    func itemsRoundTripAndQueriesPageBody(_ target: Target) async throws {
        try await with(target) { backend, target in
            _ = try await backend.perform(.createTable, try json(Self.createTable))
            for n in 0..<30 {
                let item =
                    #"{"pk": {"S": "p\#(n % 2)"}, "n": {"N": "\#(n)"}, "status": {"S": "\#(n % 3 == 0 ? "open" : "done")"}, "price": {"N": "\#(n).50"}}"#
                _ = try await backend.perform(.putItem, try json(#"{"TableName": "Orders", "Item": \#(item)}"#))
            }
            let got = try await backend.perform(
                .getItem, try json(#"{"TableName": "Orders", "Key": {"pk": {"S": "p1"}, "n": {"N": "7"}}}"#))
            #expect(
                got["Item"]?["price"] == ["N": "7.5"] || (target == .moto && got["Item"]?["price"] == ["N": "7.50"]),
                "DynamoDB normalises 7.50 to 7.5; moto stores numbers verbatim")
            var seen: [String] = []
            var start: JSONValue? = nil
            repeat {
                var request = try json(
                    #"{"TableName": "Orders", "KeyConditionExpression": "pk = :p AND n > :low", "ExpressionAttributeValues": {":p": {"S": "p0"}, ":low": {"N": "4"}}, "Limit": 4}"#
                )
                if let start, case .object(var o) = request {
                    o["ExclusiveStartKey"] = start
                    request = .object(o)
                }
                let page = try await backend.perform(.query, request)
                seen += (page["Items"]?.arrayValue ?? []).compactMap { $0["n"]?["N"]?.stringValue }
                start = page["LastEvaluatedKey"]
            } while start != nil
            #expect(seen == ["6", "8", "10", "12", "14", "16", "18", "20", "22", "24", "26", "28"])
            let index = try await backend.perform(
                .query,
                try json(
                    ##"{"TableName": "Orders", "IndexName": "ByStatus", "KeyConditionExpression": "#s = :s", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":s": {"S": "open"}}}"##
                ))
            #expect(index["Count"]?.intValue == 10)
        }
    }

    @Test(arguments: [Target.embedded, .serve]) func errorsKeepDynamoDBsTypes(_ target: Target) async throws {
        try await errorsKeepDynamoDBsTypesBody(target)
    }

    @Test(.enabled(if: MotoServer.isInstalled, "moto_server is not installed"))
    func errorsKeepDynamoDBsTypesOnMoto() async throws {
        try await errorsKeepDynamoDBsTypesBody(.moto)
    }

    func errorsKeepDynamoDBsTypesBody(_ target: Target) async throws {
        try await with(target) { backend, _ in
            await #expect(throws: DynamoError.self) {
                _ = try await backend.perform(.describeTable, ["TableName": "Missing"])
            }
            do {
                _ = try await backend.perform(.describeTable, ["TableName": "Missing"])
            } catch let error as DynamoError {
                #expect(error.type == "ResourceNotFoundException")
            }
            _ = try await backend.perform(.createTable, try json(Self.createTable))
            do {
                _ = try await backend.perform(
                    .putItem,
                    try json(
                        #"{"TableName": "Orders", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}}, "ConditionExpression": "attribute_exists(pk)"}"#
                    ))
                Issue.record("the condition passed")
            } catch let error as DynamoError {
                #expect(error.type == "ConditionalCheckFailedException")
            }
            do {
                _ = try await backend.perform(
                    .getItem, try json(#"{"TableName": "Orders", "Key": {"pk": {"S": "a"}}}"#))
                Issue.record("a half key was accepted")
            } catch let error as DynamoError {
                #expect(error.type == "ValidationException")
            }
        }
    }

    @Test(arguments: [Target.embedded, .serve]) func transactionsAndBatches(_ target: Target) async throws {
        try await transactionsAndBatchesBody(target)
    }

    @Test(.enabled(if: MotoServer.isInstalled, "moto_server is not installed"))
    func transactionsAndBatchesOnMoto() async throws {
        try await transactionsAndBatchesBody(.moto)
    }

    func transactionsAndBatchesBody(_ target: Target) async throws {
        try await with(target) { backend, _ in
            _ = try await backend.perform(.createTable, try json(Self.createTable))
            let puts = (0..<25).map { #"{"PutRequest": {"Item": {"pk": {"S": "b"}, "n": {"N": "\#($0)"}}}}"# }.joined(
                separator: ",")
            let batch = try await backend.perform(
                .batchWriteItem, try json(#"{"RequestItems": {"Orders": [\#(puts)]}}"#))
            #expect(batch["UnprocessedItems"]?.objectValue?.isEmpty ?? true)
            _ = try await backend.perform(
                .transactWriteItems,
                try json(
                    """
                    {"TransactItems": [{"Put": {"TableName": "Orders", "Item": {"pk": {"S": "t"}, "n": {"N": "1"}}}},
                                       {"Update": {"TableName": "Orders", "Key": {"pk": {"S": "b"}, "n": {"N": "0"}},
                                                   "UpdateExpression": "SET done = :t", "ExpressionAttributeValues": {":t": {"BOOL": true}}}}]}
                    """))
            let got = try await backend.perform(
                .getItem, try json(#"{"TableName": "Orders", "Key": {"pk": {"S": "b"}, "n": {"N": "0"}}}"#))
            #expect(got["Item"]?["done"] == ["BOOL": true])
            do {
                _ = try await backend.perform(
                    .transactWriteItems,
                    try json(
                        """
                        {"TransactItems": [{"Put": {"TableName": "Orders", "Item": {"pk": {"S": "t"}, "n": {"N": "2"}}}},
                                           {"ConditionCheck": {"TableName": "Orders", "Key": {"pk": {"S": "nope"}, "n": {"N": "0"}},
                                                               "ConditionExpression": "attribute_exists(pk)"}}]}
                        """))
                Issue.record("a failing transaction committed")
            } catch let error as DynamoError {
                #expect(error.type == "TransactionCanceledException")
            }
        }
    }
}
