/// The one rule for attribute names in the tools' structured arguments (`key_condition`,
/// `filters`, `condition`, `updates`, `remove`, `add`, `delete`, `projection`): a name is a
/// document path.
///
/// `meta.owner.name` is the nested attribute, `lines[0].qty` indexes a list, and a segment in
/// backquotes is taken literally, so `` `meta.owner.name` `` names a top-level attribute whose name
/// contains dots (and `` `a[1]` `` one whose name contains brackets).
///
/// ```swift
/// var names: [String: String] = [:]
/// let text = try StructuredPath.expression("info.actors[0]") { name in
///     let key = "#p\(names.count)"; names[key] = name; return key
/// }   // "#p0.#p1[0]"
/// ```
public enum StructuredPath {
    public enum Segment: Equatable, Sendable {
        case name(String)
        case index(Int)
    }

    /// Splits a structured path into names and list indexes.
    public static func parse(_ path: String) throws(DynamoError) -> [Segment] {
        var segments: [Segment] = []
        var chars = Array(path)[...]
        func fail(_ why: String) -> DynamoError {
            DynamoError.validation(
                "Invalid attribute path \"\(path)\": \(why) (write a.b[0].c; put a name that contains dots or "
                    + "brackets in backquotes: `my.name`)"
            )
        }
        var expectName = true
        while let c = chars.first {
            if expectName {
                var name = ""
                if c == "`" {
                    chars = chars.dropFirst()
                    guard let close = chars.firstIndex(of: "`") else { throw fail("unclosed backquote") }
                    name = String(chars[..<close])
                    chars = chars[chars.index(after: close)...]
                } else {
                    while let d = chars.first, d != ".", d != "[" {
                        if d == "]" || d == "`" { throw fail("unexpected \(d)") }
                        name.append(d)
                        chars = chars.dropFirst()
                    }
                }
                guard !name.isEmpty else { throw fail("empty name") }
                segments.append(.name(name))
                expectName = false
            } else if c == "." {
                chars = chars.dropFirst()
                expectName = true
            } else if c == "[" {
                chars = chars.dropFirst()
                guard let close = chars.firstIndex(of: "]"), let index = Int(String(chars[..<close])), index >= 0 else {
                    throw fail("a list index is a whole number in brackets")
                }
                segments.append(.index(index))
                chars = chars[chars.index(after: close)...]
            } else {
                throw fail("unexpected \(c)")
            }
        }
        if expectName { throw fail(segments.isEmpty ? "empty path" : "ends with a dot") }
        return segments
    }

    /// The path as expression text with every name replaced by the placeholder `allocate` gives it.
    public static func expression(_ path: String, allocate: (String) -> String) throws(DynamoError) -> String {
        var out = ""
        for segment in try parse(path) {
            switch segment {
            case .name(let name): out += (out.isEmpty ? "" : ".") + allocate(name)
            case .index(let index): out += "[\(index)]"
            }
        }
        return out
    }
}
