"""ExecuteStatement (PartiQL) through boto3 against our serve.

Not cross-checked with moto: moto_server answers HTTP 500 to an INSERT with parameters and a set
literal, the first statement here, so there is nothing to compare."""
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import client_for


@pytest.fixture
def c(ours):
    return client_for(ours.url)


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def make_films(c):
    name = "films" + uuid.uuid4().hex[:8]
    c.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "yr", "KeyType": "HASH"}, {"AttributeName": "title", "KeyType": "RANGE"}],
                   AttributeDefinitions=[{"AttributeName": "yr", "AttributeType": "N"}, {"AttributeName": "title", "AttributeType": "S"}])
    for i, title in enumerate(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]):
        c.execute_statement(Statement=f"INSERT INTO \"{name}\" VALUE {{'yr': ?, 'title': ?, 'rating': ?, 'tags': <<'new', 't{i}'>>}}",
                            Parameters=[{"N": "2020"}, {"S": title}, {"N": str(i * 2)}])
    return name


def test_select_insert_update_delete(c):
    name = make_films(c)
    got = c.execute_statement(Statement=f'SELECT title, rating FROM "{name}" WHERE yr = 2020 AND title >= \'Bravo\' AND rating < 8')
    assert sorted(i["title"]["S"] for i in got["Items"]) == ["Bravo", "Charlie", "Delta"]
    assert all(set(i) == {"title", "rating"} for i in got["Items"])
    scanned = c.execute_statement(Statement=f'SELECT * FROM "{name}" WHERE contains(tags, \'t3\') OR rating = 0')
    assert sorted(i["title"]["S"] for i in scanned["Items"]) == ["Alpha", "Delta"]

    with pytest.raises(ClientError) as e:
        c.execute_statement(Statement=f"INSERT INTO \"{name}\" VALUE {{'yr': 2020, 'title': 'Alpha'}}")
    assert code(e) == "DuplicateItemException"

    c.execute_statement(Statement=f"UPDATE \"{name}\" SET rating = rating + 1 SET note = 'fixed' REMOVE tags WHERE yr = 2020 AND title = 'Echo'")
    echo = c.get_item(TableName=name, Key={"yr": {"N": "2020"}, "title": {"S": "Echo"}})["Item"]
    assert echo["rating"] == {"N": "9"} and echo["note"] == {"S": "fixed"} and "tags" not in echo

    c.execute_statement(Statement=f"DELETE FROM \"{name}\" WHERE yr = 2020 AND title = 'Alpha'")
    assert "Item" not in c.get_item(TableName=name, Key={"yr": {"N": "2020"}, "title": {"S": "Alpha"}})


def test_statement_errors(c):
    name = make_films(c)
    with pytest.raises(ClientError) as e:
        c.execute_statement(Statement=f"SELEKT * FROM \"{name}\"")
    assert code(e) == "ValidationException"
    with pytest.raises(ClientError) as e:
        c.execute_statement(Statement=f"UPDATE \"{name}\" SET rating = 1 WHERE yr = 2020")
    assert code(e) == "ValidationException"
    with pytest.raises(ClientError) as e:  # PartiQL's UPDATE never creates an item
        c.execute_statement(Statement=f"UPDATE \"{name}\" SET rating = 1 WHERE yr = 1999 AND title = 'Nope'")
    assert code(e) == "ConditionalCheckFailedException"
    with pytest.raises(ClientError) as e:
        c.execute_statement(Statement=f'SELECT * FROM "{name}" WHERE yr = ?', Parameters=[{"N": "1"}, {"N": "2"}])
    assert code(e) == "ValidationException" and "parameters" in e.value.response["Error"]["Message"]


def test_paging_with_next_token(c):
    name = make_films(c)
    seen, token = [], None
    while True:
        page = c.execute_statement(Statement=f'SELECT title FROM "{name}" WHERE yr = 2020', Limit=2, **({"NextToken": token} if token else {}))
        seen += [i["title"]["S"] for i in page["Items"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


def test_batch_execute_statement(c):
    name = make_films(c)
    out = c.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{name}\" VALUE {{'yr': 2021, 'title': 'Foxtrot'}}"},
        {"Statement": f"INSERT INTO \"{name}\" VALUE {{'yr': 2020, 'title': 'Alpha'}}"},
        {"Statement": f"UPDATE \"{name}\" SET rating = 1 WHERE yr = 2020 AND title = 'Bravo'"},
    ])["Responses"]
    assert "Error" not in out[0] and out[1]["Error"]["Code"] == "DuplicateItem" and "Error" not in out[2]
    reads = c.batch_execute_statement(Statements=[
        {"Statement": f"SELECT rating FROM \"{name}\" WHERE yr = ? AND title = ?", "Parameters": [{"N": "2020"}, {"S": "Bravo"}]},
        {"Statement": f"SELECT * FROM \"{name}\" WHERE yr = 1999 AND title = 'None'"},
        {"Statement": f"SELECT * FROM \"{name}\" WHERE yr = 2020"},
    ])["Responses"]
    assert reads[0]["Item"] == {"rating": {"N": "1"}} and "Item" not in reads[1] and reads[2]["Error"]["Code"] == "ValidationError"
    with pytest.raises(ClientError) as e:
        c.batch_execute_statement(Statements=[{"Statement": f"SELECT * FROM \"{name}\" WHERE yr = 1 AND title = 'x'"},
                                              {"Statement": f"DELETE FROM \"{name}\" WHERE yr = 1 AND title = 'x'"}])
    assert code(e) == "ValidationException"


def test_execute_transaction(c):
    name = make_films(c)
    c.execute_transaction(TransactStatements=[
        {"Statement": f"UPDATE \"{name}\" SET rating = 100 WHERE yr = 2020 AND title = 'Alpha'"},
        {"Statement": f"DELETE FROM \"{name}\" WHERE yr = 2020 AND title = 'Bravo'"},
    ])
    got = c.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT rating FROM \"{name}\" WHERE yr = 2020 AND title = 'Alpha'"},
        {"Statement": f"SELECT rating FROM \"{name}\" WHERE yr = 2020 AND title = 'Bravo'"},
    ])["Responses"]
    assert got[0]["Item"] == {"rating": {"N": "100"}} and "Item" not in got[1]
    # One failing statement cancels the whole transaction: Charlie keeps its rating.
    with pytest.raises(ClientError) as e:
        c.execute_transaction(TransactStatements=[
            {"Statement": f"UPDATE \"{name}\" SET rating = 0 WHERE yr = 2020 AND title = 'Charlie'"},
            {"Statement": f"INSERT INTO \"{name}\" VALUE {{'yr': 2020, 'title': 'Alpha'}}"},
        ])
    assert code(e) == "TransactionCanceledException"
    charlie = c.get_item(TableName=name, Key={"yr": {"N": "2020"}, "title": {"S": "Charlie"}})["Item"]
    assert charlie["rating"] == {"N": "4"}
