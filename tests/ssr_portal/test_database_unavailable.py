"""The database goes away (issue 9 §5): every request gets the page "Portalen är
tillfälligt otillgänglig" with 503 and Retry-After (JSON for the API), rendered
without the database; never a 500. The scripted fault check with a real
PostgreSQL stopped under load is tests/ssr_portal/test_database_fault.py."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client

SWEDISH_HEADING = "Portalen är tillfälligt otillgänglig"


@pytest.fixture
def database_down(db):
    """Every new cursor fails as with PostgreSQL stopped (connection refused)."""
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError(
            'connection failed: connection to server at "127.0.0.1", port 5432 '
            "failed: Connection refused"
        ),
    ):
        yield


@pytest.fixture
def visitor():
    # The 500 handler's errors are answered, not raised into the test.
    return Client(raise_request_exception=False)


@pytest.fixture
def official(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    return client


def _assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<html lang="sv"' in page
    assert SWEDISH_HEADING in page
    assert response["X-Request-ID"] in page


@pytest.mark.parametrize(
    "path",
    ["/", "/diarium/", "/cases/", "/cases/1/", "/malbild/", "/no-such-page/"],
)
def test_an_official_gets_the_swedish_503_page(official, database_down, path):
    _assert_unavailable_page(official.get(path))


@pytest.mark.parametrize("path", ["/diarium/", "/anslagstavla/", "/members/"])
def test_a_visitor_gets_the_swedish_503_page(visitor, database_down, path):
    _assert_unavailable_page(visitor.get(path))


def test_a_page_that_needs_no_database_is_still_served(visitor, database_down):
    assert visitor.get("/login/").status_code == 200


def test_a_post_gets_the_503_page(official, ks, database_down):
    response = official.post(
        "/cases/register/", {"board": ks.pk, "title": "Ny krisplan", "kind": "decision"}
    )
    _assert_unavailable_page(response)


def test_a_login_gets_the_503_page(visitor, database_down):
    response = visitor.post("/login/", {"username": "alice", "password": "x"})
    _assert_unavailable_page(response)


def test_the_api_answers_503_in_json(official, database_down):
    response = official.get("/api/cases/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "Databasen går inte att nå just nu. Försök igen om en stund."
    }


def test_an_error_after_the_view_is_a_503_too(official):
    """The view ran and changed the session; saving it afterwards finds the
    database gone (outside the view: the 500 handler's path)."""

    def view_that_remembers(request, template, context=None):
        request.session["seen_home"] = True
        return HttpResponse("start page")

    with (
        mock.patch("ssr_portal.views.render", view_that_remembers),
        mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.save",
            side_effect=InterfaceError("connection already closed"),
        ),
    ):
        _assert_unavailable_page(official.get("/"))


def test_the_page_is_rendered_without_session_user_or_context_processors(
    official, database_down
):
    with mock.patch(
        "ssr_portal.context_processors.portal", side_effect=AssertionError("asked")
    ):
        _assert_unavailable_page(official.get("/cases/"))


def test_an_error_that_is_not_the_database_stays_a_500(visitor, db):
    with mock.patch("ssr_portal.views.render", side_effect=ValueError("a bug")):
        response = visitor.get("/")
    assert response.status_code == 500
    assert SWEDISH_HEADING not in response.content.decode()


def test_one_warning_line_per_request_with_the_reason(visitor, database_down, caplog):
    visitor.get("/diarium/")
    records = [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert [r.getMessage() for r in records] == [
        "Database unavailable: GET /diarium/ answered 503 (OperationalError: "
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        "Connection refused)"
    ]


def test_the_portal_answers_again_when_the_database_is_back(visitor, db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        assert visitor.get("/diarium/").status_code == 503
    assert visitor.get("/diarium/").status_code == 200
