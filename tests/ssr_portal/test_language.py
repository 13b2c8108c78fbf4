"""The portal's language: Swedish unless the person chose English with the switch.

The browser's Accept-Language is ignored (ssr_portal/middleware.py): an official
with an English browser still gets the Swedish portal.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.helpers import use_language

MEMBERS = reverse("members:list")


def _switch(client, language: str, next_url: str = MEMBERS):
    return client.post(
        reverse("set_language"), {"language": language, "next": next_url}
    )


@pytest.mark.parametrize(
    "accept_language", ["en", "en-GB,en;q=0.9", "en-US,en;q=0.9,sv;q=0.1"]
)
def test_a_browser_asking_for_english_still_gets_swedish(client, db, accept_language):
    response = client.get(MEMBERS, HTTP_ACCEPT_LANGUAGE=accept_language)
    assertContains(response, '<html lang="sv"')
    assert response["Content-Language"] == "sv"
    assertContains(response, "Medlemmar i Samverkan Stockholmsregionen</h1>")
    assertContains(response, "Hoppa till huvudinnehållet")
    assertNotContains(response, "Members of Samverkan Stockholmsregionen")
    # The switch offers English, in English.
    assertContains(response, 'name="language" value="en" lang="en">In English</button>')


def test_the_switch_gives_english_on_the_next_page_and_back(client, db):
    response = _switch(client, "en")
    assertRedirects(response, MEMBERS, fetch_redirect_response=False)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get(MEMBERS)
    assertContains(response, '<html lang="en"')
    assert response["Content-Language"] == "en"
    assertContains(response, "Members of Samverkan Stockholmsregionen</h1>")
    assertContains(response, 'name="language" value="sv" lang="sv">På svenska</button>')
    # Other pages stay English too, whatever the browser asks for.
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9")
    assertContains(response, "<title>Start – SSR portal</title>")

    response = _switch(client, "sv")
    assertRedirects(response, MEMBERS, fetch_redirect_response=False)
    response = client.get(MEMBERS)
    assertContains(response, '<html lang="sv"')
    assertContains(response, "Medlemmar i Samverkan Stockholmsregionen</h1>")


def test_the_switch_keeps_a_logged_in_users_language_across_pages(client, alice):
    client.force_login(alice)
    _switch(client, "en", reverse("cases:list"))
    assertContains(client.get(reverse("cases:list")), "Log out</button>")
    assertContains(client.get(reverse("home")), "Welcome, Alice</h1>")


@pytest.mark.parametrize("cookie", ["de", "xx", "", "english"])
def test_an_unknown_cookie_value_falls_back_to_swedish(client, db, cookie):
    use_language(client, cookie)
    response = client.get(MEMBERS, HTTP_ACCEPT_LANGUAGE="en")
    assertContains(response, '<html lang="sv"')
    assertContains(response, "Medlemmar i Samverkan Stockholmsregionen</h1>")


def test_switching_to_a_language_the_portal_does_not_offer_gives_swedish(client, db):
    # Django's view stores any language it has a catalogue for (it has German);
    # the middleware only takes the portal's own languages.
    response = _switch(client, "de")
    assertRedirects(response, MEMBERS, fetch_redirect_response=False)
    assertContains(client.get(MEMBERS), '<html lang="sv"')
