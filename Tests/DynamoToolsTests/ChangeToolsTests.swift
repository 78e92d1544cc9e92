import DynamoCore
import DynamoEngine
import Testing

@testable import DynamoTools

/// `update_table` and `read_changes` on the demo data.
@Suite struct ChangeToolsTests {
    @Test func updateTableAddsAnIndexSetsTTLAndTurnsTheStreamOnAndOff() async throws {
        let runner = try demoRunner()
        let added = try await call(
            runner, "update_table",
            #"{"table": "Movies", "add_index": {"name": "ByDirector", "partition_key": {"name": "director", "type": "S"}}, "#
                + #""ttl": {"attribute": "expires", "enabled": true}, "stream": "NEW_IMAGE"}"#)
        #expect(!added.isError, "\(added.summary)")
        #expect(added.summary.contains("stream NEW_IMAGE") && added.summary.contains("TTL on"))
        let indexes = TableDescription(added.structured["table"] ?? .null).indexes.map(\.name)
        #expect(indexes.contains("ByDirector"))
        #expect(added.structured["time_to_live"]?["Enabled"] == true)
        let byDirector = try await call(
            runner, "query",
            #"{"table": "Movies", "index_name": "ByDirector", "key_condition": {"director": "A. Kurosawa"}}"#)
        #expect((byDirector.structured["count"]?.intValue ?? 0) > 0, "the new index is backfilled")
        let off = try await call(
            runner, "update_table", #"{"table": "Movies", "stream": "off", "remove_index": "ByDirector"}"#)
        #expect(!off.isError, "\(off.summary)")
        #expect(off.structured["table"]?["StreamSpecification"] == nil)
        let again = try await call(runner, "update_table", #"{"table": "Movies", "stream": "off"}"#)
        #expect(again.isError && again.summary.contains("does not have an enabled stream"))
    }

    @Test func updateTableRefusesNothingToChangeAndHalfShapedArguments() async throws {
        let runner = try demoRunner()
        let nothing = try await call(runner, "update_table", #"{"table": "Movies"}"#)
        #expect(nothing.isError && nothing.summary.contains("nothing to change"))
        let badTTL = try await call(runner, "update_table", #"{"table": "Movies", "ttl": {"attribute": "x"}}"#)
        #expect(badTTL.isError && badTTL.summary.contains("arguments.ttl"))
        let badIndex = try await call(runner, "update_table", #"{"table": "Movies", "add_index": {"name": "X"}}"#)
        #expect(badIndex.isError && badIndex.summary.contains("arguments.add_index"))
    }

    @Test func readChangesIsReadOnlyAndNamesTablesWithoutAStream() async throws {
        let runner = try demoRunner()
        _ = try await call(runner, "update_table", #"{"table": "Shop", "stream": "NEW_AND_OLD_IMAGES"}"#)
        _ = try await call(
            runner, "update_item",
            #"{"table": "Shop", "key": {"pk": "CUSTOMER#C0001", "sk": "PROFILE"}, "add": {"n": 1}}"#)
        let readOnly = ToolRunner(backend: runner.backend, policy: ToolPolicy(readOnly: true))
        #expect(ToolCatalog.tools(for: readOnly.policy).contains { $0.name == "read_changes" })
        #expect(!ToolCatalog.tools(for: readOnly.policy).contains { $0.name == "update_table" })
        let changes = try await call(readOnly, "read_changes", #"{"table": "Shop"}"#)
        let first = try #require(changes.structured["changes"]?.arrayValue?.first)
        #expect(first["event"] == "MODIFY" && first["new"]?["n"] == .number("1") && first["old"]?["n"] == nil)
        #expect(first["by"]?["tool"] == "update_item" && first["by"]?["face"] == "call")
        let none = try await call(readOnly, "read_changes", #"{"table": "Movies"}"#)
        #expect(none.structured["tables_without_stream"] == ["Movies"])
        #expect(none.summary.contains("update_table"))
        let badCursor = try await call(readOnly, "read_changes", #"{"since": "not a cursor"}"#)
        #expect(badCursor.isError && badCursor.summary.contains("arguments.since"))
    }
}
