"""Saved queries reach agents: a query saved by hand in the queries file is an MCP prompt and a
resource of `--mcp`, read afresh on each list, through the real `mcp` client."""
import asyncio
import json
import os

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from conftest import BINARY

SAVED = {
    "orders-of-c0001": {
        "tool": "query",
        "arguments": {"table": "Shop", "key_condition": {"pk": "CUSTOMER#C0001"}, "limit": 5},
        "saved": "2026-12-01T09:00:00Z",
    }
}


def run(queries, body):
    async def main():
        params = StdioServerParameters(command=BINARY, args=["--mcp", "--demo", "--queries", queries],
                                       env=dict(os.environ))
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await body(session)
    return asyncio.run(asyncio.wait_for(main(), timeout=120))


def test_a_saved_query_is_a_prompt_and_a_resource_that_runs_as_saved(tmp_path):
    queries = tmp_path / "shop.queries.json"
    queries.write_text(json.dumps(SAVED, indent=2))

    async def body(s):
        prompts = {p.name: p for p in (await s.list_prompts()).prompts}
        assert "orders-of-c0001" in prompts and "explore_table" in prompts
        assert "query on Shop" in prompts["orders-of-c0001"].description
        got = await s.get_prompt("orders-of-c0001")
        text = got.messages[0].content.text
        line = next(l for l in text.splitlines() if l.startswith("{"))
        assert json.loads(line) == SAVED["orders-of-c0001"]["arguments"]
        # The agent makes the call the prompt names and gets the query's items.
        result = await s.call_tool("query", json.loads(line))
        assert not result.is_error and result.structured_content["count"] == 5
        resources = {str(r.uri): r for r in (await s.list_resources()).resources}
        uri = "dynamo-explorer://query/orders-of-c0001"
        assert uri in resources and "dynamodb://table/Shop" in resources
        read = await s.read_resource(uri)
        assert json.loads(read.contents[0].text) == {"tool": "query",
                                                     "arguments": SAVED["orders-of-c0001"]["arguments"]}
        # An edit by hand (or a save from the TUI) shows on the next list, without a restart.
        edited = dict(SAVED, **{"all-movies": {"tool": "scan", "arguments": {"table": "Movies"}}})
        queries.write_text(json.dumps(edited))
        assert "all-movies" in {p.name for p in (await s.list_prompts()).prompts}
        # A name that is not saved is an error naming what is.
        try:
            await s.get_prompt("nope")
            raise AssertionError("an unknown prompt must fail")
        except Exception as error:  # the client raises McpError
            assert "all-movies" in str(error)
    run(str(queries), body)


def test_without_a_file_there_are_only_the_built_in_prompts(tmp_path):
    async def body(s):
        names = {p.name for p in (await s.list_prompts()).prompts}
        assert names == {"explore_table", "find_items"}
    run(str(tmp_path / "absent.json"), body)
