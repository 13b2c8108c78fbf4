"""The session's limits (members/middleware.py): an idle timeout and a lifetime,
after which the person logs in again, is told why and comes back to the page."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from members.roles import Role
from tests.factories import UserFactory

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
PASSWORD = "secret-password"


@pytest.fixture
def official(huddinge):
    return UserFactory(username="olle", organisation=huddinge, roles=[Role.OFFICIAL])


def _log_in(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def _at(minutes: float):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def test_the_session_cookie_lasts_as_long_as_a_login():
    assert settings.SESSION_COOKIE_AGE == settings.SSR_SESSION_MAX_SECONDS == 36000
    assert settings.SSR_SESSION_IDLE_SECONDS == 1800


def test_a_session_in_use_stays(client, official):
    with _at(0):
        _log_in(client, official)
    for minutes in (20, 40, 60, 80):
        with _at(minutes):
            assert client.get(reverse("cases:list")).status_code == 200


def test_an_idle_session_ends_and_the_login_leads_back(client, official):
    with _at(0):
        _log_in(client, official)
    with _at(31):
        response = client.get(reverse("cases:list") + "?q=budget")

        assert response.status_code == 302
        assert response["Location"] == (
            reverse("login") + "?next=%2Fcases%2F%3Fq%3Dbudget"
        )
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
        text = page.content.decode()
        assert "du inte hade använt portalen på 30 minuter" in text

        response = client.post(
            response["Location"],
            {"username": "olle", "password": PASSWORD, "next": "/cases/?q=budget"},
        )
        assert response["Location"] == "/cases/?q=budget"


def test_a_session_ends_after_its_lifetime_even_in_use(client, official):
    with _at(0):
        _log_in(client, official)
    for minutes in range(25, 600, 25):
        with _at(minutes):
            assert client.get(reverse("cases:list")).status_code == 200
    with _at(601):
        response = client.get(reverse("cases:list"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "en inloggning varar högst 10 timmar" in response.content.decode()


def test_an_htmx_request_of_an_ended_session_redirects_the_page(client, official):
    with _at(0):
        _log_in(client, official)
    with _at(45):
        response = client.get(
            reverse("cases:list"),
            headers={
                "HX-Request": "true",
                "HX-Current-URL": "http://testserver/cases/?page=2",
            },
        )

    # Not the login page swapped into a fragment: htmx loads it as the page.
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login") + "?next=%2Fcases%2F%3Fpage%3D2"
    assert not response.content


def test_the_api_of_an_ended_session_answers_as_to_no_login(client, official):
    with _at(0):
        _log_in(client, official)
    with _at(45):
        response = client.post("/api/cases/1/submit/")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
