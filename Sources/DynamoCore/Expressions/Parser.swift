/// Parses DynamoDB expression text into the syntax tree, with DynamoDB's error messages.
///
/// Placeholders stay unresolved here (`#n`, `:v`); `ExpressionAttributes` substitutes them.
///
/// ```swift
/// let c = try ExpressionParser.parseCondition("#s = :s AND total >= :min", kind: .filter)
/// ```
public struct ExpressionParser {
    /// DynamoDB's limit on the text of any one expression.
    public static let maxExpressionBytes = 4096
    /// The most operands `IN` accepts.
    public static let maxInOperands = 100
    /// The most levels a document path may have (`a.b[0]` has three).
    public static let maxPathDepth = 32
    /// The most comparators and functions one expression may hold (AND, OR and NOT are not counted).
    public static let maxOperators = 300

    let source: String
    let kind: ExpressionKind
    let tokens: [Token]
    /// For each `(` token, the index of the `)` that closes it (found once, for the redundancy check).
    let closing: [Int: Int]
    var position = 0
    /// Comparators and functions parsed so far.
    var operators = 0

    init(_ source: String, kind: ExpressionKind) throws(DynamoError) {
        let size = source.utf8.count
        if size > ExpressionParser.maxExpressionBytes {
            throw DynamoError.validation(
                "Invalid \(kind.rawValue): Expression size has exceeded the maximum allowed size; expression size: "
                    + "\(size)"
            )
        }
        if source.allSatisfy({ $0.isWhitespace }) {
            throw DynamoError.validation("Invalid \(kind.rawValue): The expression can not be empty;")
        }
        self.source = source
        self.kind = kind
        self.tokens = try Lexer.tokenize(source, kind: kind)
        self.closing = Self.matchingParentheses(tokens)
    }

    // MARK: Entry points

    public static func parseCondition(_ text: String, kind: ExpressionKind = .condition) throws(DynamoError)
        -> Condition
    {
        let tree = try ParsedExpressionCache.shared.tree(kind, text) { () throws(DynamoError) in
            var parser = try ExpressionParser(text, kind: kind)
            let condition = try parser.parseOr()
            try parser.expectEnd()
            return .condition(condition)
        }
        guard case .condition(let condition) = tree else { preconditionFailure("a \(kind) text cached as \(tree)") }
        return condition
    }

    public static func parseProjection(_ text: String) throws(DynamoError) -> [DocumentPath] {
        let tree = try ParsedExpressionCache.shared.tree(.projection, text) { () throws(DynamoError) in
            var parser = try ExpressionParser(text, kind: .projection)
            var paths = [try parser.parsePath()]
            while parser.current.isSymbol(",") {
                parser.advance()
                paths.append(try parser.parsePath())
            }
            try parser.expectEnd()
            return .projection(paths)
        }
        guard case .projection(let paths) = tree else { preconditionFailure("a projection cached as \(tree)") }
        return paths
    }

    public static func parseUpdate(_ text: String) throws(DynamoError) -> UpdateExpression {
        let tree = try ParsedExpressionCache.shared.tree(.update, text) { () throws(DynamoError) in
            var parser = try ExpressionParser(text, kind: .update)
            return .update(try parser.parseUpdateClauses())
        }
        guard case .update(let update) = tree else { preconditionFailure("an update cached as \(tree)") }
        return update
    }

    // MARK: Token helpers

    var current: Token { tokens[position] }
    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func syntaxError(at token: Token? = nil) -> DynamoError {
        let t = token ?? current
        let prev = position > 0 ? tokens[position - 1] : t
        let next = position + 1 < tokens.count ? tokens[position + 1] : t
        let near: String
        if case .end = t.kind {
            near = String(source[prev.start..<source.endIndex])
        } else {
            let end = next.kind == .end ? t.end : next.end
            near = String(source[prev.start..<end])
        }
        return DynamoError.validation(
            "Invalid \(kind.rawValue): Syntax error; token: \"\(t.text(in: source))\", near: \"\(near)\"")
    }

    func error(_ message: String) -> DynamoError {
        DynamoError.validation("Invalid \(kind.rawValue): \(message)")
    }

    mutating func expectSymbol(_ s: String) throws(DynamoError) {
        guard current.isSymbol(s) else { throw syntaxError() }
        advance()
    }

    func expectEnd() throws(DynamoError) {
        guard case .end = current.kind else { throw syntaxError() }
    }

    // MARK: Paths

    mutating func parsePath() throws(DynamoError) -> DocumentPath {
        var components = [try parsePathElement()]
        while true {
            if current.isSymbol(".") {
                advance()
                components.append(try parsePathElement())
            } else if current.isSymbol("[") {
                advance()
                guard case .integer(let index) = current.kind else { throw syntaxError() }
                guard index <= Int(Int32.max) else {
                    throw error("List index is out of range; index: \(current.text(in: source))")
                }
                advance()
                try expectSymbol("]")
                components.append(.index(index))
            } else {
                if components.count > ExpressionParser.maxPathDepth {
                    throw error("The document path has too many nesting levels; nesting levels: \(components.count)")
                }
                return DocumentPath(components)
            }
        }
    }

    /// Counts a comparator or function; DynamoDB refuses an expression with more than 300.
    mutating func countOperator() throws(DynamoError) {
        operators += 1
        if operators > ExpressionParser.maxOperators {
            throw error("The expression contains too many operators; operator count: \(operators)")
        }
    }

    /// Pairs every `(` with its `)` in one pass.
    static func matchingParentheses(_ tokens: [Token]) -> [Int: Int] {
        var open: [Int] = []
        var pairs: [Int: Int] = [:]
        for (i, token) in tokens.enumerated() {
            if token.isSymbol("(") { open.append(i) }
            if token.isSymbol(")"), let start = open.popLast() { pairs[start] = i }
        }
        return pairs
    }

    mutating func parsePathElement() throws(DynamoError) -> PathComponent {
        switch current.kind {
        case .identifier(let name):
            if let first = name.unicodeScalars.first, first >= "0" && first <= "9" { throw syntaxError() }
            if ReservedWords.contains(name) {
                throw error("Attribute name is a reserved keyword; reserved keyword: \(name)")
            }
            advance()
            return .name(name)
        case .nameRef(let ref):
            advance()
            return .placeholder(ref)
        default:
            throw syntaxError()
        }
    }

    // MARK: Conditions

    mutating func parseOr() throws(DynamoError) -> Condition {
        var left = try parseAnd()
        while current.isKeyword("OR") {
            advance()
            left = .or(left, try parseAnd())
        }
        return left
    }

    mutating func parseAnd() throws(DynamoError) -> Condition {
        var left = try parseNot()
        while current.isKeyword("AND") {
            advance()
            left = .and(left, try parseNot())
        }
        return left
    }

    mutating func parseNot() throws(DynamoError) -> Condition {
        if current.isKeyword("NOT") {
            advance()
            return .not(try parseNot())
        }
        return try parsePrimary()
    }

    static let conditionFunctions: Set<String> = [
        "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains",
    ]
    static let allFunctions: Set<String> = conditionFunctions.union(["size", "if_not_exists", "list_append"])

    func isFunctionCall() -> Bool {
        if case .identifier = current.kind, position + 1 < tokens.count, tokens[position + 1].isSymbol("(") {
            return true
        }
        return false
    }

    mutating func parsePrimary() throws(DynamoError) -> Condition {
        if current.isSymbol("(") {
            // `((a = :v))`: a group whose whole content is another group.
            if let inner = closing[position + 1], let outer = closing[position], outer == inner + 1 {
                throw error("The expression has redundant parentheses;")
            }
            advance()
            let inner = try parseOr()
            try expectSymbol(")")
            return inner
        }
        if isFunctionCall(), case .identifier(let name) = current.kind,
            ExpressionParser.conditionFunctions.contains(name)
        {
            try countOperator()
            return try parseConditionFunction(name)
        }
        let left = try parseConditionOperand()
        if current.isKeyword("BETWEEN") {
            try countOperator()
            advance()
            let lower = try parseConditionOperand()
            guard current.isKeyword("AND") else { throw syntaxError() }
            advance()
            let upper = try parseConditionOperand()
            return .between(left, lower, upper)
        }
        if current.isKeyword("IN") {
            try countOperator()
            advance()
            try expectSymbol("(")
            var list = [try parseConditionOperand()]
            while current.isSymbol(",") {
                advance()
                list.append(try parseConditionOperand())
            }
            try expectSymbol(")")
            if list.count > ExpressionParser.maxInOperands {
                throw error("The IN operator is provided with too many operands; number of operands: \(list.count)")
            }
            return .inList(left, list)
        }
        guard case .symbol(let s) = current.kind, let comparator = Comparator(rawValue: s) else {
            throw syntaxError()
        }
        try countOperator()
        advance()
        let right = try parseConditionOperand()
        return .comparison(left, comparator, right)
    }

    /// Parses `name(arg, …)` and returns its arguments as operands.
    mutating func parseArguments() throws(DynamoError) -> [Operand] {
        try expectSymbol("(")
        var args: [Operand] = []
        if !current.isSymbol(")") {
            args.append(try parseUpdateOperand(allowArithmetic: false))
            while current.isSymbol(",") {
                advance()
                args.append(try parseUpdateOperand(allowArithmetic: false))
            }
        }
        try expectSymbol(")")
        return args
    }

    func requireCount(_ args: [Operand], _ n: Int, _ name: String) throws(DynamoError) {
        if args.count != n {
            throw error(
                "Incorrect number of operands for operator or function; operator or function: \(name), number of "
                    + "operands: \(args.count)"
            )
        }
    }

    func requirePath(_ operand: Operand, _ name: String) throws(DynamoError) -> DocumentPath {
        guard case .path(let p) = operand else {
            throw error("Operator or function requires a document path; operator or function: \(name)")
        }
        return p
    }

    mutating func parseConditionFunction(_ name: String) throws(DynamoError) -> Condition {
        advance()
        let args = try parseArguments()
        for arg in args { try rejectUpdateOnly(arg) }
        switch name {
        case "attribute_exists":
            try requireCount(args, 1, name)
            return .attributeExists(try requirePath(args[0], name))
        case "attribute_not_exists":
            try requireCount(args, 1, name)
            return .attributeNotExists(try requirePath(args[0], name))
        case "attribute_type":
            try requireCount(args, 2, name)
            return .attributeType(try requirePath(args[0], name), args[1])
        case "begins_with":
            try requireCount(args, 2, name)
            return .beginsWith(args[0], args[1])
        default:
            try requireCount(args, 2, name)
            return .contains(args[0], args[1])
        }
    }

    func rejectUpdateOnly(_ operand: Operand) throws(DynamoError) {
        switch operand {
        case .ifNotExists:
            throw error("The function is not allowed to be used this way in an expression; function: if_not_exists")
        case .listAppend:
            throw error("The function is not allowed to be used this way in an expression; function: list_append")
        default: return
        }
    }

    mutating func parseConditionOperand() throws(DynamoError) -> Operand {
        let operand = try parseUpdateOperand(allowArithmetic: false)
        try rejectUpdateOnly(operand)
        return operand
    }
}
