"""kill -9 during a 10,000-item load: the database reopens with no torn item and no index out of step.

Each round starts `serve --db FILE`, loads items from two threads (BatchWriteItem, plus UpdateItems that
move items between GSI partitions), kills the server with SIGKILL at a random moment mid-load, checks the
file with SQLite's own integrity check, restarts on the same file and compares the table with its GSI and
LSI item by item. Every write the server acknowledged before the kill must be there.
"""
import hashlib
import os
import random
import signal
import sqlite3
import threading
import time

from botocore.config import Config

import conftest

TOTAL = 10_000
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=2, read_timeout=10)


def start(db):
    port = conftest.free_port()
    return conftest.Server([conftest.BINARY, "serve", "--db", db, "--port", str(port)], port)


def client(server):
    import boto3
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1", config=NO_RETRY,
                        aws_access_key_id="test", aws_secret_access_key="test")


def checksum(pk, sk, group, payload):
    return hashlib.sha256(f"{pk}|{sk}|{group}|{payload}".encode()).hexdigest()


def make_item(i, rng, group=None):
    pk, sk = f"u{i % 97}", str(i)
    group = group or f"g{i % 7}"
    payload = "x" * rng.randint(50, 3000)
    return {"pk": {"S": pk}, "sk": {"N": sk}, "grp": {"S": group}, "lsk": {"S": f"l{i:06d}"},
            "payload": {"S": payload}, "check": {"S": checksum(pk, sk, group, payload)}}


def loader(server, ids, acknowledged, lock, rng):
    """Writes batches of 25 and moves some items to another GSI partition; stops at the first failure."""
    c = client(server)
    try:
        for start_at in range(0, len(ids), 25):
            chunk = ids[start_at:start_at + 25]
            items = [make_item(i, rng) for i in chunk]
            c.batch_write_item(RequestItems={"Crash": [{"PutRequest": {"Item": it}} for it in items]})
            with lock:
                acknowledged.update({i: it for i, it in zip(chunk, items)})
            moved = make_item(chunk[0], rng, group=f"m{rng.randint(0, 3)}")
            c.put_item(TableName="Crash", Item=moved)
            with lock:
                acknowledged[chunk[0]] = moved
    except Exception:
        return


def scan_all(c, **kwargs):
    items, start_key = [], None
    while True:
        page = c.scan(TableName="Crash", **kwargs, **({"ExclusiveStartKey": start_key} if start_key else {}))
        items.extend(page["Items"])
        start_key = page.get("LastEvaluatedKey")
        if not start_key:
            return items


def verify(server, acknowledged):
    c = client(server)
    base = {(it["pk"]["S"], it["sk"]["N"]): it for it in scan_all(c)}
    for it in base.values():
        assert it["check"]["S"] == checksum(it["pk"]["S"], it["sk"]["N"], it["grp"]["S"], it["payload"]["S"]), "torn item"
    for i, item in acknowledged.items():
        assert (item["pk"]["S"], item["sk"]["N"]) in base, f"acknowledged item {i} lost"
    gsi = scan_all(c, IndexName="byGroup")
    lsi = scan_all(c, IndexName="byLsk")
    key = lambda it: (it["pk"]["S"], it["sk"]["N"])  # noqa: E731
    assert sorted(map(key, gsi)) == sorted(base), "GSI out of step with the table"
    assert sorted(map(key, lsi)) == sorted(base), "LSI out of step with the table"
    for it in gsi:
        assert it == base[key(it)], "GSI entry differs from its item"
    return len(base)


def test_kill_9_mid_load_loses_nothing_acknowledged(tmp_path):
    db = str(tmp_path / "crash.sqlite")
    rng = random.Random(20261125)
    server = start(db)
    client(server).create_table(
        TableName="Crash", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in [("pk", "S"), ("sk", "N"), ("grp", "S"), ("lsk", "S")]],
        GlobalSecondaryIndexes=[{"IndexName": "byGroup", "KeySchema": [{"AttributeName": "grp", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        LocalSecondaryIndexes=[{"IndexName": "byLsk", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsk", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    acknowledged, lock = {}, threading.Lock()
    remaining = list(range(TOTAL))
    counts = []
    try:
        for round_number in range(3):
            halves = [remaining[0::2], remaining[1::2]]
            threads = [threading.Thread(target=loader, args=(server, ids, acknowledged, lock, random.Random(rng.random())))
                       for ids in halves]
            for t in threads:
                t.start()
            kill_after = len(acknowledged) + rng.randint(300, 1500)
            deadline = time.time() + 120
            while len(acknowledged) < kill_after and any(t.is_alive() for t in threads) and time.time() < deadline:
                time.sleep(0.005)
            os.kill(server.proc.pid, signal.SIGKILL)
            server.proc.wait()
            for t in threads:
                t.join(timeout=30)
            assert len(acknowledged) < TOTAL, "the kill must land mid-load"

            with sqlite3.connect(db) as raw:
                assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

            server = start(db)
            with lock:
                snapshot = dict(acknowledged)
            counts.append(verify(server, snapshot))
            remaining = [i for i in range(TOTAL) if i not in snapshot]
        # The last restart finishes the load; everything is there and consistent.
        loader(server, remaining, acknowledged, lock, random.Random(7))
        assert verify(server, acknowledged) == TOTAL
    finally:
        if server.proc.poll() is None:
            server.stop()
    assert counts == sorted(counts) and counts[0] > 0
