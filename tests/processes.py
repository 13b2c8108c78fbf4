"""The portal's own processes for the tests that need them as production runs
them: an app server (gunicorn with the repository's gunicorn.conf.py) and a task
worker (`manage.py db_worker`), with production's settings
(ssr_portal.settings.base, debug off) on the test's database, and a real SMTP
server to receive what they send."""

import asyncio
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email import message_from_bytes
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

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


def start_app_server(
    environment: dict[str, str], log: Path, *, workers: int = 1
) -> tuple[subprocess.Popen, str]:
    """gunicorn as `make serve` runs it (gunicorn.conf.py, read from the
    repository's folder) on a free port; returns the process and its base URL."""
    port = free_port()
    handle = log.open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ssr_portal.wsgi"],
        cwd=ROOT,
        env={
            **environment,
            "SSR_BIND": f"127.0.0.1:{port}",
            "SSR_WEB_WORKERS": str(workers),
        },
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def answers(url: str, *, status: int = 200) -> bool:
    """Whether a GET of `url` answers with `status` (within two seconds)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            return response.status == status
    except urllib.error.HTTPError as error:
        return error.code == status
    except (urllib.error.URLError, OSError):
        return False


class Visitor:
    """A browser without the browser: keeps cookies (Secure ones too, as browsers
    do on 127.0.0.1), follows no redirects."""

    def __init__(self, base: str) -> None:
        self.address = urlsplit(base).netloc
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, *, data=None, headers=None):
        connection = http.client.HTTPConnection(self.address, timeout=60)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(
                f"{k}={m.value}" for k, m in self.cookies.items()
            )
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        connection.close()
        return response, content

    @property
    def csrf_token(self) -> str:
        return self.cookies["csrftoken"].value

    def log_in(self, username: str, password: str) -> int:
        """The login form, as a person fills it in; the status of the POST (302
        when it let them in)."""
        self.request("GET", "/login/")
        response, _ = self.request(
            "POST",
            "/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.csrf_token,
            },
        )
        return response.status


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


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own, to stop and start (the machine's
    own on 5432 is shared and never stopped): Debian's binaries, `initdb` into a
    temporary folder and `pg_ctl` on a free port. PostgreSQL refuses to run as
    root, so its commands run as the postgres user when the test runs as root."""

    BIN = Path("/usr/lib/postgresql/15/bin")

    def __init__(self) -> None:
        import tempfile

        self.port = free_port()
        # Under /tmp, not pytest's tmp_path: postgres must reach the folder.
        self.folder = Path(tempfile.mkdtemp(prefix="ssr-postgres-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"

    @classmethod
    def available(cls) -> bool:
        return (cls.BIN / "pg_ctl").exists()

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command],
            check=check,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def __enter__(self) -> "PrivatePostgres":
        if os.geteuid() == 0:
            import pwd

            postgres = pwd.getpwnam("postgres")
            os.chown(self.folder, postgres.pw_uid, postgres.pw_gid)
        self._run(
            str(self.BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        import shutil

        self.stop(check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off"
        )
        self._run(
            str(self.BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log),
            "-w",
            "start",
        )

    def stop(self, *, check: bool = True) -> None:
        """As an administrator's `pg_ctl stop -m fast`: every session is ended."""
        self._run(
            str(self.BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            "fast",
            "-w",
            "stop",
            check=check,
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
