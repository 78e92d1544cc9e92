"""The AWS CLI works against `serve` unchanged: only --endpoint-url differs from using AWS."""
import json
import os
import shutil
import subprocess

import conftest


def aws(server, *args, stdin=None):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1",
               AWS_PAGER="", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    done = subprocess.run([shutil.which("aws"), "dynamodb", *args, "--endpoint-url", server.url, "--output", "json"],
                          capture_output=True, text=True, env=env, timeout=60)
    return done.returncode, (json.loads(done.stdout) if done.stdout.strip() else None), done.stderr


def test_aws_cli_round_trip():
    server = conftest.start_ours("--demo")
    try:
        code, out, _ = aws(server, "list-tables")
        assert code == 0 and out["TableNames"] == ["Metrics", "Movies", "Shop"]
        code, out, _ = aws(server, "create-table", "--table-name", "CliTable",
                           "--attribute-definitions", "AttributeName=id,AttributeType=S", "AttributeName=n,AttributeType=N",
                           "--key-schema", "AttributeName=id,KeyType=HASH", "AttributeName=n,KeyType=RANGE",
                           "--billing-mode", "PAY_PER_REQUEST")
        assert code == 0 and out["TableDescription"]["TableStatus"] == "ACTIVE"
        for n in range(5):
            code, _, err = aws(server, "put-item", "--table-name", "CliTable", "--item", json.dumps({"id": {"S": "a"}, "n": {"N": str(n)}, "v": {"S": f"v{n}"}}))
            assert code == 0, err
        code, out, _ = aws(server, "query", "--table-name", "CliTable", "--key-condition-expression", "id = :i AND n >= :n",
                           "--expression-attribute-values", json.dumps({":i": {"S": "a"}, ":n": {"N": "2"}}))
        assert code == 0 and [i["n"]["N"] for i in out["Items"]] == ["2", "3", "4"]
        # The CLI pages through a scan by itself with --page-size, following LastEvaluatedKey.
        code, out, _ = aws(server, "scan", "--table-name", "Movies", "--page-size", "7", "--select", "COUNT")
        assert code == 0 and out["Count"] > 7
        code, out, err = aws(server, "get-item", "--table-name", "Nope", "--key", json.dumps({"id": {"S": "a"}}))
        assert code != 0 and "ResourceNotFoundException" in err
    finally:
        server.stop()


def test_request_log_names_operation_table_and_status(tmp_path):
    log_path = tmp_path / "requests.log"
    port = conftest.free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen([conftest.BINARY, "serve", "--demo", "--port", str(port), "--log-requests"],
                                stdout=subprocess.DEVNULL, stderr=log)
        try:
            conftest.wait_for_port(port, proc)
            c = conftest.client_for(f"http://127.0.0.1:{port}")
            c.get_item(TableName="Movies", Key={"year": {"N": "1990"}, "title": {"S": "none"}})
            try:
                c.scan(TableName="Nope")
            except Exception:
                pass
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    lines = log_path.read_text().splitlines()
    assert any(line.startswith("GetItem Movies → 200 ") for line in lines), lines
    assert any(line.startswith("Scan Nope → 400 ") for line in lines), lines
