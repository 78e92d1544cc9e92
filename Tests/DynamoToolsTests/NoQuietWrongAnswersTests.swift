import DynamoCore
import DynamoEngine
import Testing

@testable import DynamoTools

/// Inputs that used to give a quietly wrong answer now give the right answer or a clear error.
@Suite struct NoQuietWrongAnswersTests {
    @Test func operatorMapsWithoutOpAndBareListsAreRefusedWithTheRightShape() async throws {
        let runner = try demoRunner()
        let gt = try await call(runner, "scan", #"{"table": "Shop", "filters": {"total": {"gt": 300}}}"#)
        #expect(gt.isError && gt.summary.contains(#"{"op": "gt", "value": 300}"#))
        let dollar = try await call(runner, "scan", #"{"table": "Shop", "filters": {"total": {"$gte": 300}}}"#)
        #expect(dollar.isError && dollar.summary.contains(#"{"op": "gte", "value": 300}"#))
        let list = try await call(runner, "scan", #"{"table": "Shop", "filters": {"status": ["paid", "shipped"]}}"#)
        #expect(list.isError && list.summary.contains(#"{"op": "in", "value": ["paid","shipped"]}"#))
        let condition = try await call(
            runner, "put_item",
            #"{"table": "Movies", "item": {"year": 1, "title": "t"}, "condition": {"rating": {"lt": 3}}}"#)
        #expect(condition.isError && condition.summary.contains("condition.rating"))
        // Explicit forms still work, typed values are still bare values.
        let explicit = try await call(
            runner, "scan",
            #"{"table": "Shop", "filters": {"status": {"op": "in", "value": ["paid", "shipped"]}}, "select": "COUNT", "all": true}"#
        )
        #expect(!explicit.isError && (explicit.structured["count"]?.intValue ?? 0) > 0)
        let typed = try await call(
            runner, "scan",
            #"{"table": "Shop", "format": "dynamodb", "filters": {"status": {"S": "paid"}}, "select": "COUNT", "all": true}"#
        )
        #expect(!typed.isError && (typed.structured["count"]?.intValue ?? 0) > 0)
        let set = try await call(runner, "scan", #"{"table": "Shop", "filters": {"tags": {"$ss": ["x"]}}, "limit": 1}"#)
        #expect(!set.isError)
    }

    @Test func dottedNamesAreNestedPathsInEveryStructuredArgument() async throws {
        let runner = ToolRunner(backend: try EmbeddedEngine(path: nil))
        _ = try await call(runner, "create_table", #"{"table": "Docs", "partition_key": {"name": "id", "type": "S"}}"#)
        _ = try await call(
            runner, "put_item",
            #"{"table": "Docs", "item": {"id": "a", "meta": {"owner": {"name": "Ada"}, "flags": {"none": 1, "x": 2}}, "lines": [{"qty": 1}]}}"#
        )
        let update = try await call(
            runner, "update_item",
            #"{"table": "Docs", "key": {"id": "a"}, "updates": {"meta.owner.name": "Grace", "lines[0].qty": 5, "`meta.literal`": true}, "remove": ["meta.flags.none"], "return_values": "ALL_NEW"}"#
        )
        #expect(!update.isError, "\(update.summary)")
        let item = try #require(update.structured["attributes"])
        #expect(item["meta"]?["owner"]?["name"] == "Grace")
        #expect(item["meta"]?["flags"]?["none"] == nil && item["meta"]?["flags"]?["x"] == 2)
        #expect(item["lines"]?.arrayValue?.first?["qty"] == 5)
        #expect(item["meta.literal"] == true && item["meta.owner.name"] == nil)
        let found = try await call(
            runner, "scan",
            #"{"table": "Docs", "filters": {"meta.owner.name": "Grace"}, "projection": ["meta.owner.name"]}"#)
        #expect(found.structured["count"] == 1)
        #expect(found.structured["items"]?.arrayValue?.first == ["meta": ["owner": ["name": "Grace"]]])
        let literal = try await call(runner, "scan", #"{"table": "Docs", "filters": {"`meta.literal`": true}}"#)
        #expect(literal.structured["count"] == 1)
        let bad = try await call(runner, "scan", #"{"table": "Docs", "filters": {"meta..x": 1}}"#)
        #expect(bad.isError && bad.summary.contains("backquotes"))
    }

    @Test func maxItemsCapsItemsNeverThePageSize() async throws {
        let runner = try demoRunner()
        let filtered = try await call(
            runner, "scan",
            #"{"table": "Shop", "filters": {"total": {"op": "gt", "value": 300}}, "max_items": 3, "all": true}"#)
        #expect(filtered.structured["count"] == 3)
        #expect((filtered.structured["pages"]?.intValue ?? 99) <= 2)
        #expect(filtered.structured["stopped"]?["reason"] == "max_items")
        // Without `all`, one page, cut after the third item; the cursor resumes right after it.
        let first = try await call(runner, "scan", #"{"table": "Movies", "max_items": 3}"#)
        #expect(first.structured["count"] == 3)
        let cursor = try #require(first.nextCursor)
        let second = try await call(runner, "scan", #"{"table": "Movies", "max_items": 3, "cursor": "\#(cursor)"}"#)
        let six = try await call(runner, "scan", #"{"table": "Movies", "limit": 6}"#)
        let joined = (first.structured["items"]?.arrayValue ?? []) + (second.structured["items"]?.arrayValue ?? [])
        #expect(joined == six.structured["items"]?.arrayValue)
        // An index page is resumed with the index keys and the table keys.
        let index = try await call(
            runner, "query",
            #"{"table": "Shop", "index_name": "GSI1", "key_condition": {"gsi1pk": "STATUS#shipped"}, "max_items": 2}"#)
        let indexCursor = try #require(index.nextCursor)
        let indexNext = try await call(
            runner, "query",
            #"{"table": "Shop", "index_name": "GSI1", "key_condition": {"gsi1pk": "STATUS#shipped"}, "max_items": 2, "cursor": "\#(indexCursor)"}"#
        )
        let four = try await call(
            runner, "query",
            #"{"table": "Shop", "index_name": "GSI1", "key_condition": {"gsi1pk": "STATUS#shipped"}, "limit": 4}"#)
        #expect(
            (index.structured["items"]?.arrayValue ?? []) + (indexNext.structured["items"]?.arrayValue ?? [])
                == four.structured["items"]?.arrayValue)
    }

    @Test func countWithAllCountsEverything() async throws {
        let runner = try demoRunner(ToolPolicy(maxItems: 1000))
        let count = try await call(runner, "scan", #"{"table": "Shop", "select": "COUNT", "all": true}"#)
        #expect(count.structured["count"] == 1727)
        #expect(count.structured["next_cursor"] == nil && count.structured["stopped"] == nil)
        let budget = try await call(
            try demoRunner(ToolPolicy(maxItems: 5)), "scan",
            #"{"table": "Shop", "select": "COUNT", "all": true, "limit": 100}"#)
        #expect(budget.structured["stopped"]?["reason"] == "scan_budget")
        #expect(budget.nextCursor != nil)
    }

    @Test func aQueryWithoutThePartitionKeyNamesThePartitionKey() async throws {
        let runner = try demoRunner()
        let index = try await call(
            runner, "query", #"{"table": "Shop", "index_name": "GSI1", "key_condition": {"gsi1sk": "x"}}"#)
        #expect(index.isError && index.summary.contains("missed key schema element: gsi1pk"))
        let wrong = try await call(runner, "query", #"{"table": "Shop", "key_condition": {"pkk": "x"}}"#)
        #expect(wrong.isError && wrong.summary.contains("missed key schema element: pk"))
        let sortWrong = try await call(runner, "query", #"{"table": "Shop", "key_condition": {"pk": "x", "skk": "y"}}"#)
        #expect(sortWrong.isError && sortWrong.summary.contains("missed key schema element: sk"))
    }

    @Test func dryRunsCheckTheTableKeysAndIndexes() async throws {
        let runner = try demoRunner()
        let missing = try await call(runner, "get_item", #"{"table": "Nope", "key": {"id": 1}}"#, dryRun: true)
        #expect(missing.isError && missing.summary.contains("Table Nope not found"))
        let wrongType = try await call(
            runner, "update_item", #"{"table": "Movies", "key": {"year": "1990", "title": "X"}, "updates": {"a": 1}}"#,
            dryRun: true)
        #expect(
            wrongType.summary
                == "ValidationException: Movies is keyed by year (N) and title (S): key.year is a String, the key needs a Number"
        )
        let index = try await call(
            runner, "query", #"{"table": "Shop", "index_name": "GSX", "key_condition": {"pk": "a"}}"#, dryRun: true)
        #expect(index.isError && index.summary.hasSuffix("(Shop has: GSI1, ByCreatedAt)"))
        let put = try await call(runner, "put_item", #"{"table": "Movies", "item": {"year": 1990}}"#, dryRun: true)
        #expect(put.isError && put.summary.contains("missing title"))
        let fine = try await call(
            runner, "delete_item", #"{"table": "Movies", "key": {"year": 1990, "title": "X"}}"#, dryRun: true)
        #expect(!fine.isError && fine.structured["valid"] == true)
    }

    @Test func keyErrorsNameTheKeySchema() async throws {
        let runner = try demoRunner()
        let extra = try await call(
            runner, "get_item", #"{"table": "Movies", "key": {"year": 1990, "title": "X", "genre": "a"}}"#)
        #expect(extra.summary.contains("Movies is keyed by year (N) and title (S): extra attribute genre"))
        let half = try await call(runner, "delete_item", #"{"table": "Movies", "key": {"year": 1990}}"#)
        #expect(half.summary.contains("missing title"))
    }

    @Test func aFilterValueOfTheWrongTypeIsWarnedAbout() async throws {
        let runner = try demoRunner()
        let wrong = try await call(
            runner, "scan", #"{"table": "Shop", "filters": {"total": {"op": "gt", "value": "1500"}}}"#)
        #expect(wrong.structured["count"] == 0)
        #expect(
            wrong.structured["warnings"]?.arrayValue?.first?.stringValue?.contains("total holds Number values") == true)
        let right = try await call(
            runner, "scan", #"{"table": "Shop", "filters": {"total": {"op": "gt", "value": 1500}}}"#)
        #expect(right.structured["warnings"] == nil)
    }
}

@Suite struct ToolExampleTests {
    /// Every tool has an example, and every example passes a dry run on the demo tables.
    @Test func everyExampleIsAValidCall() async throws {
        let runner = try demoRunner()
        for tool in ToolCatalog.tools(for: ToolPolicy()) {
            let result = try await call(runner, tool.name, tool.example, dryRun: true)
            #expect(!result.isError, "\(tool.name): \(result.summary)")
        }
    }
}

@Suite struct HintTests {
    @Test func reservedWordsAndPartiQLDoubleQuotesSayHowToFixThem() async throws {
        let runner = try demoRunner()
        let reserved = try await call(
            runner, "scan", #"{"table": "Shop", "filter_expression": "status = :s", "values": {":s": "paid"}}"#)
        #expect(reserved.summary.contains(##"names: {"#status": "status"}"##))
        let quoted = try await call(
            runner, "execute_statement",
            #"{"statement": "SELECT * FROM Movies WHERE \"year\" = 2013 AND rating = \"high\""}"#)
        #expect(quoted.structured["count"] == 0)
        #expect(
            quoted.structured["warnings"]?.arrayValue?.first?.stringValue?.contains("write 'high' in single quotes")
                == true)
        let right = try await call(
            runner, "execute_statement", #"{"statement": "SELECT * FROM Movies WHERE \"year\" = 2013 AND rating > 1"}"#)
        #expect(right.structured["warnings"] == nil)
    }
}

@Suite struct FormatMismatchTests {
    @Test func typedAndPlainValuesInTheWrongFormatNameTheArgument() async throws {
        let runner = try demoRunner()
        let plainAsTyped = try await call(
            runner, "put_item", #"{"table": "Movies", "format": "dynamodb", "item": {"year": 1990, "title": "X"}}"#)
        #expect(plainAsTyped.summary.contains("arguments.item: format is \"dynamodb\""))
        let deepInBatch = try await call(
            runner, "batch_write_item",
            #"{"table": "Movies", "format": "dynamodb", "put": [{"year": {"N": "1"}, "title": {"S": "A"}}, {"year": 1990, "title": "X"}]}"#
        )
        #expect(deepInBatch.summary.contains("arguments.put[1]: format is \"dynamodb\""), "\(deepInBatch.summary)")
        let deepInRequests = try await call(
            runner, "batch_get_item",
            #"{"format": "dynamodb", "requests": {"Movies": {"keys": [{"year": 1990, "title": "X"}]}}}"#)
        #expect(
            deepInRequests.summary.contains("arguments.requests.Movies.keys[0]: format"), "\(deepInRequests.summary)")
        let deepInTransaction = try await call(
            runner, "transact_write_items",
            #"{"format": "dynamodb", "actions": [{"delete": {"table": "Movies", "key": {"year": {"N": "1"}, "title": {"S": "A"}}}}, {"put": {"table": "Movies", "item": {"year": 2, "title": "B"}}}]}"#
        )
        #expect(
            deepInTransaction.summary.contains("arguments.actions[1].put.item: format"), "\(deepInTransaction.summary)")
        let typedAsPlain = try await call(
            runner, "get_item", #"{"table": "Movies", "key": {"year": {"N": "1990"}, "title": {"S": "X"}}}"#)
        // Whichever attribute is reached first is named, with the plain value to write instead.
        let named =
            typedAsPlain.summary.contains(#"arguments.key: {"N":"1990"} at year looks like DynamoDB JSON"#)
            && typedAsPlain.summary.contains("write 1990 (or pass format: \"dynamodb\" for typed JSON)")
            || typedAsPlain.summary.contains(#"arguments.key: {"S":"X"} at title looks like DynamoDB JSON"#)
                && typedAsPlain.summary.contains(#"write "X" (or pass format: "dynamodb" for typed JSON)"#)
        #expect(named, "\(typedAsPlain.summary)")
    }
}

@Suite struct ReadOnlyStatementTests {
    @Test func readOnlySessionsKeepPartiQLSelectWithTrueAnnotations() async throws {
        let policy = ToolPolicy(readOnly: true)
        let tool = try #require(ToolCatalog.tools(for: policy).first { $0.name == "execute_statement" })
        #expect(tool.readOnly && !tool.destructive)
        #expect(ToolCatalog.tools(for: policy).allSatisfy { $0.readOnly })
        let runner = try demoRunner(policy)
        let select = try await call(
            runner, "execute_statement", #"{"statement": "SELECT title FROM Movies WHERE \"year\" = 1990", "limit": 2}"#
        )
        #expect(!select.isError && select.structured["count"] == 2)
        let delete = try await call(
            runner, "execute_statement", #"{"statement": "DELETE FROM Movies WHERE \"year\" = 1990 AND title = 'X'"}"#)
        #expect(delete.isError && delete.summary.hasPrefix("AccessDeniedException"))
        #expect(ToolCatalog.tools(for: ToolPolicy()).first { $0.name == "execute_statement" }?.destructive == true)
    }
}

@Suite struct ConditionFailureTests {
    @Test func aFailedConditionShowsTheItemAsItIsNow() async throws {
        let runner = try demoRunner()
        _ = try await call(
            runner, "put_item", #"{"table": "Movies", "item": {"year": 2099, "title": "Kept", "rating": 5}}"#)
        let failed = try await call(
            runner, "update_item",
            #"{"table": "Movies", "key": {"year": 2099, "title": "Kept"}, "updates": {"rating": 9}, "condition": {"rating": {"op": "lt", "value": 3}}}"#
        )
        #expect(failed.isError && failed.structured["error"]?["current_item"]?["rating"] == 5)
        let missing = try await call(
            runner, "delete_item",
            #"{"table": "Movies", "key": {"year": 2099, "title": "Nope"}, "condition": {"title": {"op": "exists"}}}"#)
        #expect(missing.isError && missing.summary.contains("the item does not exist"))
    }

    /// A cancelled transaction names the failed actions by index and shows each item as it is now.
    @Test func aCancelledTransactionShowsEachFailedItem() async throws {
        let runner = try demoRunner()
        _ = try await call(
            runner, "put_item", #"{"table": "Movies", "item": {"year": 2099, "title": "Kept", "rating": 5}}"#)
        let cancelled = try await call(
            runner, "transact_write_items",
            #"""
            {"actions": [{"put": {"table": "Movies", "item": {"year": 2099, "title": "Other"}}},
                         {"update": {"table": "Movies", "key": {"year": 2099, "title": "Kept"}, "updates": {"rating": 9},
                                     "condition": {"rating": {"op": "lt", "value": 3}}}},
                         {"condition_check": {"table": "Movies", "key": {"year": 2099, "title": "Gone"},
                                              "condition": {"title": {"op": "exists"}}}}]}
            """#)
        #expect(cancelled.isError && cancelled.summary.hasPrefix("TransactionCanceledException"))
        #expect(
            cancelled.summary.contains("failed: actions[1] ConditionalCheckFailed, actions[2] ConditionalCheckFailed"))
        let reasons = try #require(cancelled.structured["error"]?["CancellationReasons"]?.arrayValue)
        #expect(reasons.count == 3 && reasons[0]["Code"] == "None")
        #expect(reasons[1]["current_item"] == ["year": 2099, "title": "Kept", "rating": 5])
        #expect(reasons[2]["current_item"] == .null)
        let untouched = try await call(
            runner, "get_item", #"{"table": "Movies", "key": {"year": 2099, "title": "Other"}}"#)
        #expect(untouched.structured["item"] == .null)
    }
}

/// tools/list is read by every agent conversation: small, yet precise.
@Suite struct ToolCatalogSizeTests {
    @Test func theCatalogStaysWithinItsByteBudgetWithAnExampleForEveryTool() throws {
        let tools = ToolCatalog.tools(for: ToolPolicy())
        var bytes = 0
        for tool in tools {
            let listed: JSONValue = [
                "name": .string(tool.name), "title": .string(tool.title),
                "description": .string(tool.description),
                "inputSchema": tool.inputSchema, "outputSchema": tool.outputSchema,
            ]
            bytes += listed.jsonText.utf8.count
            #expect(tool.inputSchema["examples"]?.arrayValue?.count == 1, "\(tool.name) has no example")
        }
        // 19,000 bytes for 16 tools; the budget grows by 1,000 bytes a tool, never for wordier descriptions.
        #expect(bytes < 19_000 + 1_000 * (tools.count - 16), "tools/list carries \(bytes) bytes of definitions")
        let actions = try #require(
            ToolCatalog.definition("transact_write_items")?.inputSchema["properties"]?["actions"])
        #expect(actions["items"]?["oneOf"]?.arrayValue?.count == 4)
        let putReturns = ToolCatalog.definition("put_item")?.inputSchema["properties"]?["return_values"]?["enum"]
        #expect(putReturns == ["NONE", "ALL_OLD"])
    }
}
