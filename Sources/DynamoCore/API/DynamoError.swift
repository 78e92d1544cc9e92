/// An error with DynamoDB's name and message, so every face can report it as DynamoDB would.
///
/// `serve` sends it as `{"__type": "com.amazonaws.dynamodb.v20120810#ValidationException", "message": …}`,
/// the MCP server as a tool error, and the CLI on stderr.
public struct DynamoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// DynamoDB's exception name, e.g. `ValidationException`.
    public var type: String
    public var message: String
    /// Extra structured detail: `CancellationReasons` for transactions, `Item` for failed conditions.
    public var details: [String: JSONValue]

    public init(type: String, message: String, details: [String: JSONValue] = [:]) {
        self.type = type
        self.message = message
        self.details = details
    }

    public var description: String { "\(type): \(message)" }

    /// The HTTP status DynamoDB uses for this error.
    public var httpStatus: Int {
        switch type {
        case "InternalServerError": return 500
        case "ServiceUnavailable": return 503
        default: return 400
        }
    }

    public static func validation(_ message: String) -> DynamoError {
        DynamoError(type: "ValidationException", message: message)
    }

    public static func resourceNotFound(_ message: String = "Requested resource not found") -> DynamoError {
        DynamoError(type: "ResourceNotFoundException", message: message)
    }

    public static func tableNotFound(_ name: String) -> DynamoError {
        DynamoError(
            type: "ResourceNotFoundException", message: "Requested resource not found: Table: \(name) not found")
    }

    public static func resourceInUse(_ message: String) -> DynamoError {
        DynamoError(type: "ResourceInUseException", message: message)
    }

    public static func conditionalCheckFailed(item: JSONValue? = nil) -> DynamoError {
        var details: [String: JSONValue] = [:]
        if let item { details["Item"] = item }
        return DynamoError(
            type: "ConditionalCheckFailedException", message: "The conditional request failed", details: details)
    }

    public static func serialization(_ message: String) -> DynamoError {
        DynamoError(type: "SerializationException", message: message)
    }
}
