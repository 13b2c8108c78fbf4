"""The log lines (issue 9 §6): one JSON object per line with timestamp, level,
logger, message, the request's id and the user's id; nothing personal or secret.
The lines are read from the handler the settings configure, as production
writes them (ssr_portal/lib/log.py)."""

import io
import json
import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client

from ssr_portal.lib.log import JsonFormatter, TextFormatter

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "hemligt-Lösenord-4711"


@contextmanager
def log_lines(level=logging.DEBUG):
    """What the root's handler (LOGGING's "console") writes meanwhile, as lines;
    every logger at `level`, so that a debug line would be caught too."""
    root = logging.getLogger()
    handler = next(h for h in root.handlers if isinstance(h.formatter, JsonFormatter))
    stream = io.StringIO()
    # Not setStream(): it flushes the stream it replaces, which pytest may have
    # closed already (its capture of the process's stderr at django.setup()).
    previous, handler.stream = handler.stream, stream
    levels = {name: logging.getLogger(name).level for name in ("", "django")}
    for name in levels:
        logging.getLogger(name).setLevel(level)
    lines: list[str] = []
    try:
        yield lines
    finally:
        handler.stream = previous
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)
        lines.extend(stream.getvalue().splitlines())


def test_a_request_logs_a_json_line_with_its_request_id_and_the_user_id(client, alice):
    client.force_login(alice)
    with log_lines() as lines:
        response = client.get("/cases/999999/", headers={"X-Request-ID": "lb-7f3a9c"})
    assert response.status_code == 404
    records = [json.loads(line) for line in lines]
    [not_found] = [r for r in records if r["logger"] == "django.request"]
    assert not_found["message"] == "Not Found: /cases/999999/"
    assert not_found["level"] == "WARNING"
    assert not_found["request_id"] == "lb-7f3a9c"
    assert not_found["user_id"] == alice.pk
    assert not_found["status_code"] == 404
    assert not_found["timestamp"].endswith("+00:00")
    # The number, never the name or the address.
    assert "alice" not in "\n".join(lines).lower()


def test_the_response_carries_the_request_id(client, db):
    given = client.get("/healthz", headers={"X-Request-ID": "3f2c9a0e-5b7d-4c1e"})
    assert given["X-Request-ID"] == "3f2c9a0e-5b7d-4c1e"
    made = client.get("/healthz")
    assert len(made["X-Request-ID"]) == 32
    assert made["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.mark.parametrize(
    "header",
    ["", "has spaces", "x" * 129, "newline\r\nX-Evil: 1", "<script>", "åäö"],
)
def test_an_insane_request_id_is_replaced_by_a_new_one(client, db, header):
    response = client.get("/healthz", headers={"X-Request-ID": header})
    assert response["X-Request-ID"] != header
    assert len(response["X-Request-ID"]) == 32


def test_a_post_with_a_password_logs_no_password(db, alice):
    checking = Client(enforce_csrf_checks=True)
    with log_lines() as lines:
        # Refused by the CSRF check (a line is logged), then a wrong password,
        # then the right one.
        refused = checking.post("/login/", {"username": "alice", "password": PASSWORD})
        checking.get("/login/")
        token = checking.cookies["csrftoken"].value
        wrong = checking.post(
            "/login/",
            {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        alice.set_password(PASSWORD)
        alice.save()
        right = checking.post(
            "/login/",
            {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
    assert (refused.status_code, wrong.status_code, right.status_code) == (
        403,
        200,
        302,
    )
    text = "\n".join(lines)
    assert "Forbidden (CSRF cookie not set.): /login/" in text
    assert all(json.loads(line)["request_id"] for line in lines)
    for secret in (PASSWORD, token, checking.cookies["sessionid"].value):
        assert secret not in text


def test_request_lines_lose_their_query_string_and_personal_numbers(db):
    with log_lines() as lines:
        # As runserver logs a request (django.server).
        logging.getLogger("django.server").info(
            '"%s" %s %s', "GET /diarium/?q=19121212-1212&page=2 HTTP/1.1", 200, 5403
        )
        logging.getLogger("cases").warning(
            "Dispatch failed: %s",
            "{'registrator@huddinge.se': (550, 'no')} 121212-1212",
        )
        logging.getLogger("django_tasks").info(
            "Task id=%s state=RUNNING", "1f190505-1234-430d-8d4e-47a586494be2"
        )
    first, second, third = (json.loads(line)["message"] for line in lines)
    # An id is not a personal number, though its digits may look like one.
    assert third == "Task id=1f190505-1234-430d-8d4e-47a586494be2 state=RUNNING"
    assert first == '"GET /diarium/ HTTP/1.1" 200 5403'
    assert "1212" not in second and "huddinge.se" not in second
    assert "[personnummer]" in second and "[e-mail]" in second


def test_an_extra_field_named_like_a_secret_is_redacted(db):
    with log_lines() as lines:
        logging.getLogger("cases").info(
            "Signed in",
            extra={"password": PASSWORD, "session_key": "abc", "attempts": 2},
        )
    [line] = [json.loads(line) for line in lines]
    assert line["password"] == line["session_key"] == "[redacted]"
    assert line["attempts"] == 2


def test_a_traceback_stays_on_one_line(db):
    with log_lines() as lines:
        try:
            raise ValueError("first line\nsecond line")
        except ValueError:
            logging.getLogger("cases").exception("It failed")
    [line] = lines
    assert "second line" in json.loads(line)["exception"]


def _python(code: str, **environment: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SSR_")}
    clean.update(
        DJANGO_SETTINGS_MODULE="ssr_portal.settings.base",
        SSR_SECRET_KEY="test-only-secret-key-with-enough-length-0123456789",
        **environment,
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


LOG_A_LINE = "import logging; logging.getLogger('ssr_portal').warning('Hello %s', 7)"


def test_production_logs_json_lines_by_default():
    result = _python(LOG_A_LINE)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert {k: line[k] for k in ("level", "logger", "message")} == {
        "level": "WARNING",
        "logger": "ssr_portal",
        "message": "Hello 7",
    }


def test_developers_may_choose_plain_text():
    result = _python(LOG_A_LINE, SSR_LOG_FORMAT="text")
    last = result.stderr.strip().splitlines()[-1]
    assert last.endswith("WARNING ssr_portal Hello 7")
    assert not last.startswith("{")


def test_an_unknown_log_format_is_refused_with_the_variable_name():
    result = _python(LOG_A_LINE, SSR_LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "SSR_LOG_FORMAT" in result.stderr


def test_the_text_format_shows_the_request():
    record = logging.LogRecord("cases", logging.INFO, "", 0, "Saved", None, None)
    record.request_id, record.user_id = "3f2c9a0e5b7d4c1e", 7
    assert TextFormatter().format(record).endswith("INFO cases [3f2c9a0e user=7] Saved")
