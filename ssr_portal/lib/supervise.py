"""A small supervisor for `make serve` and `make run`: the app server and the task
worker side by side in one terminal, stopped together.

    python -m ssr_portal.lib.supervise [--ready URL] [--announce TEXT] \\
        "gunicorn ssr_portal.wsgi" "python manage.py db_worker --no-reload"

1. Each command (one argument, split as a shell would) runs in a session of its
   own, so the terminal's Ctrl-C reaches only the supervisor, which then sends
   each child's process group one SIGTERM (a second signal would make the worker
   drop its task) and waits for them; whatever is left after --stop-timeout
   seconds is killed. Then it exits 0.
2. A child that stops by itself stops the others; the supervisor exits with its
   code (1 when it was killed by a signal).
3. A child is sent SIGTERM by the kernel if the supervisor itself is killed
   (PR_SET_PDEATHSIG), so nothing is left running behind it.
4. With --ready, once that URL answers 200 the --announce text is printed.

Production runs the app servers and workers under its own service manager
(systemd, Kubernetes …); this is for one machine, in a terminal.
"""

import argparse
import contextlib
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.2


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """In the child before exec: SIGTERM when the supervisor goes away."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    command: list[str]
    process: subprocess.Popen | None = None
    name: str = field(init=False)

    def __post_init__(self) -> None:
        program = Path(self.command[0]).name
        if program.startswith("python") and len(self.command) > 1:
            # "python manage.py db_worker" is the worker, not "python".
            words = [w for w in self.command[1:] if not w.startswith("-")]
            program = " ".join(Path(w).name for w in words[:2]) or program
        self.name = program

    def start(self) -> subprocess.Popen:
        self.process = subprocess.Popen(
            self.command,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            # The supervisor has no threads, so preexec_fn is safe here.
            preexec_fn=_die_with_parent,
        )
        return self.process

    def signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)

    def group_alive(self) -> bool:
        """Whether any process of the child's group (gunicorn's workers, the
        reloader's server) is still there."""
        if self.process is None:
            return False
        self.process.poll()
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


class Supervisor:
    def __init__(
        self,
        commands: list[list[str]],
        *,
        ready_url: str = "",
        announce: str = "",
        stop_timeout: float = 40.0,
    ) -> None:
        self.children = [Child(command) for command in commands]
        self.ready_url = ready_url
        self.announce = announce
        self.stop_timeout = stop_timeout
        self._stop_asked_by: int | None = None

    def _say(self, text: str) -> None:
        print(f"[supervise] {text}", file=sys.stderr, flush=True)

    def _ask_stop(self, signum: int, frame) -> None:
        self._stop_asked_by = signum

    def run(self) -> int:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._ask_stop)
        for child in self.children:
            process = child.start()
            self._say(f"started {child.name} (pid {process.pid})")
        code = self._watch()
        self._stop_all()
        return code

    def _watch(self) -> int:
        announced = not self.ready_url
        while self._stop_asked_by is None:
            for child in self.children:
                code = child.process.poll() if child.process is not None else None
                if code is not None:
                    self._say(f"{child.name} stopped by itself (exit {code})")
                    return code if code > 0 else 1
            if not announced and self._answers(self.ready_url):
                announced = True
                if self.announce:
                    print(self.announce, flush=True)
            time.sleep(POLL_SECONDS)
        self._say(f"{signal.Signals(self._stop_asked_by).name}: stopping")
        return 0

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _stop_all(self) -> None:
        for child in self.children:
            child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        while time.monotonic() < deadline and any(
            child.group_alive() for child in self.children
        ):
            time.sleep(POLL_SECONDS)
        for child in self.children:
            if child.group_alive():
                self._say(
                    f"{child.name} did not stop in {self.stop_timeout:g} s: killed"
                )
                child.signal_group(signal.SIGKILL)
            if child.process is not None:
                child.process.wait()
        self._say("all stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ssr_portal.lib.supervise",
        description="Run commands side by side; Ctrl-C stops them all.",
    )
    parser.add_argument("commands", nargs="+", help="each command as one argument")
    parser.add_argument("--ready", default="", help="a URL that answers 200 when up")
    parser.add_argument("--announce", default="", help="printed once --ready answers")
    parser.add_argument(
        "--stop-timeout",
        type=float,
        default=40.0,
        help="seconds the children have to stop before they are killed",
    )
    options = parser.parse_args(argv)
    supervisor = Supervisor(
        [shlex.split(command) for command in options.commands],
        ready_url=options.ready,
        announce=options.announce.replace("\\n", "\n"),
        stop_timeout=options.stop_timeout,
    )
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
