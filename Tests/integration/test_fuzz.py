"""Random and mangled requests against `serve`: every answer is a DynamoDB-style 200 or 4xx, never a 500,
and the server keeps serving. Seeded, so a failure reproduces."""
import json
import random
import urllib.error
import urllib.request

import conftest

OPERATIONS = ["CreateTable", "DescribeTable", "ListTables", "UpdateTable", "DeleteTable", "PutItem", "GetItem", "UpdateItem",
              "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
              "DescribeTimeToLive", "UpdateTimeToLive", "TagResource", "ListTagsOfResource", "UpdateContinuousBackups",
              "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"]
FIELDS = ["TableName", "Key", "Item", "KeySchema", "AttributeDefinitions", "KeyConditionExpression", "FilterExpression",
          "ConditionExpression", "UpdateExpression", "ProjectionExpression", "ExpressionAttributeNames",
          "ExpressionAttributeValues", "ExclusiveStartKey", "Limit", "Segment", "TotalSegments", "Select", "IndexName",
          "ReturnValues", "RequestItems", "TransactItems", "GlobalSecondaryIndexUpdates", "Expected", "AttributeUpdates",
          "KeyConditions", "ScanFilter", "ConditionalOperator", "AttributesToGet", "ReturnConsumedCapacity", "ResourceArn", "Tags",
          "Statement", "Parameters", "NextToken", "Statements", "TransactStatements"]
EXPRESSIONS = ["pk = :p", "#a.b[1] = :v", "SET a = a + :n REMOVE b", "attribute_exists(", "size(x) > :n AND NOT", "a IN ()",
               "SET #x = list_append(:l, #x)", "pk = :p AND sk BETWEEN :a AND :b", ")(", "ADD s :s DELETE s :s", "\u0000", "a" * 5000,
               "SELECT * FROM Orders WHERE pk = ?", "SELECT a.b[2] FROM \"Movies\" WHERE \"year\" = 1990 ORDER BY title DESC",
               "INSERT INTO Orders VALUE {'pk': ?, 'sk': 1}", "UPDATE Orders SET x = x + 1 REMOVE y WHERE pk = 'a' AND sk = 1",
               "DELETE FROM Orders WHERE pk = 'a'", "SELECT * FROM Orders WHERE a IN [1, <<'x'>>, {'k': NULL}]", "UPDATE", "SELECT * FROM"]


def random_value(rng, depth=0):
    kind = rng.randrange(12 if depth < 3 else 7)
    if kind == 0: return rng.choice(["", "x", "Orders", "pk", "ALL_NEW", "COUNT", ":p", "#a", "\ud800" * 0 + "é"])
    if kind == 1: return rng.choice([0, -1, 1, 2 ** 63, 1e308, 3.5])
    if kind == 2: return rng.choice([True, False, None])
    if kind == 3: return rng.choice(EXPRESSIONS)
    if kind == 4: return {rng.choice(["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL", "X"]): rng.choice(["1", "a", [], {}, True, None, "1e999"])}
    if kind == 5: return {"pk": {"S": "a"}, "sk": {"N": rng.choice(["1", "x", "1e200", "-0"])}}
    if kind == 6: return {":p": {"S": "a"}, "#a": "a", ":v": {"N": "1"}}
    if kind in (7, 8): return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(FIELDS + ["Put", "Update", "Delete", "Get", "PutRequest", "Keys", "AttributeName", "KeyType", "Statement"]): random_value(rng, depth + 1)
            for _ in range(rng.randrange(5))}


def post(url, target, body):
    request = urllib.request.Request(url, data=body, headers={"X-Amz-Target": f"DynamoDB_20120810.{target}", "Content-Type": "application/x-amz-json-1.0"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_random_requests_never_crash_the_server():
    rng = random.Random(1125)
    server = conftest.start_ours("--demo")
    try:
        # A table whose keys match the generated ones, so some requests get far enough to reach storage.
        post(server.url, "CreateTable", json.dumps({"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
                                                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                                                    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}]}).encode())
        statuses = {}
        for i in range(2500):
            target = rng.choice(OPERATIONS + ["NoSuchOperation"])
            body = {rng.choice(FIELDS): random_value(rng) for _ in range(rng.randrange(1, 7))}
            if rng.random() < 0.7:
                body["TableName"] = rng.choice(["Orders", "Movies", "Shop", "x", "Missing"])
            raw = json.dumps(body).encode()
            if rng.random() < 0.05:
                raw = raw[: rng.randrange(len(raw))]  # truncated JSON
            status, answer = post(server.url, target, raw)
            statuses[status] = statuses.get(status, 0) + 1
            assert status < 500, f"request {i} {target} {raw[:300]!r} -> {status} {answer[:300]!r}"
            if status != 200:
                assert "__type" in json.loads(answer), answer
        assert statuses.get(200, 0) > 20 and statuses.get(400, 0) > 1000, statuses
        status, _ = post(server.url, "ListTables", b"{}")
        assert status == 200
    finally:
        server.stop()


TOOLS = ["list_tables", "describe_table", "create_table", "delete_table", "get_item", "put_item", "update_item", "delete_item",
         "query", "scan", "parallel_scan", "batch_get_item", "batch_write_item", "transact_get_items", "transact_write_items"]
TOOL_ARGS = ["table", "key", "item", "index_name", "key_condition", "filters", "condition", "updates", "remove", "add", "delete",
             "key_condition_expression", "filter_expression", "projection", "names", "values", "limit", "cursor", "all",
             "max_items", "format", "confirm", "total_segments", "keys", "put", "actions", "items", "select", "partition_key"]


def test_random_tool_calls_never_stop_the_mcp_server():
    """500 random tools/call requests over stdio: each gets a reply (a result, maybe isError, or a JSON-RPC
    error), and the server answers a final list_tables."""
    import subprocess
    rng = random.Random(2511)
    proc = subprocess.Popen([conftest.BINARY, "--mcp", "--demo"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def exchange(request_id, method, params):
        proc.stdin.write((json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}) + "\n").encode())
        proc.stdin.flush()
        reply = json.loads(proc.stdout.readline())
        assert reply.get("id") == request_id, reply
        return reply

    try:
        exchange(0, "initialize", {"protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "fuzz", "version": "1"}})
        errors = 0
        for i in range(1, 501):
            args = {rng.choice(TOOL_ARGS): random_value(rng) for _ in range(rng.randrange(0, 6))}
            if rng.random() < 0.7:
                args["table"] = rng.choice(["Movies", "Shop", "Metrics", "Missing"])
            reply = exchange(i, "tools/call", {"name": rng.choice(TOOLS + ["nope"]), "arguments": args})
            assert "result" in reply or "error" in reply
            errors += 1 if "error" in reply or reply["result"].get("isError") else 0
        assert errors > 250  # mostly bad input, as intended
        final = exchange(999, "tools/call", {"name": "list_tables", "arguments": {}})
        assert final["result"]["structuredContent"]["tables"] == ["Metrics", "Movies", "Shop"]
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
