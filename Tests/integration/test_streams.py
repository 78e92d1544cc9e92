"""DynamoDB Streams through `serve`, read with boto3's own `dynamodbstreams` client."""
import os
import signal
import subprocess
import time

import boto3
import pytest
from botocore.exceptions import ClientError

import conftest


@pytest.fixture(scope="module")
def server():
    s = conftest.start_ours("--ttl-sweep", "0.2")
    yield s
    s.stop()


def clients(url):
    ddb = conftest.client_for(url)
    streams = boto3.client("dynamodbstreams", endpoint_url=url, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
    return ddb, streams


def make_table(ddb, name, view="NEW_AND_OLD_IMAGES", sort=False):
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    defs = [{"AttributeName": "pk", "AttributeType": "S"}]
    if sort:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        defs.append({"AttributeName": "sk", "AttributeType": "N"})
    out = ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=keys, AttributeDefinitions=defs,
                           StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
    return out["TableDescription"]["LatestStreamArn"]


def read_all(streams, arn, iterator_type="TRIM_HORIZON", limit=None):
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=iterator_type)["ShardIterator"]
    records = []
    for _ in range(100):
        args = {"ShardIterator": it} | ({"Limit": limit} if limit else {})
        out = streams.get_records(**args)
        records += out["Records"]
        it = out.get("NextShardIterator")
        if not out["Records"] or it is None:
            break
    return records


def test_every_operation_kind_writes_its_record_in_order(server):
    ddb, streams = clients(server.url)
    arn = make_table(ddb, "StreamAll")
    ddb.put_item(TableName="StreamAll", Item={"pk": {"S": "a"}, "n": {"N": "1"}})
    ddb.update_item(TableName="StreamAll", Key={"pk": {"S": "a"}}, UpdateExpression="SET n = n + :one",
                    ExpressionAttributeValues={":one": {"N": "1"}})
    ddb.put_item(TableName="StreamAll", Item={"pk": {"S": "a"}, "n": {"N": "2"}})  # changes nothing: no record
    ddb.delete_item(TableName="StreamAll", Key={"pk": {"S": "a"}})
    ddb.delete_item(TableName="StreamAll", Key={"pk": {"S": "missing"}})  # deletes nothing: no record
    ddb.batch_write_item(RequestItems={"StreamAll": [{"PutRequest": {"Item": {"pk": {"S": "b"}}}},
                                                     {"PutRequest": {"Item": {"pk": {"S": "c"}}}}]})
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": "StreamAll", "Key": {"pk": {"S": "b"}}, "UpdateExpression": "SET t = :t",
                    "ExpressionAttributeValues": {":t": {"S": "x"}}}},
        {"Delete": {"TableName": "StreamAll", "Key": {"pk": {"S": "c"}}}}])
    ddb.execute_statement(Statement="INSERT INTO StreamAll VALUE {'pk': 'd', 'via': 'partiql'}")
    records = read_all(streams, arn)
    got = [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records]
    assert got == [("INSERT", "a"), ("MODIFY", "a"), ("REMOVE", "a"), ("INSERT", "b"), ("INSERT", "c"),
                   ("MODIFY", "b"), ("REMOVE", "c"), ("INSERT", "d")]
    modify = records[1]
    assert modify["dynamodb"]["OldImage"] == {"pk": {"S": "a"}, "n": {"N": "1"}}
    assert modify["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "n": {"N": "2"}}
    assert modify["eventSource"] == "aws:dynamodb" and modify["eventVersion"] == "1.1"
    assert modify["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    seqs = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert seqs == sorted(seqs, key=int) and len(set(seqs)) == len(seqs)
    assert all(r["dynamodb"]["SizeBytes"] > 0 for r in records)
    assert len({r["eventID"] for r in records}) == len(records)


@pytest.mark.parametrize("view,old,new", [("KEYS_ONLY", False, False), ("NEW_IMAGE", False, True),
                                          ("OLD_IMAGE", True, False), ("NEW_AND_OLD_IMAGES", True, True)])
def test_view_types_carry_the_images_they_name(server, view, old, new):
    ddb, streams = clients(server.url)
    name = "View" + view.replace("_", "")
    arn = make_table(ddb, name, view=view, sort=True)
    ddb.put_item(TableName=name, Item={"pk": {"S": "k"}, "sk": {"N": "1"}, "v": {"S": "one"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "k"}, "sk": {"N": "1"}, "v": {"S": "two"}})
    modify = read_all(streams, arn)[1]["dynamodb"]
    assert modify["Keys"] == {"pk": {"S": "k"}, "sk": {"N": "1"}}
    assert ("OldImage" in modify) == old and ("NewImage" in modify) == new
    if new:
        assert modify["NewImage"]["v"] == {"S": "two"}
    desc = ddb.describe_table(TableName=name)["Table"]
    assert desc["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": view}
    assert desc["LatestStreamArn"] == arn and arn.endswith("/stream/" + desc["LatestStreamLabel"])


def test_iterator_types_and_paging(server):
    ddb, streams = clients(server.url)
    arn = make_table(ddb, "StreamIter")
    for i in range(7):
        ddb.put_item(TableName="StreamIter", Item={"pk": {"S": f"k{i}"}})
    records = read_all(streams, arn, limit=3)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == [f"k{i}" for i in range(7)]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    third = records[2]["dynamodb"]["SequenceNumber"]
    at = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER",
                                    SequenceNumber=third)["ShardIterator"]
    assert streams.get_records(ShardIterator=at, Limit=1)["Records"][0]["dynamodb"]["SequenceNumber"] == third
    after = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                                       SequenceNumber=third)["ShardIterator"]
    assert streams.get_records(ShardIterator=after, Limit=1)["Records"][0]["dynamodb"]["Keys"]["pk"]["S"] == "k3"
    latest = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    empty = streams.get_records(ShardIterator=latest)
    assert empty["Records"] == [] and empty["NextShardIterator"]
    ddb.put_item(TableName="StreamIter", Item={"pk": {"S": "late"}})
    later = streams.get_records(ShardIterator=empty["NextShardIterator"])["Records"]
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in later] == ["late"]


def test_errors_use_the_streams_names(server):
    ddb, streams = clients(server.url)
    arn = make_table(ddb, "StreamErr")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    with pytest.raises(ClientError) as e:
        streams.describe_stream(StreamArn=arn.replace("StreamErr", "NoSuchTable"))
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        streams.get_records(ShardIterator="not-an-iterator")
    assert e.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as e:
        streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER")
    assert e.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as e:
        streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-deadbeef", ShardIteratorType="LATEST")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        ddb.update_table(TableName="StreamErr",
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    assert "already has an enabled stream" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        ddb.create_table(TableName="StreamBad", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         StreamSpecification={"StreamEnabled": True})
    assert e.value.response["Error"]["Code"] == "ValidationException"


def test_disable_closes_the_shard_and_enable_starts_a_new_stream(server):
    ddb, streams = clients(server.url)
    first = make_table(ddb, "StreamCycle")
    ddb.put_item(TableName="StreamCycle", Item={"pk": {"S": "before"}})
    ddb.update_table(TableName="StreamCycle", StreamSpecification={"StreamEnabled": False})
    desc = ddb.describe_table(TableName="StreamCycle")["Table"]
    assert "StreamSpecification" not in desc and desc["LatestStreamArn"] == first
    ddb.put_item(TableName="StreamCycle", Item={"pk": {"S": "while-off"}})
    old = streams.describe_stream(StreamArn=first)["StreamDescription"]
    assert old["StreamStatus"] == "DISABLED" and "EndingSequenceNumber" in old["Shards"][0]["SequenceNumberRange"]
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_all(streams, first)] == ["before"]
    time.sleep(0.002)
    ddb.update_table(TableName="StreamCycle", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    second = ddb.describe_table(TableName="StreamCycle")["Table"]["LatestStreamArn"]
    assert second != first
    ddb.put_item(TableName="StreamCycle", Item={"pk": {"S": "after"}})
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_all(streams, second)] == ["after"]
    listed = streams.list_streams(TableName="StreamCycle")["Streams"]
    assert [s["StreamArn"] for s in listed] == [first, second]


def test_ttl_deletions_carry_the_service_identity(server):
    ddb, streams = clients(server.url)
    arn = make_table(ddb, "StreamTTL")
    ddb.update_time_to_live(TableName="StreamTTL", TimeToLiveSpecification={"AttributeName": "exp", "Enabled": True})
    ddb.put_item(TableName="StreamTTL", Item={"pk": {"S": "gone"}, "exp": {"N": str(int(time.time()) - 10)}})
    ddb.delete_item(TableName="StreamTTL", Key={"pk": {"S": "missing"}})
    deadline = time.time() + 10
    while time.time() < deadline and len(read_all(streams, arn)) < 2:
        time.sleep(0.1)
    records = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "REMOVE"]
    assert records[1]["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
    assert "userIdentity" not in records[0]


def test_kill_during_a_load_leaves_table_and_stream_in_step(tmp_path):
    db = tmp_path / "load.sqlite"
    port = conftest.free_port()
    proc = subprocess.Popen([conftest.BINARY, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conftest.wait_for_port(port, proc)
    url = f"http://127.0.0.1:{port}"
    ddb, _ = clients(url)
    make_table(ddb, "Load")
    writer = subprocess.Popen([os.sys.executable, "-c", f"""
import boto3
c = boto3.client("dynamodb", endpoint_url="{url}", region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t")
i = 0
while True:
    c.put_item(TableName="Load", Item={{"pk": {{"S": "k%d" % i}}}})
    print(i, flush=True)
    i += 1
"""], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    acknowledged = -1
    while acknowledged < 150:
        acknowledged = int(writer.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    writer.kill()
    writer.wait()
    server = conftest.Server([conftest.BINARY, "serve", "--db", str(db), "--port", str(port)], port)
    try:
        ddb, streams = clients(server.url)
        items = {i["pk"]["S"] for i in ddb.scan(TableName="Load")["Items"]}
        arn = ddb.describe_table(TableName="Load")["Table"]["LatestStreamArn"]
        keys = [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_all(streams, arn)]
        assert len(keys) == len(set(keys)) and set(keys) == items
        assert all(f"k{i}" in items for i in range(acknowledged + 1))
    finally:
        server.stop()


def test_a_stream_turned_on_by_another_process_records_this_processes_writes(tmp_path):
    """`serve` keeps its table catalog in step with other processes on the same file: once a `call`
    turns the stream on, serve's next write has its record (none is lost to a stale schema)."""
    db = tmp_path / "shared.sqlite"
    port = conftest.free_port()
    server = conftest.Server([conftest.BINARY, "serve", "--db", str(db), "--port", str(port)], port)
    try:
        ddb, streams = clients(server.url)
        ddb.create_table(TableName="Shared", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        ddb.put_item(TableName="Shared", Item={"pk": {"S": "before"}})
        subprocess.run([conftest.BINARY, "call", "update_table", '{"table": "Shared", "stream": "NEW_AND_OLD_IMAGES"}',
                        "--db", str(db)], check=True, capture_output=True)
        ddb.put_item(TableName="Shared", Item={"pk": {"S": "after"}})
        arn = ddb.describe_table(TableName="Shared")["Table"]["LatestStreamArn"]
        records = read_all(streams, arn)
        assert [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records] == [("INSERT", "after")]
    finally:
        server.stop()


@pytest.mark.parametrize("peer", ["ours", "moto"])
def test_read_changes_through_the_remote_backend(peer):
    """The remote backend reads DynamoDB Streams (same address on `serve` and moto, signed as DynamoDB)."""
    import json
    server = conftest.start_ours() if peer == "ours" else conftest.start_moto()
    try:
        flags = ["--endpoint-url", server.url]
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1")

        def call(tool, args):
            out = subprocess.run([conftest.BINARY, "call", tool, json.dumps(args), *flags], env=env,
                                 capture_output=True, text=True, check=True).stdout
            return json.loads(out)
        call("create_table", {"table": "Remote", "partition_key": {"name": "id", "type": "S"}})
        call("update_table", {"table": "Remote", "stream": "NEW_AND_OLD_IMAGES"})
        call("put_item", {"table": "Remote", "item": {"id": "r1", "n": 1}})
        call("update_item", {"table": "Remote", "key": {"id": "r1"}, "updates": {"n": 2}})
        out = call("read_changes", {"table": "Remote"})
        assert [(c["event"], c["key"]) for c in out["changes"]] == [("INSERT", {"id": "r1"}), ("MODIFY", {"id": "r1"})]
        assert out["changes"][1]["old"]["n"] == 1 and out["changes"][1]["new"]["n"] == 2
        assert call("read_changes", {"table": "Remote", "since": out["cursor"]})["changes"] == []
    finally:
        server.stop()
