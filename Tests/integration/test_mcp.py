"""A real MCP client (the `mcp` package) drives `dynamo-explorer --mcp --memory` over stdio."""
import asyncio
import json
import os

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from conftest import BINARY


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, timeout=120))


async def with_session(args, body):
    params = StdioServerParameters(command=BINARY, args=args, env=dict(os.environ))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            return await body(session)


def structured(result):
    assert result.content, "tool result has text content"
    return result.structured_content


async def call(session, name, args=None):
    return await session.call_tool(name, args or {})


def test_every_tool_and_bad_input():
    async def body(s):
        tools = {t.name: t for t in (await s.list_tools()).tools}
        assert set(tools) == {"list_tables", "describe_table", "create_table", "delete_table", "get_item", "put_item",
                              "update_item", "delete_item", "query", "scan", "parallel_scan", "batch_get_item",
                              "batch_write_item", "transact_get_items", "transact_write_items", "execute_statement",
                              "update_table", "read_changes"}
        assert tools["delete_table"].annotations.destructive_hint is True
        assert tools["query"].annotations.read_only_hint is True

        r = await call(s, "create_table", {"table": "Orders", "partition_key": {"name": "pk", "type": "S"}, "sort_key": {"name": "n", "type": "N"},
                                           "indexes": [{"name": "byStatus", "partition_key": {"name": "status", "type": "S"}, "sort_key": {"name": "n", "type": "N"}}]})
        assert not r.is_error, r.content
        assert structured(await call(s, "list_tables"))["tables"] == ["Orders"]
        assert structured(await call(s, "describe_table", {"table": "Orders"}))["table"]["TableName"] == "Orders"
        r = await call(s, "put_item", {"table": "Orders", "item": {"pk": "u1", "n": 1, "status": "new", "total": 10.5, "tags": {"$ss": ["a"]}}})
        assert not r.is_error
        w = structured(await call(s, "batch_write_item", {"table": "Orders", "put": [{"pk": "u1", "n": i, "status": "paid" if i % 2 else "new", "total": i} for i in range(2, 40)]}))
        assert w["written"] == 38 and w["unprocessed"] == []
        got = structured(await call(s, "get_item", {"table": "Orders", "key": {"pk": "u1", "n": 1}}))
        assert got["item"]["total"] == 10.5 and got["item"]["tags"] == {"$ss": ["a"]}
        u = structured(await call(s, "update_item", {"table": "Orders", "key": {"pk": "u1", "n": 1}, "updates": {"status": "paid"}, "add": {"total": 1}}))
        assert u["attributes"]["total"] == 11.5
        q = structured(await call(s, "query", {"table": "Orders", "key_condition": {"pk": "u1", "n": {"op": "between", "value": [5, 9]}}}))
        assert [i["n"] for i in q["items"]] == [5, 6, 7, 8, 9]
        q = structured(await call(s, "query", {"table": "Orders", "key_condition": {"pk": "u1"}, "filters": {"status": "paid"}, "limit": 10}))
        assert q["scanned_count"] == 10 and q["count"] < 10 and "next_cursor" in q
        q2 = structured(await call(s, "query", {"table": "Orders", "key_condition": {"pk": "u1"}, "filters": {"status": "paid"}, "limit": 10, "cursor": q["next_cursor"]}))
        assert q2["items"][0]["n"] > q["items"][-1]["n"]
        allq = structured(await call(s, "query", {"table": "Orders", "index_name": "byStatus", "key_condition": {"status": "paid"}, "all": True}))
        assert allq["count"] == 20
        sc = structured(await call(s, "scan", {"table": "Orders", "filters": {"total": {"op": "gte", "value": 30}}}))
        assert sc["count"] == 10
        ps = structured(await call(s, "parallel_scan", {"table": "Orders", "total_segments": 3}))
        assert ps["count"] == 39
        bg = structured(await call(s, "batch_get_item", {"table": "Orders", "keys": [{"pk": "u1", "n": 2}, {"pk": "u1", "n": 3}, {"pk": "u1", "n": 999}]}))
        assert bg["count"] == 2
        tw = await call(s, "transact_write_items", {"actions": [{"put": {"table": "Orders", "item": {"pk": "u2", "n": 1}}},
                                                               {"condition_check": {"table": "Orders", "key": {"pk": "u1", "n": 1}, "condition": {"status": "paid"}}}]})
        assert not tw.is_error, tw.content
        tg = structured(await call(s, "transact_get_items", {"items": [{"table": "Orders", "key": {"pk": "u2", "n": 1}}, {"table": "Orders", "key": {"pk": "zz", "n": 1}}]}))
        assert tg["items"][0] == {"pk": "u2", "n": 1} and tg["items"][1] is None
        d = structured(await call(s, "delete_item", {"table": "Orders", "key": {"pk": "u2", "n": 1}}))
        assert d["deleted"] is True

        bad_inputs = [
            ("no_such_tool", {}),
            ("query", {"table": "Orders"}),
            ("query", {"table": "Orders", "key_condition": {"pk": "u1"}, "limit": "ten"}),
            ("query", {"table": "Orders", "key_condition_expression": "pk = = :p", "values": {":p": "u1"}}),
            ("get_item", {"table": "Missing", "key": {"pk": "x"}}),
            ("get_item", {"table": "Orders", "key": {"pk": 5, "n": 1}}),
            ("put_item", {"table": "Orders", "item": {"pk": "u3", "n": 1, "big": "x" * 410000}}),
            ("put_item", {"table": "Orders", "item": {"pk": "u1", "n": 1}, "condition": {"pk": {"op": "not_exists"}}}),
            ("update_item", {"table": "Orders", "key": {"pk": "u1", "n": 1}, "update_expression": "SET status = :s", "values": {":s": "x"}}),
            ("delete_table", {"table": "Orders", "confirm": "wrong"}),
            ("scan", {"table": "Orders", "cursor": "garbage!"}),
            ("put_item", {"table": "Orders", "item": {"pk": "u1", "n": 12345678901234567890123456789012345678901}}),
            ("query", {"table": "Orders", "key_condition": {"pk": "u1"}, "unknown_arg": 1}),
        ]
        for name, args in bad_inputs:
            r = await call(s, name, args)
            assert r.is_error, (name, args)
            text = r.content[0].text
            assert "Exception" in text or "arguments" in text or "Unknown" in text, text
            assert structured(await call(s, "list_tables"))["tables"] == ["Orders"]

        resources = (await s.list_resources()).resources
        assert [str(r.uri) for r in resources] == ["dynamodb://table/Orders"]
        templates = (await s.list_resource_templates()).resource_templates
        assert [t.uri_template for t in templates] == ["dynamodb://table/{name}"]
        model = json.loads((await s.read_resource("dynamodb://table/Orders")).contents[0].text)
        assert "total" in model["attributes_seen"]
        prompts = (await s.list_prompts()).prompts
        assert {p.name for p in prompts} == {"explore_table", "find_items"}
        p = await s.get_prompt("explore_table", {"table": "Orders"})
        assert "describe_table" in p.messages[0].content.text

        dt = structured(await call(s, "delete_table", {"table": "Orders", "confirm": "Orders"}))
        assert dt["table"]["TableName"] == "Orders"
        return True

    assert run(with_session(["--mcp", "--memory"], body))


def test_read_only_and_table_allow_list():
    async def body(s):
        names = {t.name for t in (await s.list_tools()).tools}
        assert "put_item" not in names and "query" in names
        r = await call(s, "put_item", {"table": "Movies", "item": {"year": 1, "title": "x"}})
        assert r.is_error and "read-only" in r.content[0].text
        assert structured(await call(s, "list_tables"))["tables"] == ["Movies"]
        r = await call(s, "scan", {"table": "Shop", "limit": 1})
        assert r.is_error and "allowed tables" in r.content[0].text
        q = structured(await call(s, "query", {"table": "Movies", "key_condition": {"year": 1990}}))
        assert q["count"] > 0
        return True

    assert run(with_session(["--mcp", "--demo", "--read-only", "--tables", "Mov*"], body))


class RawSession:
    """`--mcp --memory` spoken to line by line over pipes, for what the Python client cannot send."""
    INITIALIZE = {"protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}

    def __enter__(self):
        import subprocess
        self.proc = subprocess.Popen([BINARY, "--mcp", "--memory"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self

    def send(self, obj_or_text):
        line = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def reply(self, **loads_options):
        return json.loads(self.proc.stdout.readline(), **loads_options)

    def close(self):
        """Closes stdin; the server must exit with status 0."""
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def test_garbage_on_stdin_keeps_serving():
    """Raw JSON-RPC lines, one at a time: garbage and unknown methods get errors, the server keeps answering,
    and it exits with status 0 when stdin closes."""
    with RawSession() as s:
        s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": RawSession.INITIALIZE})
        assert s.reply()["result"]["serverInfo"]["name"] == "dynamo-explorer"
        s.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        s.send("this is not json")
        assert s.reply()["error"]["code"] == -32700
        s.send({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"})
        assert s.reply()["error"]["code"] == -32601
        s.send({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "list_tables", "arguments": {}}})
        assert s.reply()["result"]["structuredContent"] == {"tables": []}
        s.close()


def test_big_numbers_and_data_url_strings_pass_exactly():
    """The SDK's Value type would round 64-bit IDs and decode `data:` strings; our transport keeps both exact."""
    from decimal import Decimal
    snowflake = 1234567890123456789012
    precise = "3.14159265358979323846264338327950288"
    data_url = "data:text/plain;charset=utf-8,hello%20world"

    # The python client serialises through pydantic, which cannot carry a Decimal; speak raw JSON-RPC instead.
    with RawSession() as s:
        def exchange(request_id, method, params):
            s.send(json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}).replace('"PI-PLACEHOLDER"', precise))
            return s.reply(parse_float=Decimal)

        exchange(1, "initialize", RawSession.INITIALIZE)
        exchange(2, "tools/call", {"name": "create_table", "arguments": {"table": "Ids", "partition_key": {"name": "id", "type": "N"}}})
        put = exchange(3, "tools/call", {"name": "put_item", "arguments": {"table": "Ids", "item": {"id": snowflake, "pi": "PI-PLACEHOLDER", "note": data_url}}})
        assert put["result"].get("isError") is not True, put
        got = exchange(4, "tools/call", {"name": "get_item", "arguments": {"table": "Ids", "key": {"id": snowflake}}})
        item = got["result"]["structuredContent"]["item"]
        assert item["id"] == snowflake
        assert item["pi"] == Decimal(precise)
        assert item["note"] == data_url
        typed = exchange(5, "tools/call", {"name": "get_item", "arguments": {"table": "Ids", "key": {"id": {"N": str(snowflake)}}, "format": "dynamodb"}})
        assert typed["result"]["structuredContent"]["item"]["id"] == {"N": str(snowflake)}
        s.close()


def test_piped_requests_all_answered_before_exit():
    """A script that writes every request and closes stdin at once still gets every reply, then exit 0."""
    import subprocess
    lines = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": RawSession.INITIALIZE},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
    ] + [{"jsonrpc": "2.0", "id": 10 + i, "method": "tools/call",
          "params": {"name": "query", "arguments": {"table": "Movies", "key_condition": {"year": 1990 + i}, "limit": 5}}} for i in range(20)]
    text = "\n".join(json.dumps(x) for x in lines) + "\nnot json\n"
    done = subprocess.run([BINARY, "--mcp", "--demo"], input=text.encode(), capture_output=True, timeout=60)
    assert done.returncode == 0
    replies = [json.loads(line) for line in done.stdout.decode().splitlines()]
    ids = sorted(r["id"] for r in replies if isinstance(r.get("id"), int))
    assert ids == [1, 2] + list(range(10, 30))
    assert sum(1 for r in replies if r.get("error", {}).get("code") == -32700) == 1
    assert all(not r["result"].get("isError") for r in replies if isinstance(r.get("id"), int) and r["id"] >= 10)


def test_progress_notifications_for_long_reads():
    """A client that passes a progress token hears about every page of an all-pages scan, before the result."""
    async def body(s):
        updates = []

        async def on_progress(progress, total, message):
            updates.append((progress, message))

        r = await s.call_tool("scan", {"table": "Metrics", "limit": 400, "all": True, "max_items": 2000}, progress_callback=on_progress)
        result = structured(r)
        assert not r.is_error and result["count"] == 2000
        assert [p for p, _ in updates] == list(range(1, result["pages"] + 1))
        assert "item(s)" in updates[-1][1]
        # The server is still in step: a plain call right after works.
        assert structured(await call(s, "list_tables"))["tables"] == ["Metrics", "Movies", "Shop"]
        return True

    assert run(with_session(["--mcp", "--demo", "--max-items", "5000"], body))


def test_execute_statement_tool():
    async def body(s):
        r = await call(s, "execute_statement", {"statement": "INSERT INTO Movies VALUE {'year': ?, 'title': ?, 'rating': ?}", "parameters": [2031, "Agents", 8.5]})
        assert not r.is_error, r.content
        got = structured(await call(s, "execute_statement", {"statement": 'SELECT title, rating FROM Movies WHERE "year" = ?', "parameters": [2031]}))
        assert got["items"] == [{"title": "Agents", "rating": 8.5}] and got["count"] == 1
        dup = await call(s, "execute_statement", {"statement": "INSERT INTO Movies VALUE {'year': 2031, 'title': 'Agents'}"})
        assert dup.is_error and "DuplicateItemException" in dup.content[0].text
        bad = await call(s, "execute_statement", {"statement": "SELECT FROM"})
        assert bad.is_error and "well formed" in bad.content[0].text
        return True

    assert run(with_session(["--mcp", "--demo"], body))


def test_tools_list_is_small_and_every_example_validates_and_runs():
    """tools/list costs every agent conversation: under 20 KB on the wire for 16 tools (1 KB more a tool), one example per tool that
    is valid against the tool's own schema and runs on the demo tables."""
    import jsonschema

    with RawSession() as raw:
        raw.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": RawSession.INITIALIZE})
        raw.reply()
        raw.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        raw.send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        line = raw.proc.stdout.readline()
        tools = json.loads(line)["result"]["tools"]
        # 20 KB for 16 tools; the budget grows by 1 KB a tool, never for wordier descriptions.
        assert len(line) < 20_000 + 1_000 * (len(tools) - 16), f"tools/list is {len(line)} bytes"
        raw.close()

    async def body(s):
        # delete_table's example drops Metrics, which scan's example reads: run it last.
        for tool in sorted(tools, key=lambda t: t["name"] == "delete_table"):
            schema = tool["inputSchema"]
            jsonschema.Draft202012Validator.check_schema(schema)
            [example] = schema["examples"]
            jsonschema.validate(example, schema)
            r = await call(s, tool["name"], example)
            assert not r.is_error, (tool["name"], r.content)
        actions = next(t for t in tools if t["name"] == "transact_write_items")["inputSchema"]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"actions": [{"put": {"table": "T", "item": {}}, "delete": {"table": "T", "key": {}}}]}, actions)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"actions": [{"update": {"table": "T"}}]}, actions)
        return True

    assert run(with_session(["--mcp", "--demo"], body))
