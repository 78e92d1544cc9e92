import DynamoCore
import Foundation

/// BatchExecuteStatement and ExecuteTransaction: several PartiQL statements, all reads or all writes.
extension EmbeddedEngine {
    static let maxBatchStatements = 25

    /// Up to 25 statements, each answered on its own: an item (reads) or nothing (writes), or an error.
    func batchExecuteStatement(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        let statements = try RequestParts.members(r, "Statements", field: "statements", max: Self.maxBatchStatements)
        let parsed = try statements.map { (s) throws(DynamoError) in try Self.parse(try JSONReader(s)) }
        let reads = parsed.filter {
            if case .select = $0.0 { return true }
            return false
        }.count
        guard reads == 0 || reads == parsed.count else {
            throw DynamoError.validation(
                "Unsupported operation: A batch must be either all read statements or all write statements")
        }
        var responses: [JSONValue] = []
        for (index, entry) in parsed.enumerated() {
            var (statement, render) = entry
            let table = statement.table
            do {
                if reads > 0 {
                    var request = try planPointRead(statement, &render)
                    if try JSONReader(statements[index]).bool("ConsistentRead") == true {
                        request["ConsistentRead"] = true
                    }
                    let out = try performSync(.getItem, .object(request))
                    var response: [String: JSONValue] = ["TableName": .string(table)]
                    if let item = out["Item"] { response["Item"] = item }
                    responses.append(.object(response))
                } else {
                    let (operation, request) = try planWrite(statement, &render)
                    _ = try performWrite(operation, request)
                    responses.append(["TableName": .string(table)])
                }
            } catch {
                responses.append([
                    "TableName": .string(table),
                    "Error": ["Code": .string(Self.batchErrorCode(error.type)), "Message": .string(error.message)],
                ])
            }
        }
        return ["Responses": .array(responses)]
    }

    /// Up to 100 statements that all happen or none: TransactGetItems or TransactWriteItems underneath.
    func executeTransaction(_ r: JSONReader) throws(DynamoError) -> JSONValue {
        guard let statements = try r.array("TransactStatements"), !statements.isEmpty else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(nullAt: "transactStatements")
                    + "Member must have length greater than or equal to 1"
            )
        }
        let parsed = try statements.map { (s) throws(DynamoError) in try Self.parse(try JSONReader(s)) }
        let reads = parsed.filter {
            if case .select = $0.0 { return true }
            return false
        }.count
        guard reads == 0 || reads == parsed.count else {
            throw DynamoError.validation(
                "Unsupported operation: A transaction must be either all read statements or all write statements")
        }
        if reads > 0 {
            var gets: [JSONValue] = []
            for entry in parsed {
                var (statement, render) = entry
                gets.append(["Get": .object(try planPointRead(statement, &render))])
            }
            return try performSync(.transactGetItems, ["TransactItems": .array(gets)])
        }
        var actions: [JSONValue] = []
        for entry in parsed {
            var (statement, render) = entry
            let (operation, request) = try planWrite(statement, &render)
            let kind = operation == .putItem ? "Put" : operation == .updateItem ? "Update" : "Delete"
            actions.append(.object([kind: .object(request)]))
        }
        var request: [String: JSONValue] = ["TransactItems": .array(actions)]
        if let token = try r.string("ClientRequestToken") { request["ClientRequestToken"] = .string(token) }
        _ = try performSync(.transactWriteItems, .object(request))
        return .object([:])
    }

    /// BatchStatementError codes are the exception names without "Exception" (ValidationError aside).
    static func batchErrorCode(_ type: String) -> String {
        switch type {
        case "ValidationException": return "ValidationError"
        case "ThrottlingException": return "ThrottlingError"
        default: return type.hasSuffix("Exception") ? String(type.dropLast("Exception".count)) : type
        }
    }
}
