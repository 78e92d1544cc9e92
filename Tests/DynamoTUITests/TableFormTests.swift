import DynamoCore
import DynamoEngine
import DynamoTools
import Foundation
import Testing

@testable import DynamoTUI

/// `n` creates a table from a form, `D` deletes one once its name is typed; both are logged calls.
@Suite struct TableFormTests {
    @Test func theFormBuildsOneCreateTableCallWithKeysBillingAndAnIndex() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char("n"))
        #expect(pilot.screen.contains("New table"))
        await pilot.type("Orders")
        await pilot.press(.tab)
        await pilot.type("customer")
        await pilot.press(.tab, .tab)
        await pilot.type("placedAt")
        await pilot.press(.tab, .right)  // the sort key is a number
        await pilot.press(.tab, .right)  // provisioned billing shows two capacity rows
        #expect(pilot.screen.contains("read capacity"))
        await pilot.press(.tab, .ctrl("u"))
        await pilot.type("3")
        await pilot.press(.up, .char("+"))  // on the billing choice, + adds an index
        await pilot.type("ByStatus")
        await pilot.press(.tab, .tab)
        await pilot.type("status")
        await pilot.press(.enter)
        guard case .confirm(let confirmation)? = pilot.model.overlay else {
            Issue.record("no confirmation: \(pilot.model.message?.text ?? "")")
            return
        }
        let arguments = confirmation.call.arguments
        #expect(confirmation.call.name == "create_table")
        #expect(arguments["table"] == "Orders")
        #expect(arguments["partition_key"] == ["name": "customer", "type": "S"])
        #expect(arguments["sort_key"] == ["name": "placedAt", "type": "N"])
        #expect(arguments["billing_mode"] == "PROVISIONED")
        #expect(arguments["capacity"] == ["read": 3, "write": 5])
        #expect(arguments["indexes"]?.arrayValue?.first?["name"] == "ByStatus")
        #expect(arguments["indexes"]?.arrayValue?.first?["partition_key"] == ["name": "status", "type": "S"])
        await pilot.press(.char("y"))
        #expect(pilot.model.tables.names.contains("Orders"))
        #expect(pilot.calls.contains { $0.name == "create_table" } && pilot.model.message?.text == "Created Orders.")
        let described = await pilot.runner.run(ToolCall(name: "describe_table", arguments: ["table": "Orders"]))
        #expect(described.structured.jsonText.contains("ByStatus"))
    }

    @Test func theFormSaysWhatIsMissingAndEscCreatesNothing() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char("n"))
        await pilot.type("ab")
        await pilot.press(.enter)
        #expect(pilot.model.message?.text.contains("3 to 255") == true)
        await pilot.type("c")
        await pilot.press(.enter)
        #expect(pilot.model.message?.text.contains("partition key needs a name") == true)
        await pilot.press(.escape)
        #expect(pilot.model.overlay == nil)
        #expect(!pilot.calls.contains { $0.name == "create_table" })
    }

    @Test func dDeletesOnlyWhenTheNameIsTypedAgain() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char("j"))  // Empty
        #expect(pilot.model.tables.selectedName == "Empty")
        await pilot.press(.char("D"))
        #expect(pilot.screen.contains("Delete Empty"))
        await pilot.type("Empt")
        await pilot.press(.enter)
        #expect(pilot.model.message?.isError == true)
        #expect(!pilot.calls.contains { $0.name == "delete_table" })
        await pilot.type("y")
        await pilot.press(.enter)
        #expect(pilot.calls.contains { $0.name == "delete_table" && $0.arguments["confirm"] == "Empty" })
        #expect(!pilot.model.tables.names.contains("Empty"))
        #expect(pilot.model.log.entries.contains { $0.call.name == "delete_table" && !$0.isError })
    }

    @Test func readOnlyRefusesBoth() async throws {
        let pilot = Pilot(runner: try await fixtureRunner(readOnly: true), readOnly: true)
        await pilot.start()
        await pilot.press(.char("n"))
        #expect(pilot.model.overlay == nil && pilot.model.message?.isError == true)
        await pilot.press(.char("D"))
        #expect(pilot.model.overlay == nil)
    }

    /// The tool sends provisioned capacity to the table and to each global index, and refuses it on demand.
    @Test func createTableCarriesCapacityOnlyWhenProvisioned() async throws {
        let runner = ToolRunner(backend: try EmbeddedEngine(path: nil))
        let provisioned = await runner.run(
            ToolCall(
                name: "create_table",
                arguments: try JSONValue.parse(
                    #"{"table": "P", "partition_key": {"name": "id", "type": "S"}, "billing_mode": "PROVISIONED", "capacity": {"read": 2, "write": 1}, "indexes": [{"name": "G", "partition_key": {"name": "g", "type": "S"}}]}"#
                )),
            dryRun: true)
        let request = provisioned.structured["request"]
        #expect(request?["ProvisionedThroughput"] == ["ReadCapacityUnits": 2, "WriteCapacityUnits": 1])
        #expect(
            request?["GlobalSecondaryIndexes"]?.arrayValue?.first?["ProvisionedThroughput"]?["ReadCapacityUnits"] == 2)
        let wrong = await runner.run(
            ToolCall(
                name: "create_table",
                arguments: try JSONValue.parse(
                    #"{"table": "Q", "partition_key": {"name": "id", "type": "S"}, "capacity": {"read": 2, "write": 1}}"#
                )))
        #expect(wrong.isError && wrong.summary.contains("PROVISIONED"))
    }
}
