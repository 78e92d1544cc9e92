import DynamoCore

/// Turns PartiQL conditions, paths and values into DynamoDB expression text with `#p…`/`:p…`
/// placeholders, so the engine's own expression evaluator gives them DynamoDB's semantics.
struct PartiQLRenderer {
    let parameters: [AttributeValue]
    private var placeholders = Placeholders(prefix: "p")

    init(parameters: [AttributeValue]) { self.parameters = parameters }

    /// Adds the placeholders used so far to a request.
    func finish(into request: inout [String: JSONValue]) { placeholders.finish(into: &request) }

    mutating func name(_ attribute: String) -> String { placeholders.name(attribute) }
    mutating func value(_ v: AttributeValue) -> String { placeholders.value(TypedJSON.encode(v)) }

    mutating func path(_ path: PartiQLPath) -> String {
        var text = ""
        for step in path.steps {
            switch step {
            case .name(let n): text += (text.isEmpty ? "" : ".") + name(n)
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }

    /// The value of a literal, parameter or collection literal; paths are not values here.
    mutating func resolve(_ operand: PartiQLOperand) throws(DynamoError) -> AttributeValue {
        switch operand {
        case .literal(let v): return v
        case .parameter(let i): return parameters[i]
        case .map(let members):
            var out: [String: AttributeValue] = [:]
            for (k, v) in members { out[k] = try resolve(v) }
            return .m(out)
        case .list(let elements): return .l(try elements.map { (e) throws(DynamoError) in try resolve(e) })
        case .set(let elements):
            let resolved = try elements.map { (e) throws(DynamoError) in try resolve(e) }
            if resolved.allSatisfy({
                if case .s = $0 { return true }
                return false
            }) {
                return try .stringSet(
                    resolved.compactMap {
                        if case .s(let s) = $0 { return s }
                        return nil
                    })
            }
            if resolved.allSatisfy({
                if case .n = $0 { return true }
                return false
            }) {
                return try .numberSet(
                    resolved.compactMap {
                        if case .n(let n) = $0 { return n }
                        return nil
                    })
            }
            if resolved.allSatisfy({
                if case .b = $0 { return true }
                return false
            }) {
                return try .binarySet(
                    resolved.compactMap {
                        if case .b(let b) = $0 { return b }
                        return nil
                    })
            }
            throw DynamoError.validation(
                "A set literal <<…>> must hold only strings, only numbers or only binary values")
        case .path, .size:
            throw DynamoError.validation(
                "Statement wasn't well formed, can't be processed: an attribute path cannot stand where a value is "
                    + "required"
            )
        }
    }

    /// An operand as expression text: a path, `size(path)`, or a value placeholder.
    mutating func operand(_ o: PartiQLOperand) throws(DynamoError) -> String {
        switch o {
        case .path(let p): return path(p)
        case .size(let p): return "size(\(path(p)))"
        default: return value(try resolve(o))
        }
    }

    mutating func expression(_ e: PartiQLValueExpression) throws(DynamoError) -> String {
        switch e {
        case .operand(let o): return try operand(o)
        case .arithmetic(let a, let plus, let b): return "\(try operand(a)) \(plus ? "+" : "-") \(try operand(b))"
        case .listAppend(let a, let b): return "list_append(\(try operand(a)), \(try operand(b)))"
        }
    }

    mutating func condition(_ c: PartiQLCondition) throws(DynamoError) -> String {
        switch c {
        case .compare(let a, let op, let b): return "\(try operand(a)) \(op.rawValue) \(try operand(b))"
        case .between(let v, let lo, let hi):
            return "\(try operand(v)) BETWEEN \(try operand(lo)) AND \(try operand(hi))"
        case .isIn(let v, let options):
            return
                "\(try operand(v)) IN "
                + "(\(try options.map { (o) throws(DynamoError) in try operand(o) }.joined(separator: ", ")))"
        case .function(let name, let args):
            return "\(name)(\(try args.map { (o) throws(DynamoError) in try operand(o) }.joined(separator: ", ")))"
        case .isMissing(let p, let negated):
            return "\(negated ? "attribute_exists" : "attribute_not_exists")(\(path(p)))"
        case .isNull(let p, let negated):
            let test = "attribute_type(\(path(p)), \(value(.s("NULL"))))"
            return negated ? "NOT \(test)" : test
        case .and(let a, let b): return "(\(try condition(a))) AND (\(try condition(b)))"
        case .or(let a, let b): return "(\(try condition(a))) OR (\(try condition(b)))"
        case .not(let inner): return "NOT (\(try condition(inner)))"
        }
    }
}
