from unittest import mock

from django.db import DatabaseError


def test_healthz_reports_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch("ssr_portal.views.connection.cursor", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_reads_no_session(client, alice, django_assert_num_queries):
    """A monitor's request (with a session cookie or not) costs the one query."""
    client.force_login(alice)
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "sessionid" not in response.cookies
