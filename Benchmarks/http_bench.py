"""The same boto3 workload against our `serve`, moto_server and a null endpoint, in one run.

The null endpoint answers every request at once with a fixed valid response: the ceiling the
boto3 client itself allows. Prints ops/s per phase and the ratios.
Run: python3 Benchmarks/http_bench.py [--items 1000] [--ops 300] [--rounds 3]   (needs a built .build/release or debug binary)
     python3 Benchmarks/http_bench.py --scale 1000,10000,100000   cost per operation as the table grows
"""
import argparse
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "integration"))
import conftest  # noqa: E402

NULL_REPLIES = {
    "GetItem": {"Item": {"pk": {"S": "p0"}, "sk": {"N": "0"}}}, "Query": {"Items": [], "Count": 0, "ScannedCount": 0},
    "Scan": {"Items": [], "Count": 0, "ScannedCount": 0}, "BatchWriteItem": {"UnprocessedItems": {}},
    "CreateTable": {"TableDescription": {"TableName": "bench", "TableStatus": "ACTIVE"}},
}


class NullHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one small response per request: no 40 ms delayed-ACK stalls

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        op = self.headers.get("X-Amz-Target", ".").split(".")[-1]
        body = json.dumps(NULL_REPLIES.get(op, {})).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Deadline(Exception):
    pass


def workload(c, items, ops, deadline=None):
    """Runs every phase on client `c`; returns {phase: ops/s}. Raises Deadline past `deadline`."""
    results = {}

    def phase(name, count, fn):
        start = time.perf_counter()
        for i in range(count):
            fn(i)
            if deadline and time.time() > deadline:
                raise Deadline(name)
        results[name] = count / (time.perf_counter() - start)

    try:
        c.create_table(TableName="bench", BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                       AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in [("pk", "S"), ("sk", "N"), ("g", "S"), ("l", "S")]],
                       GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}],
                       LocalSecondaryIndexes=[{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}])
    except Exception:
        pass
    parts = 20

    def item(i):
        return {"pk": {"S": f"p{i % parts}"}, "sk": {"N": str(i)}, "g": {"S": f"g{i % 7}"}, "l": {"S": f"l{i:08d}"},
                "v": {"N": str(i % 100)}, "body": {"S": "x" * 100}}

    phase("load (BatchWriteItem x25)", items // 25, lambda b: c.batch_write_item(RequestItems={"bench": [{"PutRequest": {"Item": item(b * 25 + k)}} for k in range(25)]}))
    phase("GetItem", ops, lambda i: c.get_item(TableName="bench", Key={"pk": {"S": f"p{i % parts}"}, "sk": {"N": str(i % items)}}))
    phase("PutItem (conditional)", ops, lambda i: c.put_item(TableName="bench", Item=item(items + i), ConditionExpression="attribute_not_exists(pk)"))
    phase("UpdateItem", ops, lambda i: c.update_item(TableName="bench", Key={"pk": {"S": f"p{i % parts}"}, "sk": {"N": str(i % items)}}, UpdateExpression="ADD v :one", ExpressionAttributeValues={":one": {"N": "1"}}))
    q = max(ops // 5, 10)
    phase("Query (Limit 25, filter)", q, lambda i: c.query(TableName="bench", KeyConditionExpression="pk = :p", FilterExpression="v > :v", ExpressionAttributeValues={":p": {"S": f"p{i % parts}"}, ":v": {"N": "50"}}, Limit=25))
    phase("Query GSI (Limit 25)", q, lambda i: c.query(TableName="bench", IndexName="byG", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": f"g{i % 7}"}}, Limit=25))
    phase("Query LSI (Limit 25)", q, lambda i: c.query(TableName="bench", IndexName="byL", KeyConditionExpression="pk = :p AND l > :l", ExpressionAttributeValues={":p": {"S": f"p{i % parts}"}, ":l": {"S": "l00000100"}}, Limit=25))

    def full_scan(_):
        kw = {}
        while True:
            r = c.scan(TableName="bench", **kw)
            if "LastEvaluatedKey" not in r:
                return
            kw = {"ExclusiveStartKey": r["LastEvaluatedKey"]}

    def parallel_scan(_):
        def seg(s):
            kw = {}
            while True:
                r = c.scan(TableName="bench", Segment=s, TotalSegments=4, **kw)
                if "LastEvaluatedKey" not in r:
                    return
                kw = {"ExclusiveStartKey": r["LastEvaluatedKey"]}
        threads = [threading.Thread(target=seg, args=(s,)) for s in range(4)]
        [t.start() for t in threads]
        [t.join() for t in threads]

    phase("full Scan", 5, full_scan)
    phase("parallel Scan (4 segments)", 5, parallel_scan)
    phase("TransactWriteItems (2 puts)", q, lambda i: c.transact_write_items(TransactItems=[{"Put": {"TableName": "bench", "Item": item(10 * items + 2 * i)}}, {"Put": {"TableName": "bench", "Item": item(10 * items + 2 * i + 1)}}]))
    return results


SCANS = ("full Scan", "parallel Scan (4 segments)")


def scaling(sizes, ops, moto_sizes, moto_minutes):
    """Cost per operation as the table grows: ms per call, and for scans ms per 1,000 items read."""
    costs = {}
    for kind in ("ours", "moto"):
        for size in sizes:
            if kind == "moto" and size not in moto_sizes:
                continue
            server = conftest.start_ours() if kind == "ours" else conftest.start_moto()
            deadline = time.time() + moto_minutes * 60 if kind == "moto" else None
            try:
                rates = workload(conftest.client_for(server.url), size, ops, deadline)
                costs[(kind, size)] = {name: (1000 / r) * (1000 / size if name in SCANS else 1) for name, r in rates.items()}
            except Deadline as stopped:
                costs[(kind, size)] = f"did not finish in {moto_minutes} min (stopped in {stopped})"
            finally:
                server.stop()
            print(f"  done: {kind} at {size} items", flush=True)
    columns = [k for k in costs if isinstance(costs[k], dict)]
    print(f"\ncost per operation (ms; scans: ms per 1,000 items), ops={ops}")
    print(f"{'phase':32}" + "".join(f"{kind + ' ' + str(size):>14}" for kind, size in columns))
    for name in costs[columns[0]]:
        print(f"{name:32}" + "".join(f"{costs[c][name]:14.3f}" for c in columns))
    for key, value in costs.items():
        if isinstance(value, str):
            print(f"{key[0]} at {key[1]} items: {value}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--ops", type=int, default=300)
    ap.add_argument("--skip-moto", action="store_true")
    ap.add_argument("--rounds", type=int, default=1, help="alternate the null endpoint and ours this many times")
    ap.add_argument("--scale", help="comma-separated table sizes, e.g. 1000,10000,100000: cost per op as the table grows")
    ap.add_argument("--moto-scale", default="1000,10000", help="sizes at which moto also runs in --scale mode")
    ap.add_argument("--moto-minutes", type=float, default=10, help="give up on a moto run after this long")
    args = ap.parse_args()
    release = os.path.join(conftest.ROOT, ".build", "release", "dynamo-explorer")
    if os.path.exists(release):
        conftest.BINARY = release
    if args.scale:
        sizes = [int(x) for x in args.scale.split(",")]
        moto_sizes = set() if args.skip_moto else {int(x) for x in args.moto_scale.split(",")}
        scaling(sizes, args.ops, moto_sizes, args.moto_minutes)
        return
    # Null endpoint and ours in alternating rounds (this host's speed drifts); each ratio is the median of
    # the rounds' ratios, each rate the median of the rounds' rates.
    rounds = {"null": [], "ours": []}
    for _ in range(args.rounds):
        null = ThreadingHTTPServer(("127.0.0.1", 0), NullHandler)
        threading.Thread(target=null.serve_forever, daemon=True).start()
        rounds["null"].append(workload(conftest.client_for(f"http://127.0.0.1:{null.server_address[1]}"),
                                       args.items, args.ops))
        null.shutdown()
        ours = conftest.start_ours()
        try:
            rounds["ours"].append(workload(conftest.client_for(ours.url), args.items, args.ops))
        finally:
            ours.stop()
    runs = {kind: {name: statistics.median(r[name] for r in results) for name in results[0]}
            for kind, results in rounds.items()}
    ratio = {name: statistics.median(o[name] / n[name] for n, o in zip(rounds["null"], rounds["ours"]))
             for name in runs["ours"]}
    if not args.skip_moto:
        moto = conftest.start_moto()
        try:
            runs["moto"] = workload(conftest.client_for(moto.url), args.items, args.ops)
        finally:
            moto.stop()
    print(f"items={args.items} ops={args.ops} rounds={args.rounds} binary={conftest.BINARY}")
    print(f"{'phase':32} {'null':>9} {'ours':>9} {'moto':>9} {'ours/null':>10} {'ours/moto':>10}")
    for name in runs["ours"]:
        n, o, m = runs["null"][name], runs["ours"][name], runs.get("moto", {}).get(name)
        print(f"{name:32} {n:9.1f} {o:9.1f} {(m or 0):9.1f} {ratio[name]:9.0%} {(o / m if m else 0):9.1f}x")


if __name__ == "__main__":
    main()
