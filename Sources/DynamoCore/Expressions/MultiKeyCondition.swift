/// A Query's key condition on a multi-attribute GSI key: every partition attribute with `=`, then the
/// sort attributes left to right — equality on a prefix of them, and at most one range condition, on the
/// last one used.
///
/// ```swift
/// // Key: HASH tenant, HASH region; RANGE year, RANGE month
/// // "tenant = :t AND region = :r AND year = :y AND month BETWEEN :a AND :b"
/// let k = try MultiKeyCondition.analyze(condition, schema: schema)
/// // k.partition == [t, r], k.sortPrefix == [y], k.range == .between(a, b)
/// ```
public struct MultiKeyCondition: Sendable, Equatable {
    /// The partition attributes' values, in key-schema order.
    public var partition: [AttributeValue]
    /// Values the first sort attributes equal, in key-schema order.
    public var sortPrefix: [AttributeValue]
    /// The condition on the sort attribute after the prefix, if any.
    public var range: KeyCondition.Sort?

    public init(partition: [AttributeValue], sortPrefix: [AttributeValue], range: KeyCondition.Sort?) {
        self.partition = partition
        self.sortPrefix = sortPrefix
        self.range = range
    }

    public static func analyze(_ condition: Condition, schema: KeySchema) throws(DynamoError) -> MultiKeyCondition {
        let limit = schema.partitionKeys.count + schema.sortKeys.count
        var terms: [String: KeyCondition.Sort] = [:]
        for part in KeyCondition.conjuncts(condition) {
            let (name, test) = try KeyCondition.keyTerm(part)
            guard schema.names.contains(name) else {
                throw DynamoError.validation(
                    "Query condition missed key schema element: \(firstMissing(schema, terms) ?? name)")
            }
            guard terms[name] == nil else {
                throw DynamoError.validation("KeyConditionExpressions must only contain one condition per key")
            }
            terms[name] = test
        }
        if terms.count > limit {
            throw DynamoError.validation("Conditions can be of length 1 to \(limit) only")
        }
        var partition: [AttributeValue] = []
        for element in schema.partitionKeys {
            guard let test = terms[element.name] else {
                throw DynamoError.validation("Query condition missed key schema element: \(element.name)")
            }
            guard case .comparison(.eq, let value) = test else { throw KeyCondition.unsupportedKeyCondition }
            partition.append(value)
        }
        // Sort attributes left to right: each before the last one with a condition must have `=`.
        var prefix: [AttributeValue] = []
        var range: KeyCondition.Sort?
        let sortNames = schema.sortKeys.map(\.name)
        let lastUsed = sortNames.lastIndex { terms[$0] != nil }
        for (position, name) in sortNames.enumerated() where position <= (lastUsed ?? -1) {
            if case .comparison(.eq, let value)? = terms[name] {
                prefix.append(value)
            } else if position == lastUsed, let test = terms[name] {
                range = test
            } else {
                throw DynamoError.validation(
                    "RANGE key attributes \(name) must have equality conditions specified in the query because a "
                        + "condition is present on key attribute \(sortNames[lastUsed ?? position])")
            }
        }
        return MultiKeyCondition(partition: partition, sortPrefix: prefix, range: range)
    }

    /// The first partition attribute the condition does not name.
    static func firstMissing(_ schema: KeySchema, _ terms: [String: KeyCondition.Sort]) -> String? {
        schema.partitionKeys.first { terms[$0.name] == nil }?.name
    }
}
