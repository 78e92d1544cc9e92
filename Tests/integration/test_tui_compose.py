"""The TUI, part 2, end to end in tmux: build a query on an index through the form, hand it over
(OSC 52 into tmux's buffer) as MCP, AWS CLI and boto3 and run each against `serve`, run a call
from `:`, narrow rows with `/`, edit / create / delete through a scripted $EDITOR with
confirmation, refuse writes under --read-only, then `replay` the action log on a fresh demo
database and get the same data."""
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap

import boto3
import pytest

from conftest import BINARY, Server, free_port, demo_db, demo_pair_and_editor
from test_tui import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

EDITOR = textwrap.dedent("""\
    #!/usr/bin/env python3
    # A scripted $EDITOR: fills in a new item's key, or marks an edited item as reviewed.
    import json, sys
    path = sys.argv[1]
    text = open(path).read()
    body = json.loads("\\n".join(l for l in text.splitlines() if not l.strip().startswith("//")))
    if body.get("title") == "":
        body = {"year": 2099, "title": "Made in tmux", "rating": 5}
    else:
        body["reviewed"] = True
        body["rating"] = 9.9
    open(path, "w").write(json.dumps(body, indent=2))
    """)


def call(db, tool, args):
    out = subprocess.run([BINARY, "call", tool, json.dumps(args), "--db", str(db)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def everything(db, table):
    return call(db, "scan", {"table": table, "all": True, "max_items": 5000})["items"]


def buffer_text(tui):
    return tui.tmux("show-buffer")


def next_field(tui, right=0, text=None):
    """Tab to the builder's next field, cycle its choice `right` times or type `text` into it."""
    tui.keys("Tab")
    for _ in range(right):
        tui.keys("Right")
    if text is not None:
        tui.keys("-l", text)


def test_compose_hand_over_edit_and_replay(tmp_path):
    db, fresh, log, editor = demo_pair_and_editor(tmp_path, EDITOR)
    tui = Tmux(f"{BINARY} --db {db} --log {log}", width=110, height=32, env={"EDITOR": str(editor)})
    try:
        tui.tmux("set-option", "-g", "set-clipboard", "on")
        tui.wait_for("Movies", what="table list")
        tui.keys("j", "Enter")
        tui.wait_for("more: ]", what="Movies browser")

        # The builder: GenreRating index, genre = Comedy, rating > 8, then a filter year < 2000.
        tui.keys("f")
        tui.wait_for("Source", what="the builder")
        tui.keys("BTab", "Right")                    # source: GenreRating
        next_field(tui, text="Comedy")
        next_field(tui, right=3)                     # = → >
        next_field(tui, text="8")
        tui.keys("Tab", "+")
        tui.keys("-l", "year")
        next_field(tui, right=2)                     # eq → lt
        next_field(tui, text="2000")
        screen = tui.wait_for(lambda s: "DynamoDB request (dry run): Query" in s and "2000" in s,
                              what="the preview of the query")
        (tmp_path / "builder-screen.txt").write_text(screen)
        tui.keys("Enter")
        tui.wait_for("query GenreRating", what="the query's rows")

        # Hand it over: y (MCP), Y a (AWS CLI), Y b (boto3), each through OSC 52 into tmux's buffer.
        tui.keys("y")
        tui.wait_for("Copied the MCP call", what="the copy note")
        mcp = json.loads(buffer_text(tui))
        tui.keys("Y", "a")
        tui.wait_for("AWS CLI for query", what="the AWS CLI panel")
        cli = buffer_text(tui)
        tui.keys("Escape", "Y", "b")
        tui.wait_for("boto3 for query", what="the boto3 panel")
        python = buffer_text(tui)
        tui.keys("Escape")

        # `:` runs a call; `/` narrows what is loaded.
        tui.keys(":")
        tui.keys("-l", 'query {"table": "Movies", "key_condition": {"year": 1979}}')
        tui.keys("Enter")
        tui.wait_for("query year = 1979", what="the command's rows")
        tui.keys("/")
        tui.keys("-l", "Crimson Orbit")
        tui.keys("Enter")
        tui.wait_for("loaded rows", what="the local filter")

        # Edit the first match through $EDITOR, confirm, see it written.
        tui.keys("e")
        tui.wait_for("Update this Movies item?", what="the update confirmation")
        tui.keys("y")
        tui.wait_for("Written: update_item", what="the update")
        tui.keys("Escape")
        # Create, then delete what was created (asked first).
        tui.keys("n")
        tui.wait_for("Create this Movies item", what="the create confirmation")
        tui.keys("y")
        tui.wait_for("Written: put_item", what="the create")
        tui.keys("d")
        screen = tui.wait_for("Delete this item from Movies, if unchanged?", what="the delete confirmation")
        assert '"title":"Made in tmux"' in screen.replace(" ", "") or "Made in tmux" in screen
        tui.keys("y")
        tui.wait_for("Written: delete_item", what="the delete")
        tui.keys("Escape", "Escape", "q")
        assert tui.exit_status() == 0
    finally:
        tui.close()

    # What was written is in the file.
    edited = call(db, "get_item", {"table": "Movies", "key": {"year": 1979, "title": "The Crimson Orbit"}})["item"]
    assert edited["reviewed"] is True and edited["rating"] == 9.9
    assert call(db, "get_item", {"table": "Movies", "key": {"year": 2099, "title": "Made in tmux"}})["item"] is None

    # The three hand-over forms return the same items against `serve` on the same data.
    assert mcp["tool"] == "query" and mcp["arguments"]["index_name"] == "GenreRating"
    expected = call(db, mcp["tool"], mcp["arguments"])["items"]
    assert expected, "the query should find something"
    port = free_port()
    server = Server([BINARY, "serve", "--db", str(db), "--port", str(port)], port)
    try:
        command = cli.replace("http://127.0.0.1:8000", server.url).strip()
        assert "aws dynamodb query --no-paginate" in command and "--cli-input-json" in command
        # The comment names the database this TUI has open, and both snippets say it.
        assert f"dynamo-explorer serve --db '{db}' --port 8000" in cli
        assert f"dynamo-explorer serve --db '{db}' --port 8000" in python
        out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        client = boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                              aws_access_key_id="x", aws_secret_access_key="x")
        from boto3.dynamodb.types import TypeDeserializer
        plain = lambda items: [{k: TypeDeserializer().deserialize(v) for k, v in i.items()} for i in items]
        assert plain(json.loads(out.stdout)["Items"]) == plain_json(expected)
        script = tmp_path / "snippet.py"
        script.write_text(python.replace("http://127.0.0.1:8000", server.url))
        out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert plain(json.loads(out.stdout)["Items"]) == plain_json(expected)
    finally:
        server.stop()

    # replay of the action log on a fresh demo database gives the same data.
    out = subprocess.run([BINARY, "replay", str(log), "--db", str(fresh)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert sorted(map(json.dumps, everything(fresh, "Movies"))) == sorted(map(json.dumps, everything(db, "Movies")))


def plain_json(items):
    """Plain tool items with numbers as Decimals, as boto3's deserializer gives them."""
    from decimal import Decimal
    return json.loads(json.dumps(items), parse_float=Decimal, parse_int=Decimal)


def test_read_only_refuses_writes(tmp_path):
    db = tmp_path / "demo.sqlite"
    demo_db(db)
    tui = Tmux(f"{BINARY} --db {db} --read-only", width=100, height=30)
    try:
        tui.wait_for("Movies", what="table list")
        tui.keys("j", "Enter")
        tui.wait_for("more: ]", what="Movies browser")
        for key in ("e", "n", "d"):
            tui.keys(key)
            tui.wait_for("writes are off", what=f"the refusal of {key}")
        tui.keys("Escape", "q")
        assert tui.exit_status() == 0
    finally:
        tui.close()
