import Testing

@testable import DynamoCore

@Suite struct ParsedExpressionCacheTests {
    /// Parses `text` through `cache`, counting the parses that really ran.
    func tree(_ cache: ParsedExpressionCache, _ text: String, parses: inout Int) throws(DynamoError)
        -> ParsedExpressionCache.Tree
    {
        try cache.tree(.condition, text) { () throws(DynamoError) in
            parses += 1
            var parser = try ExpressionParser(text, kind: .condition)
            let condition = try parser.parseOr()
            try parser.expectEnd()
            return .condition(condition)
        }
    }

    @Test func aRepeatedTextIsParsedOnceAndGivesTheSameTree() throws {
        let cache = ParsedExpressionCache(capacity: 8)
        var parses = 0
        guard case .condition(let first) = try tree(cache, "attribute_not_exists(pk)", parses: &parses),
            case .condition(let again) = try tree(cache, "attribute_not_exists(pk)", parses: &parses)
        else {
            Issue.record("not a condition")
            return
        }
        #expect(parses == 1 && first == again)
        #expect(first == (try ExpressionParser.parseCondition("attribute_not_exists(pk)")))
        _ = try cache.tree(.filter, "attribute_not_exists(pk)") { .condition(first) }
        #expect(cache.count == 2, "the same text as a filter is its own entry (its errors name FilterExpression)")
    }

    @Test func aTextThatFailsIsNotKeptAndFailsAlikeEachTime() {
        let cache = ParsedExpressionCache(capacity: 8)
        var messages: [String] = []
        var parses = 0
        for _ in 0..<2 {
            do throws(DynamoError) {
                _ = try tree(cache, "a = = :v", parses: &parses)
            } catch {
                messages.append(error.message)
            }
        }
        #expect(parses == 2 && cache.count == 0)
        #expect(
            messages.count == 2 && messages[0] == messages[1] && messages[0].hasPrefix("Invalid ConditionExpression"))
    }

    @Test func theCacheStaysWithinItsCapacity() throws {
        let cache = ParsedExpressionCache(capacity: 8)
        var parses = 0
        for i in 0..<20 { _ = try tree(cache, "p\(i) = :v", parses: &parses) }
        #expect(parses == 20 && cache.count <= 8)
        #expect(try ExpressionParser.parseProjection("a.b[2], c").map(\.description) == ["a.b[2]", "c"])
    }
}
