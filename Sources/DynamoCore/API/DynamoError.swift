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

    /// What kind of failure this is, for code that decides what to do next: switch on it, never on
    /// the message text. `type` keeps DynamoDB's exact name for the wire.
    public enum Kind: Equatable, Sendable {
        case validation, serialization, conditionalCheckFailed, transactionCanceled, transactionConflict
        case resourceNotFound, resourceInUse, limitExceeded, duplicateItem, idempotentParameterMismatch
        /// The service asked us to slow down: retried with backoff.
        case throttled
        case accessDenied, expiredToken, unknownOperation
        /// The request never got an answer: network, timeout, cancellation, credentials.
        case network, timeout, cancelled, credentials
        case internalError
        case other
    }

    public var kind: Kind {
        switch type {
        case "ValidationException": return .validation
        case "SerializationException": return .serialization
        case "ConditionalCheckFailedException": return .conditionalCheckFailed
        case "TransactionCanceledException": return .transactionCanceled
        case "TransactionConflictException", "TransactionInProgressException": return .transactionConflict
        case "ResourceNotFoundException": return .resourceNotFound
        case "ResourceInUseException": return .resourceInUse
        case "LimitExceededException", "ItemCollectionSizeLimitExceededException": return .limitExceeded
        case "DuplicateItemException": return .duplicateItem
        case "IdempotentParameterMismatchException": return .idempotentParameterMismatch
        case "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
            "ThrottledException", "TooManyRequestsException", "RequestThrottledException":
            return .throttled
        case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException": return .accessDenied
        case "ExpiredTokenException", "ExpiredToken": return .expiredToken
        case "UnknownOperationException": return .unknownOperation
        case "NetworkError": return .network
        case "RequestTimeoutException": return .timeout
        case "RequestCanceled": return .cancelled
        case "CredentialsError": return .credentials
        case "InternalServerError", "ServiceUnavailable": return .internalError
        default: return .other
        }
    }

    /// DynamoDB's wording for a request field that breaks a rule, said once here:
    /// `1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: ` + the rule.
    public static func constraintPrefix(value: String, at field: String) -> String {
        "1 validation error detected: Value '\(value)' at '\(field)' failed to satisfy constraint: "
    }

    /// The same for a missing value (`Value null at 'keySchema'`).
    public static func constraintPrefix(nullAt field: String) -> String {
        "1 validation error detected: Value null at '\(field)' failed to satisfy constraint: "
    }

    /// The same where DynamoDB does not echo the value (`Value at 'tags.member.value'`).
    public static func constraintPrefix(at field: String) -> String {
        "1 validation error detected: Value at '\(field)' failed to satisfy constraint: "
    }

    /// The HTTP status DynamoDB uses for this error.
    public var httpStatus: Int {
        switch type {
        case "InternalServerError": return 500
        case "ServiceUnavailable": return 503
        case "RequestEntityTooLargeException": return 413
        default: return 400
        }
    }

    public static func validation(_ message: String) -> DynamoError {
        DynamoError(type: "ValidationException", message: message)
    }

    public static func resourceNotFound(_ message: String = "Requested resource not found") -> DynamoError {
        DynamoError(type: "ResourceNotFoundException", message: message)
    }

    /// An item attribute (or a legacy `AttributeUpdates` entry) named by the empty string.
    public static func emptyAttributeName() -> DynamoError {
        .validation("One or more parameter values were invalid: An attribute name cannot be empty")
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
