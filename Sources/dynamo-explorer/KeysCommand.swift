import ArgumentParser
import DynamoTUI

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Print the TUI's key bindings as a Markdown table (the README's key table comes from here)."
    )

    func run() {
        print(KeyMap.standard.markdownTable)
    }
}
