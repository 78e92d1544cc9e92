/// The subset of PartiQL that DynamoDB's ExecuteStatement accepts, as a syntax tree.
///
/// ```sql
/// SELECT title, info.rating FROM "Movies" WHERE "year" = ? AND title BETWEEN 'A' AND 'M' ORDER BY title DESC
/// INSERT INTO "Movies" VALUE {'year': 2024, 'title': 'Dune'}
/// UPDATE "Movies" SET rating = rating + 1 REMOVE draft WHERE "year" = 2024 AND title = 'Dune'
/// DELETE FROM "Movies" WHERE "year" = 2024 AND title = 'Dune'
/// ```
public enum PartiQLStatement: Equatable, Sendable {
    case select(PartiQLSelect)
    case insert(table: String, value: PartiQLOperand)
    case update(
        table: String, sets: [(PartiQLPath, PartiQLValueExpression)], removes: [PartiQLPath],
        condition: PartiQLCondition)
    case delete(table: String, condition: PartiQLCondition)

    /// The table the statement reads or writes.
    public var table: String {
        switch self {
        case .select(let s): return s.table
        case .insert(let t, _), .update(let t, _, _, _), .delete(let t, _): return t
        }
    }

    public static func == (a: PartiQLStatement, b: PartiQLStatement) -> Bool {
        switch (a, b) {
        case (.select(let x), .select(let y)): return x == y
        case (.insert(let t1, let v1), .insert(let t2, let v2)): return t1 == t2 && v1 == v2
        case (.update(let t1, let s1, let r1, let c1), .update(let t2, let s2, let r2, let c2)):
            return t1 == t2 && r1 == r2 && c1 == c2 && s1.count == s2.count
                && zip(s1, s2).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.delete(let t1, let c1), .delete(let t2, let c2)): return t1 == t2 && c1 == c2
        default: return false
        }
    }
}

public struct PartiQLSelect: Equatable, Sendable {
    /// Nil for `*`.
    public var projection: [PartiQLPath]?
    public var table: String
    public var index: String?
    public var condition: PartiQLCondition?
    /// `ORDER BY path [ASC|DESC]`: the path and whether it is descending.
    public var orderBy: (PartiQLPath, descending: Bool)?

    public static func == (a: PartiQLSelect, b: PartiQLSelect) -> Bool {
        a.projection == b.projection && a.table == b.table && a.index == b.index && a.condition == b.condition
            && a.orderBy?.0 == b.orderBy?.0 && a.orderBy?.descending == b.orderBy?.descending
    }
}

/// A document path: a name followed by `.name`, `[0]` or `['name']` steps.
public struct PartiQLPath: Hashable, Sendable {
    public enum Step: Hashable, Sendable { case name(String), index(Int) }
    public var steps: [Step]

    /// The top-level attribute name when the path is just a name.
    public var singleName: String? {
        if steps.count == 1, case .name(let n) = steps[0] { return n }
        return nil
    }
}

/// A value: a literal, a `?` parameter (0-based), an attribute path, or `size(path)`.
public indirect enum PartiQLOperand: Hashable, Sendable {
    case literal(AttributeValue)
    case parameter(Int)
    case path(PartiQLPath)
    case size(PartiQLPath)
    /// Map, list and set literals whose elements may be parameters, e.g. `{'id': ?}`.
    case map([String: PartiQLOperand])
    case list([PartiQLOperand])
    case set([PartiQLOperand])
}

/// The right side of `SET path = …`.
public indirect enum PartiQLValueExpression: Hashable, Sendable {
    case operand(PartiQLOperand)
    case arithmetic(PartiQLOperand, plus: Bool, PartiQLOperand)
    case listAppend(PartiQLOperand, PartiQLOperand)
}

public indirect enum PartiQLCondition: Hashable, Sendable {
    public enum Comparison: String, Sendable { case eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">=" }
    case compare(PartiQLOperand, Comparison, PartiQLOperand)
    case between(PartiQLOperand, PartiQLOperand, PartiQLOperand)
    case isIn(PartiQLOperand, [PartiQLOperand])
    case function(String, [PartiQLOperand])
    case isMissing(PartiQLPath, negated: Bool)
    case isNull(PartiQLPath, negated: Bool)
    case and(PartiQLCondition, PartiQLCondition)
    case or(PartiQLCondition, PartiQLCondition)
    case not(PartiQLCondition)

    /// The conjuncts of a chain of ANDs.
    public var conjuncts: [PartiQLCondition] {
        if case .and(let a, let b) = self { return a.conjuncts + b.conjuncts }
        return [self]
    }
}
