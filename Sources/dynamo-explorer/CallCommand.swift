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
    @Argument(help: "Arguments as a JSON object (default {}), or - to read them from standard input.") var arguments:
        String = "{}"
    @Flag(help: "Validate and show the DynamoDB request without running it.") var dryRun = false
    @OptionGroup var backend: BackendOptions
    @OptionGroup var policy: PolicyOptions

    func run() async throws {
        try StrictUTF8.checkCommandLine()
        let text =
            arguments == "-"
            ? try StrictUTF8.decode(
                FileHandle.standardInput.readDataToEndOfFile(),
                what: "standard input") : arguments
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
            printError(
                "note: this write went to a throw-away in-memory database (--demo/--memory); use --db FILE to keep it")
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
        try StrictUTF8.checkCommandLine()
        if file == "-" {
            text = try StrictUTF8.decode(FileHandle.standardInput.readDataToEndOfFile(), what: "standard input")
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("Cannot read \(file)")
            }
            text = try StrictUTF8.decode(data, what: file)
        }
        let opened = try backend.openBackend(readOnly: policy.readOnly)
        defer { opened.close() }
        let runner = ToolRunner(backend: opened.backend, policy: policy.policy, identity: FaceIdentity(face: "replay"))
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

/// Input that is not UTF-8 is refused, never "repaired": a replaced byte would be written to the
/// user's data as U+FFFD without a word.
enum StrictUTF8 {
    static func decode(_ data: Data, what: String) throws -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        // Name the first byte that does not decode.
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        parsing: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error, .emptyInput: break parsing
            }
        }
        throw ValidationError("\(what) is not valid UTF-8 (near byte \(offset)); nothing was run")
    }

    /// The command line as the process received it, before Swift replaced any invalid bytes.
    static func checkCommandLine() throws {
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index] else { continue }
            let bytes = Data(bytes: raw, count: strlen(raw))
            if String(data: bytes, encoding: .utf8) == nil {
                throw ValidationError("command-line argument \(index) is not valid UTF-8; nothing was run")
            }
        }
    }
}
