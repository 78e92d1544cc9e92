"""A global index added to a table with items fills in the background, as DynamoDB does: CREATING with
Backfilling (reads refused) until every item is in, then ACTIVE — skipping items whose key attribute has
the wrong type, keeping writes made meanwhile, and finishing after a crash. boto3 against our `serve`."""
import os
import signal
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import BINARY, Server, client_for, free_port

ITEMS = 12_000


def fill(c, table):
    for start in range(0, ITEMS, 25):
        c.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": {"pk": {"S": f"k{i}"},
                                     # every fifth item has a number where the index wants a string
                                     "g": {"N": str(i)} if i % 5 == 0 else {"S": f"g{i % 7}"}}}}
            for i in range(start, start + 25)]})


def add_index(c, table, name="byG"):
    return c.update_table(
        TableName=table, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": name, "KeySchema": [
            {"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}}])


def wait_active(c, table, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        index = c.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"][0]
        if index["IndexStatus"] == "ACTIVE":
            return index
        time.sleep(0.05)
    raise AssertionError("the index never became ACTIVE")


def new_table(c):
    name = "b" + uuid.uuid4().hex[:10]
    c.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    return name


def test_an_added_index_backfills_in_the_background(ours):
    c = client_for(ours.url)
    table = new_table(c)
    fill(c, table)
    index = add_index(c, table)["TableDescription"]["GlobalSecondaryIndexes"][0]
    assert (index["IndexStatus"], index["Backfilling"]) == ("CREATING", True)
    with pytest.raises(ClientError) as excinfo:
        c.query(TableName=table, IndexName="byG", KeyConditionExpression="g = :g",
                ExpressionAttributeValues={":g": {"S": "g1"}})
    assert excinfo.value.response["Error"]["Message"] == "Cannot read from backfilling global secondary index: byG"
    # Writes while it fills are in the index once it is done.
    c.put_item(TableName=table, Item={"pk": {"S": "during"}, "g": {"S": "g1"}})
    c.delete_item(TableName=table, Key={"pk": {"S": "k1"}})
    active = wait_active(c, table)
    assert "Backfilling" not in active
    expected = sum(1 for i in range(ITEMS) if i % 5 and i % 7 == 1 and i != 1) + 1
    got = c.query(TableName=table, IndexName="byG", KeyConditionExpression="g = :g",
                  ExpressionAttributeValues={":g": {"S": "g1"}}, Select="COUNT")["Count"]
    assert got == expected
    assert active["ItemCount"] == sum(1 for i in range(ITEMS) if i % 5) - 1 + 1, "wrong-typed items are left out"


def test_one_update_per_index_in_a_call(ours):
    c = client_for(ours.url)
    table = new_table(c)
    with pytest.raises(ClientError) as excinfo:
        c.update_table(
            TableName=table, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[
                {"Create": {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                            "Projection": {"ProjectionType": "ALL"}}},
                {"Delete": {"IndexName": "byG"}}])
    assert excinfo.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: Only one global secondary index update per index is allowed "
        "simultaneously. Index: byG")


def test_a_backfill_cut_short_by_a_crash_finishes_when_the_file_is_opened_again(tmp_path):
    path = str(tmp_path / "data.sqlite")

    def start():
        port = free_port()
        return Server([BINARY, "serve", "--db", path, "--port", str(port)], port)

    server = start()
    try:
        c = client_for(server.url)
        table = new_table(c)
        fill(c, table)
        assert add_index(c, table)["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait()
    finally:
        server.stop()
    server = start()
    try:
        c = client_for(server.url)
        index = wait_active(c, table)
        assert index["ItemCount"] == sum(1 for i in range(ITEMS) if i % 5)
    finally:
        server.stop()
