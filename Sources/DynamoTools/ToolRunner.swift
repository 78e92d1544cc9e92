import DynamoCore
import Foundation

/// Runs tool calls on a backend under a policy. Every face of the product goes through here.
///
/// `run` never throws: bad input and DynamoDB errors come back as error results with a message
/// an agent can act on, so a server built on it keeps serving.
///
/// ```swift
/// let runner = ToolRunner(backend: engine, policy: ToolPolicy(readOnly: true))
/// let result = await runner.run(ToolCall(name: "query", arguments: ["table": "Shop", "key_condition": ["pk":
/// "CUSTOMER#C0001"]]))
/// ```
public struct ToolRunner: Sendable {
    public let backend: any Backend
    public let policy: ToolPolicy
    /// Samples of tables' items for the checks that catch misspelt names and wrong types.
    public let samples = TableSampleCache()
    /// Which face runs the calls (and, for `--mcp`, which client): the origin of every change they make.
    public let identity: FaceIdentity
    /// The writes these calls sent, for the change feed on a backend that keeps no origin (DynamoDB).
    public let localWrites = LocalWriteLog()

    public init(
        backend: any Backend, policy: ToolPolicy = ToolPolicy(), identity: FaceIdentity = FaceIdentity(face: "call")
    ) {
        self.backend = backend
        self.policy = policy
        self.identity = identity
    }

    /// Runs a call; with `dryRun`, validates it and reports the first DynamoDB request it would send.
    ///
    /// `progress` hears about every page a multi-page read fetches. Cancelling the calling task stops
    /// the call at its next DynamoDB request; a read that already has pages returns them, marked
    /// `cancelled`, with a `next_cursor` that resumes after them.
    public func run(_ call: ToolCall, dryRun: Bool = false, progress: ToolProgress.Handler? = nil) async -> ToolResult {
        // `dry_run: true` in the arguments is the same as asking for a dry run.
        let dryRun = dryRun || call.arguments["dry_run"]?.boolValue == true
        let origin = CallOrigin(
            face: identity.face, client: identity.client, tool: call.name, arguments: call.arguments)
        let result = await CallOrigin.$current.withValue(origin) {
            await runChecked(call, dryRun: dryRun, progress: progress)
        }
        // The journal keeps what ran: not dry runs, not calls refused before they reached the data.
        if !dryRun, let definition = ToolCatalog.definition(call.name), result.error?.kind != .validation {
            await backend.journal(origin, readOnly: definition.readOnly)
        }
        return result
    }

    private func runChecked(_ call: ToolCall, dryRun: Bool, progress: ToolProgress.Handler?) async -> ToolResult {
        let started = ContinuousClock.now
        do {
            guard
                let definition = ToolCatalog.definition(call.name, policy: policy) ?? ToolCatalog.definition(call.name)
            else {
                let names = ToolCatalog.tools(for: policy).map(\.name)
                let close = Suggest.closest(to: call.name, in: names).map { "did you mean \($0)? " } ?? ""
                throw DynamoError.validation(
                    "Unknown tool \"\(call.name)\"; \(close)available: \(names.joined(separator: ", "))")
            }
            if policy.readOnly, !definition.readOnly {
                throw DynamoError(
                    type: "AccessDeniedException",
                    message: "Tool \(call.name) writes data and this session is read-only (--read-only)")
            }
            try SchemaValidator.validate(call.arguments, definition.inputSchema)
            let context = ToolContext(
                runner: self, args: try ToolArguments(call.arguments), dryRun: dryRun, progress: progress)
            var result = try await context.execute(call.name)
            let elapsed = started.duration(to: .now)
            let capacity = context.meter.totals
            result.cost = ([Self.format(elapsed)] + capacity.summary).joined(separator: ", ")
            result.summary += " (\(result.cost))"
            if let json = capacity.json, case .object(var fields) = result.structured {
                fields["consumed_capacity"] = json
                result.structured = .object(fields)
            }
            return result
        } catch let planned as DryRunStop {
            return await planned.result(call, backend: backend)
        } catch let error as DynamoError {
            return .failure(await explained(error, call))
        } catch is CancellationError {
            return .failure(DynamoError(type: "RequestCanceled", message: "The call was cancelled"))
        } catch {
            return .failure(DynamoError(type: "InternalServerError", message: "\(error)"))
        }
    }

    /// Adds what to do next to errors whose DynamoDB text does not say it: the tables that exist
    /// (with the close match) when a table is missing, the table's indexes when an index is.
    func explained(_ error: DynamoError, _ call: ToolCall) async -> DynamoError {
        var error = error
        if let range = error.message.range(of: "reserved keyword: ") {
            let word = error.message[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            error.message +=
                "; write #\(word) in the expression with names: {\"#\(word)\": \"\(word)\"}, or use the structured "
                + "arguments (filters, condition, projection as a list…), which escape names themselves"
        }
        if error.kind == .validation, !error.message.hasPrefix("arguments") {
            var description: JSONValue? = nil
            if let table = call.arguments["table"]?.stringValue ?? Self.tableNamed(in: call) {
                description = try? await backend.perform(.describeTable, ["TableName": .string(table)])["Table"]
            }
            if let advice = ErrorAdvice.advise(error, call, description: description) { error.message = advice }
        }
        guard let table = call.arguments["table"]?.stringValue else { return error }
        if error.kind == .resourceNotFound {
            let names = ((try? await backend.perform(.listTables, [:]))?["TableNames"]?.arrayValue ?? [])
                .compactMap(\.stringValue).filter { policy.allows(table: $0) }
            var message = "Table \(table) not found"
            if let close = names.first(where: { $0.lowercased() == table.lowercased() })
                ?? Suggest.closest(to: table, in: names)
            {
                message += "; did you mean \(close)?"
            }
            message += names.isEmpty ? "; there are no tables" : "; tables: \(names.prefix(20).joined(separator: ", "))"
            error.message = message
        } else if error.kind == .validation,
            error.message.contains("key element does not match the schema")
                || error.message.contains("Missing the key"),
            let description = try? await backend.perform(.describeTable, ["TableName": .string(table)])["Table"]
        {
            let keys = TableDescription(description).keys
            if let key = call.arguments["key"],
                call.arguments["format"]?.stringValue == "dynamodb" || key.objectValue != nil
            {
                let typed = (try? ToolArguments(call.arguments).wireKey(key)) ?? key
                let found = KeySchemaCheck.problems(typed, argument: "key", keys: keys, exact: true)
                error.message =
                    "\(KeySchemaCheck.schemaText(table, keys))"
                    + (found.isEmpty ? "" : ": " + found.joined(separator: "; "))
                    + " (DynamoDB: \(error.message))"
            }
        } else if error.message.contains("does not have the specified index"), !error.message.contains(" has: "),
            let description = try? await backend.perform(.describeTable, ["TableName": .string(table)])["Table"]
        {
            error.message += " " + TableDescription(description).indexList
        }
        return error
    }

    /// The table a call without `table` acts on: its first transaction action's, or its statement's.
    static func tableNamed(in call: ToolCall) -> String? {
        if let action = call.arguments["actions"]?.arrayValue?.first?.objectValue?.first?.value,
            let table = action["table"]?.stringValue
        {
            return table
        }
        if let item = call.arguments["items"]?.arrayValue?.first, let table = item["table"]?.stringValue {
            return table
        }
        if let statement = call.arguments["statement"]?.stringValue {
            // The word after FROM, UPDATE or INTO, without its quotes or an index suffix.
            let words = statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
            for (i, word) in words.enumerated()
            where ["FROM", "UPDATE", "INTO"].contains(word.uppercased()) && i + 1 < words.count {
                let name = words[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                return String(name.prefix { $0 != "." && $0 != "\"" })
            }
        }
        return nil
    }

    static func format(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return ms < 10 ? String(format: "%.2f ms", ms) : String(format: "%.0f ms", ms)
    }
}

/// How far a multi-page read has got: for progress bars in the TUI and MCP progress notifications.
public struct ToolProgress: Sendable, Equatable {
    public typealias Handler = @Sendable (ToolProgress) async -> Void
    public var pages: Int
    public var items: Int
    public var scanned: Int
    /// Whether DynamoDB said there is more to read.
    public var more: Bool

    public var message: String {
        "\(items) item(s), scanned \(scanned) in \(pages) page(s)\(more ? ", reading on" : "")"
    }
}

/// Thrown in dry-run mode at the first backend request, carrying that request.
struct DryRunStop: Error {
    var operation: DynamoOperation
    var request: JSONValue
    /// What the backend's rehearsal answered (nil when it cannot rehearse).
    var response: JSONValue? = nil
    /// A condition that holds today's data would fail (the request itself is valid).
    var wouldFail: DynamoError? = nil
}

/// The state of one tool call: its arguments and a way to reach the backend.
struct ToolContext {
    let runner: ToolRunner
    let args: ToolArguments
    let dryRun: Bool
    let progress: ToolProgress.Handler?
    let meter = CapacityMeter()

    var policy: ToolPolicy { runner.policy }

    /// Sends one DynamoDB request, asking data operations for their consumed capacity.
    func send(_ operation: DynamoOperation, _ request: [String: JSONValue]) async throws -> JSONValue {
        var request = request
        if CapacityMeter.measures(operation), request["ReturnConsumedCapacity"] == nil {
            request["ReturnConsumedCapacity"] = "TOTAL"
        }
        if dryRun {
            // A dry run reads (never writes) to check the request against the table as it is.
            if let table = request["TableName"]?.stringValue, operation != .createTable {
                let description =
                    try await runner.backend.perform(.describeTable, ["TableName": .string(table)])["Table"] ?? .null
                if let problem = KeySchemaCheck.check(operation, request, table: table, description: description) {
                    throw DynamoError.validation(problem)
                }
            }
            // The embedded engine rehearses the request: the run's own checks, nothing kept.
            let response: JSONValue?
            do {
                response = try await runner.backend.rehearse(operation, .object(request))
            } catch let error as DynamoError
                where error.kind == .conditionalCheckFailed
                || error.kind == .transactionCanceled
            {
                throw DryRunStop(operation: operation, request: .object(request), wouldFail: error)
            }
            throw DryRunStop(operation: operation, request: .object(request), response: response)
        }
        try Task.checkCancellation()
        let response = try await runner.backend.perform(operation, .object(request))
        if !runner.backend.recordsOrigins {
            runner.localWrites.note(operation, request, origin: CallOrigin.current)
        }
        meter.record(operation, response["ConsumedCapacity"])
        return response
    }

    func table() throws(DynamoError) -> String {
        let name = try args.requiredString("table")
        try policy.checkTable(name)
        return name
    }

    /// Runs the named tool: its definition carries the function (an unknown name was refused before).
    func execute(_ name: String) async throws -> ToolResult {
        guard let tool = ToolCatalog.definition(name) else { throw DynamoError.validation("Unknown tool \"\(name)\"") }
        return try await tool.run(self)
    }
}
