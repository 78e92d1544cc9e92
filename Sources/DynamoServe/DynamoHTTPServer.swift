import DynamoCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The DynamoDB HTTP API (AWS JSON 1.0) over the embedded engine (a `BlockingBackend`), so boto3, the AWS
/// CLI and every SDK can use it with `--endpoint-url`.
///
/// ```swift
/// try await DynamoHTTPServer(backend: engine, host: "127.0.0.1", port: 8000).run()
/// ```
///
/// Built on SwiftNIO's HTTP/1.1 pipeline with one handler (`DynamoHTTPHandler`): the embedded engine
/// answers on the connection's event loop, which measured faster than handing every request to a task and
/// its reply back to the loop (README, HTTP benchmark).
public struct DynamoHTTPServer: Sendable {
    /// DynamoDB's largest request body is 16 MB; anything bigger is refused before parsing.
    public static let maxRequestBytes = 16 * 1024 * 1024

    public let backend: any BlockingBackend
    public let host: String
    public let port: Int
    /// Called once the socket is bound, with the real port (useful with port 0).
    public let onListening: @Sendable (Int) -> Void
    /// Receives one line per request (`PutItem Shop → 200 0.21 ms`), when set.
    public let requestLog: (@Sendable (String) -> Void)?

    public init(
        backend: any BlockingBackend, host: String = "127.0.0.1", port: Int = 8000,
        requestLog: (@Sendable (String) -> Void)? = nil,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.backend = backend
        self.host = host
        self.port = port
        self.requestLog = requestLog
        self.onListening = onListening
    }

    /// What a GET of `/` answers: which API this is, for a person checking the port.
    static let about = DynamoExchange.Reply(
        status: 200,
        body: JSONValue.object([
            "service": "dynamo-explorer", "api": "DynamoDB_20120810",
            "hint": "POST AWS JSON 1.0 requests with X-Amz-Target",
        ]).jsonBytes)
    static let notFound = DynamoExchange.Reply(
        status: 404, body: JSONValue.object(["message": "Not Found: POST DynamoDB API requests to /"]).jsonBytes)

    /// Serves until SIGINT or SIGTERM (or the task is cancelled), then stops listening.
    public func run() async throws {
        let backend = self.backend
        let log = self.requestLog
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The response headers are ours and fixed in form: NIO's check of each one is skipped.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withErrorHandling: true, withOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(DynamoHTTPHandler(backend: backend, log: log))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        onListening(channel.localAddress?.port ?? 0)
        var logger = Logger(label: "dynamo-explorer.serve")
        logger.logLevel = .warning
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: Listener(channel: channel))], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    /// The listening socket as a service: closed on a shutdown signal or when the task is cancelled.
    struct Listener: Service {
        let channel: any Channel

        func run() async throws {
            try await withTaskCancellationOrGracefulShutdownHandler {
                try await channel.closeFuture.get()
            } onCancelOrGracefulShutdown: {
                channel.close(promise: nil)
            }
        }
    }
}
