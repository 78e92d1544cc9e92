import ArgumentParser
import DynamoCore
import DynamoTools

struct ToolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "List the tools, or show one tool's arguments with an example call.",
        discussion: """
            Examples:
              dynamo-explorer tools            # every tool with its one-line description
              dynamo-explorer tools query      # query's arguments, and a call to copy
            """
    )

    @Argument(help: "A tool name, e.g. query.") var name: String?

    func run() throws {
        guard let name else {
            for tool in ToolCatalog.tools(for: ToolPolicy()) {
                let kind = tool.readOnly ? "read " : "write"
                print("\(tool.name.padding(toLength: 21, withPad: " ", startingAt: 0)) \(kind)  \(tool.title)")
            }
            print("\nMore: dynamo-explorer tools NAME")
            return
        }
        guard let tool = ToolCatalog.definition(name) else {
            let names = ToolCatalog.tools(for: ToolPolicy()).map(\.name)
            throw ValidationError("No tool \"\(name)\"; tools: \(names.joined(separator: ", "))")
        }
        print("\(tool.name) — \(tool.title)\(tool.readOnly ? "" : " (writes)")\n")
        print(tool.description + "\n")
        let properties = tool.inputSchema["properties"]?.objectValue ?? [:]
        let required = Set((tool.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        print("Arguments:")
        for (argument, schema) in properties.sorted(by: { $0.key < $1.key }) {
            let marker = required.contains(argument) ? " (required)" : ""
            let description = schema["description"]?.stringValue ?? schema["items"]?["description"]?.stringValue ?? ""
            print("  \(argument): \(Self.typeLabel(schema))\(marker)  \(description)")
        }
        print("\nExample:\n  dynamo-explorer call \(tool.name) '\(tool.example)' --demo")
    }

    /// `string`, `plain | dynamodb`, `array of {put} | {update} | …`, `string|array`.
    static func typeLabel(_ schema: JSONValue) -> String {
        if let cases = schema["enum"]?.arrayValue { return cases.compactMap(\.stringValue).joined(separator: " | ") }
        if let choices = schema["items"]?["oneOf"]?.arrayValue {
            let shapes = choices.compactMap { $0["required"]?.arrayValue?.first?.stringValue }.map { "{\($0): …}" }
            return "array of " + shapes.joined(separator: " | ")
        }
        guard let type = schema["type"] else { return "any" }
        return type.stringValue ?? type.arrayValue?.compactMap(\.stringValue).joined(separator: "|") ?? "any"
    }
}
