"""The single sign-on in a real browser: the button on the login page, the
provider's redirect and back (tests/oidc_provider.py), a refusal shown on the
login page; each page accessible (axe) and without JavaScript errors."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.models import User
from members.roles import Role
from tests.e2e.helpers import assert_no_axe_violations
from tests.oidc_provider import OIDCProvider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(settings):
    provider = OIDCProvider().start()
    for name, value in provider.django_settings().items():
        setattr(settings, name, value)
    settings.SSR_OIDC_NAME = "Huddinge-konto"
    settings.SSR_OIDC_ORGANISATION_CLAIM = "kommunkod"
    settings.SSR_OIDC_ROLES_CLAIM = "groups"
    settings.SSR_OIDC_ROLE_MAP = {"SSR-Handlaggare": Role.OFFICIAL.value}
    settings.SSR_OIDC_CREATE_USERS = True
    provider.person = {
        "sub": "c0ffee-0001",
        "email": "eva.ek@huddinge.se",
        "email_verified": True,
        "given_name": "Eva",
        "family_name": "Ek",
        "kommunkod": "0126",
        "groups": ["SSR-Handlaggare"],
    }
    yield provider
    provider.stop()


def test_a_person_logs_in_with_the_organisations_account(
    page, live_server, provider, huddinge, js_errors
):
    page.goto(live_server.url + reverse("login"))
    button = page.get_by_role("link", name="Logga in med Huddinge-konto")
    expect(button).to_be_visible()
    assert_no_axe_violations(page)
    button.focus()
    page.keyboard.press("Enter")  # keyboard only
    expect(page).to_have_url(live_server.url + reverse("home"))
    header = page.get_by_role("banner")
    expect(header).to_contain_text("Eva Ek")
    expect(header).to_contain_text("Huddinge kommun")
    assert User.objects.get(email="eva.ek@huddinge.se").has_role(Role.OFFICIAL)

    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(live_server.url + reverse("home"))
    assert len(provider.logouts) == 1  # the provider's session ended too
    js_errors.assert_none()


def test_an_unknown_organisation_is_told_on_the_login_page(
    page, live_server, provider, huddinge, js_errors
):
    provider.person = {**provider.person, "kommunkod": "9999"}
    page.goto(live_server.url + reverse("login"))
    page.get_by_role("link", name="Logga in med Huddinge-konto").click()
    expect(page).to_have_url(live_server.url + reverse("login"))
    expect(page.get_by_role("alert")).to_contain_text(
        "din organisation (9999) är inte medlem i portalen"
    )
    assert_no_axe_violations(page)
    expect(page.get_by_label("Användarnamn")).to_be_visible()
    js_errors.assert_none()
