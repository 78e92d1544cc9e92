import DynamoCore

/// Checks keys against a table's key schema with messages that name the schema and the fix:
/// "Movies is keyed by year (N) and title (S): key.year is a String (S); missing title".
public enum KeySchemaCheck {
    public struct KeyAttribute: Equatable, Sendable {
        public var name: String
        public var type: String
        /// A partition-key (HASH) attribute; a multi-attribute GSI key has up to four.
        public var isPartition = false
    }

    /// A key schema (table or index) in order, partition key first, with types from the table's
    /// AttributeDefinitions (`?` where undefined).
    public static func keyAttributes(_ schema: JSONValue?, _ description: JSONValue) -> [KeyAttribute] {
        var types: [String: String] = [:]
        for definition in description["AttributeDefinitions"]?.arrayValue ?? [] {
            if let name = definition["AttributeName"]?.stringValue {
                types[name] = definition["AttributeType"]?.stringValue
            }
        }
        let elements = schema?.arrayValue ?? []
        let ordered = elements.filter { $0["KeyType"] == "HASH" } + elements.filter { $0["KeyType"] == "RANGE" }
        return ordered.compactMap { e in
            e["AttributeName"]?.stringValue.map {
                KeyAttribute(name: $0, type: types[$0] ?? "?", isPartition: e["KeyType"] == "HASH")
            }
        }
    }

    static let typeNames = [
        "S": "String", "N": "Number", "B": "Binary", "BOOL": "Boolean", "NULL": "Null", "M": "Map", "L": "List",
        "SS": "String Set", "NS": "Number Set", "BS": "Binary Set",
    ]

    /// `Movies is keyed by year (N) and title (S)`
    static func schemaText(_ table: String, _ keys: [KeyAttribute]) -> String {
        "\(table) is keyed by " + keys.map { "\($0.name) (\($0.type))" }.joined(separator: " and ")
    }

    /// Problems with a typed key (`exact`: a Key must hold only the key attributes; an Item may hold more).
    static func problems(_ value: JSONValue, argument: String, keys: [KeyAttribute], exact: Bool) -> [String] {
        let members = value.objectValue ?? [:]
        var out: [String] = []
        for key in keys {
            guard let typed = members[key.name] else {
                out.append("missing \(key.name)")
                continue
            }
            let actual = typed.objectValue?.keys.first ?? "?"
            if actual != key.type {
                var problem =
                    "\(argument).\(key.name) is a \(typeNames[actual] ?? actual), the key needs a "
                    + "\(typeNames[key.type] ?? key.type)"
                if actual == "M", let inner = typed["M"]?.objectValue, inner.count == 1, let tag = inner.keys.first,
                    typeNames[tag] != nil
                {
                    problem += " (it looks like DynamoDB JSON: add format: \"dynamodb\")"
                }
                out.append(problem)
            }
        }
        if exact {
            for name in members.keys.sorted() where !keys.contains(where: { $0.name == name }) {
                out.append("extra attribute \(name) (a key holds only its key attributes)")
            }
        }
        return out
    }

    /// Checks one DynamoDB request against the table's description; the message to throw, or nil.
    static func check(
        _ operation: DynamoOperation, _ request: [String: JSONValue], table: String, description: JSONValue
    ) -> String? {
        let table = TableDescription(description)
        let keys = table.keys
        if let index = request["IndexName"]?.stringValue, table.index(named: index) == nil {
            return "The table does not have the specified index: \(index) \(table.indexList)"
        }
        var found: [String] = []
        if let key = request["Key"] { found = problems(key, argument: "key", keys: keys, exact: true) }
        if operation == .putItem, let item = request["Item"] {
            found = problems(item, argument: "item", keys: keys, exact: false)
        }
        return found.isEmpty ? nil : "\(schemaText(table.name, keys)): \(found.joined(separator: "; "))"
    }
}
