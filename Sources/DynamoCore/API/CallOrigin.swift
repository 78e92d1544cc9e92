import Foundation
import Synchronization

/// Who asked for a change: the face, the MCP client, and the tool call.
///
/// Set as a task-local by whoever runs a call (`ToolRunner.run`, `serve`), read by the embedded
/// engine when it writes a stream record, so the Watch screen can say which agent changed an item.
/// It is our extension: it never appears in DynamoDB Streams' output.
///
/// ```swift
/// try await CallOrigin.$current.withValue(CallOrigin(face: "mcp", client: "claude-code 1.0")) {
///     _ = try await engine.perform(.putItem, request)
/// }
/// ```
public struct CallOrigin: Sendable, Equatable {
    /// `tui`, `mcp`, `serve`, `call` or `replay`.
    public var face: String
    /// The MCP client's name and version from `initialize`, when the face is `mcp`.
    public var client: String?
    /// The tool that made the change (nil for a bare DynamoDB request through `serve`).
    public var tool: String?
    public var arguments: JSONValue?
    /// Tells apart calls with the same arguments; the journal keeps one entry per token.
    public var token: String

    public init(
        face: String, client: String? = nil, tool: String? = nil, arguments: JSONValue? = nil, token: String? = nil
    ) {
        self.face = face
        self.client = client
        self.tool = tool
        self.arguments = arguments
        self.token = token ?? CallOrigin.newToken()
    }

    @TaskLocal public static var current: CallOrigin?

    /// "mcp · claude-code 1.0", "tui": the Watch screen's "who" column.
    public var who: String { client.map { "\(face) · \($0)" } ?? face }

    private static let counter = Atomic<UInt64>(0)
    /// A random tag and the process id, made once: every call through `serve` takes a token.
    private static let tokenPrefix =
        "\(String(UInt32.random(in: .min ... .max), radix: 36))-\(ProcessInfo.processInfo.processIdentifier)-"

    static func newToken() -> String {
        tokenPrefix + String(counter.add(1, ordering: .relaxed).newValue)
    }
}

/// A face's name for itself and, once an MCP client has said who it is, the client: shared by the
/// runner of every call the face makes.
public final class FaceIdentity: Sendable {
    public let face: String
    private let clientName = Mutex<String?>(nil)

    public init(face: String, client: String? = nil) {
        self.face = face
        clientName.withLock { $0 = client }
    }

    public var client: String? {
        get { clientName.withLock { $0 } }
        set { clientName.withLock { $0 = newValue } }
    }
}

/// One call in the journal: what a face ran (reads included), when, and by whom.
public struct JournalEntry: Sendable, Equatable {
    public var id: Int64
    public var time: Double
    public var origin: CallOrigin
    public var readOnly: Bool

    public init(id: Int64, time: Double, origin: CallOrigin, readOnly: Bool) {
        self.id = id
        self.time = time
        self.origin = origin
        self.readOnly = readOnly
    }
}
