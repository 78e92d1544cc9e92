import DynamoCore
import DynamoTools
import Testing

@testable import DynamoTUI

/// Text fields edit like a shell line: the cursor moves, text is cut around it, long text scrolls.
@Suite struct LineEditorTests {
    func edited(_ start: String, tail: Int = 0, _ commands: [Command], typing: String = "") -> (String, Int) {
        var text = start
        var tail = tail
        for command in commands { #expect(LineEditor.apply(command, to: &text, tail: &tail)) }
        for character in typing { LineEditor.insert(character, into: &text, tail: &tail) }
        return (text, tail)
    }

    @Test func cursorMovesAndTypingGoesInAtIt() {
        #expect(edited("status = open", [.fieldStart], typing: "x") == ("xstatus = open", 13))
        #expect(edited("abc", [.fieldLeft, .fieldLeft], typing: "-") == ("a-bc", 2))
        #expect(edited("abc", [.fieldStart, .fieldRight, .fieldEnd], typing: "d") == ("abcd", 0))
        // Moving past either end stays at the end.
        #expect(edited("ab", [.fieldLeft, .fieldLeft, .fieldLeft], typing: "<") == ("<ab", 2))
        #expect(edited("ab", [.fieldRight, .fieldRight], typing: ">") == ("ab>", 0))
    }

    @Test func deletesAndCutsAroundTheCursor() {
        #expect(edited("abcd", tail: 2, [.fieldDeleteBack]) == ("acd", 2))
        #expect(edited("abcd", tail: 2, [.fieldDeleteForward]) == ("abd", 1))
        #expect(edited("abcd", tail: 0, [.fieldDeleteForward]) == ("abcd", 0))
        #expect(edited("abcd", tail: 4, [.fieldDeleteBack]) == ("abcd", 4))
        #expect(edited("year = 1990", tail: 4, [.fieldCutToStart]) == ("1990", 4))
        #expect(edited("year = 1990", tail: 4, [.fieldCutToEnd]) == ("year = ", 0))
        #expect(edited("pk = CUSTOMER#1  ", [.fieldCutWord]) == ("pk = ", 0))
        #expect(edited("pk = CUSTOMER#1", tail: 10, [.fieldCutWord]) == ("pk CUSTOMER#1", 10))
        // A stale cursor past the start (the field was replaced) is taken as the start.
        #expect(edited("ab", tail: 9, [.fieldDeleteForward]) == ("b", 1))
    }

    @Test func wideAndCombinedCharactersCountAsOne() {
        #expect(edited("日本é", [.fieldLeft, .fieldDeleteBack]) == ("日é", 1))
    }

    @Test func longTextScrollsToKeepTheCursorInView() {
        let text = String(repeating: "abcdefghij", count: 10)
        let atEnd = LineEditor.window(text, tail: 0, width: 20)
        #expect(DisplayWidth.of(atEnd) <= 20 && atEnd.hasPrefix("…") && atEnd.hasSuffix("hij▏"))
        let atStart = LineEditor.window(text, tail: 100, width: 20)
        #expect(DisplayWidth.of(atStart) <= 20 && atStart.hasPrefix("▏abc") && atStart.hasSuffix("…"))
        let middle = LineEditor.window(text, tail: 50, width: 20)
        #expect(DisplayWidth.of(middle) <= 20 && middle.hasPrefix("…") && middle.hasSuffix("…") && middle.contains("▏"))
        #expect(LineEditor.window("short", tail: 2, width: 20) == "sho▏rt")
        #expect(LineEditor.window("日本語テキスト", tail: 3, width: 6).contains("▏"))
    }

    /// The registry's field keys drive every prompt: `:` here, with Ctrl-A, Ctrl-K and Ctrl-W.
    @Test func theCommandLineEditsLikeAShell() async throws {
        let pilot = Pilot(runner: try await fixtureRunner())
        await pilot.start()
        await pilot.press(.char(":"))
        await pilot.type("get_item {}")
        await pilot.press(.ctrl("a"))
        await pilot.type("x")
        #expect(commandText(pilot) == "xget_item {}")
        await pilot.press(.backspace, .end, .left)
        await pilot.type(#""table": "Shop""#)
        #expect(commandText(pilot) == #"get_item {"table": "Shop"}"#)
        #expect(pilot.screen.contains(#":get_item {"table": "Shop"▏}"#))
        await pilot.press(.ctrl("w"), .ctrl("w"))
        #expect(commandText(pilot) == "get_item }")  // `{"table":` is one word, as in a shell
        await pilot.press(.home, .right, .right, .right, .ctrl("k"))
        #expect(commandText(pilot) == "get")
        await pilot.press(.ctrl("u"))
        #expect(commandText(pilot) == "")
    }

    /// The builder's text fields move their cursor with ←/→; on its choice fields ←/→ still choose.
    @Test func builderValuesEditInPlaceAndChoicesStillCycle() async throws {
        let pilot = try demoPilot(pageSize: 10)
        await pilot.open("Shop")
        await pilot.press(.char("f"))
        await pilot.type("CUSTOMER#C001")
        await pilot.press(.left, .left)
        await pilot.type("0")
        #expect(pilot.model.builder?.partitionValue.text == "CUSTOMER#C0001")
        await pilot.press(.backTab)
        let source = pilot.model.builder?.sourceIndex
        await pilot.press(.right)
        #expect(pilot.model.builder?.sourceIndex != source)
    }

    /// `o`: ←/→ move within a key field now; Tab moves between fields.
    @Test func goToKeyFieldsEditWithTheCursor() async throws {
        let pilot = try demoPilot(pageSize: 10)
        await pilot.open("Shop")
        await pilot.press(.char("o"))
        await pilot.type("CUSTOMER#C0002")
        await pilot.press(.left, .backspace)
        await pilot.type("1")
        guard case .goToKey(let prompt)? = pilot.model.overlay else {
            Issue.record("no prompt")
            return
        }
        #expect(prompt.values.first == "CUSTOMER#C0012")
    }

    /// A 100 KB paste into `:` stays linear: the text is appended, never recounted per key.
    @Test func aLongPasteAndAsManyBackspacesKeepTheText() async throws {
        var text = ""
        var tail = 0
        for _ in 0..<100_000 { LineEditor.insert("a", into: &text, tail: &tail) }
        for _ in 0..<99_990 { LineEditor.apply(.fieldDeleteBack, to: &text, tail: &tail) }
        #expect(text == "aaaaaaaaaa")
    }

    func commandText(_ pilot: Pilot) -> String? {
        guard case .command(let prompt)? = pilot.model.overlay else { return nil }
        return prompt.text
    }
}
