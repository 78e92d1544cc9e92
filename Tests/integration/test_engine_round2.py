"""The engine, round 2: requests DynamoDB refuses before evaluating anything are refused here too, with
DynamoDB's error type and message — even on an empty table — through boto3 against our `serve`."""
import uuid

import pytest

from conftest import client_for, empty_table, refused


@pytest.fixture
def c(ours):
    return client_for(ours.url)


UNORDERED = [({"L": [{"N": "1"}]}, "L"), ({"M": {}}, "M"), ({"SS": ["a"]}, "SS"), ({"BOOL": True}, "BOOL"),
             ({"NULL": True}, "NULL")]


@pytest.mark.parametrize("value,type_name", UNORDERED)
@pytest.mark.parametrize("operator", ["<", "<=", ">", ">="])
def test_an_ordering_with_a_constant_that_has_no_order_is_refused(c, operator, value, type_name):
    table = empty_table(c)
    message = refused(c.scan, TableName=table, FilterExpression=f"a {operator} :v",
                      ExpressionAttributeValues={":v": value})
    assert message == ("Invalid FilterExpression: Incorrect operand type for operator or function; "
                       f"operator or function: {operator}, operand type: {type_name}")
    message = refused(c.put_item, TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}},
                      ConditionExpression=f"a {operator} :v", ExpressionAttributeValues={":v": value})
    assert message.startswith("Invalid ConditionExpression: Incorrect operand type")
    assert c.scan(TableName=table)["Count"] == 0


def test_between_and_in_check_their_constants(c):
    table = empty_table(c)
    message = refused(c.scan, TableName=table, FilterExpression="a BETWEEN :lo AND :hi",
                      ExpressionAttributeValues={":lo": {"N": "1"}, ":hi": {"S": "z"}})
    assert message.startswith("Invalid FilterExpression: The BETWEEN operator requires same data type for lower "
                              "and upper bounds")
    message = refused(c.scan, TableName=table, FilterExpression="a BETWEEN :lo AND :hi",
                      ExpressionAttributeValues={":lo": {"N": "9"}, ":hi": {"N": "1"}})
    assert "requires upper bound to be greater than or equal to lower bound" in message
    message = refused(c.scan, TableName=table, FilterExpression="a BETWEEN :lo AND :hi",
                      ExpressionAttributeValues={":lo": {"BOOL": False}, ":hi": {"BOOL": True}})
    assert message.endswith("operator or function: BETWEEN, operand type: BOOL")
    message = refused(c.scan, TableName=table, FilterExpression="a IN (:x, :y)",
                      ExpressionAttributeValues={":x": {"S": "a"}, ":y": {"M": {}}})
    assert message.endswith("operator or function: IN, operand type: M")
    message = refused(c.query, TableName=table, KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
                      ExpressionAttributeValues={":p": {"S": "a"}, ":lo": {"N": "5"}, ":hi": {"N": "2"}})
    assert message.startswith("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound")


def test_equality_and_paths_still_compare_anything(c):
    table = empty_table(c)
    c.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "tags": {"SS": ["x"]}, "m": {"M": {}}})
    got = c.scan(TableName=table, FilterExpression="tags = :t", ExpressionAttributeValues={":t": {"SS": ["x"]}})
    assert got["Count"] == 1
    # A path of a type with no order makes the comparison false; it is not an error.
    got = c.scan(TableName=table, FilterExpression="m < :n", ExpressionAttributeValues={":n": {"N": "1"}})
    assert got["Count"] == 0 and got["ScannedCount"] == 1


@pytest.mark.parametrize("operator,values,expected", [
    ("GT", [{"L": []}], "ComparisonOperator GT is not valid for L AttributeValue type"),
    ("BEGINS_WITH", [{"N": "1"}], "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ("CONTAINS", [{"SS": ["a"]}], "ComparisonOperator CONTAINS is not valid for SS AttributeValue type"),
    ("BETWEEN", [{"N": "1"}, {"S": "b"}], "AttributeValues inside AttributeValueList must be of same type"),
    ("BETWEEN", [{"N": "1"}], "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
])
def test_legacy_conditions_check_their_values(c, operator, values, expected):
    table = empty_table(c)
    message = refused(c.scan, TableName=table,
                      ScanFilter={"a": {"ComparisonOperator": operator, "AttributeValueList": values}})
    assert message == "One or more parameter values were invalid: " + expected


def test_empty_legacy_filters_mean_none_and_attributes_to_get_refuses_duplicates(c):
    table = empty_table(c)
    c.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "x": {"S": "y"}}, Expected={})
    assert c.scan(TableName=table, ScanFilter={})["Count"] == 1
    got = c.query(TableName=table, QueryFilter={},
                  KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}})
    assert got["Count"] == 1
    message = refused(c.get_item, TableName=table, Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
                      AttributesToGet=["x", "x"])
    assert message == "One or more parameter values were invalid: Duplicate value in attribute name: x"


KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}]
DEFINITIONS = [{"AttributeName": "pk", "AttributeType": "S"}]


def test_billing_rules_and_the_capacity_describe_table_reports(c):
    name = "b" + uuid.uuid4().hex[:10]
    message = refused(c.create_table, TableName=name, KeySchema=KEYS, AttributeDefinitions=DEFINITIONS,
                      BillingMode="PAY_PER_REQUEST",
                      ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert message == ("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits "
                       "can be specified when BillingMode is PAY_PER_REQUEST")
    message = refused(c.create_table, TableName=name, KeySchema=KEYS, AttributeDefinitions=DEFINITIONS,
                      BillingMode="PROVISIONED")
    assert message == ("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must "
                       "both be specified when BillingMode is PROVISIONED")
    refused(c.create_table, TableName=name, KeySchema=KEYS, AttributeDefinitions=DEFINITIONS)  # PROVISIONED by default
    c.create_table(TableName=name, KeySchema=KEYS, AttributeDefinitions=DEFINITIONS,
                   ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
    units = c.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    assert (units["ReadCapacityUnits"], units["WriteCapacityUnits"]) == (3, 4)
    c.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 8})
    units = c.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    assert (units["ReadCapacityUnits"], units["WriteCapacityUnits"]) == (7, 8)
    message = refused(c.update_table, TableName=name)
    assert message.startswith("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled")


def test_a_start_key_from_another_partition_is_refused(c):
    table = empty_table(c)
    for pk in ["a", "b"]:
        for sk in range(3):
            c.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": str(sk)}})
    page = c.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
                   Limit=1)
    assert page["LastEvaluatedKey"] == {"pk": {"S": "a"}, "sk": {"N": "0"}}
    rest = c.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
                   ExclusiveStartKey=page["LastEvaluatedKey"])
    assert [i["sk"]["N"] for i in rest["Items"]] == ["1", "2"]
    message = refused(c.query, TableName=table, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": "a"}},
                      ExclusiveStartKey={"pk": {"S": "b"}, "sk": {"N": "0"}})
    assert message == "The provided starting key is outside query boundaries based on provided conditions"
