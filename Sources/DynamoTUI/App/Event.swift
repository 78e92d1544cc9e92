import DynamoTools

/// What happens to the app: the only inputs of `update`.
public enum Event: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// A timer beat while calls run, so the spinner turns.
    case tick
    /// A tool call issued as `Effect.run` came back.
    case finished(id: Int, result: ToolResult)
}

/// What `update` asks the runtime to do; the runtime does the IO and reports back with events.
public enum Effect: Equatable, Sendable {
    /// Run a tool call through the `ToolRunner` (and append it to the action log file).
    case run(id: Int, call: ToolCall)
    /// Stop the calls with these ids; a read that has pages keeps them.
    case cancel(ids: [Int])
    case quit
}

/// Facts about the session that the screens show but never change.
public struct SessionInfo: Equatable, Sendable {
    /// Where the data is, e.g. `embedded:memory` or `remote:eu-west-1`.
    public var backendLabel: String
    public var readOnly: Bool
    /// Items per page in the table browser.
    public var pageSize: Int
    /// Theme names the cycle key visits.
    public var themeNames: [String]

    public init(backendLabel: String, readOnly: Bool = false, pageSize: Int = 100,
                themeNames: [String] = Theme.builtinNames) {
        self.backendLabel = backendLabel
        self.readOnly = readOnly
        self.pageSize = pageSize
        self.themeNames = themeNames
    }
}
