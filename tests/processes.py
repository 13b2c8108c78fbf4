"""The portal's own processes for the tests that need them as production runs
them: a task worker (`manage.py db_worker`), with production's settings
(ssr_portal.settings.base, debug off) on the test's database, and a real SMTP
server to receive what they send."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from django.conf import settings
from django.db import connection

from ssr_portal.lib.storage import S3_BACKEND
from tests.s3_server import s3_environment

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The URL of the database the test runs on (pytest-django's test_…)."""
    db = connection.settings_dict
    assert db["ENGINE"].endswith("postgresql"), "a second process needs PostgreSQL"
    user = db["USER"] or "postgres"
    auth = f"{user}:{db['PASSWORD']}" if db["PASSWORD"] else user
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def portal_environment(**overrides: str) -> dict[str, str]:
    """Production's settings on the test's database and files: the SSR_
    variables of this run (object storage, Redis) and a test secret."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SSR_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(
        {key: value for key, value in os.environ.items() if key.startswith("SSR_REDIS")}
    )
    # The test's own bucket (each xdist worker has one), as its MEDIA_ROOT below.
    storage = settings.STORAGES["default"]
    if storage["BACKEND"] == S3_BACKEND:
        environment.update(s3_environment(storage["OPTIONS"]))
    environment.update(
        DJANGO_SETTINGS_MODULE="ssr_portal.settings.base",
        DATABASE_URL=database_url(),
        SSR_SECRET_KEY="test-only-secret-key-with-enough-length-0123456789",
        SSR_ALLOWED_HOSTS="127.0.0.1,localhost",
        SSR_SECURE_SSL_REDIRECT="false",
        SSR_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SSR_STATIC_ROOT=str(settings.STATIC_ROOT),
        SSR_LOG_LEVEL="INFO",
    )
    environment.update(overrides)
    return environment


def start_worker(environment: dict[str, str], log: Path) -> subprocess.Popen:
    """`manage.py db_worker` as IT runs it (no reloader), polling often."""
    handle = log.open("ab")
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--queue-name",
            "*",
        ],
        cwd=ROOT,
        env=environment,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def kill(process: subprocess.Popen) -> None:
    """As a crash or the OOM killer does: no chance to clean up."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen) -> int:
    """As systemd does: SIGTERM, and the worker finishes its task first."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def wait_for(
    condition: Callable[[], object], *, timeout: float = 30, what: str = ""
) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free port. `stall_first` holds the
    first connection at its EHLO until `release()`, as a slow or hung mail
    server does; the messages it accepted are in `messages`."""

    def __init__(self, *, stall_first: bool = False) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Message] = []
        self.connections = 0
        self._stall = stall_first
        self._released: asyncio.Event | None = None
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self._controller.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()
        self._controller.stop()

    def release(self) -> None:
        if self._released is not None:
            self._controller.loop.call_soon_threadsafe(self._released.set)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        if self._stall and self.connections == 1:
            self._released = asyncio.Event()
            await self._released.wait()
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"
