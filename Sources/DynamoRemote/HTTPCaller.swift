import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange, as the remote backend and the credential sources need it.
struct WireResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
}

/// A thin layer over AsyncHTTPClient: one shared client (connection reuse), a connect timeout
/// set on the client, a read timeout per request, and task cancellation that aborts the request.
final class HTTPCaller: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount

    init(connectTimeout: TimeAmount = .seconds(5), readTimeout: TimeAmount = .seconds(30)) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: connectTimeout, read: readTimeout)
        configuration.httpVersion = .http1Only
        // A refused connection fails at once; RetryPolicy decides what is tried again, so a
        // stopped endpoint is reported in about a second instead of after the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        timeout = readTimeout + .seconds(5)
    }

    deinit {
        try? client.syncShutdown()
    }

    func send(method: HTTPMethod, url: URL, headers: [String: String], body: [UInt8]) async throws -> WireResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !body.isEmpty || method == .POST { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        var out: [String: String] = [:]
        for header in response.headers { out[header.name.lowercased()] = header.value }
        return WireResponse(status: Int(response.status.code), headers: out, body: Array(buffer.readableBytesView))
    }
}
