"""The supervisor of `make serve` and `make run` (ssr_portal/lib/supervise.py): it
starts its commands side by side, Ctrl-C stops them all (each gets one SIGTERM),
it exits 0 and nothing is left running, whatever the children do."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.processes import (
    ROOT,
    answers,
    free_port,
    portal_environment,
    wait_for,
)

# A child that notes its pid and each signal it gets, and exits on SIGTERM; with
# GRANDCHILD it first starts a process of its own (as gunicorn starts workers).
CHILD = """
import os, signal, subprocess, sys, time
folder, name = sys.argv[1], sys.argv[2]
if "GRANDCHILD" in sys.argv:
    grandchild = subprocess.Popen(["sleep", "120"])
    open(f"{folder}/{name}.grandchild", "w").write(str(grandchild.pid))
def noted(signum, frame):
    with open(f"{folder}/{name}.signals", "a") as out:
        out.write(signal.Signals(signum).name + "\\n")
    if "IGNORE_TERM" not in sys.argv:
        sys.exit(0)
signal.signal(signal.SIGTERM, noted)
signal.signal(signal.SIGINT, noted)
open(f"{folder}/{name}.pid", "w").write(str(os.getpid()))
if "EXIT_3" in sys.argv:
    time.sleep(0.5)
    sys.exit(3)
while True:
    time.sleep(0.1)
"""


def _child(folder: Path, name: str, *flags: str) -> str:
    script = folder / "child.py"
    script.write_text(CHILD)
    return " ".join([sys.executable, str(script), str(folder), name, *flags])


def _supervise(*arguments: str, env=None, log: Path) -> subprocess.Popen:
    """The supervisor in a session of its own, as in a terminal: the test sends
    Ctrl-C to its process group, as the terminal does."""
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "ssr_portal.lib.supervise", *arguments],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is not running.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def _pid(path: Path) -> int:
    wait_for(path.exists, timeout=30, what=path.name)
    wait_for(lambda: path.read_text().strip(), timeout=5, what=path.name)
    return int(path.read_text())


def _ctrl_c(supervisor: subprocess.Popen) -> None:
    os.killpg(supervisor.pid, signal.SIGINT)


@pytest.fixture
def folder(tmp_path):
    return tmp_path


def test_ctrl_c_stops_every_child_once_and_exits_0(folder):
    log = folder / "supervise.log"
    supervisor = _supervise(
        _child(folder, "web", "GRANDCHILD"), _child(folder, "worker"), log=log
    )
    web, worker = _pid(folder / "web.pid"), _pid(folder / "worker.pid")
    grandchild = _pid(folder / "web.grandchild")

    _ctrl_c(supervisor)
    assert supervisor.wait(timeout=30) == 0, log.read_text()
    # One SIGTERM each, from the supervisor; the terminal's SIGINT reached only it.
    assert (folder / "web.signals").read_text() == "SIGTERM\n"
    assert (folder / "worker.signals").read_text() == "SIGTERM\n"
    # Nothing left: the children, and the process the web child had started.
    assert [pid for pid in (web, worker, grandchild) if _alive(pid)] == []
    assert "Traceback" not in log.read_text()


def test_sigterm_from_a_service_manager_stops_them_too(folder):
    log = folder / "supervise.log"
    supervisor = _supervise(_child(folder, "web"), log=log)
    web = _pid(folder / "web.pid")
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=30) == 0
    assert not _alive(web)


def test_a_child_that_stops_by_itself_stops_the_others(folder):
    log = folder / "supervise.log"
    supervisor = _supervise(
        _child(folder, "web", "EXIT_3"), _child(folder, "worker"), log=log
    )
    worker = _pid(folder / "worker.pid")
    assert supervisor.wait(timeout=30) == 3
    assert (folder / "worker.signals").read_text() == "SIGTERM\n"
    assert not _alive(worker)
    assert "stopped by itself (exit 3)" in log.read_text()


def test_a_child_that_ignores_sigterm_is_killed_after_the_timeout(folder):
    log = folder / "supervise.log"
    supervisor = _supervise(
        "--stop-timeout", "1", _child(folder, "stubborn", "IGNORE_TERM"), log=log
    )
    stubborn = _pid(folder / "stubborn.pid")
    _ctrl_c(supervisor)
    assert supervisor.wait(timeout=30) == 0
    assert not _alive(stubborn)
    assert "did not stop in 1 s: killed" in log.read_text()


def test_a_killed_supervisor_leaves_no_child_behind(folder):
    log = folder / "supervise.log"
    supervisor = _supervise(_child(folder, "web"), _child(folder, "worker"), log=log)
    pids = [_pid(folder / "web.pid"), _pid(folder / "worker.pid")]
    supervisor.send_signal(signal.SIGKILL)
    supervisor.wait(timeout=10)
    wait_for(
        lambda: not any(_alive(pid) for pid in pids), timeout=10, what="the children"
    )


def test_the_announcement_waits_until_the_server_answers(folder):
    log = folder / "supervise.log"
    port = free_port()
    supervisor = _supervise(
        "--ready",
        f"http://127.0.0.1:{port}/",
        "--announce",
        "Ready at the port",
        f"{sys.executable} -m http.server {port} --bind 127.0.0.1 --directory {folder}",
        log=log,
    )
    try:
        wait_for(lambda: "Ready at the port" in log.read_text(), what="the banner")
        assert answers(f"http://127.0.0.1:{port}/")
    finally:
        _ctrl_c(supervisor)
    assert supervisor.wait(timeout=30) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the app server and the worker need PostgreSQL (set DATABASE_URL)",
)
def test_serve_runs_the_app_server_and_the_worker_and_stops_them(folder):
    """`make serve`'s two commands, with production's settings: the portal is
    ready (the worker's heartbeat included), and Ctrl-C leaves no process."""
    log = folder / "serve.log"
    port = free_port()
    environment = portal_environment(
        SSR_BIND=f"127.0.0.1:{port}",
        SSR_WEB_WORKERS="2",
        SSR_WORKER_HEARTBEAT_SECONDS="1",
    )
    supervisor = _supervise(
        f"{sys.executable} -m gunicorn ssr_portal.wsgi",
        f"{sys.executable} manage.py db_worker --no-reload --interval 0.5",
        env=environment,
        log=log,
    )
    try:
        wait_for(
            lambda: answers(f"http://127.0.0.1:{port}/readyz"),
            timeout=60,
            what="/readyz",
        )
        leaders = [int(pid) for pid in re.findall(r"\(pid (\d+)\)", log.read_text())]
        assert len(leaders) == 2
        # gunicorn's master and its two workers, and the worker.
        members = [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _group_of(int(entry.name)) in leaders
        ]
        assert len(members) >= 4
    finally:
        _ctrl_c(supervisor)
    assert supervisor.wait(timeout=60) == 0, log.read_text()[-3000:]
    time.sleep(0.5)
    assert [pid for pid in members if _alive(pid)] == []
    assert "Traceback" not in log.read_text()


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None
