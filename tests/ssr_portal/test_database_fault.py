"""Fault check (issue 9 §5): PostgreSQL stopped and started under load.

A private PostgreSQL cluster (tests/processes.py, PrivatePostgres: the machine's
own is shared and never stopped), migrated, with an official of Huddinge; gunicorn
with two workers and production's settings on it (gunicorn.conf.py); threads that
register cases through the form as the official and read pages. Then:

1. PostgreSQL restarted while nobody asks: each worker's persistent connection
   (CONN_MAX_AGE) is dead, and the first requests afterwards must not notice
   (Django's health check on the connection reconnects).
2. PostgreSQL stopped (`pg_ctl stop -m fast`) for a few seconds under load and
   started again: no response is a 500 (each is 2xx/3xx, or a 503 with the
   Swedish page), the portal answers 200 again by itself within seconds, and
   no case is half-written (each has its number and its history row, the
   serials have no gap, and every registration the portal confirmed exists).

The figures are printed (run with -s): requests, 503s, seconds to recover.
PostgreSQL's binaries and the suite's PostgreSQL pass only (`make test-postgres`)."""

import http.client
import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import psycopg
import pytest
from django.db import connection

from tests.processes import (
    ROOT,
    PrivatePostgres,
    Visitor,
    answers,
    portal_environment,
    start_app_server,
    stop,
    wait_for,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not PrivatePostgres.available(),
        reason="the fault check runs in the PostgreSQL pass, with Debian's binaries",
    ),
]

PASSWORD = "belastning-4711"
SWEDISH_HEADING = "Portalen är tillfälligt otillgänglig"
OUTAGE_SECONDS = 4
RECOVERY_LIMIT_SECONDS = 15

SEED = f"""
import json
from members.roles import Role
from tests.factories import BoardFactory, OrganisationFactory, UserFactory
huddinge = OrganisationFactory(
    name="Huddinge kommun", municipality_code="0126", slug="huddinge"
)
ks = BoardFactory(organisation=huddinge, name="Kommunstyrelsen", prefix="KS")
UserFactory(
    username="handlaggare",
    organisation=huddinge,
    roles=[Role.OFFICIAL],
    password="{PASSWORD}",
)
print(json.dumps({{"board": ks.pk}}))
"""


@dataclass
class Answer:
    started: float
    method: str
    path: str
    status: int
    swedish_503: bool
    location: str


def _manage(environment: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Load:
    """Threads asking the server until `stop`: `posters` register cases through
    the form as the official, `readers` read pages that need the database."""

    READ = ["/diarium/", "/cases/", "/healthz"]

    def __init__(self, base: str, board: int, *, posters: int, readers: int) -> None:
        self.base, self.board = base, board
        self.answers: list[Answer] = []
        self.failures: list[str] = []
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._post, args=(n,)) for n in range(posters)
        ] + [threading.Thread(target=self._read, args=(n,)) for n in range(readers)]

    def _ask(self, visitor: Visitor, method: str, path: str, data=None) -> None:
        started = time.monotonic()
        try:
            response, body = visitor.request(method, path, data=data)
        except (OSError, http.client.HTTPException) as error:
            with self._lock:
                self.failures.append(f"{method} {path}: {error!r}")
            return
        answer = Answer(
            started,
            method,
            path,
            response.status,
            response.status == 503 and _is_the_503(path, body),
            response.headers.get("Location", ""),
        )
        with self._lock:
            self.answers.append(answer)

    def _logged_in(self) -> Visitor:
        visitor = Visitor(self.base)
        assert visitor.log_in("handlaggare", PASSWORD) == 302
        return visitor

    def _post(self, number: int) -> None:
        visitor = self._logged_in()
        serial = 0
        while not self._stopped.is_set():
            serial += 1
            self._ask(
                visitor,
                "POST",
                "/cases/register/",
                {
                    "csrfmiddlewaretoken": visitor.csrf_token,
                    "board": self.board,
                    "title": f"Belastningsprov {number}-{serial}",
                    "kind": "decision",
                    "secrecy": "public",
                },
            )

    def _read(self, number: int) -> None:
        visitor = self._logged_in()
        turn = number
        while not self._stopped.is_set():
            self._ask(visitor, "GET", self.READ[turn % len(self.READ)])
            turn += 1

    def __enter__(self) -> "Load":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopped.set()
        for thread in self._threads:
            thread.join(timeout=60)


def _is_the_503(path: str, body: bytes) -> bool:
    """The Swedish page, or /healthz's own answer ({"database": "error"})."""
    if path == "/healthz":
        return body == b'{"status": "error", "database": "error"}'
    return SWEDISH_HEADING in body.decode(errors="replace")


def _cases(url: str) -> tuple[list[tuple], set[int], int]:
    with psycopg.connect(url) as database:
        cases = database.execute(
            "SELECT id, year, serial, number FROM cases_case ORDER BY serial"
        ).fetchall()
        created = {
            row[0]
            for row in database.execute(
                "SELECT id FROM cases_historicalcase WHERE history_type = '+'"
            )
        }
        series = database.execute(
            "SELECT COALESCE(MAX(last_serial), 0) FROM cases_diariumseries"
        ).fetchone()[0]
    return cases, created, series


def test_postgresql_stopped_and_started_under_load(tmp_path):
    log = tmp_path / "app-server.log"
    with PrivatePostgres() as postgres:
        url = postgres.create_database("ssr_fault")
        environment = portal_environment(DATABASE_URL=url)
        _manage(environment, "migrate", "--no-input", "-v", "0")
        board = json.loads(_manage(environment, "shell", "--no-imports", "-c", SEED))[
            "board"
        ]
        server, base = start_app_server(environment, log, workers=2)
        try:
            wait_for(lambda: answers(base + "/healthz"), timeout=60, what="the server")

            # 1. A restart nobody sees: the workers' connections go stale.
            reader = Visitor(base)
            assert reader.log_in("handlaggare", PASSWORD) == 302
            for _ in range(6):
                assert reader.request("GET", "/cases/")[0].status == 200
            postgres.stop()
            postgres.start()
            after_quiet_restart = [
                reader.request("GET", path)[0].status
                for path in ["/cases/", "/diarium/"] * 4
            ]
            assert after_quiet_restart == [200] * 8

            # 2. An outage under load.
            with Load(base, board, posters=3, readers=2) as load:
                time.sleep(3)
                stopped_at = time.monotonic()
                postgres.stop()
                time.sleep(OUTAGE_SECONDS)
                postgres.start()
                restarted_at = time.monotonic()
                wait_for(
                    lambda: any(
                        a.started >= restarted_at
                        and a.status == 200
                        and a.path != "/healthz"
                        for a in list(load.answers)
                    ),
                    timeout=RECOVERY_LIMIT_SECONDS,
                    what="a page after the restart",
                )
                time.sleep(3)
        finally:
            assert stop(server) == 0, log.read_text()[-3000:]

        cases, created, last_serial = _cases(url)

    answered = load.answers
    recovered_at = min(
        a.started
        for a in answered
        if a.started >= restarted_at and a.status == 200 and a.path != "/healthz"
    )
    unavailable = [a for a in answered if a.status == 503]
    figures = {
        "requests": len(answered),
        "registrations": sum(a.method == "POST" for a in answered),
        "cases_registered": len(cases),
        "503s": len(unavailable),
        "503s_during_outage": sum(
            stopped_at <= a.started < restarted_at for a in unavailable
        ),
        "seconds_down": round(restarted_at - stopped_at, 1),
        "seconds_to_recover": round(recovered_at - restarted_at, 2),
    }
    print(f"\nFault check, PostgreSQL stopped under load: {json.dumps(figures)}")

    assert load.failures == []
    # No 500 or other error: a page, a redirect, or the Swedish 503.
    wrong = [
        (a.method, a.path, a.status)
        for a in answered
        if not (200 <= a.status < 400 or (a.status == 503 and a.swedish_503))
    ]
    assert wrong == [], log.read_text()[-3000:]
    assert unavailable, "the outage was not seen: the check checked nothing"
    # Once a page answers again, every request does (no stale connection errors).
    assert [
        (a.method, a.path, a.status)
        for a in answered
        if a.started > recovered_at and a.status >= 400
    ] == []
    assert recovered_at - restarted_at < RECOVERY_LIMIT_SECONDS

    # No half-written case: numbers without gaps, each with its number and the
    # history row case_register writes, the series at the last serial, and every
    # registration the portal confirmed (302 to the case) is there.
    assert [serial for _, _, serial, _ in cases] == list(range(1, len(cases) + 1))
    assert all(number == f"KS {year}/{serial}" for _, year, serial, number in cases)
    assert {case_id for case_id, *_ in cases} == created
    assert last_serial == len(cases)
    confirmed = {
        int(a.location.rstrip("/").rsplit("/", 1)[-1])
        for a in answered
        if a.method == "POST" and a.status == 302
    }
    assert confirmed <= created
    assert len(confirmed) > 10, "too few registrations to tell"
