import ArgumentParser
import DynamoCore
import DynamoTools
import Foundation

struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Run one tool call and print its JSON result.",
        discussion: """
        Example:
          dynamo-explorer call query '{"table": "Shop", "key_condition": {"pk": "CUSTOMER#C0001"}}' --demo
          cat args.json | dynamo-explorer call put_item - --db data.sqlite
        Exit code 1 on a DynamoDB or tool error (message on stderr).
        """
    )

    @Argument(help: "Tool name, e.g. query, get_item, list_tables.") var tool: String
    @Argument(help: "Arguments as a JSON object (default {}), or - to read them from standard input.") var arguments: String = "{}"
    @Flag(help: "Validate and show the DynamoDB request without running it.") var dryRun = false
    @OptionGroup var backend: BackendOptions
    @OptionGroup var policy: PolicyOptions

    func run() async throws {
        let text = arguments == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : arguments
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch {
            throw ValidationError("Arguments are not valid JSON: \(error)")
        }
        let opened = try backend.openBackend(readOnly: policy.readOnly)
        defer { opened.close() }
        let runner = ToolRunner(backend: opened.backend, policy: policy.policy)
        let result = await runner.run(ToolCall(name: tool, arguments: json), dryRun: dryRun)
        if result.isError {
            printError(result.summary)
            throw ExitCode(1)
        }
        if !dryRun, backend.isThrowAway, ToolCatalog.definition(tool)?.readOnly == false {
            printError("note: this write went to a throw-away in-memory database (--demo/--memory); use --db FILE to keep it")
        }
        print(result.structured.prettyText)
        printError(result.summary)
    }
}

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run an action log: one {\"tool\": …, \"arguments\": …} JSON object per line.",
        discussion: """
        Prints one JSON line per call: {"line", "tool", "ok", "summary", "result"}. Blank lines,
        lines starting with # and calls logged as refused or cancelled ({"line", "tool", "skipped"})
        are skipped. Use - to read standard input.
        Example:
          dynamo-explorer replay session.jsonl --demo --dry-run
        """
    )

    @Argument(help: "The JSONL file, or - for standard input.") var file: String
    @Flag(help: "Validate every call and show its DynamoDB request, without running any.") var dryRun = false
    @OptionGroup var backend: BackendOptions
    @OptionGroup var policy: PolicyOptions

    func run() async throws {
        let text: String
        if file == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file)") }
            text = String(decoding: data, as: UTF8.self)
        }
        let opened = try backend.openBackend(readOnly: policy.readOnly)
        defer { opened.close() }
        let runner = ToolRunner(backend: opened.backend, policy: policy.policy)
        var failures = 0
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var out: [String: JSONValue] = ["line": .int(number + 1)]
            if let outcome = ActionLogOutcome.of(jsonLine: line), !outcome.ran {
                // Refused or cancelled in the session that logged it: it changed nothing then.
                out["tool"] = (try? JSONValue.parse(line))?["tool"] ?? .null
                out["skipped"] = .string(outcome.rawValue)
                print(JSONValue.object(out).jsonText)
                continue
            }
            switch ReplayCommand.parse(line) {
            case .success(let call):
                let result = await runner.run(call, dryRun: dryRun)
                out["tool"] = .string(call.name)
                out["ok"] = .bool(!result.isError)
                out["summary"] = .string(result.summary)
                out["result"] = result.structured
                if result.isError { failures += 1 }
            case .failure(let error):
                out["ok"] = false
                out["summary"] = .string(error.message)
                failures += 1
            }
            print(JSONValue.object(out).jsonText)
        }
        if failures > 0 {
            printError("\(failures) call(s) failed")
            throw ExitCode(1)
        }
    }

    static func parse(_ line: String) -> Result<ToolCall, DynamoError> {
        do throws(DynamoError) {
            return .success(try ToolCall(jsonLine: line))
        } catch {
            return .failure(error)
        }
    }
}
