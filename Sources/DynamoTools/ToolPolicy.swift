import DynamoCore

/// What a session may do: read-only mode, a table allow-list, and caps on what one call returns.
///
/// The MCP server, `call`, `replay` and the TUI all honour the same policy.
public struct ToolPolicy: Sendable {
    public var readOnly: Bool
    /// Glob patterns (`*`, `?`) of the tables that may be touched; nil allows all.
    public var tablePatterns: [String]?
    /// The most items one call returns (`max_items` may ask for fewer).
    public var maxItems: Int
    /// The most bytes of item data one call returns.
    public var maxBytes: Int

    public init(
        readOnly: Bool = false, tablePatterns: [String]? = nil, maxItems: Int = 1000, maxBytes: Int = 4 * 1024 * 1024
    ) {
        self.readOnly = readOnly
        self.tablePatterns = tablePatterns
        self.maxItems = maxItems
        self.maxBytes = maxBytes
    }

    public func allows(table: String) -> Bool {
        guard let patterns = tablePatterns else { return true }
        return patterns.contains { Glob.matches(pattern: $0, text: table) }
    }

    func checkTable(_ table: String) throws(DynamoError) {
        guard allows(table: table) else {
            throw DynamoError(
                type: "AccessDeniedException",
                message:
                    "Table \(table) is outside this session's allowed tables "
                    + "(\(tablePatterns?.joined(separator: ",") ?? ""))"
            )
        }
    }
}

/// Shell-style glob matching for table allow-lists.
enum Glob {
    static func matches(pattern: String, text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var pi = 0
        var ti = 0
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
