"""The lockout after repeated failed logins (django-axes, members/lockout.py)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from members.roles import Role
from tests.factories import UserFactory

PASSWORD = "secret-password"
LIMIT = 5  # SSR_LOGIN_FAILURE_LIMIT's default


@pytest.fixture
def official(huddinge):
    return UserFactory(username="olle", organisation=huddinge, roles=[Role.OFFICIAL])


def _log_in(client, username, password, address="192.0.2.10", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def _fail(client, username, times, address="192.0.2.10", **headers):
    for _ in range(times):
        response = _log_in(client, username, "wrong", address, **headers)
    return response


def _is_logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_the_right_password_is_refused_after_too_many_wrong_ones(client, official):
    response = _fail(client, "olle", LIMIT)

    assert response.status_code == 429
    response = _log_in(client, "olle", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "För många misslyckade inloggningar" in text
    assert "15 minuter" in text
    assert response["Retry-After"] == "900"


def test_the_lockout_page_says_when_to_try_again(client, official):
    at = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        response = _fail(client, "olle", LIMIT)

    # 09:00 UTC is 10:00 in Stockholm; the cool-off is 15 minutes.
    assert "10:15" in response.content.decode()
    assert '<html lang="sv"' in response.content.decode()


def test_fewer_failures_than_the_limit_do_not_lock(client, official):
    _fail(client, "olle", LIMIT - 1)

    assert _is_logged_in(_log_in(client, "olle", PASSWORD))


def test_the_username_is_locked_from_every_address(client, official):
    _fail(client, "olle", LIMIT, address="192.0.2.10")

    assert _log_in(client, "olle", PASSWORD, address="198.51.100.7").status_code == 429


def test_the_address_is_locked_for_every_username(client, official, huddinge):
    UserFactory(username="other", organisation=huddinge, roles=[Role.OFFICIAL])
    for number in range(LIMIT):
        _log_in(client, f"guess{number}", "wrong", address="192.0.2.99")

    assert _log_in(client, "olle", PASSWORD, address="192.0.2.99").status_code == 429
    assert _is_logged_in(_log_in(client, "olle", PASSWORD, address="192.0.2.10"))


def test_the_login_works_again_after_the_cool_off(client, official):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        _fail(client, "olle", LIMIT)
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert _log_in(client, "olle", PASSWORD).status_code == 429
    # The refused attempt at 09:14 started the cool-off anew.
    with time_machine.travel(start + datetime.timedelta(minutes=30), tick=False):
        assert _is_logged_in(_log_in(client, "olle", PASSWORD))


def test_a_successful_login_resets_the_count(client, official):
    _fail(client, "olle", LIMIT - 1)
    assert _is_logged_in(_log_in(client, "olle", PASSWORD))
    client.post(reverse("logout"))

    _fail(client, "olle", LIMIT - 1)

    assert _is_logged_in(_log_in(client, "olle", PASSWORD))


def test_the_admin_login_is_the_portals_and_locks_too(client, official):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=%2Fadmin%2F"

    _fail(client, "olle", LIMIT)
    assert _log_in(client, "olle", PASSWORD).status_code == 429


def test_forwarded_for_is_ignored_unless_a_proxy_is_configured(client, official):
    # A client that invents a new X-Forwarded-For each time is still one address.
    for number in range(LIMIT):
        _log_in(
            client,
            f"guess{number}",
            "wrong",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )

    assert _log_in(client, "olle", PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(
    client, official, settings
):
    settings.SSR_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.10"
    for number in range(LIMIT):
        _log_in(
            client,
            f"guess{number}",
            "wrong",
            address=proxy,
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.5",
        )

    # The locked address is the client's, not the proxy's: others behind the
    # same proxy still log in; the client does not, whatever it puts in front.
    assert _is_logged_in(
        _log_in(
            client, "olle", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6"
        )
    )
    client.post(reverse("logout"))
    response = _log_in(
        client,
        "olle",
        PASSWORD,
        address=proxy,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5",
    )
    assert response.status_code == 429
