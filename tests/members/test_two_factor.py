"""Two-factor login (members/two_factor.py, members/account_views.py): the roles
that give a code at login, setting up the app with its recovery codes, the code
at later logins, and the steps that refuse a session without it."""

import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.roles import Role
from tests.factories import UserFactory
from tests.helpers import login_verified, totp_code, totp_device

PASSWORD = "secret-password"


@pytest.fixture
def director(huddinge):
    return UserFactory(username="camilla", organisation=huddinge, roles=[Role.DIRECTOR])


@pytest.fixture
def official(huddinge):
    return UserFactory(username="olle", organisation=huddinge, roles=[Role.OFFICIAL])


def _password(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def _later():
    return time_machine.travel(time.time() + 5, tick=False)


def _is_verified(client) -> bool:
    return "otp_device_id" in client.session


def test_an_official_logs_in_with_the_password_alone(client, official):
    response = _password(client, official)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("cases:list")).status_code == 200


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.SECRETARY, Role.REGISTRAR])
def test_the_roles_that_approve_adjust_or_mark_secrecy_give_a_code(
    client, huddinge, role
):
    user = UserFactory(username="person", organisation=huddinge, roles=[role])

    response = _password(client, user, next_url=reverse("cases:list"))

    assert response.status_code == 302
    assert response["Location"] == (reverse("account:two-factor") + "?next=%2Fcases%2F")
    # Until the code is given, every page leads to it and back.
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account:two-factor"))
    assert client.get(reverse("cases:list"), headers={"HX-Request": "true"})[
        "HX-Redirect"
    ].startswith(reverse("account:two-factor"))
    api = client.get("/api/cases/")
    assert api.status_code == 403
    assert "tvåfaktor" in api.json()["detail"]


def test_a_first_login_sets_up_the_app_and_shows_the_recovery_codes_once(
    client, director
):
    response = _password(client, director, next_url=reverse("cases:list"))
    response = client.get(response["Location"])
    # No app yet: to the setup, keeping where the person was going.
    assert response.status_code == 302
    setup = response["Location"]
    assert setup == reverse("account:two-factor-setup") + "?next=%2Fcases%2F"

    page = client.get(setup)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ställ in tvåfaktorinloggning" in text
    # The QR code is made on the server, as an inline SVG with a text alternative,
    # and the key is there as text for those who cannot scan it.
    assert '<svg class="two-factor-qr" role="img" aria-label="' in text
    device = TOTPDevice.objects.get(user=director, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    assert secret in text.replace(" ", "")
    assert len(secret) == 32

    wrong = client.post(setup, {"code": "000000", "next": "/cases/"})
    assert wrong.status_code == 400
    assert "Koden är fel" in wrong.content.decode()
    assert not _is_verified(client)

    # After a wrong code, the next is accepted a moment later (django-otp's
    # throttling, which makes guessing slow).
    with _later():
        response = client.post(setup, {"code": totp_code(device), "next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("account:recovery-codes") + "?next=%2Fcases%2F"
    )
    assert _is_verified(client)
    codes_page = client.get(response["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    assert codes_page["Cache-Control"] == "no-store"
    # Shown once: the next visit goes on to the page.
    again = client.get(response["Location"])
    assert again.status_code == 302
    assert again["Location"] == "/cases/"
    assert client.get(reverse("cases:list")).status_code == 200


def test_a_later_login_asks_for_the_code(client, director):
    device = totp_device(director)
    response = _password(client, director, next_url="/cases/")
    verify = response["Location"]
    page = client.get(verify)
    assert page.status_code == 200
    assert "Tvåfaktorinloggning" in page.content.decode()

    wrong = client.post(verify, {"code": "123456", "next": "/cases/"})
    assert wrong.status_code == 400
    assert "Koden är fel eller för gammal" in wrong.content.decode()

    with _later():
        response = client.post(verify, {"code": totp_code(device), "next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert _is_verified(client)
    assert client.get(reverse("cases:list")).status_code == 200


def test_a_recovery_code_logs_in_once(client, director):
    from django_otp.plugins.otp_static.models import StaticDevice

    totp_device(director)
    static = StaticDevice.objects.create(user=director, name="Recovery codes")
    StaticToken.objects.create(device=static, token="abcd2345")
    verify = _password(client, director)["Location"]

    response = client.post(verify, {"code": "ABCD-2345", "next": "/"}, follow=True)
    assert _is_verified(client)
    assert "återställningskod" in response.content.decode()

    client.post(reverse("logout"))
    verify = _password(client, director)["Location"]
    assert client.post(verify, {"code": "abcd2345"}).status_code == 400
    assert not _is_verified(client)


def test_the_next_page_must_be_the_portals(client, director):
    device = totp_device(director)
    _password(client, director)
    response = client.post(
        reverse("account:two-factor"),
        {"code": totp_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_the_admin_staff_give_a_code_at_login(client, huddinge):
    staff = UserFactory(username="it", organisation=huddinge, is_staff=True)

    response = _password(client, staff, next_url="/admin/")

    assert response["Location"].startswith(reverse("account:two-factor"))
    assert client.get("/admin/").status_code == 302


def test_without_the_requirement_no_code_is_asked(client, director, settings):
    settings.SSR_OTP_REQUIRED = False

    assert _password(client, director)["Location"] == reverse("home")


def test_the_pages_are_in_swedish_and_need_a_login(client, director):
    for name in ("account:two-factor", "account:two-factor-setup"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    login_verified(client, director)
    page = client.get(reverse("account:two-factor"))
    assert '<html lang="sv"' in page.content.decode()


def test_wrong_codes_are_throttled(client, director):
    device = totp_device(director)
    verify = _password(client, director)["Location"]
    client.post(verify, {"code": "111111"})

    # Right away, even the right code is refused.
    assert client.post(verify, {"code": totp_code(device)}).status_code == 400
    assert not _is_verified(client)


def test_production_requires_two_factor_login(settings):
    # The test settings are production's (debug off, SSR_OTP_REQUIRED unset).
    assert settings.SSR_OTP_REQUIRED is True
