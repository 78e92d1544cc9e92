import Testing

@testable import DynamoCore

/// Code decides on an error's kind, never on its text; DynamoDB's constraint wording is said once.
@Suite struct DynamoErrorTests {
    @Test func kindsFollowDynamoDBsNames() {
        #expect(DynamoError.validation("x").kind == .validation)
        #expect(DynamoError.conditionalCheckFailed().kind == .conditionalCheckFailed)
        #expect(DynamoError.tableNotFound("T").kind == .resourceNotFound)
        for throttle in ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"] {
            #expect(DynamoError(type: throttle, message: "").kind == .throttled)
        }
        #expect(DynamoError(type: "SomethingNew", message: "").kind == .other)
    }

    @Test func constraintMessagesUseDynamoDBsWording() {
        #expect(
            DynamoError.constraintPrefix(value: "0", at: "limit") + "Member must have value greater than or equal to 1"
                == "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1")
        #expect(
            DynamoError.constraintPrefix(nullAt: "keySchema").hasPrefix("1 validation error detected: Value null at"))
        #expect(DynamoError.constraintPrefix(at: "tags").contains("Value at 'tags' failed"))
    }
}
