import DynamoCore
import Foundation

/// Pieces shared by many operations: expressions, return values, consumed capacity.
enum RequestParts {
    /// Reads ExpressionAttributeNames/Values and checks they come with an expression.
    static func attributes(_ r: JSONReader, expressionFields: [String]) throws(DynamoError) -> ExpressionAttributes {
        let names = try r.stringMap("ExpressionAttributeNames")
        var values: [String: AttributeValue]? = nil
        if let raw = try r.objectValue("ExpressionAttributeValues") {
            var decoded: [String: AttributeValue] = [:]
            for (k, v) in raw { decoded[k] = try TypedJSON.decode(v) }
            values = decoded
        }
        let hasExpression = expressionFields.contains { r.has($0) }
        if !hasExpression {
            if names != nil {
                throw DynamoError.validation("ExpressionAttributeNames can only be specified when using expressions")
            }
            if values != nil {
                throw DynamoError.validation("ExpressionAttributeValues can only be specified when using expressions")
            }
        }
        return try ExpressionAttributes(names: names, values: values)
    }

    static func condition(_ r: JSONReader, _ field: String, _ kind: ExpressionKind, _ attrs: inout ExpressionAttributes)
        throws(DynamoError) -> Condition?
    {
        guard let text = try r.string(field) else { return nil }
        return try attrs.resolve(try ExpressionParser.parseCondition(text, kind: kind), kind)
    }

    static func projection(_ r: JSONReader, _ attrs: inout ExpressionAttributes) throws(DynamoError) -> [DocumentPath]?
    {
        guard let text = try r.string("ProjectionExpression") else { return nil }
        return try attrs.resolve(projection: try ExpressionParser.parseProjection(text))
    }

    static func returnValues(_ r: JSONReader, allowed: [String]) throws(DynamoError) -> String {
        let value = try r.string("ReturnValues") ?? "NONE"
        guard allowed.contains(value) else {
            if allowed.count == 2 { throw DynamoError.validation("ReturnValues can only be ALL_OLD or NONE") }
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: "\(value)", at: "returnValues")
                    + "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"
            )
        }
        return value
    }

    /// `ReturnValuesOnConditionCheckFailure`: `ALL_OLD` or `NONE`; `field` is where DynamoDB says it was.
    static func returnOldOnFailure(
        _ r: JSONReader, field: String = "returnValuesOnConditionCheckFailure"
    ) throws(DynamoError) -> Bool {
        guard let value = try r.string("ReturnValuesOnConditionCheckFailure") else { return false }
        guard value == "ALL_OLD" || value == "NONE" else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(value: value, at: field)
                    + "Member must satisfy enum value set: [ALL_OLD, NONE]")
        }
        return value == "ALL_OLD"
    }

    /// A list parameter of 1 to `max` members (`TransactItems`, `Statements`), with DynamoDB's messages.
    static func members(_ r: JSONReader, _ key: String, field: String, max: Int) throws(DynamoError) -> [JSONValue] {
        guard let list = try r.array(key), !list.isEmpty else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: field) + "Member must have length greater than or equal to 1")
        }
        guard list.count <= max else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(at: field) + "Member must have length less than or equal to \(max)")
        }
        return list
    }
}
