/// Parses DynamoDB's PartiQL subset into a `PartiQLStatement`.
///
/// Errors read like DynamoDB's: `Statement wasn't well formed, can't be processed: …`.
public struct PartiQLParser {
    enum Token: Equatable {
        case word(String)  // bare identifier or keyword, as written
        case quoted(String)  // "identifier"
        case string(String)  // 'text'
        case number(String)
        case symbol(String)
        case end
    }

    private var tokens: [Token] = []
    private var position = 0
    private var parameterCount = 0

    public static func parse(_ text: String) throws(DynamoError) -> PartiQLStatement {
        try parseCountingParameters(text).statement
    }

    /// The statement and how many `?` parameters it takes.
    public static func parseCountingParameters(_ text: String) throws(DynamoError) -> (
        statement: PartiQLStatement, parameters: Int
    ) {
        var parser = PartiQLParser()
        parser.tokens = try lex(Array(text.unicodeScalars))
        let statement = try parser.statement()
        guard parser.peek == .end else { throw malformed("unexpected \(parser.describe(parser.peek))") }
        return (statement, parser.parameterCount)
    }

    static func malformed(_ detail: String) -> DynamoError {
        DynamoError.validation("Statement wasn't well formed, can't be processed: \(detail)")
    }

    // MARK: Token helpers

    var peek: Token { tokens[position] }

    func describe(_ t: Token) -> String {
        switch t {
        case .word(let w): return "'\(w)'"
        case .quoted(let q): return "\"\(q)\""
        case .string(let s): return "'\(s)'"
        case .number(let n): return n
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of statement"
        }
    }

    mutating func next() -> Token {
        defer { position += 1 }
        return tokens[position]
    }

    func isKeyword(_ k: String, at offset: Int = 0) -> Bool {
        if case .word(let w) = tokens[min(position + offset, tokens.count - 1)] { return w.uppercased() == k }
        return false
    }

    mutating func accept(_ k: String) -> Bool {
        if isKeyword(k) {
            position += 1
            return true
        }
        return false
    }

    mutating func expect(_ k: String) throws(DynamoError) {
        guard accept(k) else { throw Self.malformed("expected \(k), found \(describe(peek))") }
    }

    mutating func acceptSymbol(_ s: String) -> Bool {
        if peek == .symbol(s) {
            position += 1
            return true
        }
        return false
    }

    mutating func expectSymbol(_ s: String) throws(DynamoError) {
        guard acceptSymbol(s) else { throw Self.malformed("expected '\(s)', found \(describe(peek))") }
    }

    static let reserved: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "BETWEEN", "IN", "IS", "MISSING", "NULL",
        "TRUE", "FALSE", "INSERT", "INTO", "VALUE", "UPDATE", "SET", "REMOVE", "DELETE", "ORDER", "BY",
    ]

    mutating func identifier() throws(DynamoError) -> String {
        switch next() {
        case .quoted(let q): return q
        case .word(let w) where !Self.reserved.contains(w.uppercased()): return w
        case let other: throw Self.malformed("expected a name, found \(describe(other))")
        }
    }

    // MARK: Statements

    mutating func statement() throws(DynamoError) -> PartiQLStatement {
        if accept("SELECT") { return .select(try select()) }
        if accept("INSERT") {
            try expect("INTO")
            let table = try identifier()
            try expect("VALUE")
            return .insert(table: table, value: try operand())
        }
        if accept("UPDATE") {
            let table = try identifier()
            var sets: [(PartiQLPath, PartiQLValueExpression)] = []
            var removes: [PartiQLPath] = []
            while true {
                if accept("SET") {
                    repeat {
                        let target = try path()
                        try expectSymbol("=")
                        sets.append((target, try valueExpression()))
                    } while acceptSymbol(",")
                } else if accept("REMOVE") {
                    repeat { removes.append(try path()) } while acceptSymbol(",")
                } else {
                    break
                }
            }
            guard !sets.isEmpty || !removes.isEmpty else { throw Self.malformed("UPDATE needs SET or REMOVE") }
            try expect("WHERE")
            return .update(table: table, sets: sets, removes: removes, condition: try condition())
        }
        if accept("DELETE") {
            try expect("FROM")
            let table = try identifier()
            try expect("WHERE")
            return .delete(table: table, condition: try condition())
        }
        throw Self.malformed("expected SELECT, INSERT, UPDATE or DELETE, found \(describe(peek))")
    }

    mutating func select() throws(DynamoError) -> PartiQLSelect {
        var projection: [PartiQLPath]? = nil
        if !acceptSymbol("*") {
            var paths: [PartiQLPath] = []
            repeat { paths.append(try path()) } while acceptSymbol(",")
            projection = paths
        }
        try expect("FROM")
        let table = try identifier()
        var index: String? = nil
        if acceptSymbol(".") { index = try identifier() }
        var select = PartiQLSelect(projection: projection, table: table, index: index, condition: nil, orderBy: nil)
        if accept("WHERE") { select.condition = try condition() }
        if accept("ORDER") {
            try expect("BY")
            let by = try path()
            let descending = accept("DESC")
            if !descending { _ = accept("ASC") }
            select.orderBy = (by, descending)
        }
        return select
    }

    // MARK: Paths, operands, values

    mutating func path() throws(DynamoError) -> PartiQLPath {
        var steps: [PartiQLPath.Step] = [.name(try identifier())]
        while true {
            if peek == .symbol("."), case .word = tokens[position + 1] {
                position += 1
                steps.append(.name(try identifier()))
                continue
            }
            if peek == .symbol("."), case .quoted = tokens[position + 1] {
                position += 1
                steps.append(.name(try identifier()))
                continue
            }
            if acceptSymbol("[") {
                switch next() {
                case .number(let n):
                    guard let i = Int(n), i >= 0 else {
                        throw Self.malformed("list index must be a whole number, got \(n)")
                    }
                    steps.append(.index(i))
                case .string(let key): steps.append(.name(key))
                case let other: throw Self.malformed("expected an index or 'name' in [], found \(describe(other))")
                }
                try expectSymbol("]")
                continue
            }
            return PartiQLPath(steps: steps)
        }
    }

    mutating func operand() throws(DynamoError) -> PartiQLOperand {
        switch peek {
        case .symbol("?"):
            position += 1
            defer { parameterCount += 1 }
            return .parameter(parameterCount)
        case .symbol("-"):
            position += 1
            guard case .number(let n) = next() else { throw Self.malformed("expected a number after '-'") }
            return .literal(.n(try DynamoNumber("-" + n)))
        case .number(let n):
            position += 1
            return .literal(.n(try DynamoNumber(n)))
        case .string(let s):
            position += 1
            return .literal(.s(s))
        case .symbol("{"):
            position += 1
            var members: [String: PartiQLOperand] = [:]
            if !acceptSymbol("}") {
                repeat {
                    guard case .string(let key) = next() else { throw Self.malformed("map keys are 'quoted strings'") }
                    try expectSymbol(":")
                    members[key] = try operand()
                } while acceptSymbol(",")
                try expectSymbol("}")
            }
            return .map(members)
        case .symbol("["):
            position += 1
            return .list(try elements(closing: "]"))
        case .symbol("<<"):
            position += 1
            return .set(try elements(closing: ">>"))
        case .word(let w):
            switch w.uppercased() {
            case "TRUE":
                position += 1
                return .literal(.bool(true))
            case "FALSE":
                position += 1
                return .literal(.bool(false))
            case "NULL":
                position += 1
                return .literal(.null)
            case "SIZE" where tokens[position + 1] == .symbol("("):
                position += 2
                let p = try path()
                try expectSymbol(")")
                return .size(p)
            default: return .path(try path())
            }
        case .quoted: return .path(try path())
        default: throw Self.malformed("expected a value, found \(describe(peek))")
        }
    }

    mutating func elements(closing: String) throws(DynamoError) -> [PartiQLOperand] {
        var out: [PartiQLOperand] = []
        if acceptSymbol(closing) { return out }
        repeat { out.append(try operand()) } while acceptSymbol(",")
        try expectSymbol(closing)
        return out
    }

    mutating func valueExpression() throws(DynamoError) -> PartiQLValueExpression {
        if isKeyword("LIST_APPEND"), tokens[position + 1] == .symbol("(") {
            position += 2
            let a = try operand()
            try expectSymbol(",")
            let b = try operand()
            try expectSymbol(")")
            return .listAppend(a, b)
        }
        let first = try operand()
        if acceptSymbol("+") { return .arithmetic(first, plus: true, try operand()) }
        if acceptSymbol("-") { return .arithmetic(first, plus: false, try operand()) }
        return .operand(first)
    }

    // MARK: Conditions

    mutating func condition() throws(DynamoError) -> PartiQLCondition {
        var left = try conjunction()
        while accept("OR") { left = .or(left, try conjunction()) }
        return left
    }

    mutating func conjunction() throws(DynamoError) -> PartiQLCondition {
        var left = try negation()
        while accept("AND") { left = .and(left, try negation()) }
        return left
    }

    mutating func negation() throws(DynamoError) -> PartiQLCondition {
        if accept("NOT") { return .not(try negation()) }
        return try predicate()
    }

    static let functions: Set<String> = [
        "BEGINS_WITH", "CONTAINS", "ATTRIBUTE_TYPE", "ATTRIBUTE_EXISTS", "ATTRIBUTE_NOT_EXISTS",
    ]

    mutating func predicate() throws(DynamoError) -> PartiQLCondition {
        if acceptSymbol("(") {
            let inner = try condition()
            try expectSymbol(")")
            return inner
        }
        if case .word(let w) = peek, Self.functions.contains(w.uppercased()), tokens[position + 1] == .symbol("(") {
            position += 2
            var args: [PartiQLOperand] = []
            repeat { args.append(try operand()) } while acceptSymbol(",")
            try expectSymbol(")")
            return .function(w.lowercased(), args)
        }
        let left = try operand()
        if accept("IS") {
            let negated = accept("NOT")
            guard case .path(let p) = left else {
                throw Self.malformed("IS MISSING and IS NULL apply to attribute paths")
            }
            if accept("MISSING") { return .isMissing(p, negated: negated) }
            if accept("NULL") { return .isNull(p, negated: negated) }
            throw Self.malformed("expected MISSING or NULL after IS, found \(describe(peek))")
        }
        if accept("BETWEEN") {
            let low = try operand()
            try expect("AND")
            return .between(left, low, try operand())
        }
        if accept("IN") {
            let open = peek == .symbol("(") ? ")" : "]"
            guard acceptSymbol("(") || acceptSymbol("[") else { throw Self.malformed("expected a list after IN") }
            let options = try elements(closing: open)
            guard !options.isEmpty else { throw Self.malformed("IN needs at least one value") }
            return .isIn(left, options)
        }
        guard case .symbol(let s) = peek, let comparison = PartiQLCondition.Comparison(rawValue: s) else {
            throw Self.malformed("expected a comparison, found \(describe(peek))")
        }
        position += 1
        return .compare(left, comparison, try operand())
    }
}
