"""The TUI part 3 keys end to end at 80×24, under tmux: help that scrolls to every binding, Ctrl-C that
quits when nothing runs, copy from a builder text field, and a conflict that keeps the user's edit."""
import json
import shutil
import subprocess
import time

import pytest

from conftest import BINARY
from test_tui import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def bindings():
    """The registry's rows as `dynamo-explorer keys` prints them: (keys, name, help)."""
    table = subprocess.run([BINARY, "keys"], capture_output=True, text=True, check=True).stdout
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    return [(r[0].strip("| "), r[1], r[2].split(": ", 1)[1].rstrip(" |")) for r in rows]


def test_help_reaches_every_binding_and_ctrl_c_quits_when_idle():
    tui = Tmux(f"{BINARY} --demo", width=80, height=24)
    try:
        tui.wait_for("table(s)", what="table list")
        tui.keys("?")
        seen = tui.wait_for(lambda s: "Keys · ?" in s and "show or hide this help" in s, what="help, drawn whole")
        shown = seen
        for _ in range(30):
            tui.keys("PageDown")
            try:   # each page is read once it is drawn; at the bottom nothing changes any more
                tui.wait_for(lambda s, before=shown: s != before, timeout=2, what="the next help page")
            except AssertionError:
                break
            # A frame can be caught half drawn: read until two captures in a row agree.
            settled = tui.screen()
            while True:
                time.sleep(0.1)
                again = tui.screen()
                if again == settled:
                    break
                settled = again
            shown = settled
            seen += shown
        for keys, name, help_text in bindings():
            assert help_text[:40] in seen, f"{name} ({help_text}) is not reachable in the help at 80x24"
        tui.keys("g")
        tui.wait_for("Everywhere", what="back at the top of the help")
        tui.keys("Escape")
        tui.wait_for(lambda s: "Keys · ?" not in s, what="help closed")
        tui.keys("C-c")
        assert tui.exit_status() == 0
    finally:
        tui.close()


def test_ctrl_y_copies_from_a_builder_text_field(tmp_path):
    tui = Tmux(f"{BINARY} --demo", width=80, height=24)
    try:
        tui.tmux("set-option", "-g", "set-clipboard", "on")   # OSC 52 from the app lands in tmux's buffer
        tui.wait_for("table(s)", what="table list")
        tui.keys("G", "Enter")                          # Shop, keyed by strings
        tui.wait_for(lambda s: "page 1 ·" in s and " items ·" in s, what="Shop's first page")
        tui.keys("f")
        tui.wait_for("query builder", what="the builder")
        tui.keys("-l", "CUSTOMER#y")                    # y is typed into the partition field
        screen = tui.wait_for("Ctrl-Y copies", what="the copy hint")
        tui.keys("C-y")
        tui.wait_for("Copied the MCP call", what="the copy message")
        buffer = tui.tmux("show-buffer")
        call = json.loads(buffer)
        assert call["tool"] == "query" and call["arguments"]["key_condition"] == {"pk": "CUSTOMER#y"}, buffer
    finally:
        tui.close()


SLOW_EDITOR = """#!/usr/bin/env python3
import sys, time
open(sys.argv[-1] + ".started", "w").write("yes")
time.sleep(3)
"""


def test_ctrl_c_and_a_stop_while_the_editor_runs_belong_to_the_editor(tmp_path):
    editor = tmp_path / "slow-editor.py"
    editor.write_text(SLOW_EDITOR)
    editor.chmod(0o755)
    # The wrapping shell shares the app's process group (no job control), so it ignores the editor's
    # Ctrl-C itself; an interactive shell would have put the app in a group of its own.
    tui = Tmux(f'trap "" INT; {BINARY} --demo', width=80, height=24,
               env={"EDITOR": str(editor), "TMPDIR": str(tmp_path)})
    try:
        tui.wait_for("table(s)", what="table list")
        tui.keys("Enter")
        tui.wait_for(lambda s: "page 1 ·" in s and " items ·" in s, what="a first page")
        tui.keys("e")
        deadline = time.time() + 10
        while not list(tmp_path.rglob("*.started")) and time.time() < deadline:
            time.sleep(0.05)
        assert list(tmp_path.rglob("*.started")), "the editor did not start"
        tui.keys("C-c")           # goes to the editor (it dies), not to the app
        screen = tui.wait_for("Nothing changed; nothing written.", timeout=15, what="the app back after the editor")
        assert "page 1 ·" in screen
        tui.keys("q")              # q goes back to the table list; the app still runs
        tui.wait_for("table(s)", what="the table list")
        tui.keys("C-c")
        try:
            assert tui.exit_status() == 0
        except AssertionError:
            raise AssertionError("the app did not quit; screen:\n" + tui.screen())
    finally:
        tui.close()
