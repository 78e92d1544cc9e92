"""Random keys, resizes and signals against the real TUI under tmux (a seeded "monkey").

Keys come from the key registry's bindings plus random text; between keys the window is resized and
the app is stopped and continued (SIGTSTP/SIGCONT); `$EDITOR` is a script that changes what it is
given. Checked: the app lives until it is asked to quit, every frame is drawn for the window's size,
the terminal's modes are as they were after every exit, and replaying the action log on a fresh copy
of the data gives the same database. Bounded: a fixed number of keys, well under a minute.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import time

import pytest

from conftest import BINARY, demo_pair_and_editor
from test_tui import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SEED = int(os.environ.get("MONKEY_SEED", "20261201"))
KEYS = int(os.environ.get("MONKEY_KEYS", "900"))

# tmux key names for the registry's bindings (see `dynamo-explorer keys`), without the quitting ones.
BOUND = ["j", "k", "g", "G", "h", "l", "Enter", "Escape", "]", "[", "PageDown", "PageUp", "Home", "End",
         "Up", "Down", "Left", "Right", "Tab", "BTab", "f", "/", "F", "e", "n", "d", "x", "y", "Y", "C-y", "C-o",
         ":", "L", "@", "?", "t", "r", "T", "+", "-", "C-t", "BSpace", "DC", "Space"]
SIZES = [(80, 24), (20, 6), (120, 40), (60, 15), (10, 3), (100, 30)]

EDITOR = """#!/usr/bin/env python3
import json, sys
path = sys.argv[-1]
text = open(path).read()
body = "\\n".join(l for l in text.splitlines() if not l.strip().startswith("//"))
try:
    item = json.loads(body)
except ValueError:
    sys.exit(0)
if isinstance(item, dict):
    for name, value in list(item.items()):
        if value == "":
            item[name] = "monkey"
    item["monkey"] = item.get("monkey", 0) + 1 if isinstance(item.get("monkey"), int) else 1
    open(path, "w").write(json.dumps(item))
"""


def everything(db):
    out = {}
    tables = json.loads(subprocess.run([BINARY, "call", "list_tables", "{}", "--db", str(db)], capture_output=True,
                                       text=True, check=True).stdout)["tables"]
    for table in tables:
        result = subprocess.run([BINARY, "call", "scan", json.dumps({"table": table, "all": True, "max_items": 100000}),
                                 "--db", str(db), "--max-items", "100000"], capture_output=True, text=True, check=True)
        out[table] = sorted(json.dumps(i, sort_keys=True) for i in json.loads(result.stdout)["items"])
    return out


def app_pid(db):
    # Anchored on the binary, so the shell that started it (whose command line holds the same words) is not found.
    found = subprocess.run(["pgrep", "-n", "-f", f"^{BINARY} --db {db} --log"], capture_output=True, text=True).stdout.split()
    return int(found[0]) if found else None


def test_random_keys_resizes_and_signals(tmp_path):
    rng = random.Random(SEED)
    db, fresh, log, editor = demo_pair_and_editor(tmp_path, EDITOR)
    sent, rounds = 0, 0
    while sent < KEYS:
        rounds += 1
        before, after = tmp_path / f"stty-before-{rounds}", tmp_path / f"stty-after-{rounds}"
        command = (f"cd {tmp_path} && stty -g > {before}; {BINARY} --db {db} --log {log}; rc=$?; "
                   f"stty -g > {after}; (exit $rc)")
        width, height = rng.choice([(80, 24), (100, 30)])
        tui = Tmux(command, width=width, height=height, env={"EDITOR": str(editor), "VISUAL": str(editor)})
        try:
            tui.wait_for(lambda s: "table(s)" in s, what=f"table list (seed {SEED}, round {rounds})")
            # Each round starts with one edit written through the editor, so the replay check always
            # has writes to compare; then the keys are random.
            tui.keys("Enter")
            tui.wait_for(lambda s: "page 1 ·" in s and " items ·" in s, what=f"a table's first page (round {rounds})")
            tui.keys("e")
            tui.wait_for("Update this", what=f"the edit's confirmation (round {rounds})")
            tui.keys("y")
            tui.wait_for("Written", what=f"the edit written (round {rounds})")
            exited = False
            trace = []
            while sent < KEYS and not exited:
                roll = rng.random()
                trace = (trace + [f"{sent}:{roll:.3f}"])[-12:]
                alive = subprocess.run(["tmux", "-L", tui.socket, "has-session"], capture_output=True).returncode == 0
                assert alive, f"the terminal session died (seed {SEED}, key {sent}, last {trace})"
                if app_pid(db) is None:
                    exited = True     # a Ctrl-C quit it; the next round starts it again
                    break
                if roll < 0.04:
                    width, height = rng.choice(SIZES)
                    trace[-1] += f" resize {width}x{height}"
                    tui.resize(width, height)
                    if width >= 20 and height >= 6:
                        # The frame is redrawn for the new size: the header on the first row, every row used.
                        tui.wait_for(lambda s: s.splitlines() and s.splitlines()[0].startswith(" dynamo")
                                     and len(s.splitlines()) == height,
                                     what=f"a {width}x{height} frame (seed {SEED}, key {sent})")
                elif roll < 0.06 and (pid := app_pid(db)):
                    os.kill(pid, 19)   # SIGSTOP stands for a stop the shell would send (SIGTSTP is ignored in raw mode)
                    time.sleep(0.02)
                    os.kill(pid, 18)   # SIGCONT
                elif roll < 0.07:
                    tui.keys("C-c")    # cancels a running call, or quits when idle
                    time.sleep(0.2)
                elif roll < 0.40:
                    text = "".join(rng.choice("abcxyz0129 _#.{}\":,") for _ in range(rng.randint(1, 6)))
                    trace[-1] += f" text {text!r}"
                    tui.keys("-l", text)
                else:
                    key = rng.choice(BOUND)
                    trace[-1] += f" {key}"
                    tui.keys(key)
                    if key in ("e", "n", "d") and rng.random() < 0.6:
                        time.sleep(0.3)   # the scripted editor saves; then confirm, as a user would
                        tui.keys("y")
                sent += 1
                if sent % 25 == 0:
                    time.sleep(0.05)
                exited = os.path.exists(tui.status_file) and open(tui.status_file).read().strip() != ""
            if not exited:
                # Leave whatever is open, then quit.
                for _ in range(8):
                    tui.keys("Escape")
                    time.sleep(0.05)
                tui.keys("C-c")
                deadline = time.time() + 3
                while app_pid(db) and time.time() < deadline:
                    time.sleep(0.05)
                if app_pid(db):       # the first Ctrl-C cancelled a running call; this one quits
                    tui.keys("C-c")
            try:
                status = tui.exit_status(timeout=20)
            except AssertionError:
                raise AssertionError(f"the app did not quit (seed {SEED}, round {rounds}, pid {app_pid(db)}); "
                                     f"screen:\n{tui.screen()}")
            assert status == 0, f"exit status {status} (seed {SEED}, round {rounds})"
            # The terminal's modes are back as they were before the app started.
            assert before.read_text() == after.read_text(), f"terminal modes changed (seed {SEED}, round {rounds})"
            assert "dynamo-explorer ▸" not in tui.screen(), "the alternate screen was left"
        finally:
            tui.close()
    assert app_pid(db) is None, "an app process was left running"
    # The log holds what ran: replaying it on a fresh copy of the data gives the same database.
    replay = subprocess.run([BINARY, "replay", str(log), "--db", str(fresh)], capture_output=True, text=True, timeout=300)
    lines = [json.loads(line) for line in replay.stdout.splitlines() if line.strip()]
    assert lines, "the monkey ran no call"
    assert everything(fresh) == everything(db), f"replay differs (seed {SEED}, {len(lines)} calls, {rounds} rounds)"
    logged = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    writes = [c for c in logged if c["tool"] in ("put_item", "update_item", "delete_item") and c.get("outcome") == "ok"]
    assert writes, f"no write ran (seed {SEED}): the replay check would prove little"
    print(f"monkey: seed {SEED}, {sent} keys, {rounds} round(s), {len(lines)} logged calls, {len(writes)} writes",
          file=sys.stderr)
