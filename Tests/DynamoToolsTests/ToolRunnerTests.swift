import DynamoCore
import DynamoEngine
import Synchronization
import Testing

@testable import DynamoTools

func demoRunner(_ policy: ToolPolicy = ToolPolicy()) throws -> ToolRunner {
    let engine = try EmbeddedEngine(path: nil)
    try DemoData.load(into: engine)
    return ToolRunner(backend: engine, policy: policy)
}

func call(_ runner: ToolRunner, _ name: String, _ args: String, dryRun: Bool = false) async throws -> ToolResult {
    await runner.run(ToolCall(name: name, arguments: try JSONValue.parse(args)), dryRun: dryRun)
}

@Suite struct ToolRunnerTests {
    @Test func structuredQueryPagesWithCursor() async throws {
        let runner = try demoRunner()
        let args =
            #"{"table": "Movies", "key_condition": {"year": 1990, "title": {"op": "begins_with", "value": "The "}}, "limit": 3}"#
        let first = try await call(runner, "query", args)
        #expect(!first.isError)
        #expect(first.structured["items"]?.arrayValue?.count == 3)
        let cursor = try #require(first.nextCursor)
        var next = try JSONValue.parse(args).objectValue!
        next["cursor"] = .string(cursor)
        let second = await runner.run(ToolCall(name: "query", arguments: .object(next)))
        #expect(second.structured["items"]?.arrayValue?.first != first.structured["items"]?.arrayValue?.first)
        next["key_condition"] = ["year": 1991]
        let mismatched = await runner.run(ToolCall(name: "query", arguments: .object(next)))
        #expect(mismatched.isError && mismatched.summary.contains("different query"))
    }

    @Test func allFollowsPagesUpToMaxItems() async throws {
        let runner = try demoRunner(ToolPolicy(maxItems: 250))
        let r = try await call(
            runner, "scan", #"{"table": "Metrics", "all": true, "filters": {"battery": {"op": "gt", "value": 60}}}"#)
        #expect(r.structured["count"] == 250)
        #expect(r.nextCursor != nil)
    }

    @Test func policyIsEnforced() async throws {
        let readOnly = try demoRunner(ToolPolicy(readOnly: true, tablePatterns: ["Mov*"]))
        #expect(!ToolCatalog.tools(for: readOnly.policy).contains { $0.name == "put_item" })
        let write = try await call(readOnly, "put_item", #"{"table": "Movies", "item": {"year": 1, "title": "x"}}"#)
        #expect(write.isError && write.summary.contains("read-only"))
        let outside = try await call(readOnly, "scan", #"{"table": "Shop"}"#)
        #expect(outside.isError && outside.summary.contains("allowed tables"))
        let tables = try await call(readOnly, "list_tables", "{}")
        #expect(tables.structured["tables"] == ["Movies"])
    }

    @Test func argumentValidationNamesTheField() async throws {
        let runner = try demoRunner()
        let wrongType = try await call(
            runner, "query", #"{"table": "Movies", "key_condition": {"year": 1990}, "limit": "3"}"#)
        #expect(wrongType.summary.hasPrefix("ValidationException: arguments.limit: expected integer, got string"))
        let unknown = try await call(runner, "get_item", #"{"table": "Movies", "kee": {}}"#)
        #expect(unknown.isError && unknown.summary.contains("unknown argument \"kee\"; did you mean \"key\"?"))
        let several = try await call(
            runner, "query", #"{"table": "Movies", "index": "GenreRating", "scan_index_forward": false, "limit": "3"}"#)
        #expect(
            several.summary.contains("3 problems") && several.summary.contains("did you mean \"index_name\"")
                && several.summary.contains("did you mean \"scan_forward\""))
        let missing = try await call(runner, "scan", #"{"table": "movies"}"#)
        #expect(
            missing.summary
                == "ResourceNotFoundException: Table movies not found; did you mean Movies?; tables: Metrics, Movies, Shop"
        )
        let index = try await call(
            runner, "query", #"{"table": "Shop", "index_name": "GSI9", "key_condition": {"pk": "x"}}"#)
        #expect(index.summary.hasSuffix("(Shop has: GSI1, ByCreatedAt)"))
        let confirm = try await call(runner, "delete_table", #"{"table": "Movies", "confirm": "yes"}"#)
        #expect(confirm.isError && confirm.summary.contains("confirm: \"Movies\""))
    }

    @Test func dryRunShowsTheDynamoDBRequest() async throws {
        let runner = try demoRunner()
        let r = try await call(
            runner, "update_item",
            #"{"table": "Movies", "key": {"year": 1990, "title": "X"}, "updates": {"rating": 9.5}, "remove": ["awards"]}"#,
            dryRun: true)
        #expect(r.structured["operation"] == "UpdateItem")
        #expect(r.structured["request"]?["UpdateExpression"] == "SET #u1 = :u2 REMOVE #r3")
        #expect(r.structured["request"]?["ExpressionAttributeValues"]?[":u2"] == ["N": "9.5"])
        let gone = try await call(runner, "get_item", #"{"table": "Movies", "key": {"year": 1990, "title": "X"}}"#)
        #expect(gone.structured["item"] == .null)
    }

    @Test func batchWriteSplitsIntoChunks() async throws {
        let runner = try demoRunner()
        let items = (0..<60).map { #"{"device": "bulk", "ts": \#($0)}"# }.joined(separator: ",")
        let w = try await call(runner, "batch_write_item", #"{"table": "Metrics", "put": [\#(items)]}"#)
        #expect(w.structured["written"] == 60)
        #expect(w.summary.contains("3 request(s)"))
        let q = try await call(
            runner, "query", #"{"table": "Metrics", "key_condition": {"device": "bulk"}, "select": "COUNT"}"#)
        #expect(q.structured["count"] == 60)
    }
}

@Suite struct UpdateSafetyTests {
    /// `only_if_exists` turns DynamoDB's upsert into an update of an existing item only.
    @Test func onlyIfExistsRefusesToCreate() async throws {
        let runner = try demoRunner()
        let missing = try await call(
            runner, "update_item",
            #"{"table": "Movies", "key": {"year": 1990, "title": "No Such Film"}, "updates": {"rating": 1}, "only_if_exists": true}"#
        )
        #expect(missing.isError && missing.summary.hasPrefix("ConditionalCheckFailedException"))
        let gone = try await call(
            runner, "get_item", #"{"table": "Movies", "key": {"year": 1990, "title": "No Such Film"}}"#)
        #expect(gone.structured["item"] == .null)
        let anyFilm = try await call(
            runner, "query", #"{"table": "Movies", "key_condition": {"year": 1990}, "limit": 1}"#)
        let title = try #require(anyFilm.structured["items"]?.arrayValue?.first?["title"]?.stringValue)
        let existing = await runner.run(
            ToolCall(
                name: "update_item",
                arguments: [
                    "table": "Movies", "key": ["year": 1990, "title": .string(title)], "updates": ["rating": 7],
                    "only_if_exists": true,
                ]))
        #expect(!existing.isError, "\(existing.summary)")
        #expect(existing.structured["attributes"]?["rating"] == 7)
    }
}

@Suite struct StatementToolTests {
    @Test func selectPagesWithACursorAndPolicyApplies() async throws {
        let runner = try demoRunner()
        let args =
            #"{"statement": "SELECT title FROM Movies WHERE \"year\" = ? ORDER BY title DESC", "parameters": [1990], "limit": 3}"#
        let first = try await call(runner, "execute_statement", args)
        #expect(!first.isError && first.structured["count"] == 3, "\(first.summary)")
        let cursor = try #require(first.nextCursor)
        var next = try JSONValue.parse(args).objectValue!
        next["cursor"] = .string(cursor)
        let second = await runner.run(ToolCall(name: "execute_statement", arguments: .object(next)))
        let a = first.structured["items"]?.arrayValue?.last?["title"]?.stringValue ?? ""
        let b = second.structured["items"]?.arrayValue?.first?["title"]?.stringValue ?? ""
        #expect(!a.isEmpty && b < a, "descending order continues across pages")
        let limited = try demoRunner(ToolPolicy(tablePatterns: ["Shop"]))
        let refused = try await call(
            limited, "execute_statement", #"{"statement": "DELETE FROM Movies WHERE \"year\" = 1 AND title = 'x'"}"#)
        #expect(refused.isError && refused.summary.contains("allowed tables"))
        // Read-only sessions keep execute_statement for SELECT only (see ReadOnlyStatementTests).
        #expect(
            ToolCatalog.tools(for: ToolPolicy(readOnly: true)).first { $0.name == "execute_statement" }?.readOnly
                == true)
    }
}

@Suite struct ToolOutputSchemaTests {
    /// Every tool, run once on the demo data, returns a result its declared output schema accepts.
    @Test func everyToolResultMatchesItsOutputSchema() async throws {
        let runner = try demoRunner()
        let calls: [(String, String)] = [
            ("list_tables", "{}"),
            ("describe_table", #"{"table": "Movies"}"#),
            ("create_table", #"{"table": "Scratch", "partition_key": {"name": "id", "type": "S"}}"#),
            ("update_table", #"{"table": "Scratch", "stream": "NEW_AND_OLD_IMAGES"}"#),
            ("put_item", #"{"table": "Scratch", "item": {"id": "a", "n": 1}, "return_values": "ALL_OLD"}"#),
            ("put_item", #"{"table": "Scratch", "item": {"id": "a", "n": 2}, "return_values": "ALL_OLD"}"#),
            ("get_item", #"{"table": "Scratch", "key": {"id": "a"}}"#),
            ("get_item", #"{"table": "Scratch", "key": {"id": "missing"}}"#),
            ("update_item", #"{"table": "Scratch", "key": {"id": "a"}, "add": {"n": 1}}"#),
            ("query", #"{"table": "Movies", "key_condition": {"year": 1990}, "limit": 2}"#),
            ("query", #"{"table": "Movies", "key_condition": {"year": 1990}, "select": "COUNT"}"#),
            ("scan", #"{"table": "Metrics", "limit": 3}"#),
            ("parallel_scan", #"{"table": "Metrics", "total_segments": 3, "max_items": 30}"#),
            ("batch_write_item", #"{"table": "Scratch", "put": [{"id": "b"}, {"id": "c"}]}"#),
            ("batch_get_item", #"{"table": "Scratch", "keys": [{"id": "b"}, {"id": "zz"}]}"#),
            ("transact_write_items", #"{"actions": [{"put": {"table": "Scratch", "item": {"id": "d"}}}]}"#),
            (
                "transact_get_items",
                #"{"items": [{"table": "Scratch", "key": {"id": "d"}}, {"table": "Scratch", "key": {"id": "nope"}}]}"#
            ),
            ("execute_statement", #"{"statement": "SELECT * FROM Scratch WHERE id = ?", "parameters": ["b"]}"#),
            ("delete_item", #"{"table": "Scratch", "key": {"id": "a"}}"#),
            ("read_changes", #"{"table": "Scratch"}"#),
            ("delete_table", #"{"table": "Scratch", "confirm": "Scratch"}"#),
        ]
        #expect(Set(calls.map(\.0)) == Set(ToolCatalog.all.map(\.name)), "every tool is exercised")
        for (name, args) in calls {
            let result = try await call(runner, name, args)
            #expect(!result.isError, "\(name): \(result.summary)")
            let schema = try #require(ToolCatalog.definition(name)).outputSchema
            #expect(
                schema["anyOf"]?.arrayValue?.first?["required"]?.arrayValue?.isEmpty == false,
                "\(name) declares its result fields")
            #expect(throws: Never.self, "\(name) result \(result.structured.jsonText)") {
                try SchemaValidator.validate(result.structured, schema, path: "result")
            }
            // A dry run's result is in the same schema.
            var dry = try JSONValue.parse(args)
            if case .object(var fields) = dry {
                fields["dry_run"] = true
                dry = .object(fields)
            }
            let planned = await runner.run(ToolCall(name: name, arguments: dry))
            #expect(planned.isError || planned.structured["valid"] == true, "\(name) dry run: \(planned.summary)")
            if !planned.isError {
                #expect(throws: Never.self, "\(name) dry run \(planned.structured.jsonText)") {
                    try SchemaValidator.validate(planned.structured, schema, path: "result")
                }
            }
        }
        // The schemas do reject a wrong shape, and a result missing its fields.
        #expect(throws: DynamoError.self) {
            try SchemaValidator.validate(
                ["count": "three", "scanned_count": 1, "pages": 1], ToolCatalog.definition("query")!.outputSchema)
        }
        #expect(throws: DynamoError.self) {
            try SchemaValidator.validate(["items": []], ToolCatalog.definition("query")!.outputSchema)
        }
    }
}

@Suite struct ToolCancellationTests {
    func bigTable() async throws -> ToolRunner {
        let engine = try EmbeddedEngine(path: nil)
        let runner = ToolRunner(backend: engine, policy: ToolPolicy(maxItems: 1_000_000, maxBytes: 1 << 40))
        _ = try await call(runner, "create_table", #"{"table": "Big", "partition_key": {"name": "id", "type": "N"}}"#)
        for chunk in 0..<50 {
            let items = (0..<100).map { "{\"id\": \(chunk * 100 + $0)}" }.joined(separator: ", ")
            let written = try await call(runner, "batch_write_item", "{\"table\": \"Big\", \"put\": [\(items)]}")
            #expect(!written.isError)
        }
        return runner
    }

    /// A long `all: true` scan stops when its task is cancelled, keeps the pages it read, and its
    /// cursor resumes right after them.
    @Test func cancellingKeepsPartialResultsAndACursor() async throws {
        let runner = try await bigTable()
        let pagesSeen = Mutex(0)
        // One item per page: 5,000 round trips to the engine, far longer than the moment we wait.
        let scan = Task {
            await runner.run(ToolCall(name: "scan", arguments: ["table": "Big", "limit": 1, "all": true])) { _ in
                pagesSeen.withLock { $0 += 1 }
            }
        }
        while pagesSeen.withLock({ $0 }) < 5 { try await Task.sleep(for: .milliseconds(1)) }
        scan.cancel()
        let partial = await scan.value
        #expect(!partial.isError && partial.structured["cancelled"] == true, "\(partial.summary)")
        let read = try #require(partial.structured["items"]?.arrayValue)
        #expect(read.count >= 5 && read.count < 5_000)
        let cursor = try #require(partial.nextCursor)
        let rest = await runner.run(
            ToolCall(name: "scan", arguments: ["table": "Big", "limit": 1, "all": true, "cursor": .string(cursor)]))
        let remaining = try #require(rest.structured["items"]?.arrayValue)
        let ids = Set((read + remaining).compactMap { $0["id"]?.intValue })
        #expect(ids.count == 5_000 && read.count + remaining.count == 5_000, "nothing lost, nothing read twice")
    }

    /// Cancelled before its first page, a call reports the cancellation as an error.
    @Test func cancellingBeforeAnyPageIsAnError() async throws {
        let runner = try await bigTable()
        let scan = Task { () async -> ToolResult in
            while !Task.isCancelled { await Task.yield() }
            return await runner.run(ToolCall(name: "scan", arguments: ["table": "Big", "all": true]))
        }
        scan.cancel()
        let result = await scan.value
        #expect(result.isError && result.summary.hasPrefix("RequestCanceled"), "\(result.summary)")
    }

    /// Progress arrives once per page, in order.
    @Test func progressReportsEveryPage() async throws {
        let runner = try demoRunner(ToolPolicy(maxItems: 5000))
        let seen = Mutex<[ToolProgress]>([])
        let result = await runner.run(
            ToolCall(name: "scan", arguments: ["table": "Metrics", "limit": 500, "all": true])
        ) { p in
            seen.withLock { $0.append(p) }
        }
        let reports = seen.withLock { $0 }
        #expect(reports.count == result.structured["pages"]?.intValue)
        #expect(reports.map(\.pages) == Array(1...reports.count))
        #expect(reports.last?.more == false && reports.dropLast().allSatisfy(\.more))
    }
}
