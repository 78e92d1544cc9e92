import DynamoCore
import DynamoEngine
import DynamoServe
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

@testable import DynamoRemote

/// A Hummingbird server in this process on a free 127.0.0.1 port, stopped when the test ends.
final class StubServer: Sendable {
    let port: Int
    let task: Task<Void, Error>

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(port: Int, task: Task<Void, Error>) {
        self.port = port
        self.task = task
    }

    /// A server that takes every request and answers none for 30 s: for timeouts and cancellation.
    static func stalled() async throws -> StubServer {
        try await start { router in
            router.post("/") { _, _ -> Response in
                try await Task.sleep(for: .seconds(30))
                return jsonResponse(.ok, "{}")
            }
        }
    }

    static func start(_ configure: (Router<BasicRequestContext>) -> Void) async throws -> StubServer {
        let router = Router()
        configure(router)
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "stub")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw RemoteError.configuration("stub did not start") }
        return StubServer(port: port, task: task)
    }

    /// Our own `serve` over an in-memory engine with the demo tables.
    static func serve(demo: Bool = true) async throws -> StubServer {
        let engine = try EmbeddedEngine(path: nil)
        if demo { try DemoData.load(into: engine) }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let server = DynamoHTTPServer(
            backend: engine, host: "127.0.0.1", port: 0, onListening: { port in continuation.yield(port) })
        let task = Task { try await server.run() }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw RemoteError.configuration("serve did not start") }
        return StubServer(port: port, task: task)
    }

    func stop() { task.cancel() }
}

/// moto_server started as a process on a free port, when Python and moto are installed.
final class MotoServer {
    let process: Process
    let port: Int
    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Whether `python3 -m moto.server` can run here: tests that need it are skipped (and shown as
    /// skipped) when it cannot.
    static let isInstalled: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import moto.server"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// A port nobody listens on: the kernel picks it for a socket bound to port 0.
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return named == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// Starts moto_server; nil when Python or moto is missing. Waits without blocking the
    /// cooperative thread pool (Foundation's `waitUntilExit` spins on Linux).
    static func start() async -> MotoServer? {
        guard isInstalled, let port = freePort() else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning {
            if canConnect(port) { return MotoServer(process: process, port: port) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        return nil
    }

    /// moto's server ignores SIGTERM while serving; SIGKILL leaves nothing behind.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
    }
}

func canConnect(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

/// A remote backend for a local endpoint with fixed keys and fast retries.
func remote(
    _ url: URL, attempts: Int = 3, base: Duration = .milliseconds(20), readTimeout: Duration = .seconds(10),
    variables: [String: String] = [:], onRetry: (@Sendable (Int, Duration, String) -> Void)? = nil
) throws -> RemoteBackend {
    let environment = AWSEnvironment(
        variables: ["AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret", "HOME": "/nonexistent"]
            .merging(variables) { _, new in new })
    let settings = try RemoteSettings.resolve(RemoteFlags(endpointURL: url.absoluteString), environment: environment)
    return RemoteBackend(
        settings: settings, environment: environment, retry: RetryPolicy(maxAttempts: attempts, base: base),
        readTimeout: readTimeout, onRetry: onRetry)
}

/// Counts calls across concurrent handlers.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
    var count: Int { value.withLock { $0 } }
}

func jsonResponse(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/x-amz-json-1.0"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
}
