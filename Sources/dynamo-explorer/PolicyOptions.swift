import ArgumentParser
import DynamoTools
import Foundation

/// What the session may do: the shared `--read-only/--tables/--max-items` flags.
struct PolicyOptions: ParsableArguments {
    @Flag(name: .long, help: "Refuse every write; write tools are not even listed.")
    var readOnly = false

    @Option(name: .long, help: "Comma-separated globs of the tables that may be touched, e.g. 'Shop,Movie*'.")
    var tables: String?

    @Option(name: .long, help: "Most items one call may return.")
    var maxItems: Int = 1000

    func validate() throws {
        if maxItems < 1 { throw ValidationError("--max-items must be at least 1") }
    }

    var policy: ToolPolicy {
        ToolPolicy(
            readOnly: readOnly,
            tablePatterns: tables.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            maxItems: maxItems)
    }
}
