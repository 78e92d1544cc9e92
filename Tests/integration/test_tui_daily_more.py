"""What a daily user reaches for, end to end at 80×24 under tmux on a real database file: shell-like
text fields, marking rows and deleting them, the column chooser, creating and deleting a table,
importing a file, saved queries, and the mouse."""
import json
import shutil
import subprocess

import pytest

from conftest import BINARY
from test_tui import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def call(db, tool, arguments):
    out = subprocess.run([BINARY, "call", tool, json.dumps(arguments), "--db", str(db)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def open_tui(tmp_path, *flags, ready="table(s)"):
    db = tmp_path / "shop.sqlite"
    if not db.exists():
        subprocess.run([BINARY, "call", "list_tables", "{}", "--db", str(db), "--demo"], capture_output=True,
                       check=True)
    tui = Tmux(f"{BINARY} --db {db} --log {tmp_path / 'calls.jsonl'} " + " ".join(flags), width=80, height=24)
    tui.wait_for(ready, what="the app ready")
    return tui, db


def test_text_fields_edit_like_a_shell_line(tmp_path):
    tui, _ = open_tui(tmp_path)
    try:
        tui.keys(":")
        tui.keys("-l", 'get_item {"table": "Shop"}')
        tui.keys("C-a")
        tui.keys("-l", "x")
        tui.wait_for(':x▏get_item {"table"', what="x typed at the start, the cursor after it")
        tui.keys("BSpace", "C-e", "Left")    # End: tmux sends screen's sequence to an xterm TERM
        tui.keys("-l", ', "key": {"pk": "CUSTOMER#C0001", "sk": "PROFILE"}')
        tui.keys("C-w")                                   # cuts "PROFILE"}
        tui.keys("-l", '"PROFILE"}')
        tui.keys("Enter")
        screen = tui.wait_for(lambda s: "get_item" in s and "CUSTOMER#C0001" in s and ":get" not in s,
                              what="the edited call ran")
        assert "failed" not in screen, screen
    finally:
        tui.close()


def test_marked_rows_are_deleted_in_one_confirmed_transaction(tmp_path):
    tui, db = open_tui(tmp_path)
    try:
        before = call(db, "scan", {"table": "Metrics", "select": "COUNT"})["count"]
        tui.keys("Enter")                                  # Metrics
        tui.wait_for(lambda s: "page 1 ·" in s and "items" in s, what="Metrics' first page")
        tui.keys("Space", "Space", "Space")
        tui.wait_for("3 marked", what="three rows marked")
        assert tui.screen().count("●") == 3
        tui.keys("d")
        tui.wait_for("Delete 3 marked item(s) from Metrics", what="one confirmation")
        tui.keys("y")
        tui.wait_for("Deleted 3 marked item(s).", what="the delete")
        assert call(db, "scan", {"table": "Metrics", "select": "COUNT"})["count"] == before - 3
        log = [json.loads(line) for line in open(tmp_path / "calls.jsonl")]
        assert [entry["tool"] for entry in log].count("transact_write_items") == 1
    finally:
        tui.close()


def test_the_column_chooser_hides_and_sorts(tmp_path):
    tui, _ = open_tui(tmp_path)
    try:
        tui.keys("Enter")
        tui.wait_for(lambda s: "page 1 ·" in s and "battery" in s, what="Metrics with its columns")
        tui.keys("c")
        tui.wait_for("Columns of Metrics", what="the chooser")
        tui.keys("Space")                                  # hides the first non-key column
        tui.wait_for("[ ] battery", what="battery hidden")
        tui.keys("j", "s", "s", "Escape")                  # celsius, descending
        screen = tui.wait_for("sorted by celsius ▼ here", what="the local sort")
        header = screen.splitlines()[1]
        assert "battery" not in header and "celsius▼" in header, header
        values = [float(line.split()[2]) for line in screen.splitlines()[2:12]]
        assert values == sorted(values, reverse=True), values
    finally:
        tui.close()


def test_a_table_is_created_from_the_form_and_deleted_by_name(tmp_path):
    tui, db = open_tui(tmp_path)
    try:
        tui.keys("n")
        tui.wait_for("New table", what="the form")
        tui.keys("-l", "Notes")
        tui.keys("Tab")
        tui.keys("-l", "id")
        tui.keys("Enter")
        tui.wait_for("Create the table Notes?", what="the confirmation")
        tui.keys("y")
        tui.wait_for(lambda s: "Created Notes." in s and "Notes " in s, what="Notes in the list")
        assert "Notes" in call(db, "list_tables", {})["tables"]
        tui.keys("g")
        for _ in range(3):
            tui.keys("j")
        screen = tui.wait_for(lambda s: True)
        tui.keys("D")
        screen = tui.wait_for("Type its name", what="the delete prompt")
        name = next(t for t in ["Metrics", "Movies", "Notes", "Shop"] if f"Delete {t}" in screen)
        tui.keys("-l", name)
        tui.keys("Enter")
        tui.wait_for(f"Deleted {name} and all its items.", what="the delete")
        assert name not in call(db, "list_tables", {})["tables"]
    finally:
        tui.close()


def test_import_loads_a_file_with_progress_and_saved_queries_come_back(tmp_path):
    tui, db = open_tui(tmp_path, "--queries", str(tmp_path / "q.json"))
    try:
        items = tmp_path / "more.jsonl"
        items.write_text("".join(json.dumps({"device": "imported", "ts": n, "celsius": n / 2}) + "\n"
                                 for n in range(450)))
        tui.keys("Enter")
        tui.wait_for(lambda s: "page 1 ·" in s and " items ·" in s, what="Metrics")
        tui.keys("I")
        tui.wait_for("Import into Metrics from:", what="the import prompt")
        tui.keys("-l", str(items))
        tui.keys("Enter")
        tui.wait_for("Imported 450 of 450 items into Metrics", timeout=60, what="the import")
        got = call(db, "query", {"table": "Metrics", "key_condition": {"device": "imported"}, "select": "COUNT"})
        assert got["count"] == 450
        tui.keys("S")
        tui.wait_for("Save scan on Metrics as:", what="the save prompt")
        tui.keys("-l", "all-metrics")
        tui.keys("Enter")
        tui.wait_for("Saved all-metrics", what="saved")
        saved = json.loads((tmp_path / "q.json").read_text())
        assert saved["all-metrics"]["tool"] == "scan"
        tui.keys("Escape")
        tui.wait_for("▸ Tables", what="the table list")
        tui.keys("Q")
        tui.wait_for(lambda s: "Saved queries" in s and "all-metrics" in s, what="the list")
        tui.keys("Enter")
        tui.wait_for(lambda s: "▸ Metrics" in s and "page 1 ·" in s and " items ·" in s, what="the saved scan ran")
    finally:
        tui.close()


def test_a_click_selects_and_opens_and_no_mouse_leaves_the_mouse_alone(tmp_path):
    tui, _ = open_tui(tmp_path)
    try:
        assert tui.tmux("display", "-p", "-t", tui.name, "#{mouse_any_flag}").strip() == "1"
        tui.keys("-l", "\x1b[<0;5;4M")                     # a click on the second table (Movies)
        tui.keys("-l", "\x1b[<0;5;4m")
        tui.keys("-l", "\x1b[<0;5;4M")                     # a click on the selected row opens it
        tui.keys("-l", "\x1b[<0;5;4m")
        # The page itself must come: a release report the mask left out once made ncurses block the loop.
        tui.wait_for(lambda s: "▸ Movies" in s and "page 1 ·" in s and " items ·" in s,
                     what="Movies opened by clicks, its first page read")
    finally:
        tui.close()
    tui, _ = open_tui(tmp_path, "--no-mouse")
    try:
        assert tui.tmux("display", "-p", "-t", tui.name, "#{mouse_any_flag}").strip() == "0"
    finally:
        tui.close()


def test_a_keys_file_rebinds_and_a_broken_one_is_reported(tmp_path):
    keys = tmp_path / "keys.toml"
    keys.write_text('"app.quit" = "x"\n[tables]\ndown = ["J", "Down"]\n')
    tui, _ = open_tui(tmp_path, "--keys", str(keys))
    try:
        tui.wait_for("x quit", what="the hint bar names the new key")
        tui.keys("J", "Enter")
        tui.wait_for(lambda s: "▸ Movies" in s and "page 1 ·" in s and " items ·" in s,
                     what="J moved down, Movies' first page read")
        tui.keys("Escape")
        tui.wait_for(lambda s: "▸ Tables" in s and "x quit" in s, what="back at the table list")
        tui.keys("x")
        assert tui.exit_status() == 0
    finally:
        tui.close()
    keys.write_text('"app.quit" = "x"\n"tables.dwn" = "J"\n')
    tui, _ = open_tui(tmp_path, "--keys", str(keys), ready="using the standard keys")
    try:
        screen = tui.wait_for("using the standard keys", what="the broken file reported")
        assert "keys.toml:2" in screen and "did you mean tables.down" in screen, screen
        tui.keys("q")
        assert tui.exit_status() == 0
    finally:
        tui.close()
