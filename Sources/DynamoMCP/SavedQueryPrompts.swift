import DynamoCore
import DynamoTools
import MCP

/// Saved queries as MCP prompts (`prompts/get NAME` gives the exact call to make) and as
/// resources (`dynamo-explorer://query/NAME`, the call as JSON). Built-in prompts keep their names.
enum SavedQueryPrompts {
    static let scheme = "dynamo-explorer://query/"

    /// The file's queries; a broken file lists none here (reading a prompt or resource says why).
    static func saved(_ file: SavedQueryFile?) -> [SavedQuery] {
        let builtIn = Set(Prompts.all.map(\.name))
        return ((try? file?.load()) ?? []).filter { !builtIn.contains($0.name) }
    }

    static func prompts(_ file: SavedQueryFile?) -> [Prompt] {
        saved(file).map { Prompt(name: $0.name, description: "Saved query: \($0.summary). Run it as saved.") }
    }

    static func resources(_ file: SavedQueryFile?) -> [Resource] {
        saved(file).map {
            Resource(
                name: $0.name, uri: scheme + $0.name, description: "Saved query: \($0.summary)",
                mimeType: "application/json")
        }
    }

    static func text(_ name: String, _ file: SavedQueryFile?) -> (description: String, body: String)? {
        guard let query = saved(file).first(where: { $0.name == name }) else { return nil }
        return (
            "Saved query \(name): \(query.summary)",
            """
            Run the saved query "\(name)": call the tool \(query.call.name) with exactly these arguments:
            \(query.call.arguments.jsonText)
            Report count and scanned_count, and follow next_cursor only if the task needs more pages.
            """
        )
    }

    /// A query resource's JSON, nil for other URIs.
    static func read(_ uri: String, _ file: SavedQueryFile?) throws -> String? {
        guard uri.hasPrefix(scheme) else { return nil }
        let name = String(uri.dropFirst(scheme.count))
        let all = try file?.load() ?? []
        guard let query = all.first(where: { $0.name == name }) else {
            throw MCPError.invalidParams("No saved query \(name); saved: \(all.map(\.name).joined(separator: ", "))")
        }
        return JSONValue.object(["tool": .string(query.call.name), "arguments": query.call.arguments]).prettyText
    }
}
