import DynamoCore
import Foundation
import Logging
import MCP
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Newline-delimited JSON-RPC over stdin/stdout, answered as soon as a line arrives.
///
/// The SDK's `StdioTransport` puts stdin in non-blocking mode and sleeps 10 ms whenever no byte is
/// waiting, which adds ~10 ms to every request of an interactive client. This transport reads with
/// blocking `read(2)` on a thread of its own, so a request reaches the server the moment its line
/// is complete. It also routes tool arguments and results through an `ExactJSONRelay`, so numbers
/// and strings reach the tools exactly as the client wrote them.
///
/// When stdin ends, the message stream stays open until every request read so far has been
/// answered (at most `drainTimeout`), so `printf '…\n…' | dynamo-explorer --mcp` gets all its replies.
public actor LineStdioTransport: Transport {
    /// Replies owed when stdin ended, and whether the message stream is finished.
    struct Drain {
        var owed = 0
        var inputEnded = false
        var finished = false
    }

    public static let drainTimeout: Duration = .seconds(60)
    public nonisolated let logger: Logger
    private let relay: ExactJSONRelay?
    private let input: Int32
    private let output: Int32
    private let messages: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private var started = false
    private let drain = Mutex(Drain())

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, relay: ExactJSONRelay?, logger: Logger) {
        self.input = input
        self.output = output
        self.relay = relay
        self.logger = logger
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !started else { return }
        started = true
        let fd = input
        let relay = relay
        let logger = logger
        let reader = Thread { [self] in
            self.readLines(fd: fd, relay: relay, logger: logger)
        }
        reader.name = "mcp-stdin"
        reader.start()
    }

    public func disconnect() async {
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        var bytes = [UInt8](data)
        if let relay, let restored = relay.restoreOutgoing(bytes) { bytes = restored }
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
            offset += written
        }
        if Self.isReply(bytes) { finishIfDrained { $0.owed -= 1 } }
    }

    /// Whether an outgoing message answers a request (a notification, such as progress, does not).
    /// Notifications are small; a large message is always a reply, and is not parsed again.
    static func isReply(_ message: [UInt8]) -> Bool {
        guard message.count < 8192, case .object(let m)? = try? JSONValue.parse(bytes: Array(message.dropLast())) else {
            return true
        }
        return m["method"] == nil
    }

    /// Applies `change` to the drain state and finishes the stream once input has ended and
    /// nothing is owed.
    private nonisolated func finishIfDrained(_ change: (inout Drain) -> Void) {
        let finish = drain.withLock { state -> Bool in
            change(&state)
            guard state.inputEnded, state.owed <= 0, !state.finished else { return false }
            state.finished = true
            return true
        }
        if finish { continuation.finish() }
    }

    /// Whether the server answers this line: requests and anything it cannot read get a reply;
    /// notifications and the client's own responses do not.
    static func expectsReply(_ message: JSONValue?) -> Bool {
        guard case .object(let m)? = message else { return true }
        if m["method"] != nil { return m["id"] != nil }
        return m["id"] == nil || (m["result"] == nil && m["error"] == nil)
    }

    public func receive() -> AsyncThrowingStream<Data, Swift.Error> { messages }

    /// The reader thread: blocking reads, split at newlines, until EOF or a read error.
    private nonisolated func readLines(fd: Int32, relay: ExactJSONRelay?, logger: Logger) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && errno == EAGAIN {  // someone left stdin non-blocking: wait for input
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&poller, 1, -1)
                continue
            }
            if count <= 0 {
                if count < 0 { logger.error("stdin read failed", metadata: ["errno": "\(errno)"]) }
                break
            }
            pending.append(contentsOf: buffer[0..<count])
            var lineStart = 0
            while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[lineStart..<newline])
                lineStart = newline + 1
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if line.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                let parsed = try? JSONValue.parse(bytes: line)
                if let relay, let parsed, let protected = relay.protectIncoming(parsed) { line = protected }
                if Self.expectsReply(parsed) { drain.withLock { $0.owed += 1 } }
                continuation.yield(Data(line))
            }
            pending.removeFirst(lineStart)
        }
        finishIfDrained { $0.inputEnded = true }
        let continuation = continuation
        Task {
            try? await Task.sleep(for: Self.drainTimeout)
            continuation.finish()
        }
    }
}
