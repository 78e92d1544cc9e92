"""Time to Live through `serve`: expired items disappear from the table and its index, others stay."""
import time

import conftest


def test_serve_deletes_expired_items(tmp_path):
    server = conftest.start_ours("--ttl-sweep", "0.2")
    try:
        c = conftest.client_for(server.url)
        c.create_table(TableName="Sessions", BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "user", "AttributeType": "S"}],
                       GlobalSecondaryIndexes=[{"IndexName": "byUser", "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}],
                                                "Projection": {"ProjectionType": "ALL"}}])
        c.update_time_to_live(TableName="Sessions", TimeToLiveSpecification={"AttributeName": "expires", "Enabled": True})
        assert c.describe_time_to_live(TableName="Sessions")["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
        now = int(time.time())
        c.put_item(TableName="Sessions", Item={"id": {"S": "old"}, "user": {"S": "u1"}, "expires": {"N": str(now - 60)}})
        c.put_item(TableName="Sessions", Item={"id": {"S": "live"}, "user": {"S": "u1"}, "expires": {"N": str(now + 3600)}})
        c.put_item(TableName="Sessions", Item={"id": {"S": "text"}, "user": {"S": "u1"}, "expires": {"S": str(now - 60)}})
        deadline = time.time() + 10
        while time.time() < deadline and "Item" in c.get_item(TableName="Sessions", Key={"id": {"S": "old"}}):
            time.sleep(0.1)
        assert "Item" not in c.get_item(TableName="Sessions", Key={"id": {"S": "old"}}), "expired item was not deleted"
        by_user = c.query(TableName="Sessions", IndexName="byUser", KeyConditionExpression="#u = :u",
                          ExpressionAttributeNames={"#u": "user"}, ExpressionAttributeValues={":u": {"S": "u1"}})
        assert sorted(i["id"]["S"] for i in by_user["Items"]) == ["live", "text"]
    finally:
        server.stop()
