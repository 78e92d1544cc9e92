"""Our MCP server beside the awslabs DynamoDB MCP server, on the same data, in one run.

Both servers are driven by the same minimal JSON-RPC client over stdio pipes (one request line out,
one response line back), so client overhead is equal and small. Ours runs on the embedded engine
(`--mcp --db FILE`); the awslabs server (a Python FastMCP process calling boto3) is pointed at our
`serve` holding an identical copy of the data — the fastest backend it can have here.

Measures cold start (process spawn → `initialize` result) and p50/p95 latency of `get_item` and a
10-item `query`.

Run: python3 Benchmarks/mcp_bench.py [--calls 300] [--starts 10]
  The peer is installed on first use into .build/awslabs-venv (pip, awslabs-dynamodb-mcp-server==1.0.9).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "integration"))
import conftest  # noqa: E402

ROOT = conftest.ROOT
PEER_VERSION = "1.0.9"
VENV = os.path.join(ROOT, ".build", "awslabs-venv")
PEER_BIN = os.path.join(VENV, "bin", "awslabs.dynamodb-mcp-server")
PARTITIONS, PER_PARTITION = 20, 50


def ensure_peer():
    if os.path.exists(PEER_BIN):
        return
    print(f"installing awslabs-dynamodb-mcp-server=={PEER_VERSION} into {VENV} …", flush=True)
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", f"awslabs-dynamodb-mcp-server=={PEER_VERSION}"], check=True)


def start_serve(db):
    port = conftest.free_port()
    return conftest.Server([conftest.BINARY, "serve", "--db", db, "--port", str(port)], port)


def load(url):
    c = conftest.client_for(url)
    c.create_table(TableName="Bench", BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}])
    requests = [{"PutRequest": {"Item": {"pk": {"S": f"p{p}"}, "sk": {"N": str(s)}, "title": {"S": f"item {p}/{s}"},
                                         "price": {"N": f"{s}.99"}, "tags": {"SS": ["a", "b"]}}}}
                for p in range(PARTITIONS) for s in range(PER_PARTITION)]
    for i in range(0, len(requests), 25):
        c.batch_write_item(RequestItems={"Bench": requests[i:i + 25]})


class Session:
    """One stdio MCP server process, spoken to line by line."""

    def __init__(self, argv, env=None):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.next_id = 0

    def request(self, method, params):
        self.next_id += 1
        line = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        while True:
            reply = json.loads(self.proc.stdout.readline())
            if reply.get("id") == self.next_id:
                return reply

    def initialize(self):
        reply = self.request("initialize", {"protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}})
        elapsed = time.perf_counter() - self.started
        self.proc.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        self.proc.stdin.flush()
        assert "result" in reply, reply
        return elapsed

    def call(self, tool, arguments):
        reply = self.request("tools/call", {"name": tool, "arguments": arguments})
        result = reply.get("result")
        assert result is not None and not result.get("isError"), reply
        return result

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def latencies(session, tool, make_args, calls, check):
    for i in range(20):  # warm-up: first-call costs (imports, connection pools) are not steady state
        check(session.call(tool, make_args(i)))
    out = []
    for i in range(calls):
        args = make_args(i)
        start = time.perf_counter()
        result = session.call(tool, args)
        out.append((time.perf_counter() - start) * 1000)
        check(result)
    return out


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def text_of(result):
    return result["content"][0]["text"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--starts", type=int, default=10)
    opts = ap.parse_args()
    ensure_peer()

    tmp = tempfile.mkdtemp(prefix="mcp-bench-")
    ours_db, peer_db = os.path.join(tmp, "ours.sqlite"), os.path.join(tmp, "peer.sqlite")
    loader = start_serve(ours_db)
    load(loader.url)
    loader.stop()
    backend = start_serve(peer_db)
    load(backend.url)

    ours_argv = [conftest.BINARY, "--mcp", "--db", ours_db, "--read-only"]
    peer_env = dict(os.environ, AWS_ENDPOINT_URL_DYNAMODB=backend.url, AWS_ENDPOINT_URL=backend.url, AWS_REGION="us-east-1",
                    AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", FASTMCP_LOG_LEVEL="ERROR")
    peer_argv = [PEER_BIN]

    def key_of(i):
        return f"p{i % PARTITIONS}", (i * 7) % PER_PARTITION

    ours_calls = {
        "get_item": ("get_item", lambda i: {"table": "Bench", "key": {"pk": key_of(i)[0], "sk": key_of(i)[1]}},
                     lambda r: r["structuredContent"]["item"]["title"]),
        "query": ("query", lambda i: {"table": "Bench", "key_condition": {"pk": key_of(i)[0]}, "limit": 10},
                  lambda r: len(r["structuredContent"]["items"]) == 10 or sys.exit("ours: query returned the wrong count")),
    }
    peer_calls = {
        "get_item": ("get_item", lambda i: {"table_name": "Bench", "key": {"pk": {"S": key_of(i)[0]}, "sk": {"N": str(key_of(i)[1])}}},
                     lambda r: '"title"' in text_of(r) or sys.exit(f"peer: get_item failed: {text_of(r)[:300]}")),
        "query": ("query", lambda i: {"table_name": "Bench", "key_condition_expression": "pk = :p",
                                      "expression_attribute_values": {":p": {"S": key_of(i)[0]}}, "limit": 10},
                  lambda r: '"Count": 10' in text_of(r) or '"Count":10' in text_of(r) or sys.exit(f"peer: query failed: {text_of(r)[:300]}")),
    }

    rows = {}
    try:
        for name, argv, env, calls in [("dynamo-explorer", ours_argv, None, ours_calls), ("awslabs 1.0.9", peer_argv, peer_env, peer_calls)]:
            starts = []
            for _ in range(opts.starts):
                s = Session(argv, env)
                starts.append(s.initialize() * 1000)
                s.close()
            s = Session(argv, env)
            s.initialize()
            row = {"cold start": (statistics.median(starts), max(starts))}
            for label, (tool, make_args, check) in calls.items():
                lat = latencies(s, tool, make_args, opts.calls, check)
                row[label] = (pct(lat, 50), pct(lat, 95))
            s.close()
            rows[name] = row
    finally:
        backend.stop()

    ours, peer = rows["dynamo-explorer"], rows["awslabs 1.0.9"]
    print(f"\n{opts.calls} calls each, {PARTITIONS * PER_PARTITION} items; same JSON-RPC client for both (ms)\n")
    print(f"{'measure':<22}{'dynamo-explorer':>18}{'awslabs 1.0.9':>16}{'ratio':>10}")
    print(f"{'cold start median':<22}{ours['cold start'][0]:>18.2f}{peer['cold start'][0]:>16.2f}{peer['cold start'][0] / ours['cold start'][0]:>9.0f}x")
    for label in ("get_item", "query"):
        for i, p in enumerate(("p50", "p95")):
            a, b = ours[label][i], peer[label][i]
            print(f"{label + ' ' + p:<22}{a:>18.3f}{b:>16.3f}{b / a:>9.0f}x")


if __name__ == "__main__":
    main()
