import DynamoCore

/// What `serve` answers to one request of the DynamoDB API, worked out apart from any socket.
enum DynamoExchange {
    /// A request as it arrived: the headers that matter and its body.
    struct Incoming: Sendable {
        var target: String?
        var userAgent: String?
        var body: [UInt8]
        /// The body passed `DynamoHTTPServer.maxRequestBytes` (and was not kept).
        var tooLarge = false
    }

    /// A response: its status and its JSON body.
    struct Reply: Sendable {
        var status: Int
        var body: [UInt8]
    }

    /// A request read and checked: a call to make, or already an answer.
    enum Prepared: Sendable {
        case call(DynamoOperation, JSONValue, CallOrigin)
        case answered(Reply)
    }

    /// "Operation Table" for the request log (the tables read from the body only when it parses).
    static func describe(_ incoming: Incoming, _ prepared: Prepared) -> String {
        switch prepared {
        case .call(let operation, let body, _): return "\(operation.rawValue) \(tables(in: body))"
        case .answered: return incoming.target.map(operationName) ?? "(no X-Amz-Target)"
        }
    }

    /// "DynamoDB_20120810.PutItem" → "PutItem": what follows the last dot.
    static func operationName(_ target: String) -> String {
        target.lastIndex(of: ".").map { String(target[target.index(after: $0)...]) } ?? target
    }

    static func prepare(_ incoming: Incoming) -> Prepared {
        guard let target = incoming.target else {
            return .answered(
                error(
                    DynamoError(type: "UnknownOperationException", message: "Missing X-Amz-Target header"),
                    namespace: "com.amazon.coral.service"))
        }
        guard let operation = DynamoOperation(rawValue: operationName(target)), operation.target == target else {
            return .answered(
                error(
                    DynamoError(type: "UnknownOperationException", message: "Unknown operation \(target)"),
                    namespace: "com.amazon.coral.service"))
        }
        if incoming.tooLarge {
            // Refused with 413; not a byte of it was parsed.
            return .answered(
                error(
                    DynamoError(
                        type: "RequestEntityTooLargeException",
                        message: "Request size exceeded the maximum allowed request size of "
                            + "\(DynamoHTTPServer.maxRequestBytes) bytes"),
                    namespace: "com.amazon.coral.service"))
        }
        let body: JSONValue
        do {
            body = try JSONValue.parse(bytes: incoming.body)
        } catch let parseError {
            return .answered(error(.serialization("Request body is not valid JSON: \(parseError)")))
        }
        // Who made a change, for stream records' origin: `serve`, the client's first User-Agent word, the operation.
        let agent = incoming.userAgent.map { ua in String(ua[..<(ua.firstIndex(of: " ") ?? ua.endIndex)]) }
        return .call(operation, body, CallOrigin(face: "serve", client: agent, tool: operation.rawValue))
    }

    /// The response to a call's outcome.
    static func reply(_ outcome: Result<JSONValue, any Error>) -> Reply {
        switch outcome {
        case .success(let json): return Reply(status: 200, body: json.jsonBytes)
        case .failure(let failure as DynamoError): return error(failure)
        case .failure(let failure): return error(DynamoError(type: "InternalServerError", message: "\(failure)"))
        }
    }

    static func error(_ e: DynamoError, namespace: String = "com.amazonaws.dynamodb.v20120810") -> Reply {
        var body: [String: JSONValue] = ["__type": .string("\(namespace)#\(e.type)"), "message": .string(e.message)]
        for (k, v) in e.details { body[k] = v }
        return Reply(status: e.httpStatus, body: JSONValue.object(body).jsonBytes)
    }

    /// The table or tables a request names, for the request log.
    static func tables(in body: JSONValue) -> String {
        if let name = body["TableName"]?.stringValue { return name }
        if let items = body["RequestItems"]?.objectValue { return items.keys.sorted().joined(separator: ",") }
        if let actions = body["TransactItems"]?.arrayValue {
            let names = Set(actions.compactMap { $0.objectValue?.values.first?["TableName"]?.stringValue })
            return names.sorted().joined(separator: ",")
        }
        return "-"
    }
}
