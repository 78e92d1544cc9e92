/// A token of DynamoDB's expression language, with its place in the source text.
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case identifier(String)
        case nameRef(String)
        case valueRef(String)
        case integer(Int)
        case symbol(String)
        case end
    }
    var kind: Kind
    var start: String.Index
    var end: String.Index

    /// The token as DynamoDB quotes it in syntax errors.
    func text(in source: String) -> String {
        if case .end = kind { return "<EOF>" }
        return String(source[start..<end])
    }

    func isKeyword(_ word: String) -> Bool {
        if case .identifier(let s) = kind { return s.uppercased() == word }
        return false
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
}

/// Splits expression text into tokens.
enum Lexer {
    static func tokenize(_ source: String, kind: ExpressionKind) throws(DynamoError) -> [Token] {
        var tokens: [Token] = []
        let scalars = source.unicodeScalars
        var i = scalars.startIndex
        func isWordChar(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
        }
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i = scalars.index(after: i)
                continue
            }
            let start = i
            if c == "#" || c == ":" {
                var j = scalars.index(after: i)
                while j < scalars.endIndex, isWordChar(scalars[j]) { j = scalars.index(after: j) }
                if j == scalars.index(after: i) {
                    throw syntaxError(kind, source, tokenText: String(c), start: start, end: j)
                }
                let text = String(scalars[start..<j])
                tokens.append(Token(kind: c == "#" ? .nameRef(text) : .valueRef(text), start: start, end: j))
                i = j
                continue
            }
            if c >= "0" && c <= "9" {
                var j = i
                while j < scalars.endIndex, scalars[j] >= "0" && scalars[j] <= "9" { j = scalars.index(after: j) }
                if j < scalars.endIndex, isWordChar(scalars[j]) {
                    while j < scalars.endIndex, isWordChar(scalars[j]) { j = scalars.index(after: j) }
                    tokens.append(Token(kind: .identifier(String(scalars[start..<j])), start: start, end: j))
                } else {
                    let digits = String(scalars[start..<j])
                    tokens.append(Token(kind: .integer(Int(digits) ?? Int.max), start: start, end: j))
                }
                i = j
                continue
            }
            if isWordChar(c) {
                var j = i
                while j < scalars.endIndex, isWordChar(scalars[j]) { j = scalars.index(after: j) }
                tokens.append(Token(kind: .identifier(String(scalars[start..<j])), start: start, end: j))
                i = j
                continue
            }
            let next = scalars.index(after: i)
            let two = next < scalars.endIndex ? String(scalars[i...next]) : ""
            if two == "<>" || two == "<=" || two == ">=" {
                let end = scalars.index(after: next)
                tokens.append(Token(kind: .symbol(two), start: start, end: end))
                i = end
                continue
            }
            if "=<>()[],.+-".unicodeScalars.contains(c) {
                tokens.append(Token(kind: .symbol(String(c)), start: start, end: next))
                i = next
                continue
            }
            throw syntaxError(kind, source, tokenText: String(c), start: start, end: next)
        }
        tokens.append(Token(kind: .end, start: source.endIndex, end: source.endIndex))
        return tokens
    }

    static func syntaxError(
        _ kind: ExpressionKind, _ source: String, tokenText: String,
        start: String.Index, end: String.Index
    ) -> DynamoError {
        let lo = source.index(start, offsetBy: -8, limitedBy: source.startIndex) ?? source.startIndex
        let hi = source.index(end, offsetBy: 8, limitedBy: source.endIndex) ?? source.endIndex
        let near = String(source[lo..<hi])
        return DynamoError.validation(
            "Invalid \(kind.rawValue): Syntax error; token: \"\(tokenText)\", near: \"\(near)\"")
    }
}
