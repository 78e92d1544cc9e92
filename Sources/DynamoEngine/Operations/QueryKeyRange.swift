import DynamoCore
import Foundation
import GRDB

/// A Query's key condition as SQL over the encoded keys: the types checked against the key schema, then
/// the sort key's condition (or a multi-attribute key's equal prefix and range) as one byte range.
extension EmbeddedEngine {
    /// Every value of a key condition has its attribute's type; `begins_with` on a number key is refused.
    func checkKeyConditionTypes(_ k: MultiKeyCondition, _ schema: KeySchema) throws(DynamoError) {
        let mismatch = DynamoError.validation(
            "One or more parameter values were invalid: Condition parameter type does not match schema type")
        func check(_ pairs: [(AttributeValue, KeyElement)]) throws(DynamoError) {
            for (value, element) in pairs where value.typeDescriptor != element.type.rawValue { throw mismatch }
        }
        try check(Array(zip(k.partition, schema.partitionKeys)) + Array(zip(k.sortPrefix, schema.sortKeys)))
        guard let range = k.range, schema.sortKeys.count > k.sortPrefix.count else { return }
        let element = schema.sortKeys[k.sortPrefix.count]
        switch range {
        case .comparison(_, let v): try check([(v, element)])
        case .between(let lo, let hi): try check([(lo, element), (hi, element)])
        case .beginsWith(let v):
            if element.type == .n {
                throw DynamoError.validation(
                    "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator "
                        + "or function: begins_with, operand type: N")
            }
            try check([(v, element)])
        }
    }

    /// A one-attribute key condition, checked as a multi-attribute one with no sort prefix.
    func checkKeyConditionTypes(_ k: KeyCondition, _ schema: KeySchema) throws(DynamoError) {
        try checkKeyConditionTypes(
            MultiKeyCondition(partition: [k.partitionValue], sortPrefix: [], range: k.sort), schema)
    }

    func appendSortClause(
        _ sort: KeyCondition.Sort, column: String, _ clauses: inout [String], _ args: inout [DatabaseValueConvertible]
    ) {
        func enc(_ v: AttributeValue) -> Data { Data(KeyEncoding.encode(v)) }
        switch sort {
        case .comparison(let op, let v):
            clauses.append("\(column) \(op.rawValue) ?")
            args.append(enc(v))
        case .between(let lo, let hi):
            clauses.append("\(column) >= ? AND \(column) <= ?")
            args += [enc(lo), enc(hi)] as [DatabaseValueConvertible]
        case .beginsWith(let prefix):
            let bytes = KeyEncoding.encode(prefix)
            clauses.append("\(column) >= ?")
            args.append(Data(bytes))
            if let upper = KeyEncoding.prefixSuccessor(bytes) {
                clauses.append("\(column) < ?")
                args.append(Data(upper))
            }
        }
    }

    /// The sort-key range of a multi-attribute key condition: the equal prefix's components, then the range
    /// condition on the next attribute (components are self-delimiting, so every key whose attribute equals a
    /// value starts with that value's component).
    func appendCompositeSortClause(
        _ k: MultiKeyCondition, column: String, _ clauses: inout [String], _ args: inout [DatabaseValueConvertible]
    ) {
        let prefix = k.sortPrefix.flatMap(KeyEncoding.component)
        func at(_ v: AttributeValue) -> [UInt8] { prefix + KeyEncoding.component(v) }
        func above(_ bytes: [UInt8]) -> [UInt8]? { KeyEncoding.prefixSuccessor(bytes) }
        // Keys from `lower` (inclusive) up to `upper` (exclusive).
        var lower: [UInt8]? = prefix.isEmpty ? nil : prefix
        var upper: [UInt8]? = prefix.isEmpty ? nil : above(prefix)
        switch k.range {
        case nil: break
        case .comparison(let op, let v):
            switch op {
            case .lt: upper = at(v)
            case .le: upper = above(at(v))
            case .gt:
                lower = above(at(v))
                if lower == nil { upper = [] }  // nothing is above the largest key
            case .ge: lower = at(v)
            default: break
            }
        case .between(let lo, let hi):
            lower = at(lo)
            upper = above(at(hi))
        case .beginsWith(let p):
            let start = prefix + KeyEncoding.componentPrefix(p)
            lower = start
            upper = above(start)
        }
        if let lower {
            clauses.append("\(column) >= ?")
            args.append(Data(lower))
        }
        if let upper {
            clauses.append("\(column) < ?")
            args.append(Data(upper))
        }
    }
}
