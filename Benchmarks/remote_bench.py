"""Our remote backend beside boto3, same `serve --demo`, same sequential GetItem and Query calls.

Run: swift build -c release --product remote-bench --product dynamo-explorer && python3 Benchmarks/remote_bench.py
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "integration"))
from conftest import Server, client_for, free_port  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def boto3_rates(url, count):
    ddb = client_for(url)
    rates = {}
    calls = {
        "get_item": lambda i: ddb.get_item(TableName="Movies", Key={"year": {"N": str(1990 + i % 10)}, "title": {"S": "X"}}),
        "query": lambda i: ddb.query(TableName="Shop", KeyConditionExpression="pk = :p", Limit=10,
                                     ExpressionAttributeValues={":p": {"S": "CUSTOMER#C%04d" % (1 + i % 50)}}),
    }
    for name, call in calls.items():
        for i in range(50):
            call(i)
        start = time.perf_counter()
        for i in range(count):
            call(i)
        rates[name] = count / (time.perf_counter() - start)
    return rates


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    binary = os.path.join(ROOT, ".build", "release", "dynamo-explorer")
    port = free_port()
    server = Server([binary, "serve", "--demo", "--port", str(port)], port)
    try:
        ours_output = subprocess.run([os.path.join(ROOT, ".build", "release", "remote-bench"), server.url, str(args.count)],
                                     capture_output=True, text=True, check=True).stdout
        ours = {line.split()[0]: float(line.split()[1]) for line in ours_output.splitlines()}
        theirs = boto3_rates(server.url, args.count)
    finally:
        server.stop()
    print(f"sequential round trips against serve --demo, {args.count} calls each (calls/s)")
    print("| call | dynamo-explorer remote | boto3 | ratio |")
    print("|---|---:|---:|---:|")
    for name in ("get_item", "query"):
        print(f"| {name} | {ours[name]:.0f} | {theirs[name]:.0f} | {ours[name] / theirs[name]:.2f}× |")


if __name__ == "__main__":
    main()
