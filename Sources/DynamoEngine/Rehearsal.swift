import DynamoCore
import GRDB

/// A dry run that is the run: the operation goes through every check and read the real one does,
/// and its writes are rolled back, so "valid" in a preview means valid on Enter.
extension EmbeddedEngine {
    /// True inside `rehearse`: `commit` rolls its transaction back instead of committing it.
    @TaskLocal static var rollsBack = false

    /// The operations a rehearsal runs; the others (tables, settings) change more than rows.
    static let rehearsable: Set<DynamoOperation> = [
        .getItem, .putItem, .updateItem, .deleteItem, .query, .scan, .batchGetItem, .batchWriteItem,
        .transactGetItems, .transactWriteItems, .executeStatement, .batchExecuteStatement, .executeTransaction,
    ]

    public func rehearse(_ operation: DynamoOperation, _ request: JSONValue) async throws -> JSONValue? {
        guard Self.rehearsable.contains(operation) else { return nil }
        try Task.checkCancellation()
        return try Self.$rollsBack.withValue(true) { try performSync(operation, request) }
    }

    /// Runs a write transaction: committed normally, rolled back in a rehearsal (its result is
    /// still returned, as if it had been committed).
    func commit<T>(_ body: (Database) throws -> T) throws -> T {
        guard Self.rollsBack else { return try writeTransaction(body) }
        var kept: T?
        do {
            try writer.write { db -> Void in
                kept = try body(db)
                throw RolledBack()
            }
        } catch is RolledBack {}
        guard let kept else { throw DynamoError(type: "InternalServerError", message: "a rehearsal kept no result") }
        return kept
    }

    private struct RolledBack: Error {}
}
