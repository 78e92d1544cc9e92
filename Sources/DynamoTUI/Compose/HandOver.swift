import DynamoCore
import DynamoTools
import Foundation

/// Where the data is, as an AWS CLI or boto3 user must name it.
public struct AWSTarget: Equatable, Sendable {
    /// nil on AWS itself (the SDKs find the endpoint from the region).
    public var endpointURL: String?
    public var region: String
    public var profile: String?

    public init(endpointURL: String?, region: String, profile: String? = nil) {
        self.endpointURL = endpointURL
        self.region = region
        self.profile = profile
    }

    /// The embedded database is reached through `dynamo-explorer serve` on its default port.
    public static let embedded = AWSTarget(endpointURL: "http://127.0.0.1:8000", region: "us-east-1")
}

/// One action, written out for someone else to run: as the MCP tool call, as an AWS CLI command or
/// as boto3 code. The last two are built from the exact DynamoDB request the runner sends (a dry
/// run gives it), so each reproduces the same result.
public enum HandOver {
    public enum Format: String, CaseIterable, Equatable, Sendable {
        case mcp = "MCP call", awsCLI = "AWS CLI", boto3 = "boto3"
    }

    /// The call as one JSON line: what `:`, `replay` and the action log take.
    public static func mcp(_ call: ToolCall) -> String { call.jsonLine }

    /// Operations the AWS CLI pages through by itself unless told not to.
    static let pagedByTheCLI: Set<String> = ["Query", "Scan", "ListTables", "ListTagsOfResource"]

    /// The comment that says how to reach the embedded database from another program.
    static func serveNote(_ serveArguments: String?) -> String {
        guard let serveArguments else {
            return "# this database is in memory: no other process can reach it; open a file with --db to hand it over"
        }
        return "# the embedded database: serve it first, e.g. dynamo-explorer serve \(serveArguments) --port 8000"
    }

    /// `aws dynamodb query --no-paginate --cli-input-json '{…}'`, quoted for a POSIX shell: one request,
    /// the same page the call reads (the CLI would otherwise read every page).
    public static func awsCLI(
        operation: String, request: JSONValue, target: AWSTarget, embedded: Bool,
        serveArguments: String? = nil
    ) -> String {
        var lines: [String] = []
        if embedded { lines.append(serveNote(serveArguments)) }
        var command = "aws dynamodb \(kebab(operation))"
        if pagedByTheCLI.contains(operation) { command += " --no-paginate" }
        if let url = target.endpointURL { command += " --endpoint-url \(url)" }
        command += " --region \(target.region)"
        if let profile = target.profile { command += " --profile \(shellQuoted(profile))" }
        if embedded { lines.append("AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \\") }
        lines.append(command + " --cli-input-json " + shellQuoted(request.jsonText))
        return lines.joined(separator: "\n")
    }

    /// A boto3 client call with the request as its keyword arguments.
    public static func boto3(
        operation: String, request: JSONValue, target: AWSTarget, embedded: Bool,
        serveArguments: String? = nil
    ) -> String {
        var options = ["region_name=\(pythonString(target.region))"]
        if let url = target.endpointURL { options.insert("endpoint_url=\(pythonString(url))", at: 0) }
        if embedded { options += ["aws_access_key_id=\"local\"", "aws_secret_access_key=\"local\""] }
        let session = target.profile.map { "boto3.Session(profile_name=\(pythonString($0)))" } ?? "boto3"
        return (embedded ? serveNote(serveArguments) + "\n" : "") + """
            import json
            import boto3

            client = \(session).client("dynamodb", \(options.joined(separator: ", ")))
            request = json.loads(\(pythonString(request.jsonText)))
            response = client.\(snake(operation))(**request)
            print(json.dumps(response, indent=2, default=str))
            """
    }

    /// `BatchGetItem` → `batch-get-item`.
    static func kebab(_ operation: String) -> String { words(operation).joined(separator: "-") }
    /// `BatchGetItem` → `batch_get_item`.
    static func snake(_ operation: String) -> String { words(operation).joined(separator: "_") }

    static func words(_ operation: String) -> [String] {
        var words: [String] = []
        for c in operation {
            if c.isUppercase || words.isEmpty { words.append("") }
            words[words.count - 1].append(Character(c.lowercased()))
        }
        return words
    }

    /// Single quotes for the shell; a quote inside becomes `'\''`.
    public static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// A Python string literal (JSON's escapes are valid Python escapes).
    static func pythonString(_ text: String) -> String { JSONValue.string(text).jsonText }

    /// The OSC 52 escape that asks the terminal to put `text` on the clipboard. Inside tmux the
    /// same sequence is also sent wrapped for passthrough, so it reaches the outer terminal too.
    public static func osc52(_ text: String, insideTmux: Bool) -> String {
        let payload = Data(text.utf8).base64EncodedString()
        let plain = "\u{1b}]52;c;\(payload)\u{07}"
        guard insideTmux else { return plain }
        let escaped = plain.replacingOccurrences(of: "\u{1b}", with: "\u{1b}\u{1b}")
        return plain + "\u{1b}Ptmux;\(escaped)\u{1b}\\"
    }
}
