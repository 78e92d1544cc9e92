/// The DynamoDB operations every backend answers, named as in the DynamoDB API.
public enum DynamoOperation: String, Sendable, CaseIterable {
    case createTable = "CreateTable"
    case describeTable = "DescribeTable"
    case listTables = "ListTables"
    case updateTable = "UpdateTable"
    case deleteTable = "DeleteTable"
    case putItem = "PutItem"
    case getItem = "GetItem"
    case updateItem = "UpdateItem"
    case deleteItem = "DeleteItem"
    case query = "Query"
    case scan = "Scan"
    case batchGetItem = "BatchGetItem"
    case batchWriteItem = "BatchWriteItem"
    case transactGetItems = "TransactGetItems"
    case transactWriteItems = "TransactWriteItems"
    case describeTimeToLive = "DescribeTimeToLive"
    case updateTimeToLive = "UpdateTimeToLive"
    case tagResource = "TagResource"
    case untagResource = "UntagResource"
    case listTagsOfResource = "ListTagsOfResource"
    case describeContinuousBackups = "DescribeContinuousBackups"
    case updateContinuousBackups = "UpdateContinuousBackups"
    case describeLimits = "DescribeLimits"
    case executeStatement = "ExecuteStatement"
    case batchExecuteStatement = "BatchExecuteStatement"
    case executeTransaction = "ExecuteTransaction"
    // DynamoDB Streams: a separate service (its own endpoint and X-Amz-Target prefix) on the same data.
    case listStreams = "ListStreams"
    case describeStream = "DescribeStream"
    case getShardIterator = "GetShardIterator"
    case getRecords = "GetRecords"

    /// True for DynamoDB Streams' operations (`DynamoDBStreams_20120810.*`).
    public var isStreams: Bool {
        switch self {
        case .listStreams, .describeStream, .getShardIterator, .getRecords: return true
        default: return false
        }
    }

    /// The `X-Amz-Target` header that names this operation on the wire.
    public var target: String { (isStreams ? "DynamoDBStreams_20120810." : "DynamoDB_20120810.") + rawValue }

    /// True for operations that never change data.
    public var isReadOnly: Bool {
        switch self {
        case .describeTable, .listTables, .getItem, .query, .scan, .batchGetItem, .transactGetItems,
            .describeTimeToLive,
            .listTagsOfResource, .describeContinuousBackups, .describeLimits, .listStreams, .describeStream,
            .getShardIterator, .getRecords:
            return true
        default: return false
        }
    }
}

/// Where data lives: the embedded engine or a remote DynamoDB-compatible endpoint.
///
/// The request and response are DynamoDB's own JSON (AWS JSON 1.0 bodies, typed attribute
/// values), so the embedded engine, the remote client and `serve` share one contract and one
/// test suite, and a request logged by any face can be sent to real DynamoDB unchanged.
///
/// ```swift
/// let out = try await backend.perform(.getItem, ["TableName": "Movies", "Key": ["year": ["N": "2013"], "title": ["S":
/// "Rush"]]])
/// ```
///
/// Errors are thrown as `DynamoError`; a cancelled task surfaces as `CancellationError`.
public protocol Backend: Sendable {
    func perform(_ operation: DynamoOperation, _ request: JSONValue) async throws -> JSONValue
    /// A short description for status lines and logs, e.g. `embedded:/home/me/.local/share/…`.
    var label: String { get }
    /// Runs a request as `perform` would — every check, every read — and undoes its writes: the
    /// response it would give, or nil when this backend cannot rehearse (DynamoDB has no dry run).
    /// Dry runs use it so that what a preview calls valid is what the run accepts.
    func rehearse(_ operation: DynamoOperation, _ request: JSONValue) async throws -> JSONValue?
    /// Keeps a call in the journal of what each face did (reads included), when this backend keeps one.
    func journal(_ origin: CallOrigin, readOnly: Bool) async
    /// Who made the stream records with these sequence numbers, when this backend knows (the embedded
    /// engine records it beside each record; DynamoDB does not).
    func origins(ofSequenceNumbers numbers: [String]) async -> [String: CallOrigin]
    /// The journal's calls after `id`, oldest first, at most `limit` (the Watch screen's reads).
    func journalEntries(after id: Int64, limit: Int) async -> [JournalEntry]
    /// True when this backend records who made each change itself, so callers need not remember their writes.
    var recordsOrigins: Bool { get }
}

extension Backend {
    public func rehearse(_ operation: DynamoOperation, _ request: JSONValue) async throws -> JSONValue? { nil }
    public func journal(_ origin: CallOrigin, readOnly: Bool) async {}
    public func origins(ofSequenceNumbers numbers: [String]) async -> [String: CallOrigin] { [:] }
    public func journalEntries(after id: Int64, limit: Int) async -> [JournalEntry] { [] }
    public var recordsOrigins: Bool { false }
}

/// A backend that answers on the calling thread (the embedded engine): `serve` runs it on the connection's
/// own event loop, with no hop to another thread and back for each request.
public protocol BlockingBackend: Backend {
    func performBlocking(_ operation: DynamoOperation, _ request: JSONValue) throws -> JSONValue
}
