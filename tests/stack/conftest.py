"""The production stack on one machine for the tests of tests/stack/: two
gunicorn app servers and a task worker, with production's settings, on one
PostgreSQL database (pytest-django's test database), one Redis, one S3 server
(tests/s3_server.py, which `make test-stack` runs the tests under) and a real
SMTP server. The browser tests' fixtures (Debian's chromium) come from
tests/e2e/conftest.py.

These tests need PostgreSQL: `make test-stack` (part of `make test`) runs them;
the other passes leave tests/stack/ out (pyproject's addopts)."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import global_settings
from django.db import connection

from tests.e2e.conftest import (  # noqa: F401 - fixtures
    browser_context_args,
    browser_type_launch_args,
    js_errors,
)
from tests.processes import (
    ROOT,
    SmtpServer,
    free_port,
    portal_environment,
    start_worker,
    stop,
    wait_for,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("tests/stack/ runs on PostgreSQL: set DATABASE_URL", pytrace=False)


@pytest.fixture(autouse=True)
def production_password_hasher(settings):
    """Users made by the test log in on servers with production's hashers."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@dataclass
class Stack:
    bases: list[str]
    smtp: SmtpServer
    logs: list[Path]

    def log_text(self) -> str:
        return "\n".join(f"== {log.name}\n{log.read_text()}" for log in self.logs)


def _start_app_server(port: int, environment: dict, log: Path) -> subprocess.Popen:
    handle = log.open("ab")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ssr_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=environment,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture
def stack(transactional_db, tmp_path):
    with SmtpServer() as smtp:
        environment = portal_environment(
            SSR_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            SSR_EMAIL_HOST="127.0.0.1",
            SSR_EMAIL_PORT=str(smtp.port),
            SSR_WORKER_HEARTBEAT_SECONDS="1",
        )
        processes, bases, logs = [], [], []
        try:
            for number in (1, 2):
                port = free_port()
                log = tmp_path / f"app-server-{number}.log"
                processes.append(_start_app_server(port, environment, log))
                bases.append(f"http://127.0.0.1:{port}")
                logs.append(log)
            worker_log = tmp_path / "worker.log"
            processes.append(start_worker(environment, worker_log))
            logs.append(worker_log)
            for base in bases:
                wait_for(lambda b=base: _answers(b + "/healthz"), what=base, timeout=60)
            yield Stack(bases=bases, smtp=smtp, logs=logs)
        finally:
            for process in processes:
                stop(process)
