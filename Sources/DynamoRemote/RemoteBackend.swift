import AsyncHTTPClient
import DynamoCore
import Foundation
import NIOCore

/// The `Backend` over HTTP: real DynamoDB, DynamoDB Local, ScyllaDB Alternator, LocalStack, moto,
/// or our own `serve`. The request JSON the engine takes is the body sent (AWS JSON 1.0,
/// `X-Amz-Target: DynamoDB_20120810.<Operation>`), signed with SigV4; errors come back as the
/// same `DynamoError` values the engine throws, so the tools cannot tell the backends apart.
///
/// ```swift
/// let settings = try RemoteSettings.resolve(RemoteFlags(local: true), environment: AWSEnvironment())
/// let backend = RemoteBackend(settings: settings)
/// let tables = try await backend.perform(.listTables, [:])
/// ```
public final class RemoteBackend: Backend {
    public let settings: RemoteSettings
    public let retry: RetryPolicy
    /// How long one call may take in all, retries included (`--timeout`).
    public let callTimeout: Duration
    let http: HTTPCaller
    let credentialChain: CredentialChain
    /// Called before each retry with the attempt number and the wait (for logs and tests).
    let onRetry: (@Sendable (Int, Duration, String) -> Void)?

    public var label: String { settings.label }

    public init(
        settings: RemoteSettings, environment: AWSEnvironment = AWSEnvironment(), retry: RetryPolicy? = nil,
        readTimeout: Duration = .seconds(10), onRetry: (@Sendable (Int, Duration, String) -> Void)? = nil
    ) {
        self.settings = settings
        callTimeout = readTimeout
        self.retry = retry ?? RetryPolicy(maxAttempts: settings.maxAttempts)
        let millis = Int64(
            readTimeout.components.seconds * 1000 + readTimeout.components.attoseconds / 1_000_000_000_000_000)
        http = HTTPCaller(readTimeout: .milliseconds(millis))
        credentialChain = CredentialChain(settings: settings, environment: environment, http: http)
        self.onRetry = onRetry
    }

    /// The credentials this backend signs with (resolving them if needed): for `--dry-run`-style checks.
    public func credentials() async throws -> Credentials { try await credentialChain.credentials() }

    public func perform(_ operation: DynamoOperation, _ request: JSONValue) async throws -> JSONValue {
        var request = request
        // A token makes a transaction safe to repeat: DynamoDB applies it once (botocore does the same).
        if operation == .transactWriteItems, case .object(var fields) = request, fields["ClientRequestToken"] == nil {
            fields["ClientRequestToken"] = .string(UUID().uuidString)
            request = .object(fields)
        }
        let safeToRepeat = operation.isReadOnly || operation == .transactWriteItems
        let body = request.jsonBytes
        var refreshedCredentials = false
        var attempt = 1
        let deadline = ContinuousClock.now + callTimeout
        while true {
            try Task.checkCancellation()
            let credentials: Credentials
            do { credentials = try await credentialChain.credentials() } catch let error as RemoteError {
                throw DynamoError(type: "CredentialsError", message: error.description)
            }
            let url = operation.isStreams ? settings.streamsEndpoint : settings.endpoint
            let headers = SigV4.sign(
                method: "POST", url: url,
                headers: ["content-type": "application/x-amz-json-1.0", "x-amz-target": operation.target],
                body: body, credentials: credentials, region: settings.region, service: "dynamodb", date: Date())
            let outcome = await exchange(url: url, headers: headers, body: body)
            switch outcome {
            case .success(let json):
                return json
            case .failure(let failure):
                if failure.error.kind == .expiredToken,
                    !refreshedCredentials
                {
                    refreshedCredentials = true
                    await credentialChain.invalidate()
                    continue
                }
                let again: Bool
                switch failure.kind {
                case .answered(let status):
                    again = retry.retries(errorType: failure.error.type, status: status, safeToRepeat: safeToRepeat)
                case .notSent: again = true
                case .lost, .corrupted: again = safeToRepeat
                case .cancelled: throw CancellationError()
                case .fatal: again = false
                }
                let wait = retry.delay(beforeRetry: attempt)
                guard again, attempt < retry.maxAttempts, ContinuousClock.now + wait < deadline else {
                    var error = failure.error
                    if again { error.message += " (gave up after \(attempt) attempt\(attempt == 1 ? "" : "s"))" }
                    throw error
                }
                onRetry?(attempt, wait, failure.error.type)
                try await Task.sleep(for: wait)
                attempt += 1
            }
        }
    }

    struct Failure: Error {
        enum Kind { case answered(Int), notSent, lost, corrupted, cancelled, fatal }
        var kind: Kind
        var error: DynamoError
    }

    /// One try: the answer as JSON, or why it failed and whether the request reached the server.
    func exchange(url: URL, headers: [String: String], body: [UInt8]) async -> Result<JSONValue, Failure> {
        let response: WireResponse
        do {
            response = try await http.send(method: .POST, url: url, headers: headers, body: body)
        } catch is CancellationError {
            return .failure(
                Failure(kind: .cancelled, error: DynamoError(type: "RequestCanceled", message: "cancelled")))
        } catch {
            if Task.isCancelled {
                return .failure(
                    Failure(kind: .cancelled, error: DynamoError(type: "RequestCanceled", message: "cancelled")))
            }
            return .failure(Self.networkFailure(error, endpoint: settings.endpoint))
        }
        if let expected = response.headers["x-amz-crc32"].flatMap(UInt32.init),
            CRC32.checksum(response.body) != expected
        {
            return .failure(
                Failure(
                    kind: .corrupted,
                    error: DynamoError(
                        type: "CRC32CheckFailed",
                        message:
                            "The response from \(settings.endpoint.absoluteString) failed its x-amz-crc32 check "
                            + "(damaged in transit)"
                    )))
        }
        let json = try? JSONValue.parse(bytes: response.body)
        if response.status == 200, let json { return .success(json) }
        return .failure(Failure(kind: .answered(response.status), error: Self.dynamoError(response, json)))
    }

    /// DynamoDB's error body: `{"__type": "com.amazonaws.dynamodb.v20120810#ValidationException", "message": "…"}`.
    static func dynamoError(_ response: WireResponse, _ json: JSONValue?) -> DynamoError {
        let rawType = json?["__type"]?.stringValue ?? response.headers["x-amzn-errortype"] ?? ""
        var type = String(rawType.split(separator: "#").last ?? "")
        type = String(type.split(separator: ":").first ?? "")
        let message = json?["message"]?.stringValue ?? json?["Message"]?.stringValue ?? ""
        if type.isEmpty {
            type = response.status >= 500 ? "InternalServerError" : "HTTPError"
            let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            return DynamoError(type: type, message: message.isEmpty ? "HTTP \(response.status): \(text)" : message)
        }
        var details: [String: JSONValue] = [:]
        for (key, value) in json?.objectValue ?? [:] where !["__type", "message", "Message"].contains(key) {
            details[key] = value
        }
        return DynamoError(type: type, message: message, details: details)
    }

    static func networkFailure(_ error: Error, endpoint: URL) -> Failure {
        let text = "\(error)"
        let where_ = endpoint.absoluteString
        if let client = error as? HTTPClientError {
            if client == .connectTimeout {
                return Failure(
                    kind: .notSent,
                    error: DynamoError(type: "NetworkError", message: "cannot connect to \(where_): timed out"))
            }
            if client == .readTimeout || client == .deadlineExceeded {
                return Failure(
                    kind: .lost,
                    error: DynamoError(
                        type: "NetworkError",
                        message: "no answer from \(where_) in time (read timeout; --timeout sets it)"))
            }
        }
        if text.contains("Connection refused") || text.contains("errno: 111") || text.contains("errno: 61") {
            // Nothing listens there: trying again in a second will not change that.
            return Failure(
                kind: .fatal,
                error: DynamoError(
                    type: "NetworkError",
                    message:
                        "cannot connect to \(where_): connection refused (is the endpoint running? check "
                        + "--endpoint-url)"
                ))
        }
        if text.contains("connectTimeout") || text.contains("NIOConnectionError") || text.contains("connect(") {
            return Failure(
                kind: .notSent,
                error: DynamoError(
                    type: "NetworkError",
                    message:
                        "cannot connect to \(where_) (is the endpoint running? check --endpoint-url): "
                        + "\(text.prefix(160))"
                ))
        }
        if text.lowercased().contains("ssl") || text.lowercased().contains("tls") || text.contains("handshake") {
            return Failure(
                kind: .fatal,
                error: DynamoError(
                    type: "NetworkError", message: "TLS handshake with \(where_) failed: \(text.prefix(200))"))
        }
        return Failure(
            kind: .lost,
            error: DynamoError(type: "NetworkError", message: "The connection to \(where_) failed: \(text.prefix(200))")
        )
    }
}
