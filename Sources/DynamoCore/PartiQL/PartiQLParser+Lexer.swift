/// Splitting a PartiQL statement into tokens.
extension PartiQLParser {
    static func lex(_ s: [Unicode.Scalar]) throws(DynamoError) -> [Token] {
        var out: [Token] = []
        var i = 0
        func isWordStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isWordPart(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || ("0"..."9").contains(c) }
        while i < s.count {
            let c = s[i]
            if c.properties.isWhitespace {
                i += 1
                continue
            }
            if c == "'" || c == "\"" {
                var text = String.UnicodeScalarView()
                i += 1
                while true {
                    guard i < s.count else {
                        throw malformed("unterminated \(c == "'" ? "string" : "quoted identifier")")
                    }
                    if s[i] == c {
                        if i + 1 < s.count && s[i + 1] == c {
                            text.append(c)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    text.append(s[i])
                    i += 1
                }
                out.append(c == "'" ? .string(String(text)) : .quoted(String(text)))
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && i + 1 < s.count && ("0"..."9").contains(s[i + 1])) {
                var text = ""
                while i < s.count,
                    ("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "e" || s[i] == "E"
                        || ((s[i] == "+" || s[i] == "-") && (s[i - 1] == "e" || s[i - 1] == "E"))
                {
                    text.unicodeScalars.append(s[i])
                    i += 1
                }
                out.append(.number(text))
                continue
            }
            if isWordStart(c) {
                var text = ""
                while i < s.count, isWordPart(s[i]) {
                    text.unicodeScalars.append(s[i])
                    i += 1
                }
                out.append(.word(text))
                continue
            }
            let two = i + 1 < s.count ? String(String.UnicodeScalarView([c, s[i + 1]])) : ""
            if ["<>", "!=", "<=", ">=", "<<", ">>"].contains(two) {
                out.append(.symbol(two == "!=" ? "<>" : two))
                i += 2
                continue
            }
            if "*,.()[]{}:?=<>+-;".unicodeScalars.contains(c) {
                out.append(.symbol(String(c)))
                i += 1
                continue
            }
            throw malformed("unexpected character '\(c)'")
        }
        if out.last == .symbol(";") { out.removeLast() }
        out.append(.end)
        return out
    }
}
