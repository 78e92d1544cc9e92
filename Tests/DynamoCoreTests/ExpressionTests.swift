import Testing

@testable import DynamoCore

/// Parses, resolves and evaluates a condition against an item.
func holds(_ text: String, on item: Item, names: [String: String]? = nil, values: [String: AttributeValue]? = nil)
    throws -> Bool
{
    var attrs = try ExpressionAttributes(names: names, values: values)
    let c = try attrs.resolve(try ExpressionParser.parseCondition(text), .condition)
    try attrs.checkAllUsed()
    return ConditionEvaluator.evaluate(c, on: item)
}

func n(_ s: String) -> AttributeValue { .n(try! DynamoNumber(s)) }

let sample: Item = [
    "id": .s("u#1"), "age": n("42"), "nick": .s("Ada"), "tags": .ss(["a", "b"]),
    "scores": .ns([try! DynamoNumber("1"), try! DynamoNumber("5")]),
    "list": .l([.s("x"), n("2"), .m(["deep": .s("y")])]), "doc": .m(["part": .m(["v": n("7")]), "s": .s("hello")]),
    "flag": .bool(true), "nothing": .null, "bin": .b([1, 2, 3]),
]

@Suite struct ConditionTests {
    @Test(
        arguments: [
            ("age = :v", [":v": n("42")], true), ("age = :v", [":v": n("42.0")], true),
            ("age = :v", [":v": .s("42")], false),
            ("age <> :v", [":v": n("1")], true), ("ghost2 <> :v", [":v": n("1")], true),
            ("ghost2 = :v", [":v": n("1")], false),
            ("age < :v", [":v": n("100")], true), ("age >= :v", [":v": n("42")], true),
            ("nick < :v", [":v": n("1")], false),
            ("age BETWEEN :a AND :b", [":a": n("40"), ":b": n("50")], true),
            ("nick BETWEEN :a AND :b", [":a": .s("A"), ":b": .s("B")], true),
            ("age IN (:a, :b)", [":a": n("1"), ":b": n("42")], true), ("age IN (:a)", [":a": n("1")], false),
            ("begins_with(nick, :p)", [":p": .s("Ad")], true), ("begins_with(bin, :p)", [":p": .b([1, 2])], true),
            ("begins_with(age, :p)", [":p": .s("4")], false),
            ("contains(nick, :p)", [":p": .s("d")], true), ("contains(tags, :p)", [":p": .s("a")], true),
            ("contains(scores, :p)", [":p": n("5")], true),
            ("contains(#l, :p)", [":p": n("2")], true), ("size(tags) = :two", [":two": n("2")], true),
            ("size(nick) > :two", [":two": n("2")], true),
            ("size(age) > :two", [":two": n("0")], false), ("attribute_type(flag, :t)", [":t": .s("BOOL")], true),
            ("doc.part.v = :v", [":v": n("7")], true), ("#l[2].deep = :v", [":v": .s("y")], true),
            ("#l[9] = :v", [":v": .s("y")], false),
            ("NOT age = :v OR nick = :n", [":v": n("42"), ":n": .s("Ada")], true),
            ("age = :v AND (nick = :n OR flag = :f)", [":v": n("42"), ":n": .s("x"), ":f": .bool(true)], true),
            ("NOT (age = :v)", [":v": n("42")], false),
        ] as [(String, [String: AttributeValue], Bool)])
    func evaluates(text: String, values: [String: AttributeValue], expected: Bool) throws {
        let names: [String: String]? = text.contains("#l") ? ["#l": "list"] : nil
        #expect(try holds(text, on: sample, names: names, values: values) == expected)
    }

    @Test func functionsWithoutValues() throws {
        #expect(try holds("attribute_exists(doc.s) AND attribute_not_exists(ghost)", on: sample))
        #expect(try holds("attribute_exists(#n)", on: sample, names: ["#n": "nothing"]))
    }

    @Test func precedenceIsNotThenAndThenOr() throws {
        // a OR b AND c  ==  a OR (b AND c)
        let c = try ExpressionParser.parseCondition("a = :x OR b = :x AND c = :x")
        guard case .or(_, .and) = c else {
            Issue.record("wrong tree \(c)")
            return
        }
        let d = try ExpressionParser.parseCondition("NOT a = :x AND b = :x")
        guard case .and(.not, _) = d else {
            Issue.record("wrong tree \(d)")
            return
        }
    }

    @Test(arguments: [
        ("status = :s", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"),
        ("a = = :s", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :s\""),
        ("a =", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\""),
        ("foo(a)", "Invalid ConditionExpression: Invalid function name; function: foo"),
        (
            "attribute_exists(:v)",
            "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"
        ),
        (
            "begins_with(a)",
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"
        ),
        (
            "a = list_append(b, c)",
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: list_append"
        ),
        ("a $ b", "Invalid ConditionExpression: Syntax error; token: \"$\", near: \"a $ b\""),
        ("   ", "Invalid ConditionExpression: The expression can not be empty;"),
    ])
    func syntaxErrors(text: String, message: String) {
        #expect(throws: DynamoError.validation(message)) { try ExpressionParser.parseCondition(text) }
    }

    @Test func inListLimitAndExpressionSize() {
        let hundredOne = (0...100).map { ":v\($0)" }.joined(separator: ", ")
        #expect(
            throws: DynamoError.validation(
                "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101"
            )
        ) {
            try ExpressionParser.parseCondition("a IN (\(hundredOne))")
        }
        let huge = Array(repeating: "a = :v", count: 700).joined(separator: " OR ")
        #expect(throws: DynamoError.self) { try ExpressionParser.parseCondition(huge) }
    }

    @Test func placeholderValidation() throws {
        #expect(
            throws: DynamoError.validation(
                "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"
            )
        ) {
            try holds("a = :v", on: sample)
        }
        #expect(
            throws: DynamoError.validation(
                "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"
            )
        ) {
            try holds("#x = :v", on: sample, values: [":v": .s("a")])
        }
        #expect(
            throws: DynamoError.validation(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}")
        ) {
            try holds("a = :v", on: sample, values: [":v": .s("a"), ":extra": .s("b")])
        }
        #expect(
            throws: DynamoError.validation(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}")
        ) {
            try holds("a = :v", on: sample, names: ["#n": "x"], values: [":v": .s("a")])
        }
        #expect(throws: DynamoError.self) {
            try holds("attribute_type(a, :t)", on: sample, values: [":t": .s("STRING")])
        }
        #expect(throws: DynamoError.self) {
            try holds("a BETWEEN :hi AND :lo", on: sample, values: [":hi": n("5"), ":lo": n("1")])
        }
    }
}

@Suite struct UpdateTests {
    func apply(_ text: String, _ item: Item, values: [String: AttributeValue]? = nil, names: [String: String]? = nil)
        throws -> UpdateApplier.Outcome
    {
        var attrs = try ExpressionAttributes(names: names, values: values)
        let update = try attrs.resolve(try ExpressionParser.parseUpdate(text))
        try attrs.checkAllUsed()
        return try UpdateApplier.apply(update, to: item)
    }

    @Test func setArithmeticAndFunctions() throws {
        let out = try apply(
            "SET age = age + :one, newer = if_not_exists(ghost, :zero), #l = list_append(#l, :more), doc.part.w = :one, diff = :zero - :one",
            sample, values: [":one": n("1"), ":zero": n("0"), ":more": .l([.s("z")])], names: ["#l": "list"])
        #expect(out.item["age"] == n("43"))
        #expect(out.item["newer"] == n("0"))
        #expect(out.item["diff"] == n("-1"))
        guard case .l(let list)? = out.item["list"] else {
            Issue.record("list")
            return
        }
        #expect(list.count == 4)
        #expect(
            ConditionEvaluator.value(at: DocumentPath([.name("doc"), .name("part"), .name("w")]), in: out.item)
                == n("1"))
        #expect(out.updatedOld["age"] == n("42") && out.updatedNew["age"] == n("43"))
    }

    @Test func removeAddDelete() throws {
        let out = try apply(
            "REMOVE nick, #l[0] ADD age :five, tags :more, fresh :five DELETE scores :one",
            sample, values: [":five": n("5"), ":more": .ss(["c"]), ":one": .ns([try DynamoNumber("1")])],
            names: ["#l": "list"])
        #expect(out.item["nick"] == nil)
        #expect(out.item["age"] == n("47"))
        #expect(out.item["fresh"] == n("5"))
        #expect(out.item["tags"] == .ss(["a", "b", "c"]))
        #expect(out.item["scores"] == .ns([try DynamoNumber("5")]))
        guard case .l(let list)? = out.item["list"] else {
            Issue.record("list")
            return
        }
        #expect(list.first == n("2"))
        let emptied = try apply("DELETE tags :all", sample, values: [":all": .ss(["a", "b"])])
        #expect(emptied.item["tags"] == nil)
    }

    @Test func removeNeedsTheParentPathButNotTheLeaf() throws {
        // A missing leaf or a list index past the end is ignored...
        let ignored = try apply("REMOVE doc.ghost, #l[99], ghost", sample, names: ["#l": "list"])
        #expect(ignored.item == sample)
        // ...but the path leading to it must exist with the right type.
        let invalid = DynamoError.validation(
            "The document path provided in the update expression is invalid for update")
        #expect(throws: invalid) { try apply("REMOVE ghost.child", sample) }
        #expect(throws: invalid) { try apply("REMOVE nick.child", sample) }
        #expect(throws: invalid) { try apply("REMOVE nick[0]", sample) }
        #expect(throws: invalid) { try apply("REMOVE #l[99].deep", sample, names: ["#l": "list"]) }
        // On an item that does not exist yet, REMOVE of any path is ignored, and such an update writes nothing.
        let key: Item = ["id": .s("new")]
        var attrs = try ExpressionAttributes(names: nil, values: nil)
        let removeOnly = try attrs.resolve(try ExpressionParser.parseUpdate("REMOVE ghost.child"))
        #expect(try UpdateApplier.apply(removeOnly, to: key, itemExists: false).item == key)
        #expect(UpdateApplier.writesNothing(removeOnly, itemExists: false))
        #expect(!UpdateApplier.writesNothing(removeOnly, itemExists: true))
        #expect(!UpdateApplier.writesNothing(nil, itemExists: false))
    }

    @Test func errorsAsDynamoDBWordsThem() {
        #expect(
            throws: DynamoError.validation(
                "The provided expression refers to an attribute that does not exist in the item")
        ) {
            try apply("SET a = ghost + :one", sample, values: [":one": n("1")])
        }
        #expect(throws: DynamoError.validation("An operand in the update expression has an incorrect data type")) {
            try apply("SET a = nick + :one", sample, values: [":one": n("1")])
        }
        #expect(
            throws: DynamoError.validation(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"
            )
        ) {
            try apply("ADD a :s", sample, values: [":s": .s("x")])
        }
        #expect(
            throws: DynamoError.validation(
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [doc], path two: [doc, s]"
            )
        ) {
            try apply("SET doc = :s REMOVE doc.s", sample, values: [":s": .s("x")])
        }
        #expect(
            throws: DynamoError.validation(
                "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;")
        ) {
            try apply("SET a = :s SET b = :s", sample, values: [":s": .s("x")])
        }
        #expect(
            throws: DynamoError.validation("The document path provided in the update expression is invalid for update")
        ) {
            try apply("SET ghost.child = :s", sample, values: [":s": .s("x")])
        }
        #expect(
            throws: DynamoError.validation(
                "Invalid UpdateExpression: The function is not allowed in an update expression; function: size")
        ) {
            try apply("SET a = size(b)", sample)
        }
    }
}

@Suite struct ProjectionAndKeyConditionTests {
    @Test func projectsNestedPathsAndListElements() throws {
        var attrs = try ExpressionAttributes(names: ["#l": "list"], values: nil)
        let paths = try attrs.resolve(
            projection: try ExpressionParser.parseProjection("id, doc.part, #l[2].deep, #l[0]"))
        let out = Projection.apply(paths, to: sample)
        #expect(out["id"] == .s("u#1"))
        #expect(out["doc"] == .m(["part": .m(["v": n("7")])]))
        #expect(out["list"] == .l([.s("x"), .m(["deep": .s("y")])]))
        #expect(out["age"] == nil)
    }

    @Test func keyConditionRestrictions() throws {
        func analyze(_ text: String, _ values: [String: AttributeValue]) throws -> KeyCondition {
            var attrs = try ExpressionAttributes(names: nil, values: values)
            let c = try attrs.resolve(try ExpressionParser.parseCondition(text, kind: .keyCondition), .keyCondition)
            return try KeyCondition.analyze(c, partitionKey: "pk", sortKey: "sk")
        }
        let k = try analyze("pk = :p AND sk BETWEEN :a AND :b", [":p": .s("x"), ":a": n("1"), ":b": n("2")])
        #expect(k.partitionValue == .s("x") && k.sort == .between(n("1"), n("2")))
        #expect(try analyze(":p = pk AND :v < sk", [":p": .s("x"), ":v": n("1")]).sort == .comparison(.gt, n("1")))
        #expect(throws: DynamoError.validation("Query key condition not supported")) {
            try analyze("pk = :p OR sk = :v", [":p": .s("x"), ":v": n("1")])
        }
        #expect(throws: DynamoError.validation("Query key condition not supported")) {
            try analyze("pk < :p", [":p": .s("x")])
        }
        #expect(throws: DynamoError.validation("Query condition missed key schema element: pk")) {
            try analyze("sk = :v", [":v": n("1")])
        }
        #expect(throws: DynamoError.validation("KeyConditionExpressions must only contain one condition per key")) {
            try analyze("pk = :p AND pk = :p", [":p": .s("x")])
        }
    }

    @Test func structuredFormCompilesToTheSameAST() throws {
        let spec = try JSONValue.parse(
            #"{"status": "shipped", "total": {"op": "gte", "value": 100}, "note": {"op": "exists"}, "kind": {"op": "in", "value": ["a", "b"]}, "n": {"op": "between", "value": [1, 9]}}"#
        )
        let compiled = try StructuredCondition.compile(spec, prefix: "f") { (v) throws(DynamoError) in
            try PlainJSON.decode(v)
        }
        #expect(
            compiled.expression
                == "#f0 IN (:f0_0, :f0_1) AND #f1 BETWEEN :f1a AND :f1b AND attribute_exists(#f2) AND #f3 = :f3 AND #f4 >= :f4"
        )
        let item: Item = ["status": .s("shipped"), "total": n("150"), "note": .s("x"), "kind": .s("b"), "n": n("3")]
        #expect(try holds(compiled.expression, on: item, names: compiled.names, values: compiled.values))
        var lower = item
        lower["total"] = n("99")
        #expect(try !holds(compiled.expression, on: lower, names: compiled.names, values: compiled.values))
        #expect(throws: DynamoError.self) {
            try StructuredCondition.compile(try JSONValue.parse(#"{"a": {"op": "like", "value": 1}}"#), prefix: "f") {
                (v) throws(DynamoError) in try PlainJSON.decode(v)
            }
        }
    }
}
