import DynamoCore
import Foundation

/// A read saved under a name: composed by hand in the TUI, one name away for an agent (the MCP
/// server offers each as a prompt and a resource).
public struct SavedQuery: Equatable, Sendable {
    public var name: String
    public var call: ToolCall
    /// When it was saved (ISO 8601), kept so a file shared in a repository says how fresh each is.
    public var saved: String?

    public init(name: String, call: ToolCall, saved: String? = nil) {
        self.name = name
        self.call = call
        self.saved = saved
    }

    /// `query on Shop: pk = "CUSTOMER#C0001" + 1 filter`: a line for lists and prompt descriptions.
    public var summary: String {
        let table = call.arguments["table"]?.stringValue.map { " on \($0)" } ?? ""
        let index = call.arguments["index_name"]?.stringValue.map { " (index \($0))" } ?? ""
        return call.name + table + index
    }
}

/// The saved queries of one database, in a JSON file people can read, edit and commit:
///
/// ```json
/// {
///   "open-orders": {"tool": "query", "arguments": {"table": "Shop", ...}, "saved": "2026-12-01T09:00:00Z"}
/// }
/// ```
///
/// The file is read on every use, so an edit made by hand (or by another process) shows at once;
/// a save rewrites it through a temporary file, so a crash never leaves half a file.
public struct SavedQueryFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// Names an agent can say and a shell can type: letters, digits, `-` and `_`, up to 64.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            }
    }

    /// Where a database's queries live when `--queries` does not say: beside a database file
    /// (`shop.sqlite` → `shop.queries.json`), else in the user's config folder by session label.
    public static func defaultPath(
        databaseFile: String?, label: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let databaseFile {
            let url = URL(fileURLWithPath: databaseFile)
            let base =
                ["sqlite", "sqlite3", "db"].contains(url.pathExtension.lowercased())
                ? url.deletingPathExtension() : url
            return base.path + ".queries.json"
        }
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        let safe = String(label.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        return config + "/dynamo-explorer/queries/" + safe + ".json"
    }

    /// Every saved query, by name; an absent file is an empty list.
    public func load() throws(DynamoError) -> [SavedQuery] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DynamoError.validation("cannot read the saved queries in \(path)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw DynamoError.validation("\(path) is not JSON: \(error)")
        }
        guard let entries = json.objectValue else {
            throw DynamoError.validation("\(path) must hold one object: {\"name\": {\"tool\": …, \"arguments\": {…}}}")
        }
        return try entries.keys.sorted().map { (name) throws(DynamoError) -> SavedQuery in
            let entry = entries[name] ?? .null
            guard let tool = entry["tool"]?.stringValue, case .object? = entry["arguments"] else {
                throw DynamoError.validation("\(path): \(name) needs \"tool\" and \"arguments\"")
            }
            return SavedQuery(
                name: name, call: ToolCall(name: tool, arguments: entry["arguments"] ?? [:]),
                saved: entry["saved"]?.stringValue)
        }
    }

    /// Adds or replaces a query (a cursor is dropped: a saved query starts from its first page).
    public func save(_ query: SavedQuery) throws(DynamoError) {
        guard Self.isValidName(query.name) else {
            throw DynamoError.validation("a saved query's name is 1 to 64 letters, digits, - or _")
        }
        var all = try load().filter { $0.name != query.name }
        var call = query.call
        if case .object(var arguments) = call.arguments {
            arguments["cursor"] = nil
            call.arguments = .object(arguments)
        }
        all.append(SavedQuery(name: query.name, call: call, saved: query.saved ?? Self.now()))
        try write(all)
    }

    public func remove(_ name: String) throws(DynamoError) {
        try write(try load().filter { $0.name != name })
    }

    func write(_ queries: [SavedQuery]) throws(DynamoError) {
        var object: [String: JSONValue] = [:]
        for query in queries {
            var entry: [String: JSONValue] = ["tool": .string(query.call.name), "arguments": query.call.arguments]
            if let saved = query.saved { entry["saved"] = .string(saved) }
            object[query.name] = .object(entry)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            try Data((JSONValue.object(object).prettyText + "\n").utf8).write(
                to: URL(fileURLWithPath: path),
                options: .atomic)
        } catch {
            throw DynamoError.validation("cannot write the saved queries to \(path): \(error.localizedDescription)")
        }
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
