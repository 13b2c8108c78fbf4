"""The app server and the worker as processes, as `make serve` runs them (issue 9
§2 and §6): gunicorn with the repository's gunicorn.conf.py and production's
settings on the test's PostgreSQL database. Their log lines are JSON, the access
line has the request id, status, duration and the path without its query string,
the user's id and nothing secret; a HEAD is answered without a body.

PostgreSQL only: a second process cannot share SQLite's in-memory test database."""

import json
from pathlib import Path

import pytest
from django.conf import global_settings
from django.db import connection

from tests.processes import (
    Visitor,
    answers,
    portal_environment,
    start_app_server,
    start_worker,
    stop,
    wait_for,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="an app server process needs PostgreSQL (set DATABASE_URL)",
    ),
]

PASSWORD = "hemligt-Lösenord-4711"
PERSONAL_NUMBER = "19121212-1212"


def _lines(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line]


def _access_line(log: Path, request_id: str) -> dict | None:
    return next(
        (
            line
            for line in _lines(log)
            if line["logger"] == "gunicorn.access" and line["request_id"] == request_id
        ),
        None,
    )


@pytest.fixture
def production_password_hasher(settings):
    """A user made here logs in on a server with production's hashers."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture
def app_server(transactional_db, tmp_path):
    log = tmp_path / "app-server.log"
    process, base = start_app_server(portal_environment(), log)
    try:
        wait_for(lambda: answers(base + "/healthz"), timeout=60, what="the server")
        yield base, log
    finally:
        assert stop(process) == 0, log.read_text()


def test_the_access_log_is_json_with_request_id_status_and_path_without_query(
    app_server,
):
    base, log = app_server
    response, _ = Visitor(base).request(
        "GET", f"/diarium/?q={PERSONAL_NUMBER}", headers={"X-Request-ID": "lb-42"}
    )
    assert response.status == 200
    assert response.headers["X-Request-ID"] == "lb-42"
    line = wait_for(lambda: _access_line(log, "lb-42"), what="the access line")
    assert {k: line[k] for k in ("level", "method", "path", "status", "user_id")} == {
        "level": "INFO",
        "method": "GET",
        "path": "/diarium/",
        "status": 200,
        "user_id": None,
    }
    assert line["duration_ms"] > 0
    # Every line of the server is a JSON object (_lines parses them all).
    assert {entry["logger"] for entry in _lines(log)} >= {"gunicorn.error"}
    assert PERSONAL_NUMBER[:8] not in log.read_text()


def test_an_official_s_requests_carry_their_id_and_no_secret(
    app_server, alice, production_password_hasher
):
    base, log = app_server
    alice.set_password(PASSWORD)
    alice.save()
    visitor = Visitor(base)
    visitor.request("GET", "/login/")
    token = visitor.cookies["csrftoken"].value
    response, _ = visitor.request(
        "POST",
        f"/login/?next=/cases/%3Fq%3D{PERSONAL_NUMBER}",
        data={"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={
            "X-Request-ID": "login-1",
            # Not the portal's way in, but gunicorn's default access format logs
            # the user name of any Basic Authorization header.
            "Authorization": "Basic YWxpY2U6aGVtbGlndA==",
            "Referer": f"{base}/login/?secret-referrer",
        },
    )
    assert response.status == 302, "the login was refused"
    session = visitor.cookies["sessionid"].value
    response, _ = visitor.request("GET", "/cases/", headers={"X-Request-ID": "cases-1"})
    assert response.status == 200

    line = wait_for(lambda: _access_line(log, "cases-1"), what="the access line")
    assert line["user_id"] == alice.pk
    login = _access_line(log, "login-1")
    assert (login["path"], login["status"]) == ("/login/", 302)
    text = log.read_text()
    for secret in (PASSWORD, token, session, "YWxpY2U6aGVtbGlndA", "secret-referrer"):
        assert secret not in text
    assert PERSONAL_NUMBER[:8] not in text
    assert "alice" not in text


def test_head_is_answered_like_get_without_a_body(app_server):
    base, log = app_server
    visitor = Visitor(base)
    got, page = visitor.request("GET", "/")
    head, body = visitor.request("HEAD", "/", headers={"X-Request-ID": "monitor-1"})
    assert (got.status, head.status) == (200, 200)
    assert body == b""
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    wait_for(lambda: _access_line(log, "monitor-1"), what="the access line")
    # gunicorn drops a body sent to a HEAD, and warns each time it has to.
    assert "no-body response" not in log.read_text()


def test_the_worker_writes_json_lines(transactional_db, tmp_path):
    log = tmp_path / "worker.log"
    worker = start_worker(portal_environment(), log)
    try:
        wait_for(
            lambda: any("Starting worker" in line["message"] for line in _lines(log)),
            what="the worker's first line",
        )
    finally:
        assert stop(worker) == 0, log.read_text()
    lines = _lines(log)
    assert {line["logger"] for line in lines} >= {"django_tasks_db"}
    assert all(line["level"] and line["timestamp"] for line in lines)
