"""The remote backend through the real binary: `call`, `replay`, `--mcp` and the TUI against our own
`serve` and against moto_server, with settings from flags, the environment and ~/.aws files."""
import json
import time
import os
import subprocess

import pytest

from conftest import BINARY, start_moto, start_ours

KEYS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}


def run(*args, env=None, stdin=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update(env or {})
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=60, env=environment, input=stdin)


@pytest.fixture(scope="module", params=["ours", "moto"])
def server(request):
    s = start_ours("--demo") if request.param == "ours" else start_moto()
    s.kind = request.param
    yield s
    s.stop()


def test_call_creates_writes_and_reads_remotely(server):
    flags = ["--endpoint-url", server.url]
    created = run("call", "create_table", json.dumps({"table": "Remote1", "partition_key": {"name": "id", "type": "S"}}), *flags, env=KEYS)
    assert created.returncode == 0, created.stderr
    put = run("call", "put_item", json.dumps({"table": "Remote1", "item": {"id": "a", "n": 1.5, "tags": {"$ss": ["x", "y"]}}}), *flags, env=KEYS)
    assert put.returncode == 0, put.stderr
    got = run("call", "get_item", json.dumps({"table": "Remote1", "key": {"id": "a"}}), *flags, env=KEYS)
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["item"] == {"id": "a", "n": 1.5, "tags": {"$ss": ["x", "y"]}}
    missing = run("call", "scan", json.dumps({"table": "Nope1"}), *flags, env=KEYS)
    assert missing.returncode == 1 and "ResourceNotFoundException" in missing.stderr


def test_replay_runs_the_same_log_on_both_backends(server, tmp_path):
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(json.dumps(line) for line in [
        {"tool": "create_table", "arguments": {"table": "Replay1", "partition_key": {"name": "pk", "type": "S"},
                                               "sort_key": {"name": "n", "type": "N"}}},
        {"tool": "batch_write_item", "arguments": {"table": "Replay1", "put": [{"pk": "p", "n": i} for i in range(30)]}},
        {"tool": "query", "arguments": {"table": "Replay1", "key_condition": {"pk": "p", "n": {"op": "gte", "value": 25}}}},
    ]) + "\n")
    remote = run("replay", str(log), "--endpoint-url", server.url, env=KEYS)
    embedded = run("replay", str(log), "--memory")
    assert remote.returncode == 0, remote.stdout + remote.stderr
    assert embedded.returncode == 0, embedded.stdout + embedded.stderr
    last = lambda out: json.loads(out.splitlines()[-1])["result"]["items"]
    assert last(remote.stdout) == last(embedded.stdout) == [{"pk": "p", "n": n} for n in range(25, 30)]


def test_profile_and_services_section_from_a_temporary_home(server, tmp_path):
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "config").write_text(
        f"[profile lab]\nregion = eu-west-1\nservices = lab\n\n[services lab]\ndynamodb =\n  endpoint_url = {server.url}\n")
    (tmp_path / ".aws" / "credentials").write_text("[lab]\naws_access_key_id = AKIDLAB\naws_secret_access_key = s\n")
    listed = run("call", "list_tables", "--profile", "lab", env={"HOME": str(tmp_path)})
    assert listed.returncode == 0, listed.stderr
    by_env = run("call", "list_tables", "--remote", env={"HOME": str(tmp_path), "AWS_PROFILE": "lab"})
    assert by_env.returncode == 0 and json.loads(by_env.stdout) == json.loads(listed.stdout)
    unknown = run("call", "list_tables", "--profile", "nope", env={"HOME": str(tmp_path)})
    assert unknown.returncode == 2 and 'profile "nope"' in unknown.stderr


def test_mixing_embedded_and_remote_flags_is_a_usage_error():
    mixed = run("call", "list_tables", "--demo", "--local")
    assert mixed.returncode == 2 and "cannot be combined" in mixed.stderr


def test_unreachable_endpoint_and_missing_region_say_what_to_do(tmp_path):
    started = time.monotonic()
    down = run("call", "list_tables", "--endpoint-url", "http://127.0.0.1:9", env=KEYS)
    assert down.returncode == 1
    assert "cannot connect to http://127.0.0.1:9: connection refused" in down.stderr, down.stderr
    assert time.monotonic() - started < 5, "a refused connection is not retried for seconds"
    assert "no region given: using us-east-1 at http://127.0.0.1:9" in down.stderr
    for flag in ("--region", "--profile", "--endpoint-url"):
        empty = run("call", "list_tables", flag, "", env=KEYS)
        assert empty.returncode == 2 and f"{flag} was given an empty value" in empty.stderr
    no_region = run("call", "list_tables", "--remote", env={"HOME": str(tmp_path), **KEYS})
    assert no_region.returncode == 2 and "--region" in no_region.stderr
    secret = run("call", "list_tables", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9",
                 env={"AWS_ACCESS_KEY_ID": "AKIDSECRET", "AWS_SECRET_ACCESS_KEY": "very-secret-value"})
    assert "very-secret-value" not in secret.stderr + secret.stdout


def test_mcp_names_the_remote_backend_and_serves_its_tables():
    server = start_ours("--demo")
    try:
        requests = [
            {"jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}},
            {"jsonrpc": "2.0", "method": "notifications/initialized"},
            {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "list_tables", "arguments": {}}},
        ]
        out = run("--mcp", "--endpoint-url", server.url, env=KEYS, stdin="\n".join(json.dumps(r) for r in requests) + "\n")
        replies = {m.get("id"): m for m in map(json.loads, out.stdout.splitlines())}
        assert f"remote: {server.url}" in replies[1]["result"]["instructions"]
        assert "AKID" not in replies[1]["result"]["instructions"]
        assert replies[2]["result"]["structuredContent"]["tables"] == ["Metrics", "Movies", "Shop"]
    finally:
        server.stop()


def test_a_silent_endpoint_gives_up_after_the_timeout():
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    try:
        started = time.monotonic()
        silent = run("call", "list_tables", "--endpoint-url", f"http://127.0.0.1:{port}", "--timeout", "2", env=KEYS)
        elapsed = time.monotonic() - started
        assert silent.returncode == 1 and "no answer from" in silent.stderr and "--timeout" in silent.stderr
        assert 1.5 < elapsed < 6, elapsed
    finally:
        listener.close()
