import DynamoCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The DynamoDB HTTP API (AWS JSON 1.0) over any `Backend`, so boto3, the AWS CLI and every
/// SDK can use the embedded engine with `--endpoint-url`.
///
/// ```swift
/// try await DynamoHTTPServer(backend: engine, host: "127.0.0.1", port: 8000).run()
/// ```
public struct DynamoHTTPServer: Sendable {
    /// DynamoDB's largest request body is 16 MB; anything bigger is refused before parsing.
    public static let maxRequestBytes = 16 * 1024 * 1024
    static let targetPrefix = "DynamoDB_20120810."
    static let targetHeader = HTTPField.Name("X-Amz-Target")!
    static let requestIDHeader = HTTPField.Name("x-amzn-RequestId")!

    public let backend: any Backend
    public let host: String
    public let port: Int
    /// Called once the socket is bound, with the real port (useful with port 0).
    public let onListening: @Sendable (Int) -> Void
    /// Receives one line per request (`PutItem Shop → 200 0.21 ms`), when set.
    public let requestLog: (@Sendable (String) -> Void)?

    public init(
        backend: any Backend, host: String = "127.0.0.1", port: Int = 8000,
        requestLog: (@Sendable (String) -> Void)? = nil,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.backend = backend
        self.host = host
        self.port = port
        self.requestLog = requestLog
        self.onListening = onListening
    }

    /// Serves until SIGINT or SIGTERM, then shuts down cleanly.
    public func run() async throws {
        let router = Router()
        let backend = self.backend
        let log = self.requestLog
        router.post("/") { request, _ -> Response in
            await DynamoHTTPServer.handle(request, backend: backend, log: log)
        }
        router.post("**") { request, _ -> Response in
            await DynamoHTTPServer.handle(request, backend: backend, log: log)
        }
        router.get("/") { _, _ -> Response in
            DynamoHTTPServer.respond(
                status: .ok,
                json: [
                    "service": "dynamo-explorer", "api": "DynamoDB_20120810",
                    "hint": "POST AWS JSON 1.0 requests with X-Amz-Target",
                ])
        }
        let onListening = self.onListening
        var logger = Logger(label: "dynamo-explorer.serve")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "dynamo-explorer"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    static func handle(_ request: Request, backend: any Backend, log: (@Sendable (String) -> Void)?) async -> Response {
        guard let log else { return await handle(request, backend: backend) }
        let started = ContinuousClock.now
        var described = "?"
        let response = await handle(request, backend: backend, describe: { described = $0 })
        let elapsed = started.duration(to: .now)
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        log("\(described) → \(response.status.code) \(String(format: "%.2f", ms)) ms")
        return response
    }

    /// Answers one request; `describe`, when given (request logging), learns "Operation Table" once
    /// the body is read. Without it the description is never worked out.
    static func handle(_ request: Request, backend: any Backend, describe: ((String) -> Void)? = nil) async -> Response
    {
        describe?(
            request.headers[targetHeader].map { String($0.split(separator: ".").last ?? "?") } ?? "(no X-Amz-Target)")
        guard let target = request.headers[targetHeader] else {
            return error(
                DynamoError(type: "UnknownOperationException", message: "Missing X-Amz-Target header"),
                namespace: "com.amazon.coral.service")
        }
        let name = String(target.split(separator: ".").last ?? "")
        guard let operation = DynamoOperation(rawValue: name), operation.target == target else {
            return error(
                DynamoError(type: "UnknownOperationException", message: "Unknown operation \(target)"),
                namespace: "com.amazon.coral.service")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxRequestBytes)
        } catch {
            // Refused with 413 before a byte of it is parsed.
            return DynamoHTTPServer.error(
                DynamoError(
                    type: "RequestEntityTooLargeException",
                    message: "Request size exceeded the maximum allowed request size of \(maxRequestBytes) bytes"),
                namespace: "com.amazon.coral.service")
        }
        let body: JSONValue
        do {
            body = try JSONValue.parse(bytes: Array(buffer.readableBytesView))
        } catch let parseError {
            return error(.serialization("Request body is not valid JSON: \(parseError)"))
        }
        describe?("\(operation.rawValue) \(tables(in: body))")
        // Who made a change, for stream records' origin: `serve`, the client's first User-Agent word, the operation.
        let agent = request.headers[.userAgent].map { String($0.split(separator: " ").first ?? "") }
        let origin = CallOrigin(face: "serve", client: agent, tool: operation.rawValue)
        do {
            let result = try await CallOrigin.$current.withValue(origin) { try await backend.perform(operation, body) }
            return respond(status: .ok, json: result)
        } catch let dynamoError as DynamoError {
            return error(dynamoError)
        } catch {
            return DynamoHTTPServer.error(DynamoError(type: "InternalServerError", message: "\(error)"))
        }
    }

    /// The table or tables a request names, for the request log.
    static func tables(in body: JSONValue) -> String {
        if let name = body["TableName"]?.stringValue { return name }
        if let items = body["RequestItems"]?.objectValue { return items.keys.sorted().joined(separator: ",") }
        if let actions = body["TransactItems"]?.arrayValue {
            let names = Set(actions.compactMap { $0.objectValue?.values.first?["TableName"]?.stringValue })
            return names.sorted().joined(separator: ",")
        }
        return "-"
    }

    static func error(_ e: DynamoError, namespace: String = "com.amazonaws.dynamodb.v20120810") -> Response {
        var body: [String: JSONValue] = ["__type": .string("\(namespace)#\(e.type)"), "message": .string(e.message)]
        for (k, v) in e.details { body[k] = v }
        return respond(status: HTTPResponse.Status(code: e.httpStatus), json: .object(body))
    }

    static func respond(status: HTTPResponse.Status, json: JSONValue) -> Response {
        let bytes = json.jsonBytes
        var headers = HTTPFields()
        headers[.contentType] = "application/x-amz-json-1.0"
        headers[requestIDHeader] = RequestID.next()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
