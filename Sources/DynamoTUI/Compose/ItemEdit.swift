import DynamoCore
import DynamoTools

/// Turns an item edited as text into the smallest write that makes it so.
///
/// An edit becomes one `update_item`: SET for changed values (down to the nested map member or
/// list element that changed), REMOVE for removed ones, ADD/DELETE for elements added to or taken
/// out of a set — with a condition that every changed attribute still holds the value that was
/// loaded, so a change made by someone else in between fails instead of being overwritten.
///
/// ```swift
/// let args = try ItemEdit.update(table: "Movies", keyNames: ["year", "title"], old: loaded, new: edited).get()
/// // {"table": "Movies", "key": {…}, "updates": {"info.rating": 8},
/// //  "condition": {"info.rating": {"op": "eq", "value": 7}}}
/// ```
public enum ItemEdit {
    /// The `update_item` arguments, or nil when nothing changed.
    public static func update(table: String, keyNames: [String], old: Item, new: Item)
        -> Result<JSONValue?, EditError>
    {
        for name in keyNames where old[name] != new[name] {
            return .failure(
                EditError(
                    "the key attribute \(name) changed: a key cannot be updated "
                        + "(create the item with n, then delete this one with d)"))
        }
        var diff = Diff()
        do {
            for name in Set(old.keys).union(new.keys).sorted() where !keyNames.contains(name) {
                try diff.compare(path: try pathSegment(name), old: old[name], new: new[name])
            }
            guard !diff.isEmpty else { return .success(nil) }
            var arguments: [String: JSONValue] = ["table": .string(table)]
            arguments["key"] = try PlainJSON.encodeItem(old.filter { keyNames.contains($0.key) })
            if !diff.updates.isEmpty { arguments["updates"] = .object(diff.updates) }
            if !diff.remove.isEmpty { arguments["remove"] = .array(diff.remove.map { .string($0) }) }
            if !diff.add.isEmpty { arguments["add"] = .object(diff.add) }
            if !diff.delete.isEmpty { arguments["delete"] = .object(diff.delete) }
            // The item must still exist: an edit that only adds attributes would otherwise write
            // them as a new stub item after someone else deleted it.
            if let partition = keyNames.first { diff.condition[try pathSegment(partition)] = ["op": "exists"] }
            arguments["condition"] = .object(diff.condition)
            return .success(.object(arguments))
        } catch let error as EditError {
            return .failure(error)
        } catch {
            return .failure(EditError("\(error)"))
        }
    }

    /// A name as one segment of a structured path: backquoted when it holds `.`, `[` or `]`.
    static func pathSegment(_ name: String) throws -> String {
        if name.contains("`") {
            throw EditError("the attribute name \(name) holds a backquote, which paths cannot spell")
        }
        return name.contains(where: { ".[]".contains($0) }) ? "`\(name)`" : name
    }

    /// The collected changes.
    struct Diff {
        var updates: [String: JSONValue] = [:]
        var remove: [String] = []
        var add: [String: JSONValue] = [:]
        var delete: [String: JSONValue] = [:]
        var condition: [String: JSONValue] = [:]

        var isEmpty: Bool { updates.isEmpty && remove.isEmpty && add.isEmpty && delete.isEmpty }

        mutating func compare(path: String, old: AttributeValue?, new: AttributeValue?) throws {
            guard old != new else { return }
            guard let new else {
                remove.append(path)
                condition[path] = ["op": "eq", "value": try PlainJSON.encode(old!)]
                return
            }
            guard let old else {
                updates[path] = try PlainJSON.encode(new)
                condition[path] = ["op": "not_exists"]
                return
            }
            switch (old, new) {
            case (.m(let a), .m(let b)) where !a.isEmpty && !b.isEmpty:
                for name in Set(a.keys).union(b.keys).sorted() {
                    try compare(path: path + "." + (try ItemEdit.pathSegment(name)), old: a[name], new: b[name])
                }
            case (.l(let a), .l(let b)) where a.count == b.count:
                for (i, (x, y)) in zip(a, b).enumerated() { try compare(path: "\(path)[\(i)]", old: x, new: y) }
            case (.ss, .ss), (.ns, .ns), (.bs, .bs):
                try compareSets(path: path, old: old, new: new)
            default:
                updates[path] = try PlainJSON.encode(new)
                condition[path] = ["op": "eq", "value": try PlainJSON.encode(old)]
            }
        }

        /// Only added elements: ADD; only removed ones: DELETE; both: SET the new set.
        mutating func compareSets(path: String, old: AttributeValue, new: AttributeValue) throws {
            let (added, removed) = Self.setChange(old, new)
            condition[path] = ["op": "eq", "value": try PlainJSON.encode(old)]
            if let added, removed == nil {
                add[path] = try PlainJSON.encode(added)
            } else if let removed, added == nil {
                delete[path] = try PlainJSON.encode(removed)
            } else {
                updates[path] = try PlainJSON.encode(new)
            }
        }

        /// The elements in `new` but not `old`, and in `old` but not `new`, as sets (nil when none).
        static func setChange(_ old: AttributeValue, _ new: AttributeValue) -> (AttributeValue?, AttributeValue?) {
            switch (old, new) {
            case (.ss(let a), .ss(let b)):
                return (try? .stringSet(b.filter { !a.contains($0) }), try? .stringSet(a.filter { !b.contains($0) }))
            case (.ns(let a), .ns(let b)):
                return (try? .numberSet(b.filter { !a.contains($0) }), try? .numberSet(a.filter { !b.contains($0) }))
            case (.bs(let a), .bs(let b)):
                return (try? .binarySet(b.filter { !a.contains($0) }), try? .binarySet(a.filter { !b.contains($0) }))
            default:
                return (nil, nil)
            }
        }
    }

    /// What `n` opens in the editor: the key attributes to fill in, typed by the key schema.
    public static func template(keys: [TableSummary.KeyPart]) -> JSONValue {
        var item: [String: JSONValue] = [:]
        for key in keys {
            switch key.type {
            case "N": item[key.name] = 0
            case "B": item[key.name] = ["$b": ""]
            default: item[key.name] = ""
            }
        }
        return .object(item)
    }

    /// The text without its `//` note lines.
    public static func withoutNotes(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
    }

    /// Reads the editor's text back: lines starting with `//` (the notes we put on top) are
    /// dropped, the rest must be one JSON object in the chosen format.
    public static func parse(_ text: String, typed: Bool) -> Result<Item, EditError> {
        do {
            let json = try JSONValue.parse(withoutNotes(text))
            guard case .object = json else { throw EditError("the item must be a JSON object") }
            return .success(typed ? try TypedJSON.decodeItem(json) : try PlainJSON.decodeItem(json))
        } catch let error as EditError {
            return .failure(error)
        } catch let error as DynamoError {
            return .failure(EditError(error.message))
        } catch {
            return .failure(EditError("not JSON: \(error)"))
        }
    }
}

public struct EditError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}
