import DynamoCore
import Foundation
import GRDB

/// A Query's key condition as SQL over the encoded keys: the types checked against the key schema, then
/// the sort key's condition (or a multi-attribute key's equal prefix and range) as one byte range.
extension EmbeddedEngine {
    /// Every value of a multi-attribute key condition has its attribute's type (`begins_with` takes S or B).
    func checkKeyConditionTypes(_ k: MultiKeyCondition, _ schema: KeySchema) throws(DynamoError) {
        let mismatch = DynamoError.validation(
            "One or more parameter values were invalid: Condition parameter type does not match schema type")
        var pairs = Array(zip(k.partition, schema.partitionKeys)) + Array(zip(k.sortPrefix, schema.sortKeys))
        if let range = k.range, schema.sortKeys.count > k.sortPrefix.count {
            let element = schema.sortKeys[k.sortPrefix.count]
            switch range {
            case .comparison(_, let v), .beginsWith(let v): pairs.append((v, element))
            case .between(let lo, let hi): pairs += [(lo, element), (hi, element)]
            }
        }
        for (value, element) in pairs where value.typeDescriptor != element.type.rawValue { throw mismatch }
    }

    func checkKeyConditionTypes(_ k: KeyCondition, _ schema: KeySchema) throws(DynamoError) {
        let mismatch = DynamoError.validation(
            "One or more parameter values were invalid: Condition parameter type does not match schema type")
        guard k.partitionValue.typeDescriptor == schema.partition.type.rawValue else { throw mismatch }
        guard let sort = k.sort, let sortKey = schema.sort else { return }
        let values: [AttributeValue]
        switch sort {
        case .comparison(_, let v): values = [v]
        case .between(let a, let b): values = [a, b]
        case .beginsWith(let v):
            if sortKey.type == .n {
                throw DynamoError.validation(
                    "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
                        + "function: begins_with, operand type: N"
                )
            }
            values = [v]
        }
        for v in values where v.typeDescriptor != sortKey.type.rawValue { throw mismatch }
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
        var lower: (bytes: [UInt8], inclusive: Bool)? = prefix.isEmpty ? nil : (prefix, true)
        var upper: [UInt8]? = prefix.isEmpty ? nil : above(prefix)
        switch k.range {
        case nil: break
        case .comparison(let op, let v):
            switch op {
            case .lt: upper = at(v)
            case .le: upper = above(at(v))
            case .gt: lower = above(at(v)).map { ($0, true) }
            case .ge: lower = (at(v), true)
            default: break
            }
            if lower == nil, op == .gt { upper = [] }  // nothing is above the largest key
        case .between(let lo, let hi):
            lower = (at(lo), true)
            upper = above(at(hi))
        case .beginsWith(let p):
            let start = prefix + KeyEncoding.componentPrefix(p)
            lower = (start, true)
            upper = above(start)
        }
        if let lower {
            clauses.append("\(column) >= ?")
            args.append(Data(lower.bytes))
        }
        if let upper {
            clauses.append("\(column) < ?")
            args.append(Data(upper))
        }
    }
}
