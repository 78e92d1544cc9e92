/// A Query's key condition after DynamoDB's restrictions: equality on the partition key and at
/// most one condition on the sort key.
public struct KeyCondition: Sendable, Equatable {
    public enum Sort: Sendable, Equatable {
        case comparison(Comparator, AttributeValue)
        case between(AttributeValue, AttributeValue)
        case beginsWith(AttributeValue)
    }

    public var partitionKey: String
    public var partitionValue: AttributeValue
    public var sort: Sort?

    public init(partitionKey: String, partitionValue: AttributeValue, sort: Sort? = nil) {
        self.partitionKey = partitionKey
        self.partitionValue = partitionValue
        self.sort = sort
    }

    /// Checks a resolved KeyConditionExpression against the key schema it queries.
    public static func analyze(_ condition: Condition, partitionKey: String, sortKey: String?) throws(DynamoError)
        -> KeyCondition
    {
        let parts = conjuncts(condition)
        if parts.count > 2 {
            throw DynamoError.validation("Conditions can be of length 1 or 2 only")
        }
        var partition: AttributeValue?
        var sort: Sort?
        // DynamoDB names the partition key when the condition lacks it, else the sort key.
        let mentionsPartition = parts.contains { part in
            switch part {
            case .comparison(.path(let p), _, _), .comparison(_, _, .path(let p)), .between(.path(let p), _, _),
                .beginsWith(.path(let p), _):
                return p.components.count == 1 && p.topLevelName == partitionKey
            default: return false
            }
        }
        for part in parts {
            let (name, parsed) = try keyTerm(part)
            if name == partitionKey {
                guard case .comparison(.eq, let v) = parsed else { throw unsupportedKeyCondition }
                if partition != nil {
                    throw DynamoError.validation("KeyConditionExpressions must only contain one condition per key")
                }
                partition = v
            } else if name == sortKey {
                if sort != nil {
                    throw DynamoError.validation("KeyConditionExpressions must only contain one condition per key")
                }
                sort = parsed
            } else {
                throw DynamoError.validation(
                    "Query condition missed key schema element: "
                        + "\(mentionsPartition ? sortKey ?? partitionKey : partitionKey)"
                )
            }
        }
        guard let partition else {
            throw DynamoError.validation("Query condition missed key schema element: \(partitionKey)")
        }
        return KeyCondition(partitionKey: partitionKey, partitionValue: partition, sort: sort)
    }

    static let unsupportedKeyCondition = DynamoError.validation("Query key condition not supported")

    /// Only `begins_with` is a function a key condition may use.
    static func invalidFunction(_ name: String) -> DynamoError {
        DynamoError.validation("Invalid KeyConditionExpression: Invalid function name; function: \(name)")
    }

    /// The terms joined by AND, in order.
    static func conjuncts(_ condition: Condition) -> [Condition] {
        if case .and(let a, let b) = condition { return conjuncts(a) + conjuncts(b) }
        return [condition]
    }

    /// One term of a key condition: the key attribute it names and its test (`=` with the value on either
    /// side, `<`…`>=`, `BETWEEN`, `begins_with`).
    static func keyTerm(_ part: Condition) throws(DynamoError) -> (String, Sort) {
        switch part {
        case .comparison(let a, let op, let b):
            let term: (String, Sort)
            if case .path(let p) = a, case .value(let v) = b {
                term = (try keyName(p), .comparison(op, v))
            } else if case .value(let v) = a, case .path(let p) = b {
                term = (try keyName(p), .comparison(op.flipped, v))
            } else {
                throw unsupportedKeyCondition
            }
            if op == .ne { throw unsupportedKeyCondition }
            return term
        case .between(.path(let p), .value(let lo), .value(let hi)):
            return (try keyName(p), .between(lo, hi))
        case .beginsWith(.path(let p), .value(let prefix)):
            return (try keyName(p), .beginsWith(prefix))
        case .contains: throw invalidFunction("contains")
        case .attributeExists: throw invalidFunction("attribute_exists")
        case .attributeNotExists: throw invalidFunction("attribute_not_exists")
        case .attributeType: throw invalidFunction("attribute_type")
        default:
            throw unsupportedKeyCondition
        }
    }

    static func keyName(_ path: DocumentPath) throws(DynamoError) -> String {
        guard path.components.count == 1, let name = path.topLevelName else {
            throw DynamoError.validation("Key condition expressions can only refer to top-level key attributes")
        }
        return name
    }
}

extension Comparator {
    /// The comparator with its operands swapped: `:v < a` is `a > :v`.
    var flipped: Comparator {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}
