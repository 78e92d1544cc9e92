"""The TUI end to end: the real binary in a real terminal (tmux), driven by keys, read from the screen.

Each test starts its own tmux session (unique name, its own socket) and kills it afterwards. Waits poll
`capture-pane` for what is expected, with a deadline, instead of sleeping fixed times.
"""
import json
import os
import shutil
import subprocess
import time
import uuid

import pytest

from conftest import BINARY

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, command, width=100, height=30, env=None):
        self.socket = f"dx-test-{uuid.uuid4().hex[:10]}"
        self.name = "tui"
        self.status_file = f"/tmp/{self.socket}.status"
        wrapped = f"{command}; echo $? > {self.status_file}; sleep 600"
        environment = " ".join(f"{k}={v}" for k, v in (env or {}).items())
        self.tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                  f"env TERM=xterm-256color {environment} sh -c '{wrapped}'")

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def keys(self, *keys):
        self.tmux("send-keys", "-t", self.name, *keys)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, predicate, timeout=20, what=""):
        deadline = time.time() + timeout
        screen = ""
        while time.time() < deadline:
            screen = self.screen()
            if (predicate(screen) if callable(predicate) else predicate in screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what or predicate!r}; screen:\n{screen}")

    def resize(self, width, height):
        self.tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def exit_status(self, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(self.status_file):
                text = open(self.status_file).read().strip()
                if text:
                    return int(text)
            time.sleep(0.05)
        raise AssertionError("the app did not exit")

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        if os.path.exists(self.status_file):
            os.remove(self.status_file)


@pytest.fixture
def session_factory():
    sessions = []

    def make(command, **kwargs):
        s = Tmux(command, **kwargs)
        sessions.append(s)
        return s

    yield make
    for s in sessions:
        s.close()


def row_of(screen, text):
    return next(line for line in screen.splitlines() if text in line)


def test_browse_page_item_log_help_resize_quit_then_replay(session_factory, tmp_path):
    log = tmp_path / "calls.jsonl"
    tui = session_factory(f"{BINARY} --demo --log {log}")
    screen = tui.wait_for(lambda s: "Shop" in s and "1727" in s, what="table list with sizes")
    assert "pk (S), sk (S)" in row_of(screen, "Shop")
    assert "GSI1" in row_of(screen, "Shop") and "on-demand" in row_of(screen, "Shop")
    assert "embedded:memory" in screen.splitlines()[0]

    tui.keys("G", "Enter")
    screen = tui.wait_for("page 1 · 100 items", what="first page of Shop")
    assert screen.splitlines()[1].split()[:2] == ["pk", "sk"]
    first_page_row = screen.splitlines()[2]

    tui.keys("]")
    screen = tui.wait_for("page 2 · 100 items", what="second page")
    assert screen.splitlines()[2] != first_page_row
    tui.keys("[")
    screen = tui.wait_for("page 1 · 100 items", what="back to page 1")
    assert screen.splitlines()[2] == first_page_row

    tui.keys("Enter")
    screen = tui.wait_for("Shop · plain JSON", what="item view")
    assert '"pk":' in screen
    tui.keys("t")
    screen = tui.wait_for("Shop · DynamoDB JSON", what="DynamoDB JSON")
    assert '"S":' in screen
    tui.keys("Escape")
    tui.wait_for("page 1 · 100 items")

    tui.keys("L")
    screen = tui.wait_for("Action log", what="log pane")
    assert 'scan {"table":"Shop","format":"dynamodb","limit":100}' in screen
    assert 'scan {"table":"Shop","format":"dynamodb","limit":100,"cursor":' in screen

    tui.keys("?")
    screen = tui.wait_for("Keys · ? or Esc closes", what="help overlay")
    assert "Table browser" in screen or "Everywhere" in screen
    tui.keys("Escape")
    tui.wait_for(lambda s: "Keys · ?" not in s, what="help closed")

    tui.resize(20, 6)
    screen = tui.wait_for(lambda s: len(s.splitlines()[0].rstrip()) <= 20 and "dynamo" in s, what="20x6 frame")
    tui.resize(12, 4)
    tui.wait_for("need 20×6", what="too-small notice")
    tui.resize(100, 30)
    tui.wait_for("page 1 · 100 items", what="full frame after resize")

    tui.keys("Escape")
    tui.wait_for("table(s)")
    tui.keys("q")
    assert tui.exit_status() == 0
    screen = tui.screen()
    assert "Action log" not in screen  # the terminal is back to the shell's screen

    lines = [json.loads(line) for line in log.read_text().splitlines()]
    tools = [line["tool"] for line in lines]
    assert tools[0] == "list_tables" and tools.count("describe_table") == 3
    scans = [line["arguments"] for line in lines if line["tool"] == "scan"]
    assert len(scans) == 2 and "cursor" not in scans[0] and "cursor" in scans[1]

    replay = subprocess.run([BINARY, "replay", str(log), "--demo"], capture_output=True, text=True, timeout=60)
    assert replay.returncode == 0, replay.stderr
    results = [json.loads(line) for line in replay.stdout.splitlines()]
    assert all(r["ok"] for r in results)
    scan_results = [r["result"] for r in results if r["tool"] == "scan"]
    assert [r["count"] for r in scan_results] == [100, 100]
    # The replayed second page starts where the TUI's second page started.
    second_page_first_pk = scan_results[1]["items"][0]["pk"]["S"]
    assert second_page_first_pk.startswith(("CUSTOMER#", "PRODUCT#"))


def test_filter_read_only_badge_and_sigterm_restores_terminal(session_factory):
    tui = session_factory(f"{BINARY} --demo --read-only --theme light")
    screen = tui.wait_for("1727", what="table list")
    assert "READ-ONLY" in screen.splitlines()[0]
    tui.keys("/", "m", "o")
    screen = tui.wait_for('1 of 3 table(s) match "mo"', what="filtered list")
    assert "Movies" in screen and "Shop" not in screen
    tui.keys("Escape")
    tui.wait_for("3 table(s)")
    pid = subprocess.run(["pgrep", "-n", "-f", f"{BINARY} --demo --read-only --theme light"],
                         capture_output=True, text=True).stdout.split()
    assert pid, "the app's process was not found"
    subprocess.run(["kill", "-TERM", pid[0]], check=True)
    assert tui.exit_status() == 0
    assert "READ-ONLY" not in tui.screen()


def test_broken_theme_falls_back_with_file_line_and_role(session_factory, tmp_path):
    theme = tmp_path / "broken.toml"
    theme.write_text('[roles]\nheader = { bold = true }\nselection = { fg = "purple" }\n')
    tui = session_factory(f"{BINARY} --demo --theme {theme}", env={"NO_COLOR": "1"})
    screen = tui.wait_for("using the default theme", what="theme error")
    assert f"{theme}:3, role selection" in screen.replace("\n", "")
    tui.keys("q")
    assert tui.exit_status() == 0


def test_without_a_terminal_it_names_the_other_faces():
    result = subprocess.run([BINARY, "--demo"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    for face in ("--mcp", "call", "serve"):
        assert face in result.stderr


def test_tui_on_a_remote_endpoint(session_factory):
    from conftest import start_ours
    server = start_ours("--demo")
    try:
        tui = session_factory(f"{BINARY} --endpoint-url {server.url}", width=120,
                              env={"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"})
        screen = tui.wait_for(lambda s: "1727" in s, what="remote table list")
        # The header keeps the region whole and shortens the endpoint; the region's source is said.
        host = server.url.split("//", 1)[1].rstrip("/")
        assert f"{host} · region us-east-1" in screen.splitlines()[0]
        assert "no region given: using us-east-1" in screen
        tui.keys("G", "Enter")
        tui.wait_for("page 1 · 100 items", what="a page read over HTTP")
        tui.keys("Escape", "q")
        assert tui.exit_status() == 0
    finally:
        server.stop()
