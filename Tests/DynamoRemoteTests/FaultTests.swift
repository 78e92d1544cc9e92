import DynamoCore
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import Testing

@testable import DynamoRemote

/// What the remote backend does when the network or the service misbehaves.
@Suite struct FaultTests {
    @Test func throttlingIsRetriedWithBackoffThenSucceeds() async throws {
        let calls = Counter()
        let server = try await StubServer.start { router in
            router.post("/") { _, _ -> Response in
                if calls.next() <= 2 {
                    return jsonResponse(
                        .badRequest,
                        #"{"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "Rate exceeded"}"#
                    )
                }
                return jsonResponse(.ok, #"{"TableNames": ["A"]}"#)
            }
        }
        defer { server.stop() }
        let waits = Mutex<[Duration]>([])
        let backend = try remote(server.url, attempts: 3, base: .milliseconds(50)) { _, wait, _ in
            waits.withLock { $0.append(wait) }
        }
        let started = ContinuousClock.now
        let out = try await backend.perform(.listTables, [:])
        #expect(out["TableNames"] == ["A"])
        #expect(calls.count == 3)
        let observed = waits.withLock { $0 }
        #expect(observed.count == 2 && observed[0] < .milliseconds(50) && observed[1] < .milliseconds(100))
        #expect(started.duration(to: .now) >= observed.reduce(.zero, +))
    }

    @Test func throttlingBeyondTheAttemptsSaysSo() async throws {
        let calls = Counter()
        let server = try await StubServer.start { router in
            router.post("/") { _, _ -> Response in
                _ = calls.next()
                return jsonResponse(
                    .badRequest,
                    #"{"__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", "message": "slow down"}"#
                )
            }
        }
        defer { server.stop() }
        do {
            _ = try await remote(server.url, attempts: 4).perform(
                .getItem, ["TableName": "T", "Key": ["k": ["S": "a"]]])
            Issue.record("no error")
        } catch let error as DynamoError {
            #expect(
                error.type == "ProvisionedThroughputExceededException"
                    && error.message.contains("gave up after 4 attempts"))
        }
        #expect(calls.count == 4)
    }

    @Test func serverErrorsAreRetriedForReadsButNotForWrites() async throws {
        let calls = Counter()
        let server = try await StubServer.start { router in
            router.post("/") { _, _ -> Response in
                _ = calls.next()
                return jsonResponse(
                    .internalServerError,
                    #"{"__type": "com.amazon.coral.service#InternalServerError", "message": "boom"}"#)
            }
        }
        defer { server.stop() }
        let backend = try remote(server.url, attempts: 3)
        await #expect(throws: DynamoError.self) {
            _ = try await backend.perform(.getItem, ["TableName": "T", "Key": [:]])
        }
        #expect(calls.count == 3)
        do {
            _ = try await backend.perform(
                .updateItem, ["TableName": "T", "Key": [:], "UpdateExpression": "ADD n :one"])
            Issue.record("no error")
        } catch let error as DynamoError {
            #expect(error.type == "InternalServerError" && error.message == "boom")
        }
        #expect(calls.count == 4, "an UpdateItem that may have been applied is not repeated blindly")
    }

    @Test func wrongCredentialsFailFastWithDynamoDBsMessage() async throws {
        let calls = Counter()
        let server = try await StubServer.start { router in
            router.post("/") { _, _ -> Response in
                _ = calls.next()
                return jsonResponse(
                    .badRequest,
                    #"{"__type": "com.amazon.coral.service#UnrecognizedClientException", "message": "The security token included in the request is invalid."}"#
                )
            }
        }
        defer { server.stop() }
        do {
            _ = try await remote(server.url, attempts: 5).perform(.listTables, [:])
            Issue.record("no error")
        } catch let error as DynamoError {
            #expect(error.type == "UnrecognizedClientException" && error.message.contains("security token"))
        }
        #expect(calls.count == 1)
    }

    @Test func aStalledServerTimesOutInsteadOfHanging() async throws {
        let server = try await StubServer.stalled()
        defer { server.stop() }
        let started = ContinuousClock.now
        do {
            _ = try await remote(server.url, attempts: 1, readTimeout: .milliseconds(500)).perform(
                .putItem, ["TableName": "T", "Item": [:]])
            Issue.record("no error")
        } catch let error as DynamoError {
            #expect(error.type == "NetworkError")
        }
        #expect(started.duration(to: .now) < .seconds(10))
    }

    @Test func aDamagedResponseFailsItsChecksum() async throws {
        let server = try await StubServer.start { router in
            router.post("/") { _, _ -> Response in
                jsonResponse(.ok, #"{"TableNames": []}"#, headers: [HTTPField.Name("x-amz-crc32")!: "12345"])
            }
        }
        defer { server.stop() }
        do {
            _ = try await remote(server.url, attempts: 2).perform(.listTables, [:])
            Issue.record("no error")
        } catch let error as DynamoError {
            #expect(error.type == "CRC32CheckFailed")
        }
        let good = try await StubServer.start { router in
            router.post("/") { _, _ -> Response in
                let body = #"{"TableNames": ["ok"]}"#
                return jsonResponse(
                    .ok, body, headers: [HTTPField.Name("x-amz-crc32")!: "\(CRC32.checksum(Array(body.utf8)))"])
            }
        }
        defer { good.stop() }
        #expect(try await remote(good.url).perform(.listTables, [:])["TableNames"] == ["ok"])
    }

    @Test func anUnreachableEndpointAndATLSMismatchGiveClearErrors() async throws {
        do {
            _ = try await remote(URL(string: "http://127.0.0.1:1")!, attempts: 2).perform(.listTables, [:])
            Issue.record("no error")
        } catch let error as DynamoError {
            #expect(
                error.type == "NetworkError"
                    && error.message
                        == "cannot connect to http://127.0.0.1:1: connection refused (is the endpoint running? check --endpoint-url)"
            )
        }
        let plain = try await StubServer.start { router in router.post("/") { _, _ in jsonResponse(.ok, "{}") } }
        defer { plain.stop() }
        do {
            _ = try await remote(URL(string: "https://127.0.0.1:\(plain.port)")!, attempts: 3).perform(.listTables, [:])
            Issue.record("no error")
        } catch let error as DynamoError {
            #expect(error.type == "NetworkError" && error.message.contains("TLS") && !error.message.contains("gave up"))
        }
    }

    @Test func cancellingTheTaskAbortsTheRequest() async throws {
        let server = try await StubServer.stalled()
        defer { server.stop() }
        let backend = try remote(server.url)
        let task = Task { try await backend.perform(.scan, ["TableName": "T"]) }
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(started.duration(to: .now) < .seconds(5))
        if case .success = result { Issue.record("a cancelled request succeeded") }
    }

    @Test func requestsAreSignedForDynamoDBWithTheTarget() async throws {
        let seen = Mutex<[String]>([])
        let server = try await StubServer.start { router in
            router.post("/") { request, _ -> Response in
                seen.withLock {
                    $0.append(
                        (request.headers[HTTPField.Name("x-amz-target")!] ?? "") + " "
                            + (request.headers[.authorization] ?? ""))
                }
                return jsonResponse(.ok, #"{"TableNames": []}"#)
            }
        }
        defer { server.stop() }
        _ = try await remote(server.url).perform(.listTables, [:])
        let line = seen.withLock { $0.first } ?? ""
        #expect(line.hasPrefix("DynamoDB_20120810.ListTables AWS4-HMAC-SHA256 Credential=AKIDTEST/"))
        #expect(line.contains("/us-east-1/dynamodb/aws4_request") && line.contains("x-amz-target"))
    }
}
