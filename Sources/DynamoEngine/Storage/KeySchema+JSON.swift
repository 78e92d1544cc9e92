import DynamoCore

/// `KeySchema` as CreateTable and UpdateTable give it: the table's one HASH and optional RANGE, or a
/// global index's multi-attribute key, with DynamoDB's refusals.
extension TableSchema {
    /// Key attribute names: 1 to 255 bytes.
    static func checkKeyAttributeName(_ name: String, at field: String) throws(DynamoError) {
        let bytes = name.utf8.count
        guard bytes < 1 || bytes > 255 else { return }
        throw DynamoError.validation(
            DynamoError.constraintPrefix(value: name, at: field)
                + (bytes < 1
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 255"))
    }

    /// The most attributes a multi-attribute GSI key has on each side.
    static let maxKeyAttributesPerSide = 4

    /// A `KeySchema`: one HASH and at most one RANGE — or, for a global secondary index (`multiAttribute`),
    /// up to four of each, every HASH before the first RANGE, no attribute twice.
    static func parseKeySchema(
        _ list: [JSONValue]?, types: [String: ScalarType], context: String, multiAttribute: Bool = false
    ) throws(DynamoError) -> KeySchema {
        guard let list, !list.isEmpty else {
            throw DynamoError.validation(DynamoError.constraintPrefix(nullAt: "keySchema") + "Member must not be null")
        }
        let limit = multiAttribute ? 2 * maxKeyAttributesPerSide : 2
        guard list.count <= limit else {
            throw DynamoError.validation(
                DynamoError.constraintPrefix(at: "keySchema") + "Member must have length less than or equal to \(limit)"
            )
        }
        var elements: [(name: String, type: String)] = []
        for (position, e) in list.enumerated() {
            let r = try JSONReader(e)
            let name = try r.requiredString("AttributeName")
            // An index's key names are checked as attribute definitions (every key attribute has one).
            if context.isEmpty { try checkKeyAttributeName(name, at: "keySchema.\(position + 1).member.attributeName") }
            elements.append((name, try r.requiredString("KeyType")))
        }
        guard elements[0].type == "HASH" else {
            throw DynamoError.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
        }
        let hashes = elements.prefix { $0.type == "HASH" }
        let ranges = elements.dropFirst(hashes.count)
        if multiAttribute {
            try checkMultiAttributeShape(hashes.map(\.name), ranges.map(\.name), ranges.map(\.type), index: context)
        } else if elements.count == 2 {
            guard elements[1].type == "RANGE" else {
                throw DynamoError.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
            }
            if elements[0].name == elements[1].name {
                throw DynamoError.validation(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name")
            }
        }
        func element(_ name: String) throws(DynamoError) -> KeyElement {
            guard let t = types[name] else {
                throw DynamoError.validation(
                    "One or more parameter values were invalid: Some index key attributes are not defined in "
                        + "AttributeDefinitions. Keys: [\(elements.map(\.name).joined(separator: ", "))], "
                        + "AttributeDefinitions: [\(types.keys.sorted().joined(separator: ", "))]"
                )
            }
            return KeyElement(name: name, type: t)
        }
        var partitionKeys: [KeyElement] = []
        for e in hashes { partitionKeys.append(try element(e.name)) }
        var sortKeys: [KeyElement] = []
        for e in ranges { sortKeys.append(try element(e.name)) }
        return KeySchema(partitionKeys: partitionKeys, sortKeys: sortKeys)
    }

    /// A multi-attribute GSI key: at most four HASH and four RANGE attributes, the HASH ones first, each once.
    static func checkMultiAttributeShape(_ hashes: [String], _ ranges: [String], _ rangeTypes: [String], index: String)
        throws(DynamoError)
    {
        if let misplaced = rangeTypes.first(where: { $0 != "RANGE" }) {
            throw DynamoError.validation(
                "Invalid KeySchema: every HASH KeySchemaElement must come before the first RANGE one; found "
                    + "\(misplaced) after RANGE for index: \(index)")
        }
        for (side, names) in [("HASH", hashes), ("RANGE", ranges)] where names.count > maxKeyAttributesPerSide {
            throw DynamoError.validation(
                "Invalid KeySchema: a global secondary index key has at most \(maxKeyAttributesPerSide) \(side) "
                    + "attributes; index: \(index) has \(names.count)")
        }
        let all = hashes + ranges
        if hashes.count == 1, ranges.count == 1, hashes[0] == ranges[0] {
            throw DynamoError.validation(
                "Both the Hash Key and the Range Key element in the KeySchema have the same name")
        }
        if let twice = all.first(where: { name in all.filter { $0 == name }.count > 1 }) {
            throw DynamoError.validation(
                "Invalid KeySchema: attribute \(twice) appears more than once in the KeySchema of index: \(index)")
        }
    }
}
