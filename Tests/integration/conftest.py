"""Shared fixtures: start our own `serve` (and moto_server) on a free 127.0.0.1 port, stop them after."""
import os
import socket
import subprocess
import sys
import time

import boto3
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# No test may reach the link-local instance metadata address: tests that need metadata run a stub.
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

BINARY = os.environ.get("DYNAMO_EXPLORER_BIN", os.path.join(ROOT, ".build", "debug", "dynamo-explorer"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


class Server:
    def __init__(self, args, port):
        self.port = port
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(port, self.proc)
        self.url = f"http://127.0.0.1:{port}"

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_ours(*extra):
    port = free_port()
    return Server([BINARY, "serve", "--memory", "--port", str(port), *extra], port)


def start_moto():
    port = free_port()
    return Server([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], port)


def empty_table(c, prefix="v"):
    """A new on-demand table keyed by pk (S) and sk (N)."""
    import uuid
    name = prefix + uuid.uuid4().hex[:10]
    c.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                         {"AttributeName": "sk", "AttributeType": "N"}])
    return name


def refused(call, **kwargs):
    """The message of the ValidationException the call must raise."""
    from botocore.exceptions import ClientError
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    error = excinfo.value.response["Error"]
    assert error["Code"] == "ValidationException", error
    return error["Message"]


def client_for(url):
    return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


@pytest.fixture(scope="module")
def ours():
    server = start_ours()
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["ours", "moto"])
def endpoint(request):
    server = start_ours() if request.param == "ours" else start_moto()
    server.kind = request.param
    yield server
    server.stop()


def demo_db(path):
    """A database file holding the demo tables, as `--demo --db PATH` loads them."""
    subprocess.run([BINARY, "call", "list_tables", "{}", "--demo", "--db", str(path)], check=True, capture_output=True)


def demo_pair_and_editor(tmp_path, script):
    """The files a TUI session that writes needs: a demo database, a fresh copy to replay the log on,
    the log's path, and a scripted `$EDITOR`."""
    db, fresh, log = tmp_path / "data.sqlite", tmp_path / "fresh.sqlite", tmp_path / "calls.jsonl"
    demo_db(db)
    demo_db(fresh)
    editor = tmp_path / "editor.py"
    editor.write_text(script)
    editor.chmod(0o755)
    return db, fresh, log, editor
