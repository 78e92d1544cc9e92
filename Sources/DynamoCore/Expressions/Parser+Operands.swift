/// Operands (shared by conditions and updates) and update expressions' clauses.
extension ExpressionParser {
    mutating func parseUpdateOperand(allowArithmetic: Bool) throws(DynamoError) -> Operand {
        let left = try parseSimpleOperand()
        guard allowArithmetic, case .symbol(let s) = current.kind, let op = ArithmeticOperator(rawValue: s) else {
            return left
        }
        try countOperator()
        advance()
        let right = try parseSimpleOperand()
        return .arithmetic(left, op, right)
    }

    mutating func parseSimpleOperand() throws(DynamoError) -> Operand {
        if case .valueRef(let ref) = current.kind {
            advance()
            return .placeholder(ref)
        }
        if isFunctionCall(), case .identifier(let name) = current.kind {
            guard ExpressionParser.allFunctions.contains(name) else {
                throw error("Invalid function name; function: \(name)")
            }
            if ExpressionParser.conditionFunctions.contains(name) {
                throw error("The function is not allowed to be used this way in an expression; function: \(name)")
            }
            try countOperator()
            advance()
            let args = try parseArguments()
            switch name {
            case "size":
                if kind == .update {
                    throw error("The function is not allowed in an update expression; function: size")
                }
                try requireCount(args, 1, name)
                switch args[0] {
                case .path(let p): return .size(p)
                case .placeholder, .size, .sizeOfConstant: return .sizeOfConstant(args[0])
                default: return .size(try requirePath(args[0], name))
                }
            case "if_not_exists":
                try requireCount(args, 2, name)
                return .ifNotExists(try requirePath(args[0], name), args[1])
            default:
                try requireCount(args, 2, name)
                return .listAppend(args[0], args[1])
            }
        }
        return .path(try parsePath())
    }

    // MARK: Update expressions

    mutating func parseUpdateClauses() throws(DynamoError) -> UpdateExpression {
        var update = UpdateExpression()
        var seen: Set<String> = []
        repeat {
            guard case .identifier(let word) = current.kind else { throw syntaxError() }
            let clause = word.uppercased()
            guard ["SET", "REMOVE", "ADD", "DELETE"].contains(clause) else { throw syntaxError() }
            if seen.contains(clause) {
                throw error("The \"\(clause)\" section can only be used once in an update expression;")
            }
            seen.insert(clause)
            advance()
            repeat {
                if current.isSymbol(",") { advance() }
                switch clause {
                case "SET":
                    let path = try parsePath()
                    try expectSymbol("=")
                    let value = try parseUpdateOperand(allowArithmetic: true)
                    update.sets.append(.init(path: path, value: value))
                case "REMOVE":
                    update.removes.append(try parsePath())
                case "ADD":
                    let path = try parsePath()
                    update.adds.append(.init(path: path, value: try parseSimpleOperand()))
                default:
                    let path = try parsePath()
                    update.deletes.append(.init(path: path, value: try parseSimpleOperand()))
                }
            } while current.isSymbol(",")
        } while current.kind != .end
        return update
    }
}
