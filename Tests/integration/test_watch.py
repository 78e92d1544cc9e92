"""Watch what an agent does: the TUI's Watch screen on a `--db` file while the real `mcp` client drives
`--mcp` on the same file; undo, conflicts, undo-from-here; `read_changes` and the `watch` command."""
import asyncio
import json
import os
import shutil
import signal
import subprocess
import time

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import Implementation

from conftest import BINARY
from test_tui import Tmux

AGENT = Implementation(name="watch-test-agent", version="0.9")


def call(db, tool, arguments, *flags):
    out = subprocess.run([BINARY, "call", tool, json.dumps(arguments), "--db", str(db), *flags],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def make_db(tmp_path):
    db = tmp_path / "watched.sqlite"
    call(db, "create_table", {"table": "Notes", "partition_key": {"name": "id", "type": "S"}})
    call(db, "update_table", {"table": "Notes", "stream": "NEW_AND_OLD_IMAGES"})
    return db


def with_agent(db, body):
    """Runs `body(agent)` with the `mcp` package's client on `--mcp --db FILE`; `agent(tool, args)` calls a
    tool and returns its structured result. Blocking steps in `body` (tmux) run in a thread."""
    async def main():
        params = StdioServerParameters(command=BINARY, args=["--mcp", "--db", str(db)], env=dict(os.environ))
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write, client_info=AGENT) as session:
                await session.initialize()

                async def agent(tool, arguments):
                    result = await session.call_tool(tool, arguments)
                    assert not result.is_error, result.content[0].text
                    return result.structured_content
                return await body(agent)
    return asyncio.run(asyncio.wait_for(main(), timeout=180))


tmux_only = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@tmux_only
def test_the_watch_screen_follows_an_agent_and_undoes_its_changes(tmp_path):
    db = make_db(tmp_path)
    tui = Tmux(f"{BINARY} --db {db}", width=120, height=30)
    try:
        tui.wait_for("table(s)", what="the table list")
        tui.keys("Enter")
        tui.wait_for(lambda s: "page 1 ·" in s and " items ·" in s, what="Notes' first page")
        tui.keys("w")
        tui.wait_for("No changes yet", what="an empty feed")
        latencies = []

        async def steps(agent):
            def wait(predicate, what, timeout=10):
                return asyncio.to_thread(tui.wait_for, predicate, timeout, what)
            for tool, arguments, shows in [
                ("put_item", {"table": "Notes", "item": {"id": "a", "text": "one", "rating": 8.1}}, "INSERT"),
                ("update_item", {"table": "Notes", "key": {"id": "a"}, "updates": {"rating": 8.4}}, "rating 8.1 → 8.4"),
                ("put_item", {"table": "Notes", "item": {"id": "b", "text": "two"}}, 'text "two"'),
                ("delete_item", {"table": "Notes", "key": {"id": "b"}}, "REMOVE"),
                ("transact_write_items", {"actions": [{"put": {"table": "Notes", "item": {"id": "c"}}},
                                                      {"put": {"table": "Notes", "item": {"id": "d"}}}]}, " d "),
            ]:
                await agent(tool, arguments)
                done = time.time()
                screen = await wait(lambda s, shows=shows: shows in s, f"{tool} on the feed")
                latencies.append(time.time() - done)
                assert "mcp · watch-test-agent 0.9" in screen
            print("commit to screen (s):", [round(x, 2) for x in latencies])
            assert max(latencies) < 3, latencies

            # u on the update (the second row): the old rating comes back.
            tui.keys("g", "j", "u")
            await wait("Undo this MODIFY on Notes?", "the undo to confirm")
            tui.keys("y")
            await wait(lambda s: "Undone" in s, "the undo")
            assert (await agent("get_item", {"table": "Notes", "key": {"id": "a"}}))["item"]["rating"] == 8.1

            # After a later change by the agent, undoing the insert of a is a conflict that shows the item now.
            await agent("update_item", {"table": "Notes", "key": {"id": "a"}, "updates": {"rating": 9.9}})
            await wait("rating 8.1 → 9.9", "the agent's later change")
            tui.keys("g", "u")
            await wait("Conflict: Notes a changed after this change", "the conflict")
            tui.keys("q")

            # U from the delete of b: b comes back, c and d go (three changes, three items); the later
            # rows (the TUI's own undo and the agent's change of a) are undone too: a goes back to 8.4.
            tui.keys("g", "j", "j", "j", "U")
            await wait("Undo 5 change(s) to 4 item(s)", "undo from here to confirm")
            tui.keys("y")
            await wait(lambda s: "Undone (4 item(s))" in s, "the undo of every change from here")
            assert (await agent("get_item", {"table": "Notes", "key": {"id": "a"}}))["item"]["rating"] == 8.4
            assert (await agent("get_item", {"table": "Notes", "key": {"id": "b"}}))["item"] == {"id": "b", "text": "two"}
            assert (await agent("get_item", {"table": "Notes", "key": {"id": "c"}}))["item"] is None
            assert (await agent("get_item", {"table": "Notes", "key": {"id": "d"}}))["item"] is None

            # The agent sees what the person undid, and who did it.
            changes = (await agent("read_changes", {"table": "Notes"}))["changes"]
            assert changes[-1]["by"]["face"] == "tui"
            assert any(c.get("by", {}).get("client") == "watch-test-agent 0.9" for c in changes)
        with_agent(db, steps)
        tui.resize(20, 6)
        tui.wait_for(lambda s: len(s.splitlines()) <= 6, what="a tiny terminal")
        tui.resize(80, 24)
        tui.wait_for(lambda s: "12 change(s)" in s and "Time     Who" in s, what="the feed back at 80×24")
    finally:
        tui.close()


def test_read_changes_is_allowed_read_only_and_carries_the_agents_name(tmp_path):
    db = make_db(tmp_path)

    async def put(agent):
        await agent("put_item", {"table": "Notes", "item": {"id": "x", "n": 1}})
    with_agent(db, put)
    out = call(db, "read_changes", {"table": "Notes", "format": "dynamodb"}, "--read-only")
    [change] = out["changes"]
    assert change["event"] == "INSERT" and change["new"] == {"id": {"S": "x"}, "n": {"N": "1"}}
    assert change["by"]["client"] == "watch-test-agent 0.9" and change["by"]["tool"] == "put_item"
    again = call(db, "read_changes", {"table": "Notes", "since": out["cursor"]}, "--read-only")
    assert again["changes"] == []
    call(db, "create_table", {"table": "NoStream", "partition_key": {"name": "id", "type": "S"}})
    none = call(db, "read_changes", {"table": "NoStream"})
    assert none["tables_without_stream"] == ["NoStream"]


def test_the_watch_command_prints_changes_as_json_lines(tmp_path):
    db = make_db(tmp_path)
    proc = subprocess.Popen([BINARY, "watch", "--db", str(db), "--interval", "0.1"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)  # the first read marks where "now" is; only later changes print
        call(db, "put_item", {"table": "Notes", "item": {"id": "w1"}})
        line = json.loads(proc.stdout.readline())
        assert line["event"] == "INSERT" and line["key"] == {"id": "w1"} and line["by"]["face"] == "call"
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) in (0, 130, -2)


@pytest.mark.parametrize("peer", ["ours", "moto"])
def test_on_a_remote_backend_changes_this_process_made_carry_their_origin(peer):
    """DynamoDB's streams say nothing of who wrote: `--mcp` on a remote backend names the changes it made
    itself, and only those."""
    import conftest
    server = conftest.start_ours() if peer == "ours" else conftest.start_moto()
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1")
    try:
        subprocess.run([BINARY, "call", "create_table", '{"table": "Far", "partition_key": {"name": "id", "type": "S"}}',
                        "--endpoint-url", server.url], env=env, check=True, capture_output=True)
        subprocess.run([BINARY, "call", "update_table", '{"table": "Far", "stream": "NEW_AND_OLD_IMAGES"}',
                        "--endpoint-url", server.url], env=env, check=True, capture_output=True)
        subprocess.run([BINARY, "call", "put_item", '{"table": "Far", "item": {"id": "elsewhere"}}',
                        "--endpoint-url", server.url], env=env, check=True, capture_output=True)

        async def main():
            params = StdioServerParameters(command=BINARY, args=["--mcp", "--endpoint-url", server.url], env=env)
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write, client_info=AGENT) as session:
                    await session.initialize()
                    put = await session.call_tool("put_item", {"table": "Far", "item": {"id": "here", "n": 1}})
                    assert not put.is_error, put.content[0].text
                    out = await session.call_tool("read_changes", {"table": "Far"})
                    return out.structured_content["changes"]
        changes = asyncio.run(asyncio.wait_for(main(), timeout=120))
        by_key = {c["key"]["id"]: c for c in changes}
        assert "by" not in by_key["elsewhere"]
        assert by_key["here"]["by"]["client"] == "watch-test-agent 0.9" and by_key["here"]["by"]["tool"] == "put_item"
    finally:
        server.stop()
