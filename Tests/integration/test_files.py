"""--db never harms the user's files: foreign databases, typos in paths, read-only files, and a clean
shutdown on SIGINT/SIGTERM that leaves the data in the .sqlite file alone."""
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import BINARY, free_port, wait_for_port


def run(*args, user=None, binary=BINARY):
    command = [binary, *args]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def reachable_binary(directory):
    """A copy of the binary that another user can run even when the checkout is private (a 0700 home)."""
    copy = directory / "dynamo-explorer"
    shutil.copy2(BINARY, copy)
    os.chmod(copy, 0o755)
    return str(copy)


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_another_applications_database_is_left_byte_for_byte(tmp_path):
    path = tmp_path / "app.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE users (id INTEGER, name TEXT)")
    db.execute("INSERT INTO users VALUES (1, 'ada')")
    db.commit()
    db.close()
    before = digest(path)
    for flags in (["--db", str(path)], ["--db", str(path), "--read-only"]):
        result = run("call", "list_tables", *flags)
        assert result.returncode == 2
        assert "another application's SQLite database (tables: users)" in result.stderr
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == ["app.sqlite"]
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    result = run("call", "list_tables", "--db", str(text))
    assert result.returncode == 2 and "not a SQLite database" in result.stderr and text.read_text() == "hello"


def test_a_typo_in_the_path_creates_nothing(tmp_path):
    missing = tmp_path / "no" / "such" / "x.sqlite"
    result = run("call", "list_tables", "--db", str(missing))
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()
    assert run("call", "list_tables", "--db", "").returncode == 2
    directory = run("call", "list_tables", "--db", str(tmp_path))
    assert directory.returncode == 2 and "is a directory" in directory.stderr


def test_a_new_database_is_announced_with_its_path(tmp_path):
    path = tmp_path / "new.sqlite"
    result = run("call", "list_tables", "--db", str(path))
    assert result.returncode == 0 and f"created a new database at {path}" in result.stderr
    again = run("call", "list_tables", "--db", str(path))
    assert "created" not in again.stderr


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("runuser") is None, reason="needs root to run as another user")
def test_a_read_only_file_opens_with_read_only_and_says_why_without():
    import pathlib
    import tempfile
    tmp_path = pathlib.Path(tempfile.mkdtemp(prefix="dx-ro-"))  # pytest's own folder is private to root
    os.chmod(tmp_path, 0o755)
    try:
        check_read_only_file(tmp_path)
    finally:
        shutil.rmtree(tmp_path)


def check_read_only_file(tmp_path):
    binary = reachable_binary(tmp_path)
    path = tmp_path / "ro.sqlite"
    made = run("call", "create_table", json.dumps({"table": "Docs", "partition_key": {"name": "id", "type": "S"}}), "--db", str(path))
    assert made.returncode == 0, made.stderr
    os.chmod(path, 0o444)
    wal = tmp_path / "ro.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "the data must be in ro.sqlite itself"
    before = digest(path)
    browse = run("call", "list_tables", "--db", str(path), "--read-only", user="nobody", binary=binary)
    assert browse.returncode == 0, browse.stderr
    assert json.loads(browse.stdout)["tables"] == ["Docs"]
    refused = run("call", "list_tables", "--db", str(path), user="nobody", binary=binary)
    assert refused.returncode == 2 and "not writable; add --read-only" in refused.stderr
    assert digest(path) == before
    # Read-only media: neither the file nor its directory is writable, so no -shm can be made;
    # SQLite's immutable open serves, and nothing appears beside the file.
    os.chmod(tmp_path, 0o555)
    try:
        media = run("call", "scan", json.dumps({"table": "Docs"}), "--db", str(path), "--read-only",
                    user="nobody", binary=binary)
        assert media.returncode == 0, media.stderr
        assert json.loads(media.stdout)["count"] == 0
    finally:
        os.chmod(tmp_path, 0o755)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dynamo-explorer", "ro.sqlite"]
    assert digest(path) == before


def test_read_only_leaves_no_wal_or_shm_beside_the_file(tmp_path):
    path = tmp_path / "data.sqlite"
    made = run("call", "create_table", json.dumps({"table": "Docs", "partition_key": {"name": "id", "type": "S"}}),
               "--db", str(path))
    assert made.returncode == 0, made.stderr
    assert sorted(os.listdir(tmp_path)) == ["data.sqlite"]
    before = digest(path)
    for args in (["call", "list_tables"], ["call", "scan", json.dumps({"table": "Docs"})], ["replay", "-"]):
        result = subprocess.run([BINARY, *args, "--db", str(path), "--read-only"], input="", capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert sorted(os.listdir(tmp_path)) == ["data.sqlite"], f"{args} left files beside the database"
    refused = run("call", "put_item", json.dumps({"table": "Docs", "item": {"id": "x"}}), "--db", str(path), "--read-only")
    assert refused.returncode == 1 and "read-only" in refused.stderr
    assert digest(path) == before and sorted(os.listdir(tmp_path)) == ["data.sqlite"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_shuts_down_cleanly_and_the_sqlite_file_holds_the_data(tmp_path, sig):
    import boto3
    path = tmp_path / "data.sqlite"
    port = free_port()
    proc = subprocess.Popen([BINARY, "serve", "--db", str(path), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        ddb = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                           aws_access_key_id="x", aws_secret_access_key="x")
        ddb.create_table(TableName="Kept", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
        for i in range(50):
            ddb.put_item(TableName="Kept", Item={"id": {"S": f"i{i}"}})
        proc.send_signal(sig)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    wal = tmp_path / "data.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "the write-ahead log was not checkpointed"
    copy = tmp_path / "copy.sqlite"
    shutil.copy(path, copy)  # the .sqlite file alone
    result = run("call", "scan", json.dumps({"table": "Kept", "select": "COUNT", "all": True}), "--db", str(copy))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["count"] == 50


def test_mcp_checkpoints_on_sigterm(tmp_path):
    path = tmp_path / "mcp.sqlite"
    proc = subprocess.Popen([BINARY, "--mcp", "--db", str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        requests = [
            {"jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}},
            {"jsonrpc": "2.0", "method": "notifications/initialized"},
            {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "create_table", "arguments":
                {"table": "Kept", "partition_key": {"name": "id", "type": "S"}}}},
            {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "put_item", "arguments":
                {"table": "Kept", "item": {"id": "x"}}}},
        ]
        for r in requests:
            proc.stdin.write(json.dumps(r) + "\n")
        proc.stdin.flush()
        answered = 0
        while answered < 3:
            line = proc.stdout.readline()
            assert line, "the server stopped answering"
            if '"id"' in line:
                answered += 1
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    wal = tmp_path / "mcp.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_serve_port_checks():
    bad = run("serve", "--port", "99999")
    assert bad.returncode == 2 and "between 0 and 65535" in bad.stderr
    port = free_port()
    first = subprocess.Popen([BINARY, "serve", "--memory", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, first)
        second = run("serve", "--memory", "--port", str(port))
        assert second.returncode == 2 and f"port {port}" in second.stderr and "--port 0" in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=10)


def test_call_on_the_demo_says_a_write_is_thrown_away():
    result = run("call", "put_item", json.dumps({"table": "Movies", "item": {"year": 1, "title": "t"}}), "--demo")
    assert result.returncode == 0 and "throw-away in-memory database" in result.stderr
