import DynamoCore
import Testing

@testable import DynamoEngine

@Suite struct LegacyParametersTests {
    func translate(_ op: DynamoOperation, _ text: String) throws -> JSONValue {
        try LegacyParameters.translate(op, try JSONValue.parse(text))
    }

    @Test func everyLegacyParameterBecomesItsExpression() throws {
        let put = try translate(
            .putItem,
            #"{"TableName": "T", "Item": {}, "Expected": {"version": {"Value": {"N": "3"}}, "lock": {"Exists": false}}}"#
        )
        #expect(put["ConditionExpression"] == "attribute_not_exists(#l0) AND #l1 = :l0")
        #expect(put["ExpressionAttributeNames"] == ["#l0": "lock", "#l1": "version"])
        #expect(put["Expected"] == nil)

        let query = try translate(
            .query,
            #"{"TableName": "T", "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}, "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "5"}]}}, "QueryFilter": {"status": {"ComparisonOperator": "IN", "AttributeValueList": [{"S": "x"}, {"S": "y"}]}, "gone": {"ComparisonOperator": "NULL"}}, "ConditionalOperator": "OR", "AttributesToGet": ["pk", "status"]}"#
        )
        #expect(query["FilterExpression"] == "attribute_not_exists(#l0) OR #l1 IN (:l0, :l1)")
        #expect(query["KeyConditionExpression"] == "#l2 = :l2 AND #l3 BETWEEN :l3 AND :l4")
        #expect(query["ProjectionExpression"] == "#l2, #l1")

        let update = try translate(
            .updateItem,
            #"{"TableName": "T", "Key": {}, "AttributeUpdates": {"a": {"Action": "PUT", "Value": {"S": "x"}}, "b": {"Action": "DELETE"}, "c": {"Action": "ADD", "Value": {"N": "1"}}, "d": {"Action": "ADD", "Value": {"L": [{"S": "z"}]}}, "e": {"Action": "DELETE", "Value": {"SS": ["q"]}}}}"#
        )
        #expect(
            update["UpdateExpression"]
                == "SET #l0 = :l0, #l3 = list_append(if_not_exists(#l3, :l2), :l3) REMOVE #l1 ADD #l2 :l1 DELETE #l4 :l4"
        )

        let batch = try translate(.batchGetItem, #"{"RequestItems": {"T": {"Keys": [], "AttributesToGet": ["name"]}}}"#)
        #expect(batch["RequestItems"]?["T"]?["ProjectionExpression"] == "#l0")
        #expect(batch["RequestItems"]?["T"]?["ExpressionAttributeNames"] == ["#l0": "name"])
    }

    @Test func requestsWithoutLegacyParametersAreUntouched() throws {
        let text = #"{"TableName": "T", "ConditionExpression": "attribute_exists(a)"}"#
        #expect(try translate(.putItem, text) == (try JSONValue.parse(text)))
    }

    @Test func mixingStylesAndBadOperatorsAreRefused() throws {
        #expect(
            throws: DynamoError.validation(
                "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"
            )
        ) {
            try translate(
                .getItem, #"{"TableName": "T", "Key": {}, "AttributesToGet": ["a"], "ProjectionExpression": "b"}"#)
        }
        #expect(
            throws: DynamoError.validation(
                "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"
            )
        ) {
            try translate(
                .scan,
                #"{"TableName": "T", "ScanFilter": {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}]}}}"#
            )
        }
        #expect(throws: DynamoError.self) {
            try translate(
                .scan,
                #"{"TableName": "T", "ScanFilter": {"a": {"ComparisonOperator": "ALMOST", "AttributeValueList": []}}}"#)
        }
        #expect(throws: DynamoError.self) {
            try translate(.putItem, #"{"TableName": "T", "Item": {}, "Expected": {"a": {"Exists": true}}}"#)
        }
    }
}
