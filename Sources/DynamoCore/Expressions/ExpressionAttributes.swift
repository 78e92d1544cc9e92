/// `ExpressionAttributeNames` and `ExpressionAttributeValues`, and which of them a request used.
///
/// Every expression of one request resolves through the same instance; `checkAllUsed()` then
/// reports the placeholders no expression used, as DynamoDB does.
public struct ExpressionAttributes: Sendable {
    public let names: [String: String]
    public let values: [String: AttributeValue]
    public private(set) var usedNames: Set<String> = []
    public private(set) var usedValues: Set<String> = []

    public init(names: [String: String]?, values: [String: AttributeValue]?) throws(DynamoError) {
        if let names {
            if names.isEmpty { throw DynamoError.validation("ExpressionAttributeNames must not be empty") }
            for key in names.keys.sorted() where !key.hasPrefix("#") || key.count < 2 {
                throw DynamoError.validation(
                    "ExpressionAttributeNames contains invalid key: Syntax error; key: \"\(key)\"")
            }
            for (key, value) in names where value.isEmpty {
                throw DynamoError.validation(
                    "ExpressionAttributeNames contains invalid value: Empty attribute name for key: \(key)")
            }
        }
        if let values {
            if values.isEmpty { throw DynamoError.validation("ExpressionAttributeValues must not be empty") }
            for key in values.keys.sorted() where !key.hasPrefix(":") || key.count < 2 {
                throw DynamoError.validation(
                    "ExpressionAttributeValues contains invalid key: Syntax error; key: \"\(key)\"")
            }
        }
        self.names = names ?? [:]
        self.values = values ?? [:]
    }

    /// Fails if a name or value was supplied that no expression used.
    public func checkAllUsed() throws(DynamoError) {
        let unusedNames = Set(names.keys).subtracting(usedNames)
        if !unusedNames.isEmpty {
            throw DynamoError.validation(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: "
                    + "{\(unusedNames.sorted().joined(separator: ", "))}"
            )
        }
        let unusedValues = Set(values.keys).subtracting(usedValues)
        if !unusedValues.isEmpty {
            throw DynamoError.validation(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: "
                    + "{\(unusedValues.sorted().joined(separator: ", "))}"
            )
        }
    }

    // MARK: Resolution

    public mutating func resolve(_ path: DocumentPath, _ kind: ExpressionKind) throws(DynamoError) -> DocumentPath {
        var out = path
        for (i, c) in path.components.enumerated() {
            guard case .placeholder(let ref) = c else { continue }
            guard let name = names[ref] else {
                throw DynamoError.validation(
                    "Invalid \(kind.rawValue): An expression attribute name used in the document path is not "
                        + "defined; attribute name: \(ref)"
                )
            }
            usedNames.insert(ref)
            out.components[i] = .name(name)
        }
        return out
    }

    public mutating func resolve(_ operand: Operand, _ kind: ExpressionKind) throws(DynamoError) -> Operand {
        switch operand {
        case .path(let p): return .path(try resolve(p, kind))
        case .placeholder(let ref):
            guard let value = values[ref] else {
                throw DynamoError.validation(
                    "Invalid \(kind.rawValue): An expression attribute value used in expression is not defined; "
                        + "attribute value: \(ref)"
                )
            }
            usedValues.insert(ref)
            return .value(value)
        case .value: return operand
        case .size(let p): return .size(try resolve(p, kind))
        case .sizeOfConstant(let inner):
            let resolved = try resolve(inner, kind)
            guard case .value(let v) = resolved, let size = v.sizeFunctionResult else {
                let type = if case .value(let v) = resolved { v.typeDescriptor } else { "N" }
                throw DynamoError.validation(
                    "Invalid \(kind.rawValue): Incorrect operand type for operator or function; operator or function: "
                        + "size, operand type: \(type)")
            }
            return .value(.n(DynamoNumber(size)))
        case .ifNotExists(let p, let o): return .ifNotExists(try resolve(p, kind), try resolve(o, kind))
        case .listAppend(let a, let b): return .listAppend(try resolve(a, kind), try resolve(b, kind))
        case .arithmetic(let a, let op, let b): return .arithmetic(try resolve(a, kind), op, try resolve(b, kind))
        }
    }

    /// Substitutes placeholders and checks literal operands' types as DynamoDB does before running.
    public mutating func resolve(_ condition: Condition, _ kind: ExpressionKind) throws(DynamoError) -> Condition {
        func fail(_ message: String) -> DynamoError { DynamoError.validation("Invalid \(kind.rawValue): \(message)") }
        switch condition {
        case .comparison(let a, let op, let b):
            let (ra, rb) = (try resolve(a, kind), try resolve(b, kind))
            if [.lt, .le, .gt, .ge].contains(op) { try Self.requireOrderable([ra, rb], op.rawValue, kind) }
            return .comparison(ra, op, rb)
        case .between(let x, let lo, let hi):
            let (rx, rlo, rhi) = (try resolve(x, kind), try resolve(lo, kind), try resolve(hi, kind))
            try Self.requireOrderable([rx, rlo, rhi], "BETWEEN", kind)
            if case .value(let l) = rlo, case .value(let h) = rhi { try Self.checkBounds(l, h, kind) }
            return .between(rx, rlo, rhi)
        case .inList(let x, let list):
            var resolved: [Operand] = []
            for item in list { resolved.append(try resolve(item, kind)) }
            let rx = try resolve(x, kind)
            try Self.requireOrderable([rx] + resolved, "IN", kind)
            return .inList(rx, resolved)
        case .attributeExists(let p): return .attributeExists(try resolve(p, kind))
        case .attributeNotExists(let p): return .attributeNotExists(try resolve(p, kind))
        case .attributeType(let p, let t):
            let rt = try resolve(t, kind)
            try Self.checkTypeName(rt, kind)
            return .attributeType(try resolve(p, kind), rt)
        case .beginsWith(let a, let b):
            let (ra, rb) = (try resolve(a, kind), try resolve(b, kind))
            for operand in [ra, rb] {
                if case .value(let v) = operand, v.typeDescriptor != "S", v.typeDescriptor != "B" {
                    throw fail(
                        "Incorrect operand type for operator or function; operator or function: begins_with, operand "
                            + "type: \(v.typeDescriptor)"
                    )
                }
            }
            return .beginsWith(ra, rb)
        case .contains(let a, let b):
            let (ra, rb) = (try resolve(a, kind), try resolve(b, kind))
            if case .path(let p) = ra, ra == rb {
                let parts = p.components.map { c in if case .name(let n) = c { n } else { "\(c)" } }
                throw fail(
                    "The first operand must be distinct from the remaining operands for this operator or function; "
                        + "operator: contains, first operand: [\(parts.joined(separator: ", "))]")
            }
            return .contains(ra, rb)
        case .and(let a, let b): return .and(try resolve(a, kind), try resolve(b, kind))
        case .or(let a, let b): return .or(try resolve(a, kind), try resolve(b, kind))
        case .not(let c): return .not(try resolve(c, kind))
        }
    }

    /// BETWEEN's constant bounds: of one type, the lower not above the upper.
    static func checkBounds(_ l: AttributeValue, _ h: AttributeValue, _ kind: ExpressionKind) throws(DynamoError) {
        let bounds =
            "lower bound operand: AttributeValue: {\(l.typeDescriptor):\(shortText(l))}, upper bound operand: "
            + "AttributeValue: {\(h.typeDescriptor):\(shortText(h))}"
        if l.typeDescriptor != h.typeDescriptor {
            throw DynamoError.validation(
                "Invalid \(kind.rawValue): The BETWEEN operator requires same data type for lower and upper bounds; "
                    + bounds)
        }
        if let order = l.compare(to: h), order > 0 {
            throw DynamoError.validation(
                "Invalid \(kind.rawValue): The BETWEEN operator requires upper bound to be greater than or equal to "
                    + "lower bound; " + bounds)
        }
    }

    /// attribute_type's second operand: a value naming one of DynamoDB's ten types.
    static func checkTypeName(_ operand: Operand, _ kind: ExpressionKind) throws(DynamoError) {
        func fail(_ message: String) -> DynamoError { DynamoError.validation("Invalid \(kind.rawValue): \(message)") }
        let wrongType = "Incorrect operand type for operator or function; operator or function: attribute_type, "
        if case .path = operand { throw fail(wrongType + "operand type: PATH") }
        guard case .value(let v) = operand else { return }
        guard case .s(let name) = v else { throw fail(wrongType + "operand type: \(v.typeDescriptor)") }
        guard AttributeValue.allTypeDescriptors.contains(name) else {
            throw fail("Invalid attribute type name found; type: \(name), valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")
        }
    }

    /// Constant operands of an ordering (`< <= > >=`, BETWEEN, IN) must be a string, number or binary:
    /// DynamoDB refuses the request before reading anything (so even on an empty table), where a
    /// document path of another type only makes the comparison false.
    static func requireOrderable(_ operands: [Operand], _ function: String, _ kind: ExpressionKind)
        throws(DynamoError)
    {
        for case .value(let value) in operands where !["S", "N", "B"].contains(value.typeDescriptor) {
            throw DynamoError.validation(
                "Invalid \(kind.rawValue): Incorrect operand type for operator or function; operator or function: "
                    + "\(function), operand type: \(value.typeDescriptor)")
        }
    }

    public mutating func resolve(_ update: UpdateExpression) throws(DynamoError) -> UpdateExpression {
        var out = UpdateExpression()
        for action in update.sets {
            out.sets.append(.init(path: try resolve(action.path, .update), value: try resolve(action.value, .update)))
        }
        for path in update.removes { out.removes.append(try resolve(path, .update)) }
        for action in update.adds {
            let value = try resolve(action.value, .update)
            guard case .value(let v) = value else {
                throw DynamoError.validation(
                    "Invalid UpdateExpression: Syntax error; ADD takes a document path and an expression attribute "
                        + "value"
                )
            }
            switch v {
            case .n, .ss, .ns, .bs: break
            default:
                throw DynamoError.validation(
                    "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                        + "operand type: \(v.operandTypeName)"
                )
            }
            out.adds.append(.init(path: try resolve(action.path, .update), value: value))
        }
        for action in update.deletes {
            let value = try resolve(action.value, .update)
            guard case .value(let v) = value else {
                throw DynamoError.validation(
                    "Invalid UpdateExpression: Syntax error; DELETE takes a document path and an expression "
                        + "attribute value"
                )
            }
            guard v.isSet else {
                throw DynamoError.validation(
                    "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
                        + "operand type: \(v.operandTypeName)"
                )
            }
            out.deletes.append(.init(path: try resolve(action.path, .update), value: value))
        }
        try PathOverlap.check(out.targetPaths, kind: .update)
        return out
    }

    public mutating func resolve(projection: [DocumentPath]) throws(DynamoError) -> [DocumentPath] {
        var out: [DocumentPath] = []
        for p in projection { out.append(try resolve(p, .projection)) }
        try PathOverlap.check(out, kind: .projection)
        return out
    }

    static func shortText(_ v: AttributeValue) -> String {
        switch v {
        case .s(let s): return s
        case .n(let n): return n.description
        default: return v.typeDescriptor
        }
    }
}

/// DynamoDB's rule that no two document paths of one expression may overlap or conflict.
enum PathOverlap {
    static func check(_ paths: [DocumentPath], kind: ExpressionKind) throws(DynamoError) {
        for i in 0..<paths.count {
            for j in (i + 1)..<max(paths.count, i + 1) {
                let a = paths[i].components
                let b = paths[j].components
                let common = min(a.count, b.count)
                var k = 0
                while k < common, a[k] == b[k] { k += 1 }
                if k == common {
                    throw DynamoError.validation(
                        "Invalid \(kind.rawValue): Two document paths overlap with each other; must remove or "
                            + "rewrite one of these paths; path one: \(paths[i].bracketed), path two: "
                            + "\(paths[j].bracketed)"
                    )
                }
                let aIsIndex: Bool = {
                    if case .index = a[k] { return true }
                    return false
                }()
                let bIsIndex: Bool = {
                    if case .index = b[k] { return true }
                    return false
                }()
                if aIsIndex != bIsIndex {
                    throw DynamoError.validation(
                        "Invalid \(kind.rawValue): Two document paths conflict with each other; must remove or "
                            + "rewrite one of these paths; path one: \(paths[i].bracketed), path two: "
                            + "\(paths[j].bracketed)"
                    )
                }
            }
        }
    }
}
