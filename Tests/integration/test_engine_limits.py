"""The engine, round 2 — expression limits and shapes DynamoDB refuses before evaluating anything, list
appends in index order, request-token and tag limits: boto3 against our `serve`, with DynamoDB's messages."""
import uuid

import pytest

from conftest import client_for, empty_table, refused


@pytest.fixture
def c(ours):
    return client_for(ours.url)


def table_with_item(c):
    name = empty_table(c, "l")
    c.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "s": {"S": "xyz"},
                                     "l": {"L": [{"N": "0"}]}})
    return name


def test_redundant_parentheses_are_refused_and_needed_ones_are_not(c):
    t = table_with_item(c)
    values = {":v": {"S": "xyz"}, ":w": {"S": "q"}}
    assert refused(c.scan, TableName=t, FilterExpression="((s = :v))", ExpressionAttributeValues={":v": values[":v"]}) == \
        "Invalid FilterExpression: The expression has redundant parentheses;"
    message = refused(c.put_item, TableName=t, Item={"pk": {"S": "b"}, "sk": {"N": "1"}},
                      ConditionExpression="s = :v AND ((s = :w))", ExpressionAttributeValues=values)
    assert message == "Invalid ConditionExpression: The expression has redundant parentheses;"
    for fine in ["(s = :v) AND (s <> :w)", "((s = :v) AND s <> :w)", "NOT (s = :w AND s = :v)", "(s = :v) OR (s = :w)"]:
        assert c.scan(TableName=t, FilterExpression=fine, ExpressionAttributeValues=values)["Count"] == 1, fine


def test_more_than_300_operators_are_refused(c):
    t = table_with_item(c)
    values = {":v": {"S": "xyz"}}
    # 300 comparisons joined by 299 ORs: AND, OR and NOT are not counted.
    assert c.scan(TableName=t, FilterExpression=" OR ".join(["s = :v"] * 300),
                  ExpressionAttributeValues=values)["Count"] == 1
    message = refused(c.scan, TableName=t, FilterExpression=" OR ".join(["s = :v"] * 301),
                      ExpressionAttributeValues=values)
    assert message == "Invalid FilterExpression: The expression contains too many operators; operator count: 301"


def test_a_path_deeper_than_32_levels_is_refused(c):
    t = table_with_item(c)
    c.get_item(TableName=t, Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, ProjectionExpression="a" + ".b" * 31)
    message = refused(c.get_item, TableName=t, Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
                      ProjectionExpression="a" + ".b" * 32)
    assert message == "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33"


def test_size_of_a_constant_is_its_size_and_a_type_without_one_is_refused(c):
    t = table_with_item(c)
    found = c.scan(TableName=t, FilterExpression="size(:v) = :three",
                   ExpressionAttributeValues={":v": {"S": "abc"}, ":three": {"N": "3"}})
    assert found["Count"] == 1
    message = refused(c.scan, TableName=t, FilterExpression="size(:v) > :one",
                      ExpressionAttributeValues={":v": {"N": "12"}, ":one": {"N": "1"}})
    assert message == ("Invalid FilterExpression: Incorrect operand type for operator or function; "
                       "operator or function: size, operand type: N")
    message = refused(c.scan, TableName=t, FilterExpression="size(size(s)) > :one",
                      ExpressionAttributeValues={":one": {"N": "1"}})
    assert message.endswith("operator or function: size, operand type: N")


def test_function_operands_dynamodb_refuses(c):
    t = table_with_item(c)
    message = refused(c.scan, TableName=t, FilterExpression="contains(#a, #a)", ExpressionAttributeNames={"#a": "s"})
    assert message == ("Invalid FilterExpression: The first operand must be distinct from the remaining operands "
                       "for this operator or function; operator: contains, first operand: [s]")
    message = refused(c.scan, TableName=t, FilterExpression="attribute_type(s, l)")
    assert message.startswith("Invalid FilterExpression: Incorrect operand type for operator or function; "
                              "operator or function: attribute_type")
    message = refused(c.query, TableName=t, KeyConditionExpression="pk = :p AND contains(sk, :v)",
                      ExpressionAttributeValues={":p": {"S": "a"}, ":v": {"N": "1"}})
    assert message == "Invalid KeyConditionExpression: Invalid function name; function: contains"


def test_set_past_the_end_of_a_list_appends_in_index_order(c):
    t = table_with_item(c)
    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    c.update_item(TableName=t, Key=key, UpdateExpression="SET l[84] = :x, l[37] = :y",
                  ExpressionAttributeValues={":x": {"S": "84"}, ":y": {"S": "37"}})
    assert c.get_item(TableName=t, Key=key)["Item"]["l"]["L"] == [{"N": "0"}, {"S": "37"}, {"S": "84"}]


def test_request_token_and_return_values_on_failure_are_checked(c):
    t = table_with_item(c)
    put = {"Put": {"TableName": t, "Item": {"pk": {"S": "z"}, "sk": {"N": "1"}}}}
    message = refused(c.transact_write_items, TransactItems=[put], ClientRequestToken="x" * 37)
    assert message.endswith("at 'clientRequestToken' failed to satisfy constraint: "
                            "Member must have length less than or equal to 36")
    bad = {"Put": dict(put["Put"], ReturnValuesOnConditionCheckFailure="NOPE")}
    message = refused(c.transact_write_items, TransactItems=[bad])
    assert message == ("1 validation error detected: Value 'NOPE' at "
                       "'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed to satisfy "
                       "constraint: Member must satisfy enum value set: [ALL_OLD, NONE]")
    message = refused(c.put_item, TableName=t, Item={"pk": {"S": "y"}, "sk": {"N": "1"}},
                      ReturnValuesOnConditionCheckFailure="SOME")
    assert "at 'returnValuesOnConditionCheckFailure'" in message
    assert c.scan(TableName=t)["Count"] == 1, "nothing refused was written"


def test_tags_need_a_table_and_at_least_one_tag(c):
    t = table_with_item(c)
    arn = c.describe_table(TableName=t)["Table"]["TableArn"]
    message = refused(c.tag_resource, ResourceArn=arn, Tags=[])
    assert "at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1" in message
    message = refused(c.tag_resource, ResourceArn=arn + "/index/byS", Tags=[{"Key": "k", "Value": "v"}])
    assert message.startswith("Invalid TableArn")
    c.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": ""}])
    assert c.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "k", "Value": ""}]


def test_key_attribute_names_are_at_most_255_bytes(c):
    def create(name):
        c.create_table(TableName="n" + uuid.uuid4().hex[:10], BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": name, "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"}])
    create("k" * 255)
    message = refused(create, name="k" * 256)
    assert message.endswith("at 'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: "
                            "Member must have length less than or equal to 255")


def test_a_scan_start_key_from_another_segment_is_refused(c):
    t = table_with_item(c)
    for i in range(40):
        c.put_item(TableName=t, Item={"pk": {"S": f"p{i}"}, "sk": {"N": "1"}})
    # The last key a segment returns belongs to it; given to every other segment, it is refused.
    first = c.scan(TableName=t, Segment=0, TotalSegments=4, Limit=1)
    key = first["LastEvaluatedKey"]
    resumed = c.scan(TableName=t, Segment=0, TotalSegments=4, ExclusiveStartKey=key)
    assert all(item != key for item in resumed["Items"])
    for other in [1, 2, 3]:
        message = refused(c.scan, TableName=t, Segment=other, TotalSegments=4, ExclusiveStartKey=key)
        assert message == "The provided Exclusive start key does not map to the provided Segment and TotalSegments values."


def test_an_update_that_cannot_apply_cancels_its_transaction_with_a_validation_reason(c):
    t = table_with_item(c)
    with pytest.raises(Exception) as excinfo:
        c.transact_write_items(TransactItems=[
            {"Put": {"TableName": t, "Item": {"pk": {"S": "new"}, "sk": {"N": "1"}}}},
            {"Update": {"TableName": t, "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}},
                        "UpdateExpression": "ADD s :n", "ExpressionAttributeValues": {":n": {"N": "1"}}}},
        ])
    error = excinfo.value.response["Error"]
    assert error["Code"] == "TransactionCanceledException"
    assert error["Message"].endswith("[None, ValidationError]")
    reasons = excinfo.value.response["CancellationReasons"]
    assert reasons[1] == {"Code": "ValidationError",
                          "Message": "An operand in the update expression has an incorrect data type"}
    assert c.scan(TableName=t)["Count"] == 1, "the put in the same transaction was not written"


def test_attribute_names_are_never_empty_and_at_most_64_kb(c):
    t = empty_table(c, "n")
    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    empty = "One or more parameter values were invalid: An attribute name cannot be empty"
    assert refused(c.put_item, TableName=t, Item={**key, "": {"S": "x"}}) == empty
    assert refused(c.batch_write_item,
                   RequestItems={t: [{"PutRequest": {"Item": {**key, "": {"S": "x"}}}}]}) == empty
    assert refused(c.update_item, TableName=t, Key=key, AttributeUpdates={"": {"Value": {"S": "x"}}}) == empty
    c.put_item(TableName=t, Item={**key, "n" * 65535: {"S": "x"}})
    message = refused(c.put_item, TableName=t, Item={**key, "n" * 65536: {"S": "x"}})
    assert message.startswith("One or more parameter values were invalid: Attribute name is too large")
    # Nothing but the 64 KB-name item was written.
    assert [sorted(len(n) for n in i) for i in c.scan(TableName=t)["Items"]] == [[2, 2, 65535]]


def test_a_transaction_whose_items_total_more_than_4_mb_is_refused_and_writes_nothing(c):
    t = empty_table(c, "x")
    big = "b" * 390_000
    puts = [{"Put": {"TableName": t, "Item": {"pk": {"S": "p"}, "sk": {"N": str(i)}, "d": {"S": big}}}}
            for i in range(11)]
    assert refused(c.transact_write_items, TransactItems=puts).startswith(
        "Transaction size has exceeded the maximum allowed size of 4 MB")
    c.transact_write_items(TransactItems=puts[:6])
    c.transact_write_items(TransactItems=puts[6:])
    # Small updates count the whole items they leave: eleven of these items are past 4 MB together.
    grow = [{"Update": {"TableName": t, "Key": {"pk": {"S": "p"}, "sk": {"N": str(i)}},
                        "UpdateExpression": "SET e = :e", "ExpressionAttributeValues": {":e": {"S": "e"}}}}
            for i in range(11)]
    assert refused(c.transact_write_items, TransactItems=grow).startswith(
        "Transaction size has exceeded the maximum allowed size of 4 MB")
    c.transact_write_items(TransactItems=grow[:10])
    items = [i for page in c.get_paginator("scan").paginate(TableName=t, ProjectionExpression="sk, e")
             for i in page["Items"]]
    assert sorted((int(i["sk"]["N"]), "e" in i) for i in items) == [(i, i < 10) for i in range(11)]


def test_delete_table_describes_its_indexes_as_deleting(c):
    name = "d" + uuid.uuid4().hex[:10]
    c.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                         {"AttributeName": "g", "AttributeType": "S"}],
                   GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                            "Projection": {"ProjectionType": "ALL"}}])
    description = c.delete_table(TableName=name)["TableDescription"]
    assert description["TableStatus"] == "DELETING"
    assert [(i["IndexName"], i["IndexStatus"]) for i in description["GlobalSecondaryIndexes"]] == [("byG", "DELETING")]
    assert name not in c.list_tables()["TableNames"]


def test_select_count_on_a_scan_consumes_what_reading_the_items_does(c):
    t = empty_table(c, "k")
    for i in range(10):
        c.put_item(TableName=t, Item={"pk": {"S": f"p{i}"}, "sk": {"N": "1"}, "d": {"S": "x" * 3000}})

    def units(**kw):
        out = c.scan(TableName=t, ReturnConsumedCapacity="TOTAL", **kw)
        return out.get("Count"), out["ConsumedCapacity"]["CapacityUnits"]

    count, full = units()
    # About 30 KB read: 8 blocks of 4 KB, halved for an eventually consistent read.
    assert (count, full) == (10, 4.0)
    assert units(Select="COUNT") == (10, full)
    # A filter does not lower what was read, and a consistent read costs double.
    assert units(Select="COUNT", FilterExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p3"}}) == (1, full)
    assert units(Select="COUNT", ConsistentRead=True) == (10, 2 * full)


def test_select_on_a_global_index_refuses_what_a_local_index_fetches_from_the_table(c):
    name = "s" + uuid.uuid4().hex[:10]
    keys_only = {"ProjectionType": "KEYS_ONLY"}
    c.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                   AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "g")],
                   GlobalSecondaryIndexes=[{"IndexName": "byG", "Projection": keys_only,
                                            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}],
                   LocalSecondaryIndexes=[{"IndexName": "byPkG", "Projection": keys_only, "KeySchema": [
                       {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "g", "KeyType": "RANGE"}]}])
    c.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "x"}, "v": {"S": "hidden"}})
    on_gsi = dict(TableName=name, IndexName="byG", KeyConditionExpression="g = :g",
                  ExpressionAttributeValues={":g": {"S": "x"}})
    on_lsi = dict(TableName=name, IndexName="byPkG", KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "a"}})
    assert refused(c.query, Select="ALL_ATTRIBUTES", **on_gsi) == (
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
        "secondary index byG because its projection type is not ALL")
    assert "does not project [v]" in refused(c.query, ProjectionExpression="v", **on_gsi)
    assert c.query(Select="ALL_PROJECTED_ATTRIBUTES", **on_gsi)["Items"] == [
        {"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "x"}}]
    # A local index fetches what it does not project from the table, and charges the table for it.
    out = c.query(Select="ALL_ATTRIBUTES", ReturnConsumedCapacity="INDEXES", **on_lsi)
    assert out["Items"][0]["v"] == {"S": "hidden"}
    assert out["ConsumedCapacity"]["Table"]["CapacityUnits"] > 0
    assert c.query(ProjectionExpression="v", **on_lsi)["Items"] == [{"v": {"S": "hidden"}}]
    assert refused(c.query, TableName=name, Select="ALL_PROJECTED_ATTRIBUTES", KeyConditionExpression="pk = :p",
                   ExpressionAttributeValues={":p": {"S": "a"}}) == (
        "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is supported only for "
        "index queries")


def test_every_response_has_its_own_request_id_shaped_like_dynamodbs(c):
    import re
    ids = [c.list_tables()["ResponseMetadata"]["RequestId"] for _ in range(3)]
    assert len(set(ids)) == 3 and all(re.fullmatch(r"[A-Z0-9]{52}", i) for i in ids), ids


def test_a_body_past_16_mb_is_refused_with_413_and_a_malformed_one_with_400(ours):
    import json
    import urllib.error
    import urllib.request

    def post(body):
        req = urllib.request.Request(ours.url + "/", data=body, method="POST", headers={
            "X-Amz-Target": "DynamoDB_20120810.PutItem", "Content-Type": "application/x-amz-json-1.0"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    status, body = post(b"{" + b" " * (16 * 1024 * 1024 + 1) + b"}")
    assert status == 413 and body["__type"].endswith("#RequestEntityTooLargeException"), (status, body)
    assert "16777216" in body["message"]
    status, body = post(b'{"TableName": "x", "Item": ')
    assert status == 400 and body["__type"].endswith("#SerializationException"), (status, body)
    status, body = post(json.dumps({"TableName": "nothere", "Item": {"pk": {"S": "a"}}}).encode())
    assert status == 400 and body["__type"].endswith("#ResourceNotFoundException"), (status, body)
