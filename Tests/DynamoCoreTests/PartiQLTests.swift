import Testing

@testable import DynamoCore

@Suite struct PartiQLTests {
    func name(_ n: String) -> PartiQLPath { PartiQLPath(steps: [.name(n)]) }

    @Test func parsesSelectWithIndexConditionsAndOrder() throws {
        let s = try PartiQLParser.parse(
            #"SELECT title, info.ratings[0], info['a b'] FROM "Movies"."byYear" WHERE "year" = ? AND (rating >= 7.5 OR NOT contains(tags, 'x')) AND title IS NOT MISSING ORDER BY title DESC;"#
        )
        guard case .select(let select) = s else {
            Issue.record("not a select")
            return
        }
        #expect(select.table == "Movies" && select.index == "byYear")
        #expect(
            select.projection == [
                name("title"), PartiQLPath(steps: [.name("info"), .name("ratings"), .index(0)]),
                PartiQLPath(steps: [.name("info"), .name("a b")]),
            ])
        #expect(select.orderBy?.0 == name("title") && select.orderBy?.descending == true)
        let conjuncts = select.condition?.conjuncts ?? []
        #expect(conjuncts.count == 3)
        #expect(conjuncts[0] == .compare(.path(name("year")), .eq, .parameter(0)))
        #expect(conjuncts[2] == .isMissing(name("title"), negated: true))
    }

    @Test func parsesWritesWithLiterals() throws {
        let insert = try PartiQLParser.parseCountingParameters(
            "insert into T value {'id': ?, 'n': -1.5e3, 'ok': TRUE, 'nothing': NULL, 's': <<'a', 'b'>>, 'l': [1, 'x']}")
        #expect(insert.parameters == 1)
        guard case .insert(let table, .map(let members)) = insert.statement else {
            Issue.record("not an insert")
            return
        }
        let minus1500 = try DynamoNumber("-1500")
        #expect(table == "T" && members["id"] == .parameter(0) && members["n"] == .literal(.n(minus1500)))
        #expect(members["s"] == .set([.literal(.s("a")), .literal(.s("b"))]))
        let update = try PartiQLParser.parse(
            "UPDATE T SET a = a + 1, b = list_append(b, [2]) REMOVE c, d[1] WHERE id = 'k' AND v BETWEEN 1 AND 9")
        guard case .update(_, let sets, let removes, let condition) = update else {
            Issue.record("not an update")
            return
        }
        let one = try DynamoNumber("1")
        #expect(sets.count == 2 && sets[0].1 == .arithmetic(.path(name("a")), plus: true, .literal(.n(one))))
        #expect(removes == [name("c"), PartiQLPath(steps: [.name("d"), .index(1)])])
        #expect(condition.conjuncts.count == 2)
        #expect(
            try PartiQLParser.parse("DELETE FROM T WHERE id IN ['a', 'b']")
                == .delete(table: "T", condition: .isIn(.path(name("id")), [.literal(.s("a")), .literal(.s("b"))])))
    }

    @Test func malformedStatementsSayWhere() {
        for bad in [
            "SELEKT * FROM T", "SELECT * FROM", "SELECT * FROM T WHERE", "SELECT * FROM T WHERE a = 'open",
            "UPDATE T WHERE id = 1",
            "INSERT INTO T VALUE {id: 1}", "SELECT * FROM T WHERE a IS 3", "DELETE FROM T WHERE id = 1 garbage",
            "SELECT * FROM T WHERE a = 1 $",
        ] {
            #expect(throws: DynamoError.self, "\(bad)") { try PartiQLParser.parse(bad) }
            do { _ = try PartiQLParser.parse(bad) } catch {
                #expect(
                    error.message.hasPrefix("Statement wasn't well formed, can't be processed:"),
                    "\(bad): \(error.message)")
            }
        }
    }
}
