"""`call` and `replay` as a shell user runs them: JSON on stdout, summary or error on stderr, exit codes."""
import json
import subprocess

from conftest import BINARY


def run(*args, stdin=None):
    done = subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def test_call_prints_the_result_and_a_summary():
    code, out, err = run("call", "query", '{"table": "Movies", "key_condition": {"year": 1990}, "limit": 2}', "--demo")
    assert code == 0
    result = json.loads(out)
    assert len(result["items"]) == 2 and "next_cursor" in result
    assert err.startswith("query Movies: 2 item(s)") and "RCU" in err


def test_call_errors_and_usage_errors_have_their_own_exit_codes():
    code, out, err = run("call", "get_item", '{"table": "Missing", "key": {"id": "x"}}', "--demo")
    assert code == 1 and out == "" and "ResourceNotFoundException" in err
    code, _, err = run("call", "get_item", "{not json", "--demo")
    assert code == 2 and "not valid JSON" in err
    code, _, err = run("call", "list_tables", "--no-such-flag")
    assert code == 2


def test_call_reads_arguments_from_stdin_and_persists_to_a_file(tmp_path):
    db = str(tmp_path / "cli.sqlite")
    create = {"table": "Notes", "partition_key": {"name": "id", "type": "S"}}
    assert run("call", "create_table", json.dumps(create), "--db", db)[0] == 0
    code, _, err = run("call", "put_item", "-", "--db", db, stdin=json.dumps({"table": "Notes", "item": {"id": "n1", "text": "hello"}}))
    assert code == 0, err
    code, out, _ = run("call", "get_item", '{"table": "Notes", "key": {"id": "n1"}}', "--db", db)
    assert code == 0 and json.loads(out)["item"] == {"id": "n1", "text": "hello"}
    code, out, _ = run("call", "put_item", '{"table": "Notes", "item": {"id": "n2"}}', "--db", db, "--read-only")
    assert code == 1


def test_replay_runs_each_line_and_reports_failures(tmp_path):
    log = tmp_path / "session.jsonl"
    log.write_text("\n".join([
        "# an action log, as the TUI writes it",
        json.dumps({"tool": "list_tables", "arguments": {}}),
        json.dumps({"tool": "get_item", "arguments": {"table": "Movies", "key": {"year": 1990, "title": "nope"}}}),
        "this line is not JSON",
        json.dumps({"tool": "scan", "arguments": {"table": "Missing"}}),
        "",
    ]))
    code, out, err = run("replay", str(log), "--demo")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(entry["line"], entry["ok"]) for entry in lines] == [(2, True), (3, True), (4, False), (5, False)]
    assert lines[0]["result"]["tables"] == ["Metrics", "Movies", "Shop"]
    assert code == 1 and "2 call(s) failed" in err
    code, out, _ = run("replay", "-", "--demo", "--dry-run", stdin=json.dumps({"tool": "put_item", "arguments": {"table": "Movies", "item": {"year": 1, "title": "t"}}}) + "\n")
    planned = json.loads(out)
    assert code == 0 and planned["result"]["operation"] == "PutItem" and planned["result"]["request"]["TableName"] == "Movies"


def test_usage_errors_show_the_subcommands_own_usage():
    import subprocess
    from conftest import BINARY
    for args, name in ((["call", "get_item", "{not json", "--demo"], "call"), (["replay", "/nonexistent/log.jsonl"], "replay"),
                       (["serve", "--port", "70000"], "serve")):
        result = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=30)
        assert result.returncode == 2, result.stderr
        assert f"Usage: dynamo-explorer {name} " in result.stderr, result.stderr


def test_tools_lists_every_tool_and_shows_one_with_a_runnable_example():
    code, out, _ = run("tools")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines() if line and not line.startswith("More")]
    assert len(names) == 18 and "transact_write_items" in names and "read_changes" in names
    code, out, _ = run("tools", "query")
    assert code == 0
    assert "table: string (required)" in out and "format: plain | dynamodb" in out
    example = next(line.strip() for line in out.splitlines() if line.strip().startswith("dynamo-explorer call"))
    done = subprocess.run(example.replace("dynamo-explorer", BINARY, 1), shell=True, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["count"] >= 0
    code, out, _ = run("tools", "transact_write_items")
    assert "actions: array of {put: …} | {update: …} | {delete: …} | {condition_check: …} (required)" in out
    code, _, err = run("tools", "nope")
    assert code == 2 and "query" in err


def test_invalid_utf8_is_refused_and_nothing_is_written(tmp_path):
    db = tmp_path / "data.sqlite"
    made = subprocess.run([BINARY, "call", "create_table", '{"table": "Txt", "partition_key": {"name": "id", "type": "S"}}',
                           "--db", str(db)], capture_output=True, timeout=60)
    assert made.returncode == 0
    bad = b'{"table": "Txt", "item": {"id": "a\xc3\xa9\xff"}}'
    piped = subprocess.run([BINARY, "call", "put_item", "-", "--db", str(db)], input=bad, capture_output=True, timeout=60)
    assert piped.returncode == 2 and b"standard input is not valid UTF-8 (near byte 36)" in piped.stderr
    argv = subprocess.run([BINARY, "call", "put_item", bad, "--db", str(db)], capture_output=True, timeout=60)
    assert argv.returncode == 2 and b"is not valid UTF-8" in argv.stderr
    log = tmp_path / "calls.jsonl"
    log.write_bytes(bad.replace(b'{"table"', b'{"tool": "put_item", "arguments": {"table"') + b"}\n")
    replayed = subprocess.run([BINARY, "replay", str(log), "--db", str(db)], capture_output=True, timeout=60)
    assert replayed.returncode == 2 and b"is not valid UTF-8" in replayed.stderr
    count = subprocess.run([BINARY, "call", "scan", '{"table": "Txt"}', "--db", str(db)], capture_output=True, timeout=60)
    assert json.loads(count.stdout)["count"] == 0


def test_replay_skips_calls_logged_as_refused_or_cancelled(tmp_path):
    log = tmp_path / "calls.jsonl"
    lines = [
        {"tool": "put_item", "arguments": {"table": "Movies", "item": {"year": 2001, "title": "ran"}}, "outcome": "ok"},
        {"tool": "put_item", "arguments": {"table": "Movies", "item": {"year": 2001, "title": "refused"}},
         "outcome": "refused"},
        {"tool": "put_item", "arguments": {"table": "Movies", "item": {"year": 2001, "title": "cancelled"}},
         "outcome": "cancelled"},
    ]
    log.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    code, out, err = run("replay", str(log), "--demo")
    assert code == 0, err
    results = [json.loads(line) for line in out.splitlines()]
    assert [r.get("skipped") for r in results] == [None, "refused", "cancelled"]
    assert results[0]["ok"] is True
