import DynamoCore
import NIOCore
import NIOHTTP1

/// One connection's requests: each body is gathered, then answered on this event loop by a backend that
/// answers on the calling thread (the embedded engine), so a request costs no hop to another thread and back.
final class DynamoHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let backend: any BlockingBackend
    let log: (@Sendable (String) -> Void)?
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false
    private var started = ContinuousClock.now

    init(backend: any BlockingBackend, log: (@Sendable (String) -> Void)?) {
        self.backend = backend
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            tooLarge = false
            started = .now
        case .body(var chunk):
            guard !tooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > DynamoHTTPServer.maxRequestBytes {
                tooLarge = true
                body = nil
            } else if body == nil {
                body = chunk
            } else {
                body?.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            answer(context, head)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func answer(_ context: ChannelHandlerContext, _ head: HTTPRequestHead) {
        guard head.method == .POST else {
            let found = head.method == .GET && head.uri == "/"
            write(
                context, head, found ? DynamoHTTPServer.about : DynamoHTTPServer.notFound, "\(head.method) \(head.uri)")
            return
        }
        let incoming = DynamoExchange.Incoming(
            target: head.headers.first(name: "X-Amz-Target"), userAgent: head.headers.first(name: "User-Agent"),
            body: body.map { Array($0.readableBytesView) } ?? [], tooLarge: tooLarge)
        body = nil
        let prepared = DynamoExchange.prepare(incoming)
        let description = log == nil ? "" : DynamoExchange.describe(incoming, prepared)
        switch prepared {
        case .answered(let reply):
            write(context, head, reply, description)
        case .call(let operation, let json, let origin):
            let outcome = Result {
                try CallOrigin.$current.withValue(origin) { try backend.performBlocking(operation, json) }
            }
            write(context, head, DynamoExchange.reply(outcome), description)
        }
    }

    private func write(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ reply: DynamoExchange.Reply,
        _ description: String
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/x-amz-json-1.0")
        headers.add(name: "Content-Length", value: String(reply.body.count))
        headers.add(name: "x-amzn-RequestId", value: RequestID.next())
        headers.add(name: "Server", value: "dynamo-explorer")
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: reply.body.count)
        buffer.writeBytes(reply.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let channel = context.channel
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { written.whenComplete { _ in channel.close(promise: nil) } }
        if let log {
            let elapsed = started.duration(to: .now)
            let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            log("\(description) → \(reply.status) \(String(format: "%.2f", ms)) ms")
        }
    }
}
