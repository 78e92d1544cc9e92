"""Multi-attribute GSI keys (DynamoDB, November 2025): up to four partition and four sort attributes,
queried with every partition attribute `=` and the sort attributes left to right — boto3 against our
`serve`, with results cross-checked against moto where moto implements the feature."""
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import client_for

DEFINITIONS = [{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "tenant", "AttributeType": "S"},
               {"AttributeName": "rg", "AttributeType": "S"}, {"AttributeName": "yr", "AttributeType": "N"},
               {"AttributeName": "mo", "AttributeType": "N"}]
KEY = [{"AttributeName": "tenant", "KeyType": "HASH"}, {"AttributeName": "rg", "KeyType": "HASH"},
       {"AttributeName": "yr", "KeyType": "RANGE"}, {"AttributeName": "mo", "KeyType": "RANGE"}]


def orders_table(c):
    name = "m" + uuid.uuid4().hex[:10]
    c.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                   AttributeDefinitions=DEFINITIONS,
                   GlobalSecondaryIndexes=[{"IndexName": "byTenant", "KeySchema": KEY,
                                            "Projection": {"ProjectionType": "ALL"}}])
    n = 0
    for tenant in ["acme", "zeta"]:
        for rg in ["eu", "us"]:
            for yr in [2023, 2024, 2025]:
                for mo in [1, 2, 10, 11, 12]:
                    n += 1
                    c.put_item(TableName=name, Item={"id": {"S": f"o{n}"}, "tenant": {"S": tenant}, "rg": {"S": rg},
                                                     "yr": {"N": str(yr)}, "mo": {"N": str(mo)}})
    # Lacks a key attribute: not in the index.
    c.put_item(TableName=name, Item={"id": {"S": "sparse"}, "tenant": {"S": "acme"}, "rg": {"S": "eu"}})
    return name


@pytest.fixture(scope="module")
def orders(ours):
    c = client_for(ours.url)
    return c, orders_table(c)


def query(c, table, expression, values, **extra):
    out = c.query(TableName=table, IndexName="byTenant", KeyConditionExpression=expression,
                  ExpressionAttributeValues={k: ({"N": str(v)} if isinstance(v, int) else {"S": v})
                                             for k, v in values.items()}, **extra)
    return [(int(i["yr"]["N"]), int(i["mo"]["N"])) for i in out["Items"]], out.get("LastEvaluatedKey")


def test_queries_match_partition_attributes_and_sort_attributes_in_turn(ours):
    c = client_for(ours.url)
    t = orders_table(c)
    acme_eu = {":t": "acme", ":r": "eu"}
    every, _ = query(c, t, "tenant = :t AND rg = :r", acme_eu)
    assert every == [(y, m) for y in [2023, 2024, 2025] for m in [1, 2, 10, 11, 12]], "numbers sort by value"
    assert query(c, t, "tenant = :t AND rg = :r AND yr = :y", {**acme_eu, ":y": 2024})[0] == \
        [(2024, m) for m in [1, 2, 10, 11, 12]]
    assert query(c, t, "tenant = :t AND rg = :r AND yr = :y AND mo > :m", {**acme_eu, ":y": 2024, ":m": 2})[0] == \
        [(2024, 10), (2024, 11), (2024, 12)]
    assert query(c, t, "tenant = :t AND rg = :r AND yr BETWEEN :a AND :b", {**acme_eu, ":a": 2024, ":b": 2025},
                 ScanIndexForward=False)[0] == [(y, m) for y in [2025, 2024] for m in [12, 11, 10, 2, 1]]
    first, last = query(c, t, "tenant = :t AND rg = :r AND yr < :y", {**acme_eu, ":y": 2024}, Limit=2)
    assert first == [(2023, 1), (2023, 2)]
    assert sorted(last) == ["id", "mo", "rg", "tenant", "yr"], "the start key carries every key attribute"
    rest, _ = query(c, t, "tenant = :t AND rg = :r AND yr < :y", {**acme_eu, ":y": 2024}, ExclusiveStartKey=last)
    assert rest == [(2023, 10), (2023, 11), (2023, 12)]
    assert c.scan(TableName=t, IndexName="byTenant")["Count"] == 60, "the item without yr and mo is not indexed"


def test_the_same_queries_give_the_same_items_on_moto():
    from conftest import start_moto
    moto = start_moto()
    try:
        c = client_for(moto.url)
        t = orders_table(c)
        got, _ = query(c, t, "tenant = :t AND rg = :r AND yr = :y AND mo >= :m",
                       {":t": "zeta", ":r": "us", ":y": 2025, ":m": 10})
        assert got == [(2025, 10), (2025, 11), (2025, 12)]
    finally:
        moto.stop()


@pytest.mark.parametrize("expression,values,message", [
    ("tenant = :t", {":t": "acme"}, "Query condition missed key schema element: rg"),
    ("tenant = :t AND rg = :r AND mo = :m", {":t": "acme", ":r": "eu", ":m": 1},
     "RANGE key attributes yr must have equality conditions specified in the query because a condition is "
     "present on key attribute mo"),
    ("tenant = :t AND rg = :r AND yr > :y AND mo = :m", {":t": "acme", ":r": "eu", ":y": 1, ":m": 1},
     "RANGE key attributes yr must have equality conditions specified in the query because a condition is "
     "present on key attribute mo"),
    ("tenant = :t AND rg > :r", {":t": "acme", ":r": "eu"}, "Query key condition not supported"),
    ("tenant = :t AND rg = :r AND yr = :y", {":t": "acme", ":r": "eu", ":y": "2024"},
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
])
def test_key_conditions_that_break_the_rules_are_refused(orders, expression, values, message):
    c, t = orders
    with pytest.raises(ClientError) as excinfo:
        query(c, t, expression, values)
    assert excinfo.value.response["Error"]["Message"] == message


def create_index(c, key_schema):
    names = sorted({e["AttributeName"] for e in key_schema})
    c.create_table(TableName="k" + uuid.uuid4().hex[:10], BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}]
                   + [{"AttributeName": n, "AttributeType": "S"} for n in names],
                   GlobalSecondaryIndexes=[{"IndexName": "idx", "KeySchema": key_schema,
                                            "Projection": {"ProjectionType": "KEYS_ONLY"}}])


@pytest.mark.parametrize("shape,expected", [
    ([("a", "HASH"), ("b", "HASH"), ("c", "HASH"), ("d", "HASH"), ("e", "HASH")], "at most 4 HASH"),
    ([("a", "HASH"), ("b", "RANGE"), ("c", "RANGE"), ("d", "RANGE"), ("e", "RANGE"), ("f", "RANGE")], "at most 4 RANGE"),
    ([("a", "HASH"), ("b", "RANGE"), ("c", "HASH")], "must come before the first RANGE"),
    ([("a", "HASH"), ("b", "HASH"), ("a", "RANGE")], "appears more than once"),
])
def test_key_schemas_dynamodb_refuses(ours, shape, expected):
    c = client_for(ours.url)
    with pytest.raises(ClientError) as excinfo:
        create_index(c, [{"AttributeName": n, "KeyType": t} for n, t in shape])
    assert expected in excinfo.value.response["Error"]["Message"]


def test_the_widest_key_and_a_table_key_stay_single(ours):
    c = client_for(ours.url)
    create_index(c, [{"AttributeName": n, "KeyType": "HASH"} for n in "abcd"]
                 + [{"AttributeName": n, "KeyType": "RANGE"} for n in "efgh"])
    with pytest.raises(ClientError) as excinfo:
        c.create_table(TableName="t" + uuid.uuid4().hex[:10], BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                             {"AttributeName": "b", "AttributeType": "S"}])
    assert excinfo.value.response["Error"]["Message"] == \
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"
