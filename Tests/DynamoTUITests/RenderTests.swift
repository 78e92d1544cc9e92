import DynamoCore
import Foundation
import Testing

@testable import DynamoTUI

@Suite struct RenderTests {
    @Test func displayWidthCountsWideAndCombiningCharacters() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("東京") == 4)
        #expect(DisplayWidth.of("🗼") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("❤️") == 2)
    }

    @Test func truncationNeverSplitsAGlyph() {
        #expect("東京物語".truncated(toWidth: 5) == "東京…")
        #expect("東京物語".truncated(toWidth: 4) == "東…")
        #expect("abc".truncated(toWidth: 3) == "abc")
        #expect("abcd".truncated(toWidth: 3) == "ab…")
        #expect("👩‍👩‍👧‍👦 family".truncated(toWidth: 3) == "👩‍👩‍👧‍👦…")
    }

    @Test func bufferWritesWideCharactersAsTwoCells() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.write("東京x", x: 0, y: 0, role: .string)
        #expect(buffer[1, 0].text == "")
        #expect(buffer.lines[0] == "東京x ")
        var narrow = Buffer(width: 4, height: 1)
        narrow.write("東京x", x: 1, y: 0, role: .string)
        #expect(narrow.lines[0] == " 東…")
    }

    @Test func controlCharactersCannotMoveTheCursor() {
        var buffer = Buffer(width: 8, height: 1)
        buffer.write("a\nb\u{1b}[2J", x: 0, y: 0, role: .string)
        #expect(buffer.lines[0] == "a↵b·[2J ")
    }

    @Test func valueCellsByType() {
        #expect(ValueCell(.num("12.5")) == ValueCell(text: "12.5", role: .number, rightAligned: true))
        #expect(ValueCell(.l([.s("a"), .s("b")])).text == "[2]")
        #expect(ValueCell(.m(["a": .s("b")])).text == "{1}")
        #expect(ValueCell(.ss(["a", "b", "c"])).text == "SS{3}")
        #expect(ValueCell(.ns([DynamoNumber(1)])).text == "NS{1}")
        #expect(ValueCell(.b([0, 1, 2])).text == "b64:AAEC")
        #expect(ValueCell(.bool(true)) == ValueCell(text: "true", role: .boolean))
        #expect(ValueCell(nil) == .missing)
    }

    @Test func layoutReservesStatusAndMessageLines() {
        let layout = Layout(width: 80, height: 24, showLog: true)
        #expect(layout.statusRow == 22 && layout.messageRow == 23)
        #expect(layout.contentHeight + layout.logHeight == 21)
        #expect(Layout(width: 19, height: 6, showLog: false).isTooSmall)
        #expect(!Layout(width: 20, height: 6, showLog: true).isTooSmall)
    }

    @Test func bytesReadAsPeopleReadThem() {
        #expect(formatBytes(812) == "812 B")
        #expect(formatBytes(4_200) == "4.2 KB")
        #expect(formatBytes(13_000_000) == "13 MB")
    }
}
